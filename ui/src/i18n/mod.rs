//! Every string the studio shows goes through [`t`] or [`tf`]: the English text is the key, and
//! each other language maps it (an entry it lacks falls back to English). The language is chosen
//! from the browser, can be changed in the studio and is remembered in local storage.

mod de;

use gloo::storage::{LocalStorage, Storage};
use std::cell::Cell;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::De => "de-DE",
        }
    }

    /// The language's own name, never translated.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| code.get(..2) == l.code().get(..2))
    }
}

const KEY: &str = "strata-lang";

thread_local! {
    static LANG: Cell<Lang> = Cell::new(initial());
}

fn initial() -> Lang {
    let stored: Option<String> = LocalStorage::get(KEY).ok();
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    stored
        .or(browser)
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or(Lang::En)
}

pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

pub fn set_lang(l: Lang) {
    LANG.with(|c| c.set(l));
    let _ = LocalStorage::set(KEY, l.code());
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Some(root) = doc.document_element()
    {
        let _ = root.set_attribute("lang", &l.code()[..2]);
    }
}

/// `text` in the current language.
pub fn t(text: &'static str) -> &'static str {
    match lang() {
        Lang::En => text,
        Lang::De => de::get(text).unwrap_or(text),
    }
}

/// [`t`] with `{name}` placeholders filled in.
pub fn tf(text: &'static str, args: &[(&str, &str)]) -> String {
    let mut out = t(text).to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

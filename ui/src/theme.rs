//! Light and dark appearance: the `data-theme` attribute on `<html>` switches the stylesheet's
//! colour variables; "auto" follows the system setting. Remembered in local storage.

use gloo::storage::{LocalStorage, Storage};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

const KEY: &str = "strata-theme";

pub fn current() -> Theme {
    match LocalStorage::get::<String>(KEY).as_deref() {
        Ok("light") => Theme::Light,
        Ok("dark") => Theme::Dark,
        _ => Theme::Auto,
    }
}

fn system_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether the page is dark now.
pub fn is_dark() -> bool {
    match current() {
        Theme::Auto => system_dark(),
        Theme::Light => false,
        Theme::Dark => true,
    }
}

pub fn apply() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", if is_dark() { "dark" } else { "light" });
    }
}

/// Light ↔ dark, remembered.
pub fn toggle() {
    let next = if is_dark() { "light" } else { "dark" };
    let _ = LocalStorage::set(KEY, next);
    apply();
}

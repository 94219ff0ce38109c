//! Pieces every page is built from: icons, dialogs, the page frame, the pager, and the small
//! helpers that read values out of DOM events.

pub mod icon;
pub mod modal;
pub mod page;

pub use icon::Icon;
pub use modal::{Confirm, Modal};
pub use page::{Empty, Page, Pager, Spinner};

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The text of the `<input>`, `<textarea>` or `<select>` an event came from.
pub fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(t) = target.dyn_ref::<HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = target.dyn_ref::<HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

/// Whether the checkbox an event came from is checked.
pub fn event_checked(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// A callback that hands on an input's text.
pub fn on_text(cb: Callback<String>) -> Callback<InputEvent> {
    Callback::from(move |e: InputEvent| cb.emit(event_value(&e)))
}

/// A callback that hands on a `<select>`'s value.
pub fn on_select(cb: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| cb.emit(event_value(&e)))
}

/// A callback that hands on a checkbox's state.
pub fn on_check(cb: Callback<bool>) -> Callback<Event> {
    Callback::from(move |e: Event| cb.emit(event_checked(&e)))
}

/// A readable name for a snake_case identifier: `date_created` → "Date Created".
pub fn title_case(name: &str) -> String {
    name.split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as a table cell shows it.
pub fn display_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => if *b { "✓" } else { "✗" }.to_string(),
        serde_json::Value::Array(a) => a.iter().map(display_value).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// An ISO timestamp in the browser's locale.
pub fn local_time(iso: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    String::from(d.to_locale_string(
        crate::i18n::lang().code(),
        &wasm_bindgen::JsValue::UNDEFINED,
    ))
}

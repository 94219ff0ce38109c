//! What the user, role and policy pages share: users' names and initials avatars, the built-in
//! roles' and policies' `$t:` labels read as studio text, and the labelled text field of their
//! forms.

use crate::components::{on_text, title_case};
use crate::i18n::t;
use serde_json::Value;
use yew::prelude::*;

/// "First Last", or the e-mail address when the account has no name.
pub fn user_name(user: &Value) -> String {
    let full = format!(
        "{} {}",
        user["first_name"].as_str().unwrap_or(""),
        user["last_name"].as_str().unwrap_or("")
    );
    match full.trim() {
        "" => user["email"].as_str().unwrap_or("").to_string(),
        name => name.to_string(),
    }
}

/// A user's round avatar with the initials of the name (or of the e-mail address).
pub fn avatar(user: &Value, large: bool) -> Html {
    let name = user_name(user);
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '@' || c == '.')
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    html! {
        <span class={classes!("avatar", large.then_some("large"))} aria-hidden="true">
            { if initials.is_empty() { "?".to_string() } else { initials } }
        </span>
    }
}

/// A role's or policy's name or description as shown. The migration names the built-in ones
/// with `$t:` translation keys, which are read as the studio's own text.
pub fn display_name(text: &str) -> String {
    match text {
        "$t:public_label" => t("Public").to_string(),
        "$t:admin_description" => {
            t("Initial administrative role with unrestricted App/API access").to_string()
        }
        "$t:public_description" => {
            t("Controls what API data is publicly available without authenticating").to_string()
        }
        other => match other.strip_prefix("$t:") {
            Some(key) => title_case(key),
            None => other.to_string(),
        },
    }
}

/// [`display_name`] of a JSON value (empty for null).
pub fn display_of(value: &Value) -> String {
    display_name(value.as_str().unwrap_or(""))
}

/// A labelled form field: `kind` is an input type, or "textarea". `full` spans both columns of
/// a `.form` grid.
pub fn text_field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    full: bool,
    on_change: Callback<String>,
) -> Html {
    let id = format!("f-{name}");
    let control = if kind == "textarea" {
        html! { <textarea id={id.clone()} {name} {value} oninput={on_text(on_change)} /> }
    } else {
        // Browsers must not fill a saved password into someone else's account.
        let autocomplete = (kind == "password").then_some("new-password");
        html! { <input id={id.clone()} {name} type={kind} {value} {autocomplete} oninput={on_text(on_change)} /> }
    };
    html! {
        <div class={classes!("field", full.then_some("full"))}>
            <label class="label" for={id}>{ label }</label>
            { control }
        </div>
    }
}

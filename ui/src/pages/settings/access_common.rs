//! Pieces the user, role and policy pages share: readable names for the `$t:` keys Directus
//! stores on its built-in roles and policies, user initials and labelled form inputs.

use crate::components::{on_text, title_case};
use crate::i18n::t;
use serde_json::Value;
use yew::prelude::*;

/// A role's or policy's name or description as shown: Directus seeds its built-in entries with
/// `$t:` translation keys instead of text.
pub fn display_name(raw: &str) -> String {
    match raw {
        "$t:public_label" => t("Public").to_string(),
        "$t:public_description" => {
            t("Controls what API data is publicly available without authenticating").to_string()
        }
        "$t:admin_description" => {
            t("Initial administrative role with unrestricted App/API access").to_string()
        }
        other => match other.strip_prefix("$t:") {
            Some(key) => title_case(key),
            None => other.to_string(),
        },
    }
}

/// [`display_name`] of a JSON string (empty for null).
pub fn display_of(v: &Value) -> String {
    v.as_str().map(display_name).unwrap_or_default()
}

/// A user's full name, or the e-mail address when there is no name.
pub fn user_name(user: &Value) -> String {
    let name = [&user["first_name"], &user["last_name"]]
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        user["email"].as_str().unwrap_or("—").to_string()
    } else {
        name
    }
}

/// Up to two initials for the avatar: first and last name, else the e-mail's first letter.
fn initials(user: &Value) -> String {
    let from_names: String = [&user["first_name"], &user["last_name"]]
        .iter()
        .filter_map(|v| v.as_str().and_then(|s| s.chars().next()))
        .collect();
    let raw = if from_names.is_empty() {
        user["email"]
            .as_str()
            .and_then(|s| s.chars().next())
            .map(String::from)
            .unwrap_or_else(|| "?".into())
    } else {
        from_names
    };
    raw.to_uppercase()
}

/// The round initials badge of a user.
pub fn avatar(user: &Value, large: bool) -> Html {
    html! {
        <span class={classes!("avatar", large.then_some("large"))} aria-hidden="true">{ initials(user) }</span>
    }
}

/// A labelled text input (or textarea when `kind` is "textarea") inside the `.form` grid.
pub fn text_field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    full: bool,
    on_input: Callback<String>,
) -> Html {
    let input = if kind == "textarea" {
        html! { <textarea id={format!("f-{name}")} {name} {value} oninput={on_text(on_input)} /> }
    } else {
        let autocomplete = if kind == "password" {
            "new-password"
        } else {
            "off"
        };
        html! { <input id={format!("f-{name}")} {name} type={kind} {value} {autocomplete} oninput={on_text(on_input)} /> }
    };
    html! {
        <div class={classes!("field", full.then_some("full"))}>
            <label class="label" for={format!("f-{name}")}>{ label }</label>
            { input }
        </div>
    }
}

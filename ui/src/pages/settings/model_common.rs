//! Pieces the data-model pages share: identifier checks, the collection icon picker, a labelled
//! checkbox, and the primary-key facts relations are built from.

use crate::components::{Icon, on_check};
use crate::i18n::t;
use crate::state::Model;
use yew::prelude::*;

/// Whether `name` is a lowercase snake_case identifier (what Directus turns keys into).
pub fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Why `name` cannot be a collection or field key, if it cannot.
pub fn key_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        None
    } else if !is_snake_case(name) {
        Some(t(
            "Use lowercase letters, digits and underscores, starting with a letter.",
        ))
    } else if name.starts_with("directus_") {
        Some(t("Names starting with \"directus_\" are reserved."))
    } else {
        None
    }
}

/// The type of a collection's primary key, which a foreign key pointing at it must share.
pub fn pk_type(model: &Model, collection: &str) -> String {
    model
        .field(collection, &model.primary_key(collection))
        .and_then(|f| f["type"].as_str())
        .unwrap_or("integer")
        .to_string()
}

/// The collections a relation may point at: the user's tables (not folders), plus users and files
/// when `with_system` is set.
pub fn relatable(model: &Model, with_system: bool) -> Vec<String> {
    let mut list: Vec<String> = model
        .user_collections()
        .into_iter()
        .filter(|c| !c["schema"].is_null())
        .filter_map(|c| c["collection"].as_str().map(str::to_string))
        .collect();
    if with_system {
        list.extend(["directus_users".to_string(), "directus_files".to_string()]);
    }
    list
}

/// The icons a collection can be given, with their accessible names.
const ICONS: [&str; 12] = [
    "box", "content", "file", "image", "users", "user", "globe", "list", "clock", "link", "bell",
    "shield",
];

fn icon_label(name: &str) -> &'static str {
    match name {
        "box" => t("Box"),
        "content" => t("Database"),
        "file" => t("Document"),
        "image" => t("Image"),
        "users" => t("People"),
        "user" => t("Person"),
        "globe" => t("Globe"),
        "list" => t("List"),
        "clock" => t("Clock"),
        "link" => t("Link"),
        "bell" => t("Bell"),
        _ => t("Shield"),
    }
}

#[derive(Properties, PartialEq)]
pub struct IconPickerProps {
    pub value: String,
    pub on_change: Callback<String>,
}

/// A row of radio buttons drawn as icons (arrow keys move between them, as radios do).
#[function_component]
pub fn IconPicker(p: &IconPickerProps) -> Html {
    html! {
        <fieldset class="model-icons">
            <legend>{ t("Icon") }</legend>
            { for ICONS.iter().map(|&name| {
                let on_change = p.on_change.clone();
                let onchange = Callback::from(move |_: Event| on_change.emit(name.to_string()));
                html! {
                    <label class="model-icon" title={icon_label(name)}>
                        <input type="radio" name="icon" value={name} checked={p.value == name}
                            aria-label={icon_label(name)} {onchange} />
                        <Icon name={name} />
                    </label>
                }
            }) }
        </fieldset>
    }
}

/// A checkbox with its label and an optional hint below.
pub fn toggle(
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    checked: bool,
    on_change: Callback<bool>,
) -> Html {
    html! {
        <div class="field model-toggle">
            <label class="inline">
                <input type="checkbox" {name} {checked} onchange={on_check(on_change)} />
                { label }
            </label>
            if let Some(hint) = hint {
                <span class="note">{ hint }</span>
            }
        </div>
    }
}

/// A `.field` block: the label for `id`, the control, and an optional note under it.
pub fn labelled(id: &str, label: &str, full: bool, note: Option<&str>, control: Html) -> Html {
    html! {
        <div class={classes!("field", full.then_some("full"))}>
            <label class="label" for={id.to_string()}>{ label.to_string() }</label>
            { control }
            if let Some(note) = note { <span class="note">{ note.to_string() }</span> }
        </div>
    }
}

/// A setter for a `use_state` handle, as the `on_*` helpers want it.
pub fn setter<T: 'static>(state: &UseStateHandle<T>) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |v| state.set(v))
}

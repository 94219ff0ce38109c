//! Field editors ("interfaces", as Directus calls them): one per `meta.interface`, chosen from
//! the field's type when none is set. Every editor gets the field's definition and value and
//! reports a new value; conditions (`meta.conditions`) are applied by [`conditions`].

pub mod basic;
pub mod choice;
pub mod conditions;
pub mod file;
pub mod picker;
pub mod relational;
pub mod staged;
pub mod translations;

use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    pub collection: AttrValue,
    /// The field's `/fields` row.
    pub field: Rc<Value>,
    pub value: Value,
    pub on_change: Callback<Value>,
    #[prop_or_default]
    pub disabled: bool,
}

impl FieldProps {
    pub fn name(&self) -> String {
        self.field["field"].as_str().unwrap_or("").to_string()
    }

    pub fn kind(&self) -> &str {
        self.field["type"].as_str().unwrap_or("string")
    }

    pub fn option(&self, key: &str) -> &Value {
        &self.field["meta"]["options"][key]
    }
}

/// The interface a field is edited with.
pub fn interface_of(field: &Value) -> String {
    if let Some(i) = field["meta"]["interface"]
        .as_str()
        .filter(|i| !i.is_empty())
    {
        return i.to_string();
    }
    let special = field["meta"]["special"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let has = |s: &str| special.iter().any(|x| x == s);
    match field["type"].as_str().unwrap_or("string") {
        _ if has("m2o") => "select-dropdown-m2o",
        _ if has("o2m") => "list-o2m",
        _ if has("m2m") => "list-m2m",
        _ if has("file") => "file",
        _ if has("translations") => "translations",
        "boolean" => "boolean",
        "text" => "input-multiline",
        "json" => "input-code",
        "csv" => "tags",
        "dateTime" | "date" | "time" | "timestamp" => "datetime",
        _ => "input",
    }
    .to_string()
}

#[function_component]
pub fn FieldInput(p: &FieldProps) -> Html {
    let p = p.clone();
    match interface_of(&p.field).as_str() {
        "input-multiline" => html! { <basic::TextArea ..p /> },
        "input-rich-text-md" => html! { <basic::Markdown ..p /> },
        "input-code" | "input-rich-text-html" => html! { <basic::Code ..p /> },
        "boolean" | "toggle" => html! { <basic::Toggle ..p /> },
        "datetime" => html! { <basic::DateTime ..p /> },
        "select-dropdown" => html! { <choice::Dropdown ..p /> },
        "select-radio" => html! { <choice::Radio ..p /> },
        "select-multiple-checkbox" | "select-multiple-dropdown" => {
            html! { <choice::Checkboxes ..p /> }
        }
        "tags" => html! { <choice::Tags ..p /> },
        "select-color" => html! { <choice::Color ..p /> },
        "slider" => html! { <choice::Slider ..p /> },
        "file" | "file-image" => html! { <file::FileField ..p /> },
        "select-dropdown-m2o" => html! { <relational::ManyToOne ..p /> },
        "list-o2m" => html! { <relational::OneToMany ..p /> },
        "list-m2m" => html! { <relational::ManyToMany ..p /> },
        "translations" => html! { <translations::Translations ..p /> },
        _ => html! { <basic::Input ..p /> },
    }
}

/// The REST path that lists a collection's items (system collections have their own).
pub fn items_path(collection: &str) -> String {
    match collection.strip_prefix("directus_") {
        Some(system) => format!("/{system}"),
        None => format!("/items/{collection}"),
    }
}

/// A related value's key: the value itself, or the key inside a read related object.
pub fn key_of(value: &Value, pk: &str) -> Value {
    match value {
        Value::Object(o) => o.get(pk).cloned().unwrap_or(Value::Null),
        other => other.clone(),
    }
}

//! The field types the field dialog offers, grouped as Directus's studio groups them: each one
//! fixes the database type, the interface and the special flags, and an existing field is read
//! back into the type it was made as.

use crate::i18n::t;
use serde_json::Value;

/// How a type relates the field to another collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    None,
    /// A foreign key to another collection (or to `directus_files` for files and images).
    ManyToOne,
    /// An alias listing the items whose foreign key points here.
    OneToMany,
    /// An alias over a junction collection.
    ManyToMany,
    File,
}

#[derive(Debug, PartialEq)]
pub struct Kind {
    /// The `<option>` value; for simple types it is the database type itself.
    pub key: &'static str,
    pub group: &'static str,
    /// Empty for a many-to-one, whose type is the related primary key's.
    pub db_type: &'static str,
    pub interface: &'static str,
    pub special: &'static [&'static str],
    pub link: Link,
}

const fn kind(
    key: &'static str,
    group: &'static str,
    db_type: &'static str,
    interface: &'static str,
    special: &'static [&'static str],
) -> Kind {
    Kind {
        key,
        group,
        db_type,
        interface,
        special,
        link: Link::None,
    }
}

const fn related(
    key: &'static str,
    db_type: &'static str,
    interface: &'static str,
    special: &'static [&'static str],
    link: Link,
) -> Kind {
    Kind {
        key,
        group: "relational",
        db_type,
        interface,
        special,
        link,
    }
}

const JSON: &[&str] = &["cast-json"];

pub const KINDS: &[Kind] = &[
    kind("string", "text", "string", "input", &[]),
    kind("text", "text", "text", "input-multiline", &[]),
    kind("markdown", "text", "text", "input-rich-text-md", &[]),
    kind("integer", "numbers", "integer", "input", &[]),
    kind("bigInteger", "numbers", "bigInteger", "input", &[]),
    kind("float", "numbers", "float", "input", &[]),
    kind("decimal", "numbers", "decimal", "input", &[]),
    kind("slider", "numbers", "integer", "slider", &[]),
    kind("boolean", "boolean", "boolean", "boolean", &[]),
    kind("timestamp", "datetime", "timestamp", "datetime", &[]),
    kind("dateTime", "datetime", "dateTime", "datetime", &[]),
    kind("date", "datetime", "date", "datetime", &[]),
    kind("time", "datetime", "time", "datetime", &[]),
    kind("dropdown", "selection", "string", "select-dropdown", &[]),
    kind("radio", "selection", "string", "select-radio", &[]),
    kind(
        "checkboxes",
        "selection",
        "json",
        "select-multiple-checkbox",
        JSON,
    ),
    kind("tags", "selection", "json", "tags", JSON),
    kind("color", "selection", "string", "select-color", &[]),
    kind("json", "other", "json", "input-code", JSON),
    kind("uuid", "other", "uuid", "input", &[]),
    related("m2o", "", "select-dropdown-m2o", &["m2o"], Link::ManyToOne),
    related("o2m", "alias", "list-o2m", &["o2m"], Link::OneToMany),
    related("m2m", "alias", "list-m2m", &["m2m"], Link::ManyToMany),
    related("file", "uuid", "file", &["file"], Link::File),
    related("image", "uuid", "file-image", &["file"], Link::File),
];

pub const GROUPS: [&str; 7] = [
    "text",
    "numbers",
    "boolean",
    "datetime",
    "selection",
    "other",
    "relational",
];

pub fn group_label(group: &str) -> &'static str {
    match group {
        "text" => t("Text"),
        "numbers" => t("Numbers"),
        "boolean" => t("Boolean"),
        "datetime" => t("Date & Time"),
        "selection" => t("Selection"),
        "relational" => t("Relational"),
        _ => t("Other"),
    }
}

pub fn kind_label(key: &str) -> &'static str {
    match key {
        "string" => t("String"),
        "text" => t("Text (multiline)"),
        "markdown" => t("Markdown"),
        "integer" => t("Integer"),
        "bigInteger" => t("Big Integer"),
        "float" => t("Float"),
        "decimal" => t("Decimal"),
        "slider" => t("Slider"),
        "boolean" => t("Toggle"),
        "timestamp" => t("Timestamp"),
        "dateTime" => t("Date & Time"),
        "date" => t("Date"),
        "time" => t("Time"),
        "dropdown" => t("Dropdown"),
        "radio" => t("Radio Buttons"),
        "checkboxes" => t("Checkboxes"),
        "tags" => t("Tags"),
        "color" => t("Color"),
        "json" => t("JSON"),
        "uuid" => t("UUID"),
        "m2o" => t("Many to One"),
        "o2m" => t("One to Many"),
        "m2m" => t("Many to Many"),
        "file" => t("File"),
        "image" => t("Image"),
        _ => t("Other"),
    }
}

pub fn find(key: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.key == key)
}

/// The type an existing field was made as, or `None` for one the dialog has no type for (a
/// CSV or hash field made through the API, a group, ...).
pub fn kind_of(field: &Value) -> Option<&'static Kind> {
    let meta = &field["meta"];
    let interface = meta["interface"].as_str().unwrap_or("");
    let db_type = field["type"].as_str().unwrap_or("");
    let has = |flag: &str| {
        meta["special"]
            .as_array()
            .is_some_and(|s| s.iter().any(|x| x == flag))
    };
    let by_key = |key| find(key);
    if has("m2o") || interface == "select-dropdown-m2o" {
        return by_key("m2o");
    }
    if has("o2m") {
        return by_key("o2m");
    }
    if has("m2m") {
        return by_key("m2m");
    }
    if has("file") {
        return by_key(if interface == "file-image" {
            "image"
        } else {
            "file"
        });
    }
    KINDS
        .iter()
        .filter(|k| k.link == Link::None && k.db_type == db_type)
        .find(|k| k.interface == interface)
        .or_else(|| {
            KINDS
                .iter()
                .find(|k| k.link == Link::None && k.key == db_type)
        })
}

/// The interface's options the dialog edits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Options {
    None,
    Placeholder,
    Choices,
    Range,
}

pub fn options_of(interface: &str) -> Options {
    match interface {
        "input" | "input-multiline" => Options::Placeholder,
        "select-dropdown" | "select-radio" | "select-multiple-checkbox" => Options::Choices,
        "slider" => Options::Range,
        _ => Options::None,
    }
}

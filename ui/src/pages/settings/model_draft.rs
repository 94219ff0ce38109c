//! What the field dialog holds while it is open, read from an existing field or blank, and its
//! translation into the `meta` and `schema` parts of a `/fields` request, with the checks a
//! request must pass first (key, JSON of validation and conditions, numbers, default value).

use super::model_common::key_problem;
use super::model_types::{KINDS, Kind, Options, options_of};
use crate::i18n::t;
use serde_json::{Map, Value, json};

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub field: String,
    /// A [`Kind`] key; empty when editing a field the dialog has no type for.
    pub kind: String,
    /// One choice a line, `value` or `value=Label`.
    pub choices: String,
    pub placeholder: String,
    pub min: String,
    pub max: String,
    pub step: String,
    pub required: bool,
    pub readonly: bool,
    pub hidden: bool,
    pub nullable: bool,
    pub note: String,
    pub width: String,
    pub default_value: String,
    pub validation: String,
    pub validation_message: String,
    pub conditions: String,
    /// The other collection of a relational field.
    pub related: String,
    /// One-to-many: the related collection's foreign key to this one; empty to create it.
    pub back_field: String,
    /// One-to-many: the name of the foreign key to create.
    pub new_back_field: String,
    /// The special flags of an edited field that no type owns (`uuid`, `date-created`, ...).
    pub kept_special: Vec<String>,
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            field: String::new(),
            kind: "string".into(),
            choices: String::new(),
            placeholder: String::new(),
            min: "0".into(),
            max: "100".into(),
            step: "1".into(),
            required: false,
            readonly: false,
            hidden: false,
            nullable: true,
            note: String::new(),
            width: "full".into(),
            default_value: String::new(),
            validation: String::new(),
            validation_message: String::new(),
            conditions: String::new(),
            related: String::new(),
            back_field: String::new(),
            new_back_field: String::new(),
            kept_special: Vec::new(),
        }
    }
}

/// A stored value as the dialog's text boxes show it.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A JSON setting as an indented text, empty when unset.
fn pretty(v: &Value) -> String {
    if v.is_null() {
        String::new()
    } else {
        serde_json::to_string_pretty(v).unwrap_or_default()
    }
}

/// The choices text (one `value` or `value=Label` a line) as Directus's `[{text, value}]`.
fn parse_choices(text: &str) -> Vec<Value> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (value, label) = line.split_once('=').unwrap_or((line, line));
            json!({ "text": label.trim(), "value": value.trim() })
        })
        .collect()
}

/// Stored choices (objects or bare values) back as the choices text.
fn format_choices(choices: &Value) -> String {
    let Some(list) = choices.as_array() else {
        return String::new();
    };
    list.iter()
        .map(|c| {
            let value = plain(if c.is_object() { &c["value"] } else { c });
            match plain(&c["text"]) {
                text if text.is_empty() || text == value => value,
                text => format!("{value}={text}"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_or_null(s: &str) -> Value {
    match s.trim() {
        "" => Value::Null,
        s => Value::from(s),
    }
}

impl Draft {
    /// Picks the type of a new field. A toggle shows "off" for no value, so a boolean column
    /// starts with the default `false`: what the form shows is what is stored.
    pub fn choose_kind(&mut self, key: String) {
        let boolean = |k: &str| {
            KINDS
                .iter()
                .any(|kind| kind.key == k && kind.db_type == "boolean")
        };
        if boolean(&key) && self.default_value.is_empty() {
            self.default_value = "false".into();
        } else if boolean(&self.kind) && !boolean(&key) && self.default_value == "false" {
            self.default_value.clear();
        }
        self.kind = key;
    }

    /// The dialog's state for an existing field (`kind` as [`super::model_types::kind_of`] read it).
    pub fn of(field: &Value, kind: Option<&Kind>) -> Draft {
        let meta = &field["meta"];
        let options = &meta["options"];
        let owned: Vec<&str> = KINDS
            .iter()
            .flat_map(|k| k.special.iter().copied())
            .collect();
        let number = |key: &str, fallback: &str| match &options[key] {
            Value::Null => fallback.to_string(),
            v => plain(v),
        };
        Draft {
            field: plain(&field["field"]),
            kind: kind.map(|k| k.key.to_string()).unwrap_or_default(),
            choices: format_choices(&options["choices"]),
            placeholder: plain(&options["placeholder"]),
            min: number("minValue", "0"),
            max: number("maxValue", "100"),
            step: number("stepInterval", "1"),
            required: meta["required"] == true,
            readonly: meta["readonly"] == true,
            hidden: meta["hidden"] == true,
            nullable: field["schema"]["is_nullable"] != false,
            note: plain(&meta["note"]),
            // The dialog offers half, full and fill; Directus's half-left/half-right read as half.
            width: match meta["width"].as_str().unwrap_or("full") {
                w if w.starts_with("half") => "half".into(),
                w => w.to_string(),
            },
            default_value: plain(&field["schema"]["default_value"]),
            validation: pretty(&meta["validation"]),
            validation_message: plain(&meta["validation_message"]),
            conditions: pretty(&meta["conditions"]),
            kept_special: meta["special"]
                .as_array()
                .map(|s| {
                    s.iter()
                        .filter_map(Value::as_str)
                        .filter(|s| !owned.contains(s))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            ..Draft::default()
        }
    }

    /// The interface's options as `meta.options` stores them.
    fn options(&self, kind: &Kind) -> Result<Value, &'static str> {
        Ok(match options_of(kind.interface) {
            Options::None => Value::Null,
            Options::Placeholder if self.placeholder.trim().is_empty() => Value::Null,
            Options::Placeholder => json!({ "placeholder": self.placeholder.trim() }),
            Options::Choices => json!({ "choices": parse_choices(&self.choices) }),
            Options::Range => {
                let num = |s: &str| {
                    s.trim()
                        .parse::<f64>()
                        .map_err(|_| t("Minimum, maximum and step must be numbers."))
                };
                let (min, max, step) = (num(&self.min)?, num(&self.max)?, num(&self.step)?);
                if min >= max || step <= 0.0 {
                    return Err(t(
                        "The maximum must be above the minimum, and the step above zero.",
                    ));
                }
                json!({ "minValue": min, "maxValue": max, "stepInterval": step })
            }
        })
    }

    fn json_setting(
        text: &str,
        shape: fn(&Value) -> bool,
        problem: &'static str,
    ) -> Result<Value, &'static str> {
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) if shape(&v) => Ok(v),
            _ => Err(problem),
        }
    }

    /// `meta` for a create or an edit; `kind` is `None` when the field's type is left as it is.
    pub fn meta(&self, kind: Option<&Kind>) -> Result<Value, &'static str> {
        let mut meta = Map::new();
        if let Some(kind) = kind {
            let mut special: Vec<Value> = kind.special.iter().map(|s| Value::from(*s)).collect();
            special.extend(self.kept_special.iter().map(|s| Value::from(s.as_str())));
            meta.insert("interface".into(), kind.interface.into());
            meta.insert("options".into(), self.options(kind)?);
            meta.insert(
                "special".into(),
                if special.is_empty() {
                    Value::Null
                } else {
                    special.into()
                },
            );
        }
        let validation = Self::json_setting(
            &self.validation,
            Value::is_object,
            t("Validation must be a JSON filter object."),
        )?;
        let conditions = Self::json_setting(
            &self.conditions,
            Value::is_array,
            t("Conditions must be a JSON list."),
        )?;
        meta.extend([
            ("required".to_string(), self.required.into()),
            ("readonly".to_string(), self.readonly.into()),
            ("hidden".to_string(), self.hidden.into()),
            ("note".to_string(), text_or_null(&self.note)),
            ("width".to_string(), self.width.clone().into()),
            ("validation".to_string(), validation),
            (
                "validation_message".to_string(),
                text_or_null(&self.validation_message),
            ),
            ("conditions".to_string(), conditions),
        ]);
        Ok(Value::Object(meta))
    }

    /// The default value typed for a column of `db_type`.
    fn default_for(&self, db_type: &str) -> Result<Value, &'static str> {
        let raw = self.default_value.trim();
        if raw.is_empty() {
            return Ok(Value::Null);
        }
        let bad = t("The default value does not fit the field's type.");
        match db_type {
            "integer" | "bigInteger" => raw.parse::<i64>().map(Value::from).map_err(|_| bad),
            "float" | "decimal" => raw.parse::<f64>().map(Value::from).map_err(|_| bad),
            "boolean" => match raw {
                "true" => Ok(true.into()),
                "false" => Ok(false.into()),
                _ => Err(bad),
            },
            "json" => serde_json::from_str(raw).map_err(|_| bad),
            _ => Ok(Value::from(raw)),
        }
    }

    /// `schema` for a column of `db_type`.
    pub fn schema(&self, db_type: &str) -> Result<Value, &'static str> {
        Ok(json!({ "default_value": self.default_for(db_type)?, "is_nullable": self.nullable }))
    }

    /// The first problem with the key and the type-independent settings, if any.
    pub fn key_problem(&self, taken: &[String]) -> Option<&'static str> {
        if self.field.is_empty() {
            Some(t("Give the field a key."))
        } else if taken.contains(&self.field) {
            Some(t("The collection already has a field with this key."))
        } else {
            key_problem(&self.field)
        }
    }
}

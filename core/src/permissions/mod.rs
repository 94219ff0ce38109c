//! Policy-based access control: the permission rows of a request's policies (cached per policy
//! set), resolved once per request into `Access` — per collection and action, which rows
//! (an item filter), which fields (with per-row masks), which validation rules and presets.
//! Reads apply it through `FilterCtx` and the read plan before any SQL; writes through
//! `payload::process`.

mod app_minimum;
mod cache;
mod me;
pub mod payload;
mod rules;
pub mod validate;

pub use app_minimum::permissions as app_access_permissions;
pub use cache::PolicyCache;
pub use me::collection_access;
pub use rules::{Access, Action, FieldSet, Rules};

use serde_json::{Map, Value};

/// One `directus_permissions` row, as stored.
#[derive(Debug, Clone)]
pub struct Permission {
    pub collection: String,
    pub action: Action,
    /// The item filter; `None` when every item is allowed.
    pub rule: Option<Value>,
    pub validation: Option<Value>,
    pub presets: Option<Map<String, Value>>,
    pub fields: FieldSet,
}

/// A JSON column as its value (JSON text is parsed; `{}` and null are nothing).
fn json_column(v: Option<&Value>) -> Option<Value> {
    let v = match v? {
        Value::String(s) => serde_json::from_str(s).ok()?,
        other => other.clone(),
    };
    match &v {
        Value::Null => None,
        Value::Object(m) if m.is_empty() => None,
        _ => Some(v),
    }
}

impl Permission {
    pub fn from_row(row: &crate::db::Row) -> Option<Permission> {
        let action = Action::parse(row.get("action")?.as_str()?)?;
        Some(Permission {
            collection: row.get("collection")?.as_str()?.to_string(),
            action,
            rule: json_column(row.get("permissions")),
            validation: json_column(row.get("validation")),
            presets: match json_column(row.get("presets")) {
                Some(Value::Object(m)) => Some(m),
                _ => None,
            },
            fields: FieldSet::from_list(crate::schema::parse_list(row.get("fields"))),
        })
    }
}

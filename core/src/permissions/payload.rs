//! `process`: a create or update payload checked against the caller's permissions — the action
//! allowed on the collection, every field in the allow-list, every validation rule met — and
//! completed with the permissions' presets (the payload's own values win).

use super::{Access, Action, validate};
use crate::error::{Error, ErrorCode, Result};
use serde_json::{Map, Value};

fn forbidden_fields(fields: &[&String], collection: &str) -> Error {
    let names: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
    let msg = if names.len() == 1 {
        format!(
            "You don't have permission to access field {} in collection \"{collection}\" or it does not exist.",
            names[0]
        )
    } else {
        format!(
            "You don't have permission to access fields {} in collection \"{collection}\" or they do not exist.",
            names.join(", ")
        )
    };
    Error::with_message(ErrorCode::Forbidden, msg.clone()).extension("reason", msg)
}

/// The payload to write, or the 403 / FAILED_VALIDATION Directus answers.
pub fn process(
    access: &Access,
    collection: &str,
    action: Action,
    payload: &Map<String, Value>,
) -> Result<Map<String, Value>> {
    let rules = access.require(collection, action)?;
    let refused: Vec<&String> = payload
        .keys()
        .filter(|k| !k.starts_with('$') && !rules.fields.contains(k))
        .collect();
    if !refused.is_empty() {
        return Err(forbidden_fields(&refused, collection));
    }
    for rule in &rules.validation {
        validate::check(rule, payload)?;
    }
    let mut out = rules.presets.clone();
    for (k, v) in payload {
        out.insert(k.clone(), v.clone());
    }
    Ok(out)
}

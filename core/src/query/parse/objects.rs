//! Sanitising the object-valued parameters (`filter`, `deep`, `alias`, `aggregate`): each takes
//! an object (brackets in a query string, JSON in a body) or a JSON string; filters get a light,
//! schema-free shape check and a nesting limit.

use super::{ParseLimits, Scope, params, sanitize};
use crate::error::{Error, Result};
use crate::model::query::AggregateFn;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A JSON string is parsed; anything else is taken as it is.
fn parse_json_string(v: &Value, what: &str) -> Result<Value> {
    match v {
        Value::String(s) => serde_json::from_str(s)
            .map_err(|_| Error::invalid_query(format!("Invalid JSON for {what} object"))),
        other => Ok(other.clone()),
    }
}

fn must_be_object(label: &str) -> Error {
    Error::invalid_query(format!("\"{label}\" must be of type object"))
}

/// `filter`: an object whose `_and`/`_or` are arrays of objects, nested at most
/// `max_json_depth` levels. Values are kept as sent (strings from a query string).
pub(super) fn filter(v: &Value, label: &str, limits: &ParseLimits) -> Result<Value> {
    let parsed = parse_json_string(v, "filter")?;
    let Value::Object(map) = &parsed else {
        return Err(must_be_object(label));
    };
    check_depth(&parsed, limits.max_json_depth)?;
    check_logical(map)?;
    Ok(parsed)
}

/// Nesting of objects and arrays; the arrays of `_and`/`_or` do not count (their items do), so a
/// filter that fits in `depth` bracket groups of a query string always fits here too.
fn exceeds_depth(v: &Value, budget: usize) -> bool {
    match v {
        Value::Object(map) => {
            budget == 0
                || map.iter().any(|(k, child)| match (k.as_str(), child) {
                    ("_and" | "_or", Value::Array(items)) => {
                        items.iter().any(|item| exceeds_depth(item, budget - 1))
                    }
                    _ => exceeds_depth(child, budget - 1),
                })
        }
        Value::Array(items) => {
            budget == 0 || items.iter().any(|item| exceeds_depth(item, budget - 1))
        }
        _ => false,
    }
}

fn check_depth(v: &Value, max: usize) -> Result<()> {
    if exceeds_depth(v, max) {
        return Err(Error::invalid_query("Max JSON query depth exceeded"));
    }
    Ok(())
}

/// `_and`/`_or` wherever a filter is expected (top level, under fields, in `_some`/`_none`/
/// `_json`, inside `_and`/`_or`) must hold an array of objects. Call after `check_depth`.
fn check_logical(map: &Map<String, Value>) -> Result<()> {
    for (key, value) in map {
        match key.as_str() {
            "_and" | "_or" => {
                let items = value.as_array().ok_or_else(|| not_filter_list(key))?;
                for item in items {
                    check_logical(item.as_object().ok_or_else(|| not_filter_list(key))?)?;
                }
            }
            "_some" | "_none" | "_json" => {
                if let Value::Object(inner) = value {
                    check_logical(inner)?;
                }
            }
            operator if operator.starts_with('_') => {}
            _ => {
                if let Value::Object(inner) = value {
                    check_logical(inner)?;
                }
            }
        }
    }
    Ok(())
}

fn not_filter_list(key: &str) -> Error {
    Error::invalid_query(format!("\"{key}\" has to be an array of filter objects"))
}

/// `deep`: per relation, `_`-prefixed keys form a sub-query sanitised like a top-level query
/// (so `_limit` becomes a number, `_filter` a checked object, ...); other keys holding objects
/// are deeper relations; anything else is dropped, as Directus does.
pub(super) fn deep(v: &Value, scope: &Scope<'_>) -> Result<Option<Map<String, Value>>> {
    let label = scope.label("deep");
    let parsed = parse_json_string(v, "deep")?;
    let Value::Object(level) = &parsed else {
        return Err(must_be_object(&label));
    };
    check_depth(&parsed, scope.limits.max_json_depth)?;
    let out = deep_level(level, &label, scope.limits)?;
    Ok((!out.is_empty()).then_some(out))
}

fn deep_level(
    level: &Map<String, Value>,
    path: &str,
    limits: &ParseLimits,
) -> Result<Map<String, Value>> {
    let mut sub_query = Map::new();
    let mut relations = Map::new();
    for (key, value) in level {
        if let Some(param) = key.strip_prefix('_') {
            sub_query.insert(param.to_string(), value.clone());
        } else if let (false, Value::Object(inner)) = (key.is_empty(), value) {
            let nested = deep_level(inner, &format!("{path}[{key}]"), limits)?;
            if !nested.is_empty() {
                relations.insert(key.clone(), Value::Object(nested));
            }
        }
    }
    let mut out = Map::new();
    if !sub_query.is_empty() {
        let scope = Scope {
            limits,
            deep_path: Some(path.to_string()),
        };
        let query = sanitize(&sub_query, &scope)?;
        if let Value::Object(params) = serde_json::to_value(&query).map_err(Error::internal)? {
            for (param, value) in params {
                out.insert(format!("_{param}"), value);
            }
        }
    }
    out.extend(relations);
    Ok(out)
}

/// `alias`: an object of new name → field; no `.` in either (except in the path argument of
/// `json(field, path)`).
pub(super) fn alias(v: &Value, label: &str) -> Result<Option<BTreeMap<String, String>>> {
    let parsed = parse_json_string(v, "alias")?;
    let Value::Object(map) = parsed else {
        return Err(Error::invalid_query(format!(
            "\"{label}\" has to be an object"
        )));
    };
    let mut out = BTreeMap::new();
    for (key, value) in map {
        let Value::String(target) = value else {
            return Err(Error::invalid_query(format!(
                "\"{label}\" value has to be a string. \"{}\" given",
                js_type(&value)
            )));
        };
        if key.contains('.') || has_relational_period(&target) {
            return Err(Error::invalid_query(format!(
                "\"{label}\" key/value can't contain a period character `.`"
            )));
        }
        out.insert(key, target);
    }
    Ok((!out.is_empty()).then_some(out))
}

fn has_relational_period(target: &str) -> bool {
    match target
        .strip_prefix("json(")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(args) => args
            .split_once(',')
            .map_or(args, |(field, _)| field)
            .contains('.'),
        None => target.contains('.'),
    }
}

/// `typeof` of a JSON value.
fn js_type(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Null | Value::Array(_) | Value::Object(_) => "object",
    }
}

/// `aggregate`: function → fields, as `aggregate[count]=*`, `aggregate[sum]=a,b`, arrays, or
/// `{"count":"*"}`. A `null`/`false` entry is skipped; an empty one (`aggregate[countAll]`)
/// is kept with no fields.
pub(super) fn aggregate(
    v: &Value,
    label: &str,
) -> Result<Option<BTreeMap<AggregateFn, Vec<String>>>> {
    let parsed = parse_json_string(v, "aggregate")?;
    let Value::Object(map) = parsed else {
        return Err(must_be_object(label));
    };
    let mut out = BTreeMap::new();
    for (name, fields) in map {
        let function = AggregateFn::from_wire(&name).ok_or_else(|| {
            Error::invalid_query(format!(
                "\"{label}[{name}]\" is not a supported aggregate function"
            ))
        })?;
        let list = match &fields {
            Value::Null | Value::Bool(false) => continue,
            Value::String(_) | Value::Array(_) => {
                params::string_list(&fields, &format!("{label}[{name}]"))?.unwrap_or_default()
            }
            _ => {
                return Err(Error::invalid_query(format!(
                    "\"{label}[{name}]\" must be a string or array"
                )));
            }
        };
        out.insert(function, list);
    }
    Ok((!out.is_empty()).then_some(out))
}

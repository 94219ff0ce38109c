//! Permission `validation` rules checked against a write payload in memory, as Directus's
//! `validatePayload` does: filter operators on the payload's own values, fields the payload does
//! not set are not checked, the first failure is a FAILED_VALIDATION naming field and rule.

use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// The fields' own `validation` rules (for every caller, administrators included); a field's
/// `validation_message` replaces the generated message.
pub fn check_fields(
    info: &crate::schema::CollectionInfo,
    payload: &Map<String, Value>,
) -> Result<()> {
    for f in info.fields.iter().filter(|f| payload.contains_key(&f.name)) {
        let Some(rule) = &f.validation else { continue };
        if let Err(mut e) = check(rule, payload) {
            if let Some(message) = &f.validation_message {
                e.message = message.clone();
            }
            return Err(e);
        }
    }
    Ok(())
}

/// `Ok` when `payload` satisfies `filter`.
pub fn check(filter: &Value, payload: &Map<String, Value>) -> Result<()> {
    let Value::Object(map) = filter else {
        return Ok(());
    };
    for (key, value) in map {
        match (key.as_str(), value) {
            ("_and", Value::Array(items)) => {
                for item in items {
                    check(item, payload)?;
                }
            }
            ("_or", Value::Array(items)) => {
                let mut first = None;
                for item in items {
                    match check(item, payload) {
                        Ok(()) => {
                            first = None;
                            break;
                        }
                        Err(e) => {
                            first.get_or_insert(e);
                        }
                    }
                }
                if let Some(e) = first {
                    return Err(e);
                }
            }
            (field, rule) => {
                let Some(actual) = payload.get(field) else {
                    continue;
                };
                match (rule, actual) {
                    // A filter on a related item's fields checks the nested object given.
                    (Value::Object(r), Value::Object(item))
                        if r.keys().any(|k| !k.starts_with('_')) =>
                    {
                        check(rule, item)?
                    }
                    (Value::Object(r), _) => {
                        for (op, expected) in r {
                            field_rule(field, op, expected, actual)?;
                        }
                    }
                    (expected, _) => field_rule(field, "_eq", expected, actual)?,
                }
            }
        }
    }
    Ok(())
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Numbers compare as numbers (`"5"` equals `5`), everything else as text (ISO dates order).
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    if a.is_null() || b.is_null() {
        return None;
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => Some(text(a).cmp(&text(b))),
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    a == b || compare(a, b) == Some(Ordering::Equal)
}

fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        Value::String(s) => s.split(',').map(|p| Value::from(p.trim())).collect(),
        other => vec![other.clone()],
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn quoted(items: &[Value]) -> String {
    items
        .iter()
        .map(|v| format!("\"{}\"", text(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_rule(field: &str, op: &str, expected: &Value, actual: &Value) -> Result<()> {
    let flag = |v: &Value| !matches!(v, Value::Bool(false) | Value::Null);
    let contains = |case_blind: bool| {
        let (a, e) = (text(actual), text(expected));
        if case_blind {
            a.to_lowercase().contains(&e.to_lowercase())
        } else {
            a.contains(&e)
        }
    };
    let ord = || compare(actual, expected);
    let between = || {
        let bounds = list(expected);
        bounds.len() == 2
            && compare(actual, &bounds[0]).is_some_and(Ordering::is_ge)
            && compare(actual, &bounds[1]).is_some_and(Ordering::is_le)
    };
    let (ok, kind, detail, extension) = match op {
        "_eq" => (
            equal(actual, expected),
            "eq",
            format!("Value has to be \"{}\".", text(expected)),
            ("valid", expected.clone()),
        ),
        "_neq" => (
            !equal(actual, expected),
            "neq",
            format!("Value can't be \"{}\".", text(expected)),
            ("invalid", expected.clone()),
        ),
        "_in" | "_nin" => {
            let items = list(expected);
            let found = items.iter().any(|i| equal(actual, i));
            if op == "_in" {
                (
                    found,
                    "in",
                    format!("Value has to be one of {}.", quoted(&items)),
                    ("valid", Value::Array(items)),
                )
            } else {
                (
                    !found,
                    "nin",
                    format!("Value can't be one of {}.", quoted(&items)),
                    ("invalid", Value::Array(items)),
                )
            }
        }
        "_gt" | "_gte" | "_lt" | "_lte" => {
            let (ok, words) = match op {
                "_gt" => (ord().is_some_and(Ordering::is_gt), "greater than"),
                "_gte" => (
                    ord().is_some_and(Ordering::is_ge),
                    "greater than or equal to",
                ),
                "_lt" => (ord().is_some_and(Ordering::is_lt), "less than"),
                _ => (ord().is_some_and(Ordering::is_le), "less than or equal to"),
            };
            (
                ok,
                &op[1..],
                format!("Value has to be {words} {}.", text(expected)),
                ("valid", expected.clone()),
            )
        }
        "_null" | "_nnull" => {
            let want_null = flag(expected) == (op == "_null");
            (
                actual.is_null() == want_null,
                if want_null { "null" } else { "nnull" },
                if want_null {
                    "Value has to be null.".to_string()
                } else {
                    "Value can't be null.".to_string()
                },
                ("valid", Value::Null),
            )
        }
        "_empty" | "_nempty" => {
            let want_empty = flag(expected) == (op == "_empty");
            (
                is_empty(actual) == want_empty,
                if want_empty { "empty" } else { "nempty" },
                if want_empty {
                    "Value has to be empty.".to_string()
                } else {
                    "Value can't be empty.".to_string()
                },
                ("valid", Value::Null),
            )
        }
        "_contains" | "_icontains" | "_ncontains" | "_nicontains" => {
            let found = contains(op.contains('i'));
            let negated = op.starts_with("_n");
            (
                found != negated,
                if negated { "ncontains" } else { "contains" },
                if negated {
                    format!("Value can't contain \"{}\".", text(expected))
                } else {
                    format!("Value has to contain \"{}\".", text(expected))
                },
                ("substring", expected.clone()),
            )
        }
        "_starts_with" | "_istarts_with" | "_nstarts_with" | "_nistarts_with" | "_ends_with"
        | "_iends_with" | "_nends_with" | "_niends_with" => {
            let blind = op.contains("_i") || op.starts_with("_ni");
            let (a, e) = if blind {
                (text(actual).to_lowercase(), text(expected).to_lowercase())
            } else {
                (text(actual), text(expected))
            };
            let starts = op.contains("starts");
            let found = if starts {
                a.starts_with(&e)
            } else {
                a.ends_with(&e)
            };
            let negated = op.starts_with("_n");
            let verb = if starts { "start with" } else { "end with" };
            (
                found != negated,
                if starts { "starts_with" } else { "ends_with" },
                format!(
                    "Value {} \"{}\".",
                    if negated {
                        format!("can't {verb}")
                    } else {
                        format!("has to {verb}")
                    },
                    text(expected)
                ),
                ("substring", expected.clone()),
            )
        }
        "_between" | "_nbetween" => (
            between() == (op == "_between"),
            &op[1..],
            format!(
                "Value has to be {}between {}.",
                if op == "_between" { "" } else { "not " },
                quoted(&list(expected)).replace(", ", " and ")
            ),
            ("valid", expected.clone()),
        ),
        "_regex" => {
            let pattern = text(expected);
            let pattern = pattern
                .strip_prefix('/')
                .and_then(|p| p.rsplit_once('/').map(|(body, _)| body))
                .unwrap_or(&pattern)
                .to_string();
            let ok = fancy_regex::Regex::new(&pattern)
                .is_ok_and(|re| re.is_match(&text(actual)).unwrap_or(false));
            (
                ok,
                "regex",
                "Value doesn't have the correct format.".to_string(),
                ("valid", expected.clone()),
            )
        }
        // Operators without an in-memory meaning (relational counts, geometry) are not checked.
        _ => return Ok(()),
    };
    if ok {
        return Ok(());
    }
    Err(Error::failed_validation(field, kind, &detail).extension(extension.0, extension.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn payload(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("object")
    }

    #[test]
    fn operators_and_absent_fields() {
        let rule =
            json!({"_and": [{"views": {"_gte": 0, "_lt": 100}}, {"title": {"_nempty": true}}]});
        assert!(check(&rule, &payload(json!({"views": 5, "title": "x"}))).is_ok());
        assert!(check(&rule, &payload(json!({"other": 1}))).is_ok());
        let e = check(&rule, &payload(json!({"views": 100}))).expect_err("fails");
        assert_eq!(e.code, crate::error::ErrorCode::FailedValidation);
        assert!(e.message.contains("\"views\""), "{}", e.message);
        assert!(check(&rule, &payload(json!({"title": ""}))).is_err());
    }

    #[test]
    fn or_passes_when_one_branch_does() {
        let rule = json!({"_or": [{"status": {"_eq": "draft"}}, {"status": {"_in": ["review"]}}]});
        assert!(check(&rule, &payload(json!({"status": "review"}))).is_ok());
        assert!(check(&rule, &payload(json!({"status": "published"}))).is_err());
        assert!(
            check(
                &json!({"title": {"_starts_with": "A"}}),
                &payload(json!({"title": "B"}))
            )
            .is_err()
        );
        assert!(
            check(
                &json!({"code": {"_regex": "^[a-z]+$"}}),
                &payload(json!({"code": "abc"}))
            )
            .is_ok()
        );
        assert!(
            check(
                &json!({"n": {"_between": [1, 3]}}),
                &payload(json!({"n": 4}))
            )
            .is_err()
        );
    }
}

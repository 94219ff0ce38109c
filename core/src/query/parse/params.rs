//! Sanitising the scalar and list parameters (`fields`, `sort`, `groupBy`, `limit`, `offset`,
//! `page`, `meta`, `export`, `version`, `backlink`) the way Directus's `sanitizeQuery` and its Joi
//! query schema do.

use crate::error::{Error, Result};
use crate::model::query::{ExportFormat, MetaField};
use serde_json::Value;

/// JavaScript truthiness: Directus skips most parameters whose value is falsy.
pub(super) fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// `"a,b"` → `["a", "b"]`, ignoring commas inside parentheses (`json(data, a.b)`), trimmed,
/// empty entries dropped.
pub(super) fn push_csv(out: &mut Vec<String>, s: &str) {
    let mut depth = 0i32;
    let mut start = 0;
    let mut push = |piece: &str| {
        let piece = piece.trim();
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
    };
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&s[start..]);
}

/// `fields` / `sort` / `groupBy`: a CSV string, an array of strings, or an array whose items
/// contain CSV. `None` when nothing is left. An object (e.g. what qs makes of `fields[501]=x`)
/// is rejected.
pub(super) fn string_list(v: &Value, label: &str) -> Result<Option<Vec<String>>> {
    let mut out = Vec::new();
    match v {
        Value::String(s) => push_csv(&mut out, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let Value::String(s) = item else {
                    return Err(Error::invalid_query(format!(
                        "\"{label}[{i}]\" must be a string"
                    )));
                };
                push_csv(&mut out, s);
            }
        }
        _ => {
            return Err(Error::invalid_query(format!(
                "\"{label}\" must be a string or array"
            )));
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Largest integer JavaScript represents exactly (Joi's "safe number").
const MAX_SAFE: i64 = (1 << 53) - 1;

/// `limit` / `offset` / `page`: a JSON integer or a string of digits (optionally signed, with
/// surrounding spaces), at least `min`. `null` means absent.
pub(super) fn integer(v: &Value, label: &str, min: i64) -> Result<Option<i64>> {
    let not_a_number = || Error::invalid_query(format!("\"{label}\" must be a number"));
    let not_integer = || Error::invalid_query(format!("\"{label}\" must be an integer"));
    let unsafe_number = || Error::invalid_query(format!("\"{label}\" must be a safe number"));
    let n = match v {
        Value::Null => return Ok(None),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i,
            (None, Some(f)) if f.fract() != 0.0 => return Err(not_integer()),
            (None, Some(f)) if f.abs() <= MAX_SAFE as f64 => f as i64,
            _ => return Err(unsafe_number()),
        },
        Value::String(s) => parse_integer(s.trim()).map_err(|kind| match kind {
            NumErr::NotANumber => not_a_number(),
            NumErr::NotInteger => not_integer(),
            NumErr::Unsafe => unsafe_number(),
        })?,
        _ => return Err(not_a_number()),
    };
    if n.unsigned_abs() > MAX_SAFE.unsigned_abs() {
        return Err(unsafe_number());
    }
    if n < min {
        return Err(Error::invalid_query(format!(
            "\"{label}\" must be greater than or equal to {min}"
        )));
    }
    Ok(Some(n))
}

enum NumErr {
    NotANumber,
    NotInteger,
    Unsafe,
}

/// `"12"`, `"-1"`, `"+3"`, `"5.0"`; `"1.5"` is not an integer; anything else is not a number.
fn parse_integer(s: &str) -> Result<i64, NumErr> {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(NumErr::NotANumber);
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err(NumErr::NotInteger);
    }
    let whole = if whole.is_empty() { "0" } else { whole };
    let n: i64 = whole.parse().map_err(|_| NumErr::Unsafe)?;
    Ok(if s.starts_with('-') { -n } else { n })
}

/// `meta`: `*`, a CSV string or an array (items may hold CSV or `*`) of `total_count` /
/// `filter_count`; duplicates removed.
pub(super) fn meta(v: &Value, label: &str) -> Result<Option<Vec<MetaField>>> {
    let names = string_list(v, label)?.unwrap_or_default();
    let mut out: Vec<MetaField> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let fields = match name.as_str() {
            "*" => MetaField::ALL.to_vec(),
            other => match MetaField::from_wire(other) {
                Some(f) => vec![f],
                None => {
                    return Err(Error::invalid_query(format!(
                        "\"{label}[{i}]\" must be one of [total_count, filter_count]"
                    )));
                }
            },
        };
        for f in fields {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// `export`: one of the five formats.
pub(super) fn export(v: &Value, label: &str) -> Result<ExportFormat> {
    v.as_str().and_then(ExportFormat::from_wire).ok_or_else(|| {
        let all: Vec<_> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
        Error::invalid_query(format!("\"{label}\" must be one of [{}]", all.join(", ")))
    })
}

/// `version`: a string.
pub(super) fn version(v: &Value, label: &str) -> Result<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::invalid_query(format!("\"{label}\" must be a string")))
}

/// `versionRaw`: valueless (`?versionRaw`), `"true"` or `true`.
pub(super) fn version_raw(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(true))) || matches!(v.and_then(Value::as_str), Some("" | "true"))
}

/// `backlink`: present means true unless it is `false` or `"false"`.
pub(super) fn backlink(v: &Value) -> bool {
    !matches!(v, Value::Bool(false)) && v.as_str() != Some("false")
}

//! `directus_fields.special`: how it is stored, which flags make an alias field, which casts
//! override the column type; and column defaults read in the field's type.

use super::types::FieldType;
use serde_json::Value;

/// Specials that make a `directus_fields` row an alias field (no column).
pub const ALIAS_SPECIALS: &[&str] = &[
    "alias",
    "o2m",
    "m2m",
    "m2a",
    "o2a",
    "files",
    "translations",
    "group",
    "no-data",
];

/// Directus's `getLocalType`: `special` casts override the column type.
pub fn apply_special(column_type: FieldType, special: &[String]) -> FieldType {
    let has = |s: &str| special.iter().any(|x| x == s);
    if has("cast-json") {
        FieldType::Json
    } else if has("hash") {
        FieldType::Hash
    } else if has("cast-csv") {
        FieldType::Csv
    } else if has("uuid") {
        FieldType::Uuid
    } else if has("cast-timestamp") {
        FieldType::Timestamp
    } else if has("cast-datetime") {
        FieldType::DateTime
    } else if has("cast-boolean") {
        FieldType::Boolean
    } else {
        column_type
    }
}

/// A list stored as CSV (`cast-json,uuid`), a JSON array (`["o2m"]`), a PostgreSQL array
/// literal (`{o2m}`), or already an array.
pub fn parse_list(value: Option<&Value>) -> Vec<String> {
    let text = match value {
        Some(Value::Array(items)) => {
            return items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
        }
        Some(Value::String(s)) => s.trim(),
        _ => return Vec::new(),
    };
    if text.starts_with('[')
        && let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text)
    {
        return parse_list(Some(&Value::Array(items)));
    }
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    text.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A column default read in the field's type: booleans as JSON booleans (`0`, `'1'`, `true`),
/// numbers as numbers, and text types as strings.
pub fn normalise_default(field_type: FieldType, value: Option<Value>) -> Option<Value> {
    let value = value?;
    Some(match (field_type, &value) {
        (FieldType::Boolean, Value::Number(n)) => Value::Bool(n.as_f64() != Some(0.0)),
        (FieldType::Boolean, Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "1" | "true" | "t" => Value::Bool(true),
            "0" | "false" | "f" => Value::Bool(false),
            _ => value,
        },
        (FieldType::Json, Value::String(s)) => serde_json::from_str(s).unwrap_or(value),
        (t, Value::String(s)) if t.is_numeric() => s
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            })
            .unwrap_or(value),
        (FieldType::String | FieldType::Text | FieldType::Uuid | FieldType::Hash, _)
            if !value.is_string() =>
        {
            Value::String(match &value {
                Value::Bool(b) => b.to_string(),
                other => other.to_string(),
            })
        }
        _ => value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldType::*;
    use serde_json::json;

    #[test]
    fn specials_override_and_parse() {
        let list = |s: &str| parse_list(Some(&json!(s)));
        assert_eq!(list("cast-json,uuid"), vec!["cast-json", "uuid"]);
        assert_eq!(list(r#"["o2m"]"#), vec!["o2m"]);
        assert_eq!(list("{alias,no-data}"), vec!["alias", "no-data"]);
        assert!(parse_list(None).is_empty());
        assert_eq!(apply_special(Text, &list("cast-json")), Json);
        assert_eq!(apply_special(String, &list("hash")), Hash);
        assert_eq!(apply_special(Text, &list("cast-csv")), Csv);
        assert_eq!(
            apply_special(DateTime, &list("date-created,cast-timestamp")),
            Timestamp
        );
        assert_eq!(apply_special(Integer, &list("cast-boolean")), Boolean);
        assert_eq!(apply_special(String, &list("uuid")), Uuid);
        assert_eq!(apply_special(Integer, &[]), Integer);
    }

    #[test]
    fn defaults_take_the_field_type() {
        assert_eq!(
            normalise_default(Boolean, Some(json!(0))),
            Some(json!(false))
        );
        assert_eq!(
            normalise_default(Boolean, Some(json!("1"))),
            Some(json!(true))
        );
        assert_eq!(
            normalise_default(Decimal, Some(json!("-1.5"))),
            Some(json!(-1.5))
        );
        assert_eq!(
            normalise_default(Integer, Some(json!("42"))),
            Some(json!(42))
        );
        assert_eq!(
            normalise_default(String, Some(json!(42))),
            Some(json!("42"))
        );
        assert_eq!(normalise_default(Json, Some(json!("{}"))), Some(json!({})));
        assert_eq!(
            normalise_default(Timestamp, Some(json!("CURRENT_TIMESTAMP"))),
            Some(json!("CURRENT_TIMESTAMP"))
        );
        assert_eq!(normalise_default(Text, None), None);
    }
}

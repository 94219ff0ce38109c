//! Values per Directus field type: what a stored value reads as (spec §9), and the typed SQL
//! parameter a JSON value becomes when it is written or compared.

use crate::db::{Backend, dialect};
use crate::error::{Error, Result};
use crate::schema::{FieldInfo, FieldType};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sea_query::Value as Sql;
use serde_json::Value;

pub const CONCEALED: &str = "**********";

/// A stored value as the API returns it.
pub fn output(field: &FieldInfo, v: Value, backend: Backend) -> Value {
    if v.is_null() {
        return v;
    }
    if field.field_type == FieldType::Hash || field.special.iter().any(|s| s == "conceal") {
        return Value::from(CONCEALED);
    }
    match field.field_type {
        FieldType::Boolean => match &v {
            Value::Number(n) => Value::Bool(n.as_i64().unwrap_or(0) != 0),
            Value::String(s) => Value::Bool(matches!(s.as_str(), "1" | "true" | "t")),
            _ => v,
        },
        FieldType::Json => match &v {
            Value::String(s) => serde_json::from_str(s).unwrap_or(v),
            _ => v,
        },
        FieldType::Geometry(_) => match &v {
            Value::String(s) => serde_json::from_str(s).unwrap_or(v),
            _ => v,
        },
        FieldType::Csv => match &v {
            Value::String(s) if s.is_empty() => Value::Array(Vec::new()),
            Value::String(s) => {
                Value::Array(s.split(',').map(|p| Value::from(p.to_string())).collect())
            }
            _ => v,
        },
        FieldType::Timestamp => dialect::parse_timestamp(&v)
            .map(|t| Value::from(dialect::format_timestamp(t)))
            .unwrap_or(v),
        FieldType::DateTime => match &v {
            Value::Number(_) => dialect::parse_timestamp(&v)
                .map(|t| Value::from(dialect::format_datetime(t.naive_utc())))
                .unwrap_or(v),
            Value::String(s) => Value::from(normalise_datetime(s)),
            _ => v,
        },
        FieldType::Date => match &v {
            Value::Number(_) => dialect::parse_timestamp(&v)
                .map(|t| Value::from(t.date_naive().to_string()))
                .unwrap_or(v),
            Value::String(s) => Value::from(s.get(..10).unwrap_or(s).to_string()),
            _ => v,
        },
        FieldType::Float | FieldType::Decimal if matches!(&v, Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15) && backend != Backend::Postgres) =>
        {
            // JSON numbers as JavaScript writes them: 3, not 3.0.
            Value::from(v.as_f64().unwrap_or_default() as i64)
        }
        FieldType::BigInteger | FieldType::Decimal if backend == Backend::Postgres => match &v {
            // node-postgres hands int8 and numeric over as strings; clients expect that.
            Value::Number(n) => Value::from(n.to_string()),
            _ => v,
        },
        _ => v,
    }
}

fn normalise_datetime(s: &str) -> String {
    let t = s.replacen(' ', "T", 1);
    let t = t.split(['.', 'Z', '+']).next().unwrap_or(&t).to_string();
    t.get(..19).map(str::to_string).unwrap_or(t)
}

fn invalid(field: &FieldInfo, what: &str) -> Error {
    Error::failed_validation(
        &field.name,
        "type",
        &format!("Value has to be a valid {what}."),
    )
}

/// A JSON value as the parameter for writing into (or comparing with) `field`.
pub fn input(field: &FieldInfo, v: &Value) -> Result<Sql> {
    Ok(stored(field, typed(field, v)?))
}

/// A value typed for a field whose special flag (`cast-boolean`, `cast-json`) gives it
/// another type than its column: bound as the column's type (PostgreSQL checks).
fn stored(field: &FieldInfo, value: Sql) -> Sql {
    let db = field.db_type.to_ascii_lowercase();
    let integer_column = db.contains("int") && !db.starts_with("tinyint(1)");
    let text_column = db.contains("char") || db.contains("text") || db.contains("clob");
    match value {
        Sql::Bool(b) if integer_column => Sql::BigInt(b.map(i64::from)),
        Sql::Json(j) if text_column => Sql::String(j.map(|j| j.to_string())),
        other => other,
    }
}

fn typed(field: &FieldInfo, v: &Value) -> Result<Sql> {
    use FieldType as T;
    if v.is_null() {
        return Ok(null_of(field.field_type));
    }
    Ok(match field.field_type {
        T::Uuid => match v.as_str().and_then(|s| uuid::Uuid::parse_str(s).ok()) {
            Some(u) => Sql::Uuid(Some(u)),
            None => return Err(invalid(field, "UUID")),
        },
        T::Json => Sql::Json(Some(Box::new(v.clone()))),
        // Bound as GeoJSON text; writes and comparisons wrap it (`exprs::geometry_value`).
        T::Geometry(_) => match dialect::geometry::canonical(v) {
            Some(text) => Sql::String(Some(text)),
            None => return Err(invalid(field, "GeoJSON geometry")),
        },
        T::Boolean => match v {
            Value::Bool(b) => Sql::Bool(Some(*b)),
            Value::Number(n) => Sql::Bool(Some(n.as_f64().unwrap_or(0.0) != 0.0)),
            Value::String(s) if s == "true" || s == "1" => Sql::Bool(Some(true)),
            Value::String(s) if s == "false" || s == "0" => Sql::Bool(Some(false)),
            _ => return Err(invalid(field, "boolean")),
        },
        T::Integer | T::BigInteger => match number(v) {
            Some(n) if n.fract() == 0.0 => Sql::BigInt(Some(n as i64)),
            _ => return Err(numeric_error(field, v)),
        },
        T::Float | T::Decimal => match number(v) {
            Some(n) => Sql::Double(Some(n)),
            None => return Err(numeric_error(field, v)),
        },
        T::Timestamp => match dialect::parse_timestamp(v) {
            Some(t) => Sql::ChronoDateTimeUtc(Some(t)),
            None => return Err(date_error(field, "DateTime")),
        },
        T::DateTime => match v.as_str().and_then(parse_naive_datetime) {
            Some(t) => Sql::ChronoDateTime(Some(t)),
            None => return Err(date_error(field, "DateTime")),
        },
        T::Date => match v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok())
        {
            Some(d) => Sql::ChronoDate(Some(d)),
            None => return Err(date_error(field, "Date")),
        },
        T::Time => match v.as_str().and_then(|s| {
            NaiveTime::parse_from_str(s, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
                .ok()
        }) {
            Some(t) => Sql::ChronoTime(Some(t)),
            None => return Err(date_error(field, "Time")),
        },
        T::Csv => match v {
            Value::Array(items) => Sql::String(Some(
                items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
            )),
            other => Sql::String(Some(scalar_text(other))),
        },
        _ => match v {
            Value::String(s) => Sql::String(Some(s.clone())),
            Value::Number(_) | Value::Bool(_) => Sql::String(Some(v.to_string())),
            other => Sql::Json(Some(Box::new(other.clone()))),
        },
    })
}

/// A typed NULL: PostgreSQL will not turn an untyped text NULL into uuid or json.
pub fn null_of(t: FieldType) -> Sql {
    use FieldType as T;
    match t {
        T::Uuid => Sql::Uuid(None),
        T::Json => Sql::Json(None),
        T::Boolean => Sql::Bool(None),
        T::Integer | T::BigInteger => Sql::BigInt(None),
        T::Float | T::Decimal => Sql::Double(None),
        T::Timestamp => Sql::ChronoDateTimeUtc(None),
        T::DateTime => Sql::ChronoDateTime(None),
        T::Date => Sql::ChronoDate(None),
        T::Time => Sql::ChronoTime(None),
        _ => Sql::String(None),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

fn numeric_error(field: &FieldInfo, v: &Value) -> Error {
    Error::failed_validation(
        &field.name,
        "type",
        &format!("Invalid numeric value \"{}\".", scalar_text(v)),
    )
}

fn date_error(field: &FieldInfo, kind: &str) -> Error {
    Error::invalid_payload(format!("Invalid {kind} format in field \"{}\"", field.name))
}

fn parse_naive_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim_end_matches('Z');
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d",
    ]
    .iter()
    .find_map(|f| {
        NaiveDateTime::parse_from_str(s, f).ok().or_else(|| {
            NaiveDate::parse_from_str(s, f)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
    })
}

/// A scalar's text (strings without quotes).
pub fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(t: FieldType) -> FieldInfo {
        FieldInfo::new("f", t)
    }

    #[test]
    fn outputs_follow_directus_formats() {
        let b = Backend::Sqlite;
        assert_eq!(
            output(&field(FieldType::Boolean), Value::from(1), b),
            Value::Bool(true)
        );
        assert_eq!(
            output(&field(FieldType::Json), Value::from("{\"a\":1}"), b),
            serde_json::json!({"a":1})
        );
        assert_eq!(
            output(&field(FieldType::Csv), Value::from("a,b"), b),
            serde_json::json!(["a", "b"])
        );
        assert_eq!(
            output(&field(FieldType::Csv), Value::from(""), b),
            serde_json::json!([])
        );
        assert_eq!(
            output(
                &field(FieldType::Timestamp),
                Value::from(1_700_000_000_123i64),
                b
            ),
            Value::from("2023-11-14T22:13:20.123Z")
        );
        assert_eq!(
            output(
                &field(FieldType::DateTime),
                Value::from("2024-05-01 10:00:00.000"),
                b
            ),
            Value::from("2024-05-01T10:00:00")
        );
        assert_eq!(
            output(&field(FieldType::Hash), Value::from("$argon2"), b),
            Value::from(CONCEALED)
        );
        assert_eq!(
            output(
                &field(FieldType::BigInteger),
                Value::from(5),
                Backend::Postgres
            ),
            Value::from("5")
        );
    }

    #[test]
    fn inputs_are_typed_and_checked() {
        assert_eq!(
            input(&field(FieldType::Integer), &Value::from("5")).ok(),
            Some(Sql::BigInt(Some(5)))
        );
        assert!(input(&field(FieldType::Integer), &Value::from("five")).is_err());
        assert!(input(&field(FieldType::Uuid), &Value::from("x")).is_err());
        assert_eq!(
            input(&field(FieldType::Json), &Value::Null).ok(),
            Some(Sql::Json(None))
        );
        assert_eq!(
            input(&field(FieldType::Csv), &serde_json::json!(["a", "b"])).ok(),
            Some(Sql::String(Some("a,b".into())))
        );
        assert!(input(&field(FieldType::Date), &Value::from("2024-13-45")).is_err());
    }
}

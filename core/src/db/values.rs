//! JSON ⇄ sea-query values, and small statement builders for writing JSON rows with each
//! column bound as its type (PostgreSQL will not cast text parameters to uuid or json).

use super::Row;
use crate::error::{Error, Result};
use sea_query::{Expr, ExprTrait, InsertStatement, Query, UpdateStatement, Value};
use serde_json::Value as Json;

/// Columns that need a typed parameter rather than what their JSON value suggests.
#[derive(Debug, Default, Clone, Copy)]
pub struct Casts<'a> {
    pub uuid: &'a [&'a str],
    pub json: &'a [&'a str],
}

impl<'a> Casts<'a> {
    pub const NONE: Casts<'static> = Casts {
        uuid: &[],
        json: &[],
    };

    pub const fn uuid(uuid: &'a [&'a str]) -> Self {
        Casts { uuid, json: &[] }
    }

    /// The parameter for `v` in `column`; a non-UUID for a uuid column is a validation error.
    pub fn bind(&self, column: &str, v: &Json) -> Result<Value> {
        if self.uuid.contains(&column) {
            return match v {
                Json::Null => Ok(Value::Uuid(None)),
                Json::String(s) => uuid::Uuid::parse_str(s)
                    .map(|u| Value::Uuid(Some(u)))
                    .map_err(|_| {
                        Error::failed_validation(column, "uuid", "Value has to be a valid UUID.")
                    }),
                _ => Err(Error::failed_validation(
                    column,
                    "uuid",
                    "Value has to be a valid UUID.",
                )),
            };
        }
        if self.json.contains(&column) {
            return Ok(Value::Json(if v.is_null() {
                None
            } else {
                Some(Box::new(v.clone()))
            }));
        }
        Ok(to_sea(v))
    }
}

/// A JSON value as a bindable parameter (objects and arrays bind as JSON).
pub fn to_sea(v: &Json) -> Value {
    match v {
        Json::Null => Value::String(None),
        Json::Bool(b) => Value::Bool(Some(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::BigInt(Some(i)),
            None => Value::Double(n.as_f64()),
        },
        Json::String(s) => Value::String(Some(s.clone())),
        other => Value::Json(Some(Box::new(other.clone()))),
    }
}

/// `INSERT INTO table (keys…) VALUES (…)` for one row.
pub fn insert_row(table: &str, row: &Row, casts: Casts<'_>) -> Result<InsertStatement> {
    let columns: Vec<String> = row.keys().cloned().collect();
    let values = row
        .iter()
        .map(|(k, v)| casts.bind(k, v).map(Expr::val))
        .collect::<Result<Vec<Expr>>>()?;
    Ok(Query::insert()
        .into_table(table.to_string())
        .columns(columns)
        .values_panic(values)
        .to_owned())
}

/// `UPDATE table SET … WHERE key = id` for the given changes.
pub fn update_row(
    table: &str,
    changes: &Row,
    key: &str,
    id: Value,
    casts: Casts<'_>,
) -> Result<UpdateStatement> {
    let sets = changes
        .iter()
        .map(|(k, v)| casts.bind(k, v).map(|v| (k.clone(), Expr::val(v))))
        .collect::<Result<Vec<_>>>()?;
    Ok(Query::update()
        .table(table.to_string())
        .values(sets)
        .and_where(Expr::col(key.to_string()).eq(id))
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_columns_bind_as_their_type() {
        let casts = Casts {
            uuid: &["id"],
            json: &["meta"],
        };
        assert_eq!(
            casts.bind("meta", &Json::Null).ok(),
            Some(Value::Json(None))
        );
        assert_eq!(casts.bind("id", &Json::Null).ok(), Some(Value::Uuid(None)));
        assert!(casts.bind("id", &Json::from("nope")).is_err());
        assert_eq!(
            casts.bind("name", &Json::from("x")).ok(),
            Some(Value::String(Some("x".into())))
        );
    }
}

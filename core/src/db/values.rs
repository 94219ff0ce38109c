//! JSON ⇄ sea-query values, and small statement builders for writing JSON rows.

use super::Row;
use sea_query::{Expr, ExprTrait, InsertStatement, Query, UpdateStatement, Value};
use serde_json::Value as Json;

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

/// `INSERT INTO table (keys…) VALUES (…)` for one row. `uuid_columns` bind as UUIDs.
pub fn insert_row(table: &str, row: &Row, uuid_columns: &[&str]) -> InsertStatement {
    let columns: Vec<String> = row.keys().cloned().collect();
    let values: Vec<Expr> = row
        .iter()
        .map(|(k, v)| Expr::val(bind(k, v, uuid_columns)))
        .collect();
    Query::insert()
        .into_table(table.to_string())
        .columns(columns)
        .values_panic(values)
        .to_owned()
}

/// `UPDATE table SET … WHERE key = id` for the given changes.
pub fn update_row(
    table: &str,
    changes: &Row,
    key: &str,
    id: Value,
    uuid_columns: &[&str],
) -> UpdateStatement {
    let sets: Vec<(String, Expr)> = changes
        .iter()
        .map(|(k, v)| (k.clone(), Expr::val(bind(k, v, uuid_columns))))
        .collect();
    Query::update()
        .table(table.to_string())
        .values(sets)
        .and_where(Expr::col(key.to_string()).eq(id))
        .to_owned()
}

fn bind(column: &str, v: &Json, uuid_columns: &[&str]) -> Value {
    if uuid_columns.contains(&column) {
        if let Json::String(s) = v
            && let Ok(u) = uuid::Uuid::parse_str(s)
        {
            return Value::Uuid(Some(u));
        }
        if v.is_null() {
            return Value::Uuid(None);
        }
    }
    to_sea(v)
}

//! Introspection of the connected database/schema in two statements per backend (every column,
//! then every foreign key and unique index), decoded into dialect-neutral rows for `schema`.

mod sql;

pub use sql::{columns_sql, keys_sql, parse_default};

use crate::db::{Backend, Db, Row};
use crate::error::Result;
use serde_json::Value;
use std::collections::HashMap;

/// One column as the database declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct IntrospectedColumn {
    pub table: String,
    pub name: String,
    /// Lower-case type name without length or modifiers (`varchar`, `character varying`,
    /// `timestamp with time zone`, `int`).
    pub data_type: String,
    /// The full declared type (`varchar(100)`, `tinyint(1)`, `int(10) unsigned`,
    /// `geometry(Point,4326)`).
    pub column_type: String,
    pub max_length: Option<u32>,
    pub numeric_precision: Option<u32>,
    pub numeric_scale: Option<u32>,
    pub nullable: bool,
    /// The default as a JSON value: literals unquoted and uncast, `CURRENT_TIMESTAMP` for any
    /// "now" expression, other expressions as their SQL text; `None` for no default or NULL.
    pub default_value: Option<Value>,
    pub is_primary_key: bool,
    pub has_auto_increment: bool,
    /// Part of a single-column unique constraint or index (primary keys excluded).
    pub is_unique: bool,
    /// Part of a single-column non-unique index (not one MySQL made for a foreign key).
    pub is_indexed: bool,
    pub is_generated: bool,
    /// MariaDB's `json` alias: `longtext` with a `json_valid(col)` check.
    pub is_json: bool,
    pub comment: Option<String>,
}

/// A single-column foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectedForeignKey {
    pub table: String,
    pub column: String,
    pub foreign_table: String,
    /// `None` on SQLite for `REFERENCES t` without a column (the referenced primary key).
    pub foreign_column: Option<String>,
    pub constraint_name: Option<String>,
    pub on_update: Option<String>,
    pub on_delete: Option<String>,
}

/// Every table's columns (grouped by table, in column order) and foreign keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Introspection {
    pub columns: Vec<IntrospectedColumn>,
    pub foreign_keys: Vec<IntrospectedForeignKey>,
}

/// Reads every column and foreign key of the connected database/schema: two statements (three
/// on a MySQL older than 8.0.16, which lacks `CHECK_CONSTRAINTS`).
pub async fn introspect(db: &Db) -> Result<Introspection> {
    let backend = db.backend();
    let column_rows = match db.fetch_sql(&columns_sql(backend)).await {
        Err(e) if backend == Backend::MySql => {
            tracing::debug!(error = %e.message, "introspection without CHECK_CONSTRAINTS");
            db.fetch_sql(&sql::mysql_columns("0")).await?
        }
        other => other?,
    };
    let key_rows = db.fetch_sql(&keys_sql(backend)).await?;
    Ok(decode(backend, &column_rows, &key_rows))
}

/// Turns the rows of [`columns_sql`] and [`keys_sql`] into an [`Introspection`].
pub fn decode(backend: Backend, column_rows: &[Row], key_rows: &[Row]) -> Introspection {
    let mut columns: Vec<IntrospectedColumn> = column_rows
        .iter()
        .filter_map(|row| decode_column(backend, row))
        .collect();
    let index: HashMap<(String, String), usize> = (columns.iter().enumerate())
        .map(|(i, c)| ((c.table.clone(), c.name.clone()), i))
        .collect();
    let mut foreign_keys = Vec::new();
    for row in key_rows {
        let (Some(table), Some(column)) = (text(row, "table_name"), text(row, "column_name"))
        else {
            continue;
        };
        let target = index
            .get(&(table.clone(), column.clone()))
            .and_then(|&i| columns.get_mut(i));
        match (text(row, "kind").as_deref(), target) {
            (Some("p"), Some(c)) => c.is_primary_key = true,
            (Some("u"), Some(c)) => c.is_unique = true,
            (Some("i"), Some(c)) => c.is_indexed = true,
            (Some("f"), _) => {
                let Some(foreign_table) = text(row, "foreign_table") else {
                    continue;
                };
                foreign_keys.push(IntrospectedForeignKey {
                    table,
                    column,
                    foreign_table,
                    foreign_column: text(row, "foreign_column").filter(|c| !c.is_empty()),
                    constraint_name: text(row, "constraint_name"),
                    on_update: text(row, "on_update"),
                    on_delete: text(row, "on_delete"),
                });
            }
            _ => {}
        }
    }
    for c in columns.iter_mut().filter(|c| c.is_primary_key) {
        c.nullable = false;
        c.is_unique = false;
    }
    Introspection {
        columns,
        foreign_keys,
    }
}

fn decode_column(backend: Backend, row: &Row) -> Option<IntrospectedColumn> {
    let column_type = text(row, "column_type").unwrap_or_default();
    let (base, args) = split_type(&column_type);
    let data_type = match text(row, "data_type") {
        Some(t) => t.to_lowercase(),
        None => base.clone(),
    };
    let char_like = [
        "char",
        "varchar",
        "character",
        "nchar",
        "nvarchar",
        "varying",
    ]
    .iter()
    .any(|t| data_type.ends_with(t));
    let numeric = matches!(data_type.as_str(), "decimal" | "numeric");
    let mut has_auto_increment = flag(row, "has_auto_increment");
    let raw_default = text(row, "default_value");
    let default_value = match raw_default.as_deref() {
        Some(d) if backend == Backend::Postgres && d.starts_with("nextval(") => {
            has_auto_increment = true;
            None
        }
        Some(d) => parse_default(backend, d),
        None => None,
    };
    Some(IntrospectedColumn {
        table: text(row, "table_name")?,
        name: text(row, "column_name")?,
        max_length: uint(row, "max_length").or(if char_like {
            args.first().copied()
        } else {
            None
        }),
        numeric_precision: uint(row, "numeric_precision").or(if numeric {
            args.first().copied()
        } else {
            None
        }),
        numeric_scale: uint(row, "numeric_scale").or(if numeric {
            args.get(1).copied()
        } else {
            None
        }),
        data_type,
        column_type,
        nullable: flag(row, "is_nullable"),
        default_value,
        is_primary_key: flag(row, "is_primary_key"),
        has_auto_increment,
        is_unique: flag(row, "is_unique"),
        is_indexed: false,
        is_generated: flag(row, "is_generated"),
        is_json: flag(row, "is_json"),
        comment: text(row, "comment").filter(|c| !c.is_empty()),
    })
}

/// `varchar(100)` → (`varchar`, [100]); `decimal(10, 2)` → (`decimal`, [10, 2]);
/// `int(10) unsigned` → (`int`, [10]).
fn split_type(declared: &str) -> (String, Vec<u32>) {
    let lower = declared.trim().to_lowercase();
    match lower.split_once('(') {
        Some((base, rest)) => {
            let inner = rest.split(')').next().unwrap_or_default();
            let args = inner
                .split(',')
                .filter_map(|a| a.trim().parse().ok())
                .collect();
            (base.trim().to_string(), args)
        }
        None => (lower, Vec::new()),
    }
}

fn text(row: &Row, key: &str) -> Option<String> {
    match row.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn flag(row: &Row, key: &str) -> bool {
    match row.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
        Some(Value::String(s)) => matches!(s.as_str(), "1" | "t" | "true" | "YES"),
        _ => false,
    }
}

fn uint(row: &Row, key: &str) -> Option<u32> {
    match row.get(key)? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn declared_types_split() {
        assert_eq!(split_type("varchar(100)"), ("varchar".into(), vec![100]));
        assert_eq!(
            split_type("decimal(10, 2)"),
            ("decimal".into(), vec![10, 2])
        );
        assert_eq!(split_type("INTEGER"), ("integer".into(), vec![]));
        assert_eq!(split_type("int(10) unsigned"), ("int".into(), vec![10]));
    }

    #[test]
    fn keys_mark_columns_and_collect_foreign_keys() {
        let col = |t: &str, c: &str| {
            let mut r = Row::new();
            r.insert("table_name".into(), json!(t));
            r.insert("column_name".into(), json!(c));
            r.insert("column_type".into(), json!("integer"));
            r.insert("is_nullable".into(), json!(1));
            r
        };
        let mut fk = col("posts", "author");
        fk.insert("kind".into(), json!("f"));
        fk.insert("foreign_table".into(), json!("authors"));
        let mut pk = col("posts", "id");
        pk.insert("kind".into(), json!("p"));
        let out = decode(
            Backend::Sqlite,
            &[col("posts", "id"), col("posts", "author")],
            &[pk, fk],
        );
        assert!(out.columns[0].is_primary_key && !out.columns[0].nullable);
        assert_eq!(out.foreign_keys[0].foreign_table, "authors");
        assert_eq!(out.foreign_keys[0].foreign_column, None);
    }
}

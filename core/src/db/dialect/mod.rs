//! The only place that knows SQL dialects: value storage per backend, row decoding to JSON,
//! driver error translation and introspection queries.

pub mod ddl;
pub mod exprs;
pub mod geometry;
pub mod introspect;
pub mod lossy;
pub mod mysql;
pub mod params;
pub mod postgres;
pub mod sqlite;
pub mod sqlite_rebuild;

use super::{Backend, Row};
use crate::error::{Error, ErrorCode};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use sea_query::{Value, Values};

/// Decodes a driver row into a JSON row.
pub trait ToJsonRow {
    fn to_json_row(&self) -> crate::error::Result<Row>;
}

/// Decodes every column of `row` with `decode(row, index, declared type name)`; NULLs are
/// handled here once for all drivers.
pub(crate) fn decode_columns<R>(
    row: &R,
    decode: impl Fn(&R, usize, &str) -> crate::error::Result<serde_json::Value>,
) -> crate::error::Result<Row>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
{
    use sqlx::{Column, TypeInfo, ValueRef};
    let mut out = Row::with_capacity(row.columns().len());
    for (i, col) in row.columns().iter().enumerate() {
        let is_null = row.try_get_raw(i).map_err(Error::internal)?.is_null();
        let value = if is_null {
            serde_json::Value::Null
        } else {
            decode(row, i, col.type_info().name())?
        };
        out.insert(col.name().to_string(), value);
    }
    Ok(out)
}

/// `rows_affected` across drivers.
pub trait RowsAffected {
    fn count(&self) -> u64;
}

impl RowsAffected for sqlx::sqlite::SqliteQueryResult {
    fn count(&self) -> u64 {
        self.rows_affected()
    }
}
impl RowsAffected for sqlx::postgres::PgQueryResult {
    fn count(&self) -> u64 {
        self.rows_affected()
    }
}
impl RowsAffected for sqlx::mysql::MySqlQueryResult {
    fn count(&self) -> u64 {
        self.rows_affected()
    }
}

/// Stores values the way Directus does on each backend: UUIDs as `char(36)` text outside
/// PostgreSQL, and on SQLite timestamps as epoch milliseconds (what knex writes there).
pub fn adapt_values(mut values: Values, backend: Backend) -> Values {
    for v in values.0.iter_mut() {
        match (backend, &*v) {
            (Backend::Sqlite | Backend::MySql, Value::Uuid(u)) => {
                *v = Value::String(u.map(|u| u.to_string()))
            }
            (Backend::Sqlite, Value::ChronoDateTimeUtc(t)) => {
                *v = Value::BigInt(t.map(|t| t.timestamp_millis()))
            }
            (Backend::MySql, Value::ChronoDateTimeUtc(t)) => {
                *v = Value::ChronoDateTime(t.map(|t| t.naive_utc()))
            }
            _ => {}
        }
    }
    values
}

/// Directus's timestamp format: ISO 8601 in UTC with milliseconds and `Z`.
pub fn format_timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Directus's dateTime format: no zone.
pub fn format_datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Reads a timestamp as any backend returns it (ISO text, `YYYY-MM-DD HH:MM:SS`, epoch ms).
pub fn parse_timestamp(v: &serde_json::Value) -> Option<DateTime<Utc>> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().and_then(DateTime::from_timestamp_millis),
        serde_json::Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
                    .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
                    .ok()
                    .map(|n| n.and_utc())
            })
            .or_else(|| {
                s.parse::<i64>()
                    .ok()
                    .and_then(DateTime::from_timestamp_millis)
            }),
        _ => None,
    }
}

/// Maps driver errors to Directus codes. Constraint violations become 400s; anything else is
/// logged and reported as an internal error without details.
pub fn translate_error(e: sqlx::Error) -> Error {
    if let sqlx::Error::Database(db) = &e {
        let code = db.code().map(|c| c.to_string()).unwrap_or_default();
        let kind = match db.kind() {
            sqlx::error::ErrorKind::UniqueViolation => Some(ErrorCode::RecordNotUnique),
            sqlx::error::ErrorKind::NotNullViolation => Some(ErrorCode::NotNullViolation),
            sqlx::error::ErrorKind::ForeignKeyViolation => Some(ErrorCode::InvalidForeignKey),
            _ => match code.as_str() {
                "22001" | "1406" => Some(ErrorCode::ValueTooLong),
                // Invalid text representation / datatype mismatch: a value of the wrong type.
                "22P02" | "42804" | "22007" | "22008" => Some(ErrorCode::InvalidPayload),
                "22003" | "1264" => Some(ErrorCode::ValueOutOfRange),
                "1048" => Some(ErrorCode::NotNullViolation),
                _ => None,
            },
        };
        if let Some(kind) = kind {
            tracing::debug!(error = %db, "constraint violation");
            return Error::new(kind);
        }
    }
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            tracing::error!(error = %e, "database unavailable");
            Error::service_unavailable("database", "Database is unreachable")
        }
        other => Error::internal(other),
    }
}

/// A column type Strata cannot decode yet reads as null (logged), instead of failing the row:
/// one exotic custom column must not break every read of its table.
pub(crate) fn unsupported_type(backend: &str, ty: &str) -> serde_json::Value {
    tracing::warn!(
        backend,
        column_type = ty,
        "column type not supported; read as null"
    );
    serde_json::Value::Null
}

/// A failed first connection, with the driver's reason (it names host and user, never the
/// password) so startup can say what to fix.
pub fn connect_error(e: sqlx::Error) -> Error {
    Error::service_unavailable("database", &e.to_string())
}

/// `SELECT 1` when a table named `name` exists in the connected database/schema.
pub fn table_exists(backend: Backend, name: &str) -> sea_query::SelectStatement {
    use sea_query::{Expr, ExprTrait};
    let mut q = tables(backend, Expr::val(1));
    q.and_where(Expr::col(table_name_column(backend)).eq(name))
        .limit(1);
    q
}

/// The names of every table of the connected database/schema, as `name` rows.
pub fn table_names(backend: Backend) -> sea_query::SelectStatement {
    use sea_query::Expr;
    tables(backend, Expr::col(table_name_column(backend)))
}

fn table_name_column(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "name",
        Backend::Postgres | Backend::MySql => "table_name",
    }
}

/// `SELECT <what> AS name` over the tables of the connected database/schema.
fn tables(backend: Backend, what: sea_query::Expr) -> sea_query::SelectStatement {
    use sea_query::{Expr, ExprTrait, Query};
    let mut q = Query::select();
    q.expr_as(what, "name");
    match backend {
        Backend::Sqlite => q
            .from("sqlite_master")
            .and_where(Expr::col("type").eq("table")),
        Backend::Postgres => q
            .from(("information_schema", "tables"))
            .and_where(Expr::col("table_schema").eq(Expr::cust("current_schema()"))),
        Backend::MySql => q
            .from(("information_schema", "tables"))
            .and_where(Expr::col("table_schema").eq(Expr::cust("DATABASE()"))),
    };
    q.to_owned()
}

/// SQL listing every (table, column) of the connected database/schema, as `table_name`,
/// `column_name` rows.
pub fn columns_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             ORDER BY table_name, ordinal_position"
        }
        Backend::MySql => {
            "SELECT CAST(TABLE_NAME AS CHAR) AS table_name, CAST(COLUMN_NAME AS CHAR) AS column_name \
             FROM information_schema.columns WHERE TABLE_SCHEMA = DATABASE() \
             ORDER BY TABLE_NAME, ORDINAL_POSITION"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_text_outside_postgres() {
        let id = uuid::Uuid::nil();
        let values = Values(vec![Value::Uuid(Some(id))]);
        assert_eq!(
            adapt_values(values.clone(), Backend::Sqlite).0[0],
            Value::String(Some(id.to_string()))
        );
        assert_eq!(
            adapt_values(values.clone(), Backend::MySql).0[0],
            Value::String(Some(id.to_string()))
        );
        assert_eq!(
            adapt_values(values, Backend::Postgres).0[0],
            Value::Uuid(Some(id))
        );
    }

    #[test]
    fn timestamps_parse_from_every_storage() {
        let expected = DateTime::from_timestamp_millis(1_700_000_000_123);
        assert_eq!(
            parse_timestamp(&serde_json::json!(1_700_000_000_123i64)),
            expected
        );
        assert_eq!(
            parse_timestamp(&serde_json::json!("2023-11-14T22:13:20.123Z")),
            expected
        );
        assert_eq!(
            parse_timestamp(&serde_json::json!("2023-11-14 22:13:20.123")),
            expected
        );
        assert_eq!(parse_timestamp(&serde_json::json!("not a date")), None);
    }
}

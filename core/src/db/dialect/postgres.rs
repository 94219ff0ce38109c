//! PostgreSQL: pool options and row decoding by column type.

use super::{ToJsonRow, format_datetime, format_timestamp};
use crate::config::DbConfig;
use crate::db::Row;
use crate::error::{Error, Result};
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{PgPool, Row as _};
use std::str::FromStr;
use std::time::Duration;

/// When this process last changed a table (ms since the Unix epoch; 0 = never). PostgreSQL
/// refuses a cached prepared statement whose result columns changed type ("cached plan must
/// not change result type"), so connections older than the last change are not reused.
static SCHEMA_CHANGED_MS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Marks a schema change (called for every DDL statement).
pub fn schema_changed() {
    SCHEMA_CHANGED_MS.store(now_ms(), std::sync::atomic::Ordering::Relaxed);
}

pub async fn connect(cfg: &DbConfig) -> Result<PgPool> {
    let options = match &cfg.connection_string {
        Some(url) => PgConnectOptions::from_str(&url.0).map_err(|e| {
            Error::service_unavailable("database", &format!("DB_CONNECTION_STRING: {e}"))
        })?,
        None => PgConnectOptions::new()
            .host(&cfg.host)
            .port(cfg.port.unwrap_or(5432))
            .database(&cfg.database)
            .username(&cfg.user),
    };
    let options = if cfg.password.0.is_empty() || cfg.connection_string.is_some() {
        options
    } else {
        options.password(&cfg.password.0)
    };
    PgPoolOptions::new()
        .max_connections(cfg.pool_max.max(1))
        .acquire_timeout(Duration::from_secs(10))
        // A ping before every checkout doubles the round trips of short queries; a broken
        // connection fails its query instead and is replaced.
        .test_before_acquire(false)
        .before_acquire(|_, meta| {
            Box::pin(async move {
                let changed = SCHEMA_CHANGED_MS.load(std::sync::atomic::Ordering::Relaxed);
                let created = now_ms() - meta.age.as_millis() as i64;
                Ok(changed == 0 || created > changed)
            })
        })
        .connect_with(options)
        .await
        .map_err(super::connect_error)
}

impl ToJsonRow for PgRow {
    fn to_json_row(&self) -> Result<Row> {
        super::decode_columns(self, decode)
    }
}

fn decode(row: &PgRow, i: usize, ty: &str) -> Result<Value> {
    let get_err = |e: sqlx::Error| Error::internal(format!("decoding {ty} column {i}: {e}"));
    let float = |f: f64| {
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    };
    Ok(match ty {
        "BOOL" => Value::Bool(row.try_get(i).map_err(get_err)?),
        "INT2" => Value::from(row.try_get::<i16, _>(i).map_err(get_err)?),
        "INT4" => Value::from(row.try_get::<i32, _>(i).map_err(get_err)?),
        "INT8" => Value::from(row.try_get::<i64, _>(i).map_err(get_err)?),
        "FLOAT4" => float(row.try_get::<f32, _>(i).map_err(get_err)? as f64),
        "FLOAT8" => float(row.try_get::<f64, _>(i).map_err(get_err)?),
        "UUID" => Value::String(
            row.try_get::<uuid::Uuid, _>(i)
                .map_err(get_err)?
                .to_string(),
        ),
        "JSON" | "JSONB" => row.try_get::<Value, _>(i).map_err(get_err)?,
        "TIMESTAMPTZ" => Value::String(format_timestamp(row.try_get(i).map_err(get_err)?)),
        "TIMESTAMP" => Value::String(format_datetime(row.try_get(i).map_err(get_err)?)),
        "DATE" => Value::String(
            row.try_get::<chrono::NaiveDate, _>(i)
                .map_err(get_err)?
                .to_string(),
        ),
        "TIME" => Value::String(
            row.try_get::<chrono::NaiveTime, _>(i)
                .map_err(get_err)?
                .format("%H:%M:%S")
                .to_string(),
        ),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "CHAR" | "CITEXT" => {
            Value::String(row.try_get(i).map_err(get_err)?)
        }
        "NUMERIC" => Value::String(
            row.try_get::<rust_decimal::Decimal, _>(i)
                .map_err(get_err)?
                .to_string(),
        ),
        other => super::unsupported_type("PostgreSQL", other),
    })
}

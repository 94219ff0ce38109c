//! SQLite: one writer connection plus a read pool over the same WAL file, and row decoding
//! (declared types decide booleans and dates; timestamps may be epoch milliseconds).

use super::{ToJsonRow, format_timestamp};
use crate::config::DbConfig;
use crate::db::Row;
use crate::error::{Error, Result};
use chrono::DateTime;
use serde_json::Value;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row as _, SqlitePool, TypeInfo, ValueRef};
use std::time::Duration;

pub async fn connect(cfg: &DbConfig) -> Result<(SqlitePool, SqlitePool)> {
    if let Some(dir) = cfg.filename.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::service_unavailable("database", &format!("cannot create {}: {e}", dir.display()))
        })?;
    }
    let options = SqliteConnectOptions::new()
        .filename(&cfg.filename)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Rows cross from sqlx's worker thread one message each; a deeper buffer lets a page of
        // results go through without waking the reader for every row.
        .row_buffer_size(512);
    // A single writer serialises writes in-process instead of failing on SQLITE_BUSY.
    let writer = pool_options()
        // A schema change turns foreign keys off for its transaction (`Db::begin_schema_change`).
        .after_release(|conn, _| {
            Box::pin(async move {
                sqlx::Executor::execute(&mut *conn, "PRAGMA foreign_keys = ON").await?;
                Ok(true)
            })
        })
        .max_connections(1)
        .min_connections(1)
        .connect_with(options.clone())
        .await
        .map_err(super::connect_error)?;
    let reader = pool_options()
        .max_connections(cfg.pool_max.clamp(1, 8))
        .min_connections(0)
        .connect_with(options.read_only(true))
        .await
        .map_err(super::connect_error)?;
    Ok((writer, reader))
}

/// Pool options whose every connection has Strata's geometry functions.
fn pool_options() -> SqlitePoolOptions {
    SqlitePoolOptions::new().after_connect(|conn, _| {
        Box::pin(async move {
            let mut handle = conn.lock_handle().await?;
            super::geometry::register(handle.as_raw_handle())
                .map_err(|e| sqlx::Error::Configuration(Box::new(e)))
        })
    })
}

impl ToJsonRow for SqliteRow {
    fn to_json_row(&self) -> Result<Row> {
        super::decode_columns(self, |row, i, declared| {
            // SQLite types values, not columns: what is stored decides as much as what is declared.
            let stored = row
                .try_get_raw(i)
                .map_err(Error::internal)?
                .type_info()
                .name()
                .to_string();
            decode(row, i, declared, &stored)
        })
    }
}

fn decode(row: &SqliteRow, i: usize, declared: &str, stored: &str) -> Result<Value> {
    let get_err = |e: sqlx::Error| Error::internal(format!("decoding column {i}: {e}"));
    Ok(match (declared, stored) {
        ("BOOLEAN", "INTEGER") | ("BOOLEAN", "BOOLEAN") => {
            Value::Bool(row.try_get::<bool, _>(i).map_err(get_err)?)
        }
        ("DATETIME", "INTEGER") => {
            let ms = row.try_get::<i64, _>(i).map_err(get_err)?;
            DateTime::from_timestamp_millis(ms)
                .map(format_timestamp)
                .map(Value::String)
                .unwrap_or(Value::from(ms))
        }
        (_, "INTEGER") | (_, "BOOLEAN") => Value::from(row.try_get::<i64, _>(i).map_err(get_err)?),
        (_, "REAL") | (_, "NUMERIC") => {
            serde_json::Number::from_f64(row.try_get::<f64, _>(i).map_err(get_err)?)
                .map(Value::Number)
                .unwrap_or(Value::Null)
        }
        (_, "BLOB") => {
            use base64::Engine;
            Value::String(
                base64::engine::general_purpose::STANDARD
                    .encode(row.try_get::<Vec<u8>, _>(i).map_err(get_err)?),
            )
        }
        _ => Value::String(row.try_get_unchecked::<String, _>(i).map_err(get_err)?),
    })
}

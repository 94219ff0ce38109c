//! MySQL/MariaDB: pool options and row decoding (`tinyint(1)` is boolean, as in Directus).

use super::{ToJsonRow, format_datetime, format_timestamp};
use crate::config::DbConfig;
use crate::db::Row;
use crate::error::{Error, Result};
use serde_json::Value;
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions, MySqlRow};
use sqlx::{MySqlPool, Row as _};
use std::str::FromStr;
use std::time::Duration;

pub async fn connect(cfg: &DbConfig) -> Result<MySqlPool> {
    let options = match &cfg.connection_string {
        Some(url) => MySqlConnectOptions::from_str(&url.0).map_err(|e| {
            Error::service_unavailable("database", &format!("DB_CONNECTION_STRING: {e}"))
        })?,
        None => MySqlConnectOptions::new()
            .host(&cfg.host)
            .port(cfg.port.unwrap_or(3306))
            .database(&cfg.database)
            .username(&cfg.user),
    }
    .charset("utf8mb4");
    let options = if cfg.password.0.is_empty() || cfg.connection_string.is_some() {
        options
    } else {
        options.password(&cfg.password.0)
    };
    MySqlPoolOptions::new()
        .max_connections(cfg.pool_max.max(1))
        .acquire_timeout(Duration::from_secs(10))
        // A ping before every checkout doubles the round trips of short queries; a broken
        // connection fails its query instead and is replaced.
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .map_err(super::connect_error)
}

impl ToJsonRow for MySqlRow {
    fn to_json_row(&self) -> Result<Row> {
        super::decode_columns(self, decode)
    }
}

fn decode(row: &MySqlRow, i: usize, ty: &str) -> Result<Value> {
    let get_err = |e: sqlx::Error| Error::internal(format!("decoding {ty} column {i}: {e}"));
    let float = |f: f64| {
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    };
    Ok(match ty {
        "BOOLEAN" => Value::Bool(row.try_get(i).map_err(get_err)?),
        "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" | "YEAR" => {
            Value::from(row.try_get_unchecked::<i64, _>(i).map_err(get_err)?)
        }
        t if t.ends_with("UNSIGNED") => {
            Value::from(row.try_get_unchecked::<u64, _>(i).map_err(get_err)?)
        }
        "FLOAT" => float(row.try_get::<f32, _>(i).map_err(get_err)? as f64),
        "DOUBLE" => float(row.try_get::<f64, _>(i).map_err(get_err)?),
        "JSON" => row.try_get::<Value, _>(i).map_err(get_err)?,
        "TIMESTAMP" => Value::String(format_timestamp(row.try_get(i).map_err(get_err)?)),
        "DATETIME" => Value::String(format_datetime(row.try_get(i).map_err(get_err)?)),
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
        "DECIMAL" | "CHAR" | "VARCHAR" | "TEXT" | "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT"
        | "ENUM" | "SET" => Value::String(row.try_get_unchecked::<String, _>(i).map_err(get_err)?),
        "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" | "BINARY" | "VARBINARY" => {
            let bytes = row.try_get_unchecked::<Vec<u8>, _>(i).map_err(get_err)?;
            match String::from_utf8(bytes) {
                Ok(s) => Value::String(s),
                Err(e) => {
                    use base64::Engine;
                    Value::String(base64::engine::general_purpose::STANDARD.encode(e.into_bytes()))
                }
            }
        }
        other => super::unsupported_type("MySQL", other),
    })
}

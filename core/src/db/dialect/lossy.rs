//! Which rows a column change would damage: values longer than a new `max_length`, text that is
//! not a number for a numeric type, fractions for an integer type, integers out of range, and
//! values of another kind for dates, booleans, uuids and json. Each check is a `WHERE` clause
//! over the table plus the `SET` expression that makes such rows fit when the caller forces the
//! change (truncated text, or NULL where nothing sensible remains).

use super::super::Backend;
use super::ddl::{ColumnSpec, quote};
use crate::schema::FieldType as T;

/// Rows a change would damage: `condition` selects them, `repair` is what they become.
pub struct Damage {
    pub condition: String,
    pub repair: String,
    pub reason: String,
}

fn family(t: T) -> u8 {
    match t {
        T::String | T::Text | T::Csv | T::Hash => 0,
        T::Integer | T::BigInteger => 1,
        T::Float | T::Decimal => 2,
        T::Date | T::DateTime | T::Timestamp => 3,
        T::Time => 4,
        T::Boolean => 5,
        T::Uuid => 6,
        T::Json => 7,
        T::Geometry(_) => 8,
        _ => 9,
    }
}

/// `col` (as text) holds a number; integers only when `integer`.
fn numeric_text(backend: Backend, col: &str, integer: bool) -> String {
    let fraction = if integer { "" } else { "(\\.[0-9]+)?" };
    match backend {
        Backend::Postgres => format!("CAST({col} AS TEXT) ~ '^\\s*[-+]?[0-9]+{fraction}\\s*$'"),
        Backend::MySql => {
            // In a MySQL string literal `\\.` is the regex `\.`.
            let fraction = if integer { "" } else { "(\\\\.[0-9]+)?" };
            format!("CAST({col} AS CHAR) REGEXP '^ *[-+]?[0-9]+{fraction} *$'")
        }
        Backend::Sqlite => {
            let digits = format!("ltrim(trim(CAST({col} AS TEXT)), '-+')");
            let allowed = if integer { "[^0-9]" } else { "[^0-9.]" };
            format!(
                "({digits} <> '' AND NOT {digits} GLOB '*{allowed}*' AND NOT {digits} GLOB '*.*.*')"
            )
        }
    }
}

/// Characters in `col`, whatever its type (PostgreSQL has no `LENGTH` of a number).
fn length(backend: Backend, col: &str) -> String {
    match backend {
        Backend::MySql => format!("CHAR_LENGTH({col})"),
        Backend::Postgres => format!("LENGTH(CAST({col} AS TEXT))"),
        Backend::Sqlite => format!("LENGTH({col})"),
    }
}

/// What changing `old` into `new` would damage, if anything.
pub fn damage(backend: Backend, old: &ColumnSpec, new: &ColumnSpec) -> Option<Damage> {
    let col = quote(backend, &new.name);
    let (from, to) = (old.field_type, new.field_type);
    let name = &new.name;
    if matches!(to, T::String | T::Hash) {
        let max = new.max_length.unwrap_or(255);
        let shrinks = family(from) != 0
            || matches!(from, T::Text | T::Csv)
            || old.max_length.unwrap_or(255) > max;
        if shrinks {
            let repair = match backend {
                Backend::Postgres => format!("SUBSTRING(CAST({col} AS TEXT), 1, {max})"),
                _ => format!("SUBSTR({col}, 1, {max})"),
            };
            return Some(Damage {
                condition: format!("{} > {max}", length(backend, &col)),
                repair,
                reason: format!("values of \"{name}\" longer than {max} characters would be cut"),
            });
        }
        return None;
    }
    if family(from) == family(to) {
        return match (from, to) {
            (T::BigInteger, T::Integer) => Some(Damage {
                condition: format!("({col} > 2147483647 OR {col} < -2147483648)"),
                repair: "NULL".into(),
                reason: format!("values of \"{name}\" do not fit an integer"),
            }),
            (T::DateTime | T::Timestamp, T::Date) => Some(Damage {
                condition: format!("{col} IS NOT NULL"),
                repair: col.clone(),
                reason: format!("the time of day of \"{name}\" would be lost"),
            }),
            _ => None,
        };
    }
    let condition = match (family(from), to) {
        (0, T::Integer | T::BigInteger) => format!("NOT {}", numeric_text(backend, &col, true)),
        (0, T::Float | T::Decimal) => format!("NOT {}", numeric_text(backend, &col, false)),
        (2, T::Integer | T::BigInteger) => format!("{col} <> ROUND({col})"),
        (1, T::Float | T::Decimal) | (_, T::Text | T::Csv) => return None,
        _ => format!("{col} IS NOT NULL"),
    };
    Some(Damage {
        condition,
        repair: "NULL".into(),
        reason: format!("values of \"{name}\" cannot all become {}", to.as_str()),
    })
}

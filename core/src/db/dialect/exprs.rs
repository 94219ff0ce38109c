//! SQL expressions that differ per backend: date parts, JSON paths, casts, key lists,
//! SQLite's two timestamp storages and geometry. Callers pass validated names and bound values.

use super::super::Backend;
use sea_query::{Expr, ExprTrait};

fn quote(backend: Backend, ident: &str) -> String {
    match backend {
        Backend::MySql => format!("`{}`", ident.replace('`', "``")),
        _ => format!("\"{}\"", ident.replace('"', "\"\"")),
    }
}

/// `part` (year … second) of `table.column`; the names are schema names, validated by the
/// caller, and quoted for the backend.
pub fn date_part(
    backend: Backend,
    part: &str,
    table: &str,
    column: &str,
    maybe_epoch: bool,
) -> Expr {
    let col = format!("{}.{}", quote(backend, table), quote(backend, column));
    Expr::cust(date_part_sql(backend, part, &col, maybe_epoch))
}

fn date_part_sql(backend: Backend, part: &str, col: &str, maybe_epoch: bool) -> String {
    match backend {
        Backend::Postgres => {
            let p = match part {
                "weekday" => "DOW",
                other => other,
            };
            format!("CAST(EXTRACT({} FROM {col}) AS INTEGER)", p.to_uppercase())
        }
        Backend::MySql => match part {
            "weekday" => format!("(DAYOFWEEK({col}) - 1)"),
            "week" => format!("WEEK({col}, 3)"),
            other => format!("{}({col})", other.to_uppercase()),
        },
        Backend::Sqlite => {
            // Directus stores timestamps on SQLite as epoch milliseconds, other values as text.
            let value = if maybe_epoch {
                format!(
                    "(CASE WHEN typeof({col}) = 'integer' THEN datetime({col} / 1000, 'unixepoch') ELSE {col} END)"
                )
            } else {
                col.to_string()
            };
            let f = match part {
                "year" => "%Y",
                "month" => "%m",
                "week" => "%W",
                "day" => "%d",
                "weekday" => "%w",
                "hour" => "%H",
                "minute" => "%M",
                _ => "%S",
            };
            format!("CAST(strftime('{f}', {value}) AS INTEGER)")
        }
    }
}

/// `template` around `expr`, written with `$1` for the expression: sea-query's placeholder is
/// `$n` on PostgreSQL and `?` elsewhere.
pub fn wrap(backend: Backend, template: &str, expr: Expr) -> Expr {
    let template = match backend {
        Backend::Postgres => template.to_string(),
        _ => template.replace("$1", "?"),
    };
    Expr::cust_with_expr(template, expr)
}

/// `expr` as text, to compare keys of any type with a varchar column (m2a item keys).
pub fn as_text(backend: Backend, expr: Expr) -> Expr {
    match backend {
        Backend::MySql => wrap(backend, "CAST($1 AS CHAR)", expr),
        _ => wrap(backend, "CAST($1 AS TEXT)", expr),
    }
}

/// The value at `segments` of a json column, as text (or a number when `numeric`).
pub fn json_extract(backend: Backend, column: Expr, segments: &[String], numeric: bool) -> Expr {
    match backend {
        Backend::Postgres => {
            let path = format!(
                "{{{}}}",
                segments
                    .iter()
                    .map(|s| format!("\"{}\"", s.replace('"', "")))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let template = if numeric {
                "CAST(CAST($1 AS JSONB) #>> CAST($2 AS TEXT[]) AS DOUBLE PRECISION)"
            } else {
                "(CAST($1 AS JSONB) #>> CAST($2 AS TEXT[]))"
            };
            Expr::cust_with_exprs(template, [column, Expr::val(path)])
        }
        _ => {
            let mut path = String::from("$");
            for s in segments {
                if s.parse::<usize>().is_ok() {
                    path.push_str(&format!("[{s}]"));
                } else {
                    path.push_str(&format!(".\"{s}\""));
                }
            }
            let template = match (backend, numeric) {
                (Backend::MySql, true) => "CAST(JSON_UNQUOTE(JSON_EXTRACT(?, ?)) AS DOUBLE)",
                (Backend::MySql, false) => "JSON_UNQUOTE(JSON_EXTRACT(?, ?))",
                _ => "json_extract(?, ?)",
            };
            Expr::cust_with_exprs(template, [column, Expr::val(path)])
        }
    }
}

/// `column IN (keys)` with one parameter whatever the number of keys, so the statement text
/// (and its cached plan) stays the same and no variable limit is reached: `= ANY($1)` with an
/// array on PostgreSQL, `IN (SELECT value FROM json_each(?))` on SQLite, a plain list on MySQL.
pub fn key_list(backend: Backend, column: Expr, keys: Vec<sea_query::Value>) -> Expr {
    use sea_query::{ArrayType, Value as V};
    if backend == Backend::Sqlite
        && let Some(array) = json_keys(&keys)
    {
        return Expr::cust_with_exprs(
            "? IN (SELECT value FROM json_each(?))",
            [column, Expr::val(array)],
        );
    }
    if backend != Backend::Postgres {
        return column.is_in(keys.into_iter().map(Expr::val));
    }
    let ty = match keys.first() {
        Some(V::Uuid(_)) => ArrayType::Uuid,
        Some(V::BigInt(_)) => ArrayType::BigInt,
        Some(V::Double(_)) => ArrayType::Double,
        _ => ArrayType::String,
    };
    column.eq(sea_query::extension::postgres::PgFunc::any(Expr::val(
        V::Array(ty, Some(Box::new(keys))),
    )))
}

/// Keys as one JSON array text, when they are all integers, strings or uuids.
fn json_keys(keys: &[sea_query::Value]) -> Option<String> {
    use sea_query::Value as V;
    let items = keys
        .iter()
        .map(|k| match k {
            V::BigInt(Some(n)) => Some(serde_json::Value::from(*n)),
            V::Int(Some(n)) => Some(serde_json::Value::from(*n)),
            V::String(Some(s)) => Some(serde_json::Value::from(s.as_str())),
            V::Uuid(Some(u)) => Some(serde_json::Value::from(u.to_string())),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(serde_json::Value::Array(items).to_string())
}

/// A timestamp column as comparisons see it. Elsewhere the column itself; on SQLite epoch
/// milliseconds whether it is stored as a number (what Directus writes) or as ISO text (what
/// other tools write), since values are bound as milliseconds there.
pub fn timestamp_ms(backend: Backend, column: Expr) -> Expr {
    if backend != Backend::Sqlite {
        return column;
    }
    let template = "(CASE WHEN typeof(?) IN ('integer', 'real') THEN ? \
        ELSE CAST(ROUND((julianday(?) - 2440587.5) * 86400000) AS INTEGER) END)";
    Expr::cust_with_exprs(template, [column.clone(), column.clone(), column])
}

/// A geometry column read as GeoJSON text (SQLite stores GeoJSON text itself).
pub fn geometry_read(backend: Backend, column: Expr) -> Expr {
    match backend {
        Backend::Sqlite => column,
        _ => wrap(backend, "ST_AsGeoJSON($1)", column),
    }
}

/// A GeoJSON text parameter as a geometry, for writes and comparisons.
pub fn geometry_value(backend: Backend, geojson: sea_query::Value) -> Expr {
    match backend {
        Backend::Sqlite => Expr::val(geojson),
        _ => wrap(backend, "ST_GeomFromGeoJSON($1)", Expr::val(geojson)),
    }
}

/// Whether a geometry column intersects a GeoJSON value (or, with `bbox`, their bounding
/// boxes do). On SQLite the functions are Strata's own (`db::dialect::geometry`).
pub fn geometry_intersects(
    backend: Backend,
    column: Expr,
    geojson: sea_query::Value,
    bbox: bool,
) -> Expr {
    use super::geometry::{INTERSECTS, INTERSECTS_BBOX};
    let value = geometry_value(backend, geojson);
    let template = match (backend, bbox) {
        (Backend::Postgres, false) => "ST_Intersects($1, $2)".to_string(),
        (Backend::Postgres, true) => "($1 && $2)".to_string(),
        (Backend::MySql, false) => "ST_Intersects(?, ?)".to_string(),
        (Backend::MySql, true) => "MBRIntersects(?, ?)".to_string(),
        (Backend::Sqlite, false) => format!("{INTERSECTS}(?, ?)"),
        (Backend::Sqlite, true) => format!("{INTERSECTS_BBOX}(?, ?)"),
    };
    Expr::cust_with_exprs(template, [column, value])
}

//! Filter operators on one value: which operators each field type accepts, value checks and
//! coercion, and the SQL of each operator.

use super::bad;
use crate::db::Backend;
use crate::db::dialect::{self, exprs};
use crate::error::Result;
use crate::query::cast;
use crate::schema::{FieldInfo, FieldType};
use sea_query::{Cond, Condition, Expr, ExprTrait, Func, LikeExpr, SimpleExpr};
use serde_json::Value;

/// `"true"`, `"false"`, `"null"` in filter values mean the JSON literals (query strings can't
/// carry types).
pub(super) fn coerce(v: &Value) -> Value {
    match v {
        Value::String(s) if s == "true" => Value::Bool(true),
        Value::String(s) if s == "false" => Value::Bool(false),
        Value::String(s) if s == "null" || s == "NULL" => Value::Null,
        other => other.clone(),
    }
}

/// Operators of text fields.
pub const STRING_OPS: &[&str] = &[
    "_contains",
    "_ncontains",
    "_icontains",
    "_starts_with",
    "_nstarts_with",
    "_istarts_with",
    "_nistarts_with",
    "_ends_with",
    "_nends_with",
    "_iends_with",
    "_niends_with",
    "_eq",
    "_neq",
    "_ieq",
    "_nieq",
    "_empty",
    "_nempty",
    "_null",
    "_nnull",
    "_in",
    "_nin",
];
const ORDERED_OPS: &[&str] = &[
    "_eq",
    "_neq",
    "_lt",
    "_lte",
    "_gt",
    "_gte",
    "_between",
    "_nbetween",
    "_null",
    "_nnull",
    "_in",
    "_nin",
];
const KEY_OPS: &[&str] = &["_eq", "_neq", "_null", "_nnull", "_in", "_nin"];
const BOOL_OPS: &[&str] = &["_eq", "_neq", "_null", "_nnull"];
const NULL_OPS: &[&str] = &["_empty", "_nempty", "_null", "_nnull"];
const GEOMETRY_OPS: &[&str] = &[
    "_eq",
    "_neq",
    "_null",
    "_nnull",
    "_intersects",
    "_nintersects",
    "_intersects_bbox",
    "_nintersects_bbox",
];

fn allowed_ops(t: FieldType, concealed: bool) -> Option<&'static [&'static str]> {
    use FieldType as T;
    if concealed {
        return Some(NULL_OPS);
    }
    match t {
        T::String | T::Text | T::Csv | T::Binary => Some(STRING_OPS),
        T::Integer
        | T::BigInteger
        | T::Float
        | T::Decimal
        | T::Date
        | T::DateTime
        | T::Time
        | T::Timestamp => Some(ORDERED_OPS),
        T::Uuid => Some(KEY_OPS),
        T::Boolean => Some(BOOL_OPS),
        T::Json => Some(&["_null", "_nnull"]),
        T::Hash => Some(NULL_OPS),
        T::Geometry(_) => Some(GEOMETRY_OPS),
        _ => None,
    }
}

pub(super) fn operator(
    col: SimpleExpr,
    t: FieldType,
    op: &str,
    raw: &Value,
    field: Option<&FieldInfo>,
) -> Result<Condition> {
    let concealed = field.is_some_and(|f| f.special.iter().any(|s| s == "conceal"));
    if let Some(allowed) = allowed_ops(t, concealed)
        && !allowed.contains(&op)
    {
        return Err(bad(format!(
            "\"{t}\" field type does not contain the \"{op}\" filter operator"
        )));
    }
    let v = coerce(raw);
    let param = |v: &Value| -> Result<SimpleExpr> {
        if let Value::String(s) = v
            && s.is_empty()
        {
            return Err(bad(format!(
                "You can't filter for an empty string in \"{op}\". Use \"_empty\" or \"_nempty\" instead"
            )));
        }
        match field {
            // A value of the wrong type in a filter is a bad query, not a bad payload.
            Some(f) => {
                Ok(Expr::val(cast::input(f, v).map_err(|e| {
                    bad(e.message.trim_end_matches('.').to_string())
                })?))
            }
            // Function results are integers; query strings carry them as text.
            None => Ok(match v {
                Value::String(s) if t.is_numeric() => match s.trim().parse::<i64>() {
                    Ok(n) => Expr::val(n),
                    Err(_) => return Err(bad(format!("Invalid numeric value \"{s}\""))),
                },
                other => Expr::val(crate::db::values::to_sea(other)),
            }),
        }
    };
    let list = |v: &Value| -> Result<Vec<SimpleExpr>> {
        let items: Vec<Value> = match v {
            Value::Array(a) => a.clone(),
            Value::String(s) => s
                .split(',')
                .map(|p| Value::from(p.trim().to_string()))
                .collect(),
            other => vec![other.clone()],
        };
        if items.is_empty() {
            return Err(bad(format!("\"{op}\" has to be an array of values")));
        }
        items.iter().map(|i| param(&coerce(i))).collect()
    };
    let flag = |v: &Value| -> Result<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Null => Ok(true),
            Value::String(s) if s.is_empty() => Ok(true),
            _ => Err(bad(format!("\"{op}\" has to be a boolean"))),
        }
    };
    let text = |v: &Value| -> Result<String> {
        match v {
            Value::String(s) if !s.is_empty() => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(bad(format!("\"{op}\" has to be a non-empty string"))),
        }
    };
    let like = |pattern: String, insensitive: bool| -> SimpleExpr {
        let like = LikeExpr::new(pattern).escape('\\');
        if insensitive {
            Expr::from(Func::lower(col.clone())).like(like)
        } else {
            Expr::expr(col.clone()).like(like)
        }
    };
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    };
    let c = Expr::expr(col.clone());
    let cond: SimpleExpr = match op {
        "_eq" if Value::is_null(&v) => c.is_null(),
        "_neq" if Value::is_null(&v) => c.is_not_null(),
        "_eq" => c.eq(param(&v)?),
        "_neq" => c.ne(param(&v)?),
        "_ieq" => Expr::from(Func::lower(col.clone())).eq(text(&v)?.to_lowercase()),
        "_nieq" => Expr::from(Func::lower(col.clone())).ne(text(&v)?.to_lowercase()),
        "_lt" => c.lt(param(&v)?),
        "_lte" => c.lte(param(&v)?),
        "_gt" => c.gt(param(&v)?),
        "_gte" => c.gte(param(&v)?),
        "_in" => c.is_in(list(&v)?),
        "_nin" => c.is_not_in(list(&v)?),
        "_null" => {
            if flag(&v)? {
                c.is_null()
            } else {
                c.is_not_null()
            }
        }
        "_nnull" => {
            if flag(&v)? {
                c.is_not_null()
            } else {
                c.is_null()
            }
        }
        "_empty" | "_nempty" => {
            let empty = Expr::expr(col.clone())
                .is_null()
                .or(Expr::expr(col.clone()).eq(""));
            if (op == "_empty") == flag(&v)? {
                empty
            } else {
                empty.not()
            }
        }
        "_between" | "_nbetween" => {
            let bounds = list(&v)?;
            let [lo, hi] = <[SimpleExpr; 2]>::try_from(bounds)
                .map_err(|_| bad(format!("\"{op}\" has to be an array of two values")))?;
            if op == "_between" {
                c.between(lo, hi)
            } else {
                c.not_between(lo, hi)
            }
        }
        "_contains" => like(format!("%{}%", esc(&text(&v)?)), false),
        "_ncontains" => like(format!("%{}%", esc(&text(&v)?)), false).not(),
        "_icontains" => like(format!("%{}%", esc(&text(&v)?.to_lowercase())), true),
        "_nicontains" => like(format!("%{}%", esc(&text(&v)?.to_lowercase())), true).not(),
        "_starts_with" => like(format!("{}%", esc(&text(&v)?)), false),
        "_nstarts_with" => like(format!("{}%", esc(&text(&v)?)), false).not(),
        "_istarts_with" => like(format!("{}%", esc(&text(&v)?.to_lowercase())), true),
        "_nistarts_with" => like(format!("{}%", esc(&text(&v)?.to_lowercase())), true).not(),
        "_ends_with" => like(format!("%{}", esc(&text(&v)?)), false),
        "_nends_with" => like(format!("%{}", esc(&text(&v)?)), false).not(),
        "_iends_with" => like(format!("%{}", esc(&text(&v)?.to_lowercase())), true),
        "_niends_with" => like(format!("%{}", esc(&text(&v)?.to_lowercase())), true).not(),
        "_regex" | "_submitted" => {
            return Err(bad(format!(
                "\"{op}\" can only be used in validation rules"
            )));
        }
        other => return Err(bad(format!("Unknown filter operator \"{other}\""))),
    };
    Ok(Cond::all().add(cond))
}

/// An operator on a geometry field: the intersection tests, and equality of geometries (not of
/// their text); null checks as for any field. Values are GeoJSON objects or JSON strings.
pub(super) fn geometry(
    backend: Backend,
    col: Expr,
    op: &str,
    raw: &Value,
    field: &FieldInfo,
) -> Result<Condition> {
    let geojson = || -> Result<sea_query::Value> {
        match dialect::geometry::canonical(raw) {
            Some(text) => Ok(sea_query::Value::String(Some(text))),
            None => Err(bad(format!("\"{op}\" has to be a GeoJSON geometry"))),
        }
    };
    let cond = match op {
        "_intersects" | "_nintersects" | "_intersects_bbox" | "_nintersects_bbox" => {
            let test = exprs::geometry_intersects(backend, col, geojson()?, op.ends_with("_bbox"));
            if op.starts_with("_n") {
                test.not()
            } else {
                test
            }
        }
        "_eq" | "_neq" if !Value::is_null(&coerce(raw)) => {
            let value = exprs::geometry_value(backend, geojson()?);
            let same = match backend {
                Backend::Postgres => Expr::cust_with_exprs("ST_Equals($1, $2)", [col, value]),
                Backend::MySql => Expr::cust_with_exprs("ST_Equals(?, ?)", [col, value]),
                // Stored and compared in one canonical GeoJSON text.
                Backend::Sqlite => col.eq(value),
            };
            if op == "_eq" { same } else { same.not() }
        }
        _ => return operator(col, field.field_type, op, raw, Some(field)),
    };
    Ok(Cond::all().add(cond))
}

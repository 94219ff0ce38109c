//! Filters (spec §8) compiled to SQL conditions: operators checked against field types, values
//! cast per type, relational filters as `IN (subquery)` so each level stays one statement.

use super::cast;
use super::functions::{self, FieldRef};
use crate::db::Backend;
use crate::error::{Error, Result};
use crate::schema::{FieldInfo, FieldType, Relation, SchemaOverview};
use sea_query::{Cond, Condition, Expr, ExprTrait, Func, LikeExpr, Query, SimpleExpr};
use serde_json::{Map, Value};

pub struct FilterCtx<'a> {
    pub schema: &'a SchemaOverview,
    pub backend: Backend,
}

fn bad(reason: impl Into<String>) -> Error {
    Error::invalid_query(reason)
}

/// The field named in `collection` or a 403 like Directus (unknown fields are "forbidden").
pub fn field_or_forbidden<'s>(
    schema: &'s SchemaOverview,
    collection: &str,
    field: &str,
) -> Result<&'s FieldInfo> {
    schema
        .field(collection, field)
        .ok_or_else(|| super::ast::forbidden_field(field, collection))
}

/// `filter` on rows of `collection`.
pub fn compile(ctx: &FilterCtx, collection: &str, filter: &Value) -> Result<Condition> {
    let Value::Object(map) = filter else {
        return Err(bad("\"filter\" must be of type object"));
    };
    let mut all = Cond::all();
    for (key, value) in map {
        all = all.add(compile_key(ctx, collection, key, value)?);
    }
    Ok(all)
}

fn compile_key(ctx: &FilterCtx, collection: &str, key: &str, value: &Value) -> Result<Condition> {
    if key == "_and" || key == "_or" {
        let Value::Array(items) = value else {
            return Err(bad(format!("\"{key}\" must be an array")));
        };
        let mut cond = if key == "_and" {
            Cond::all()
        } else {
            Cond::any()
        };
        for item in items {
            cond = cond.add(compile(ctx, collection, item)?);
        }
        return Ok(cond);
    }
    if let Some((func, inner)) = functions::parse_call(key) {
        let field = field_or_forbidden(ctx.schema, collection, inner)?;
        let expr = functions::expr(ctx, func, FieldRef { collection, field })?;
        let ops = operators(value)?;
        let mut all = Cond::all();
        for (op, v) in ops {
            all = all.add(operator(expr.clone(), FieldType::Integer, &op, &v, None)?);
        }
        return Ok(all);
    }
    if let Some((name, scope)) = key.split_once(':') {
        return compile_scoped(ctx, collection, name, scope, value);
    }
    let field = field_or_forbidden(ctx.schema, collection, key)?;
    match ctx.schema.relation_for(collection, key) {
        Some(Relation::M2O {
            related_collection,
            related_field,
        }) if is_nested_filter(value) => {
            let sub = Query::select()
                .expr(super::col(&related_collection, &related_field))
                .from(super::tbl(&related_collection))
                .cond_where(compile(ctx, &related_collection, value)?)
                .to_owned();
            Ok(Cond::all().add(super::col(collection, key).in_subquery(sub)))
        }
        Some(rel @ (Relation::O2M { .. } | Relation::M2M { .. } | Relation::M2A { .. })) => {
            let (many, many_field) = match rel {
                Relation::O2M {
                    related_collection,
                    related_field,
                    ..
                } => (related_collection, related_field),
                Relation::M2M {
                    junction_collection,
                    junction_field,
                    ..
                }
                | Relation::M2A {
                    junction_collection,
                    junction_field,
                    ..
                } => (junction_collection, junction_field),
                _ => unreachable_relation()?,
            };
            let Value::Object(map) = value else {
                return Err(bad(format!(
                    "Invalid filter for relational field \"{key}\""
                )));
            };
            let (negate, inner) = match (map.get("_some"), map.get("_none")) {
                (Some(f), None) => (false, f),
                (None, Some(f)) => (true, f),
                _ => (false, value),
            };
            let pk = primary_key(ctx, collection)?;
            let sub = Query::select()
                .expr(super::col(&many, &many_field))
                .from(super::tbl(&many))
                .and_where(super::col(&many, &many_field).is_not_null())
                .cond_where(compile(ctx, &many, inner)?)
                .to_owned();
            let col = super::col(collection, &pk);
            Ok(Cond::all().add(if negate {
                col.not_in_subquery(sub)
            } else {
                col.in_subquery(sub)
            }))
        }
        _ if field.field_type == FieldType::Json => {
            let mut all = Cond::all();
            for (op, v) in operators(value)? {
                all = all.add(match op.as_str() {
                    "_json" => json_filter(ctx, collection, key, &v)?,
                    _ => operator(
                        super::col(collection, key),
                        field.field_type,
                        &op,
                        &v,
                        Some(field),
                    )?,
                });
            }
            Ok(all)
        }
        _ => {
            let mut all = Cond::all();
            for (op, v) in operators(value)? {
                all = all.add(operator(
                    super::col(collection, key),
                    field.field_type,
                    &op,
                    &v,
                    Some(field),
                )?);
            }
            Ok(all)
        }
    }
}

/// `item:headings` on an m2a junction: rows whose item is a `headings` row matching `value`.
fn compile_scoped(
    ctx: &FilterCtx,
    collection: &str,
    name: &str,
    scope: &str,
    value: &Value,
) -> Result<Condition> {
    let Some(Relation::A2O {
        collection_field,
        allowed_collections,
    }) = ctx.schema.relation_for(collection, name)
    else {
        return Err(super::ast::forbidden_field(
            &format!("{name}:{scope}"),
            collection,
        ));
    };
    if !allowed_collections.iter().any(|c| c == scope) {
        return Err(super::ast::forbidden_collection(scope));
    }
    let pk = primary_key(ctx, scope)?;
    // Item keys are stored as text whatever the key type of the target collection.
    let sub = Query::select()
        .expr(super::as_text(ctx.backend, super::col(scope, &pk)))
        .from(super::tbl(scope))
        .cond_where(compile(ctx, scope, value)?)
        .to_owned();
    Ok(Cond::all()
        .add(super::col(collection, &collection_field).eq(scope))
        .add(super::col(collection, name).in_subquery(sub)))
}

/// `{"_json": {"a.b[0]": {"_eq": 1}, "_or": [...]}}`: conditions on values inside a json
/// column; the path is bound as a parameter, never spliced into the SQL.
fn json_filter(ctx: &FilterCtx, collection: &str, column: &str, spec: &Value) -> Result<Condition> {
    let Value::Object(paths) = spec else {
        return Err(bad("\"_json\" has to be an object of paths"));
    };
    let mut all = Cond::all();
    for (path, ops) in paths {
        if path == "_and" || path == "_or" {
            let Value::Array(items) = ops else {
                return Err(bad(format!("\"{path}\" must be an array")));
            };
            let mut group = if path == "_and" {
                Cond::all()
            } else {
                Cond::any()
            };
            for item in items {
                group = group.add(json_filter(ctx, collection, column, item)?);
            }
            all = all.add(group);
            continue;
        }
        let segments = json_path(path)?;
        for (op, v) in operators(ops)? {
            let numeric = matches!(coerce(&v), Value::Number(_))
                || matches!(&v, Value::Array(a) if a.iter().all(Value::is_number));
            let expr = json_extract(
                ctx.backend,
                super::col(collection, column),
                &segments,
                numeric,
            );
            let t = if numeric {
                FieldType::Float
            } else {
                FieldType::String
            };
            all = all.add(operator(expr, t, &op, &v, None)?);
        }
    }
    Ok(all)
}

/// `a.b[0]` → `["a", "b", "0"]` (no wildcards, as in Directus).
fn json_path(path: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part
            .split_once('[')
            .map(|(n, r)| (n, Some(r)))
            .unwrap_or((part, None));
        if !name.is_empty() {
            out.push(name.to_string());
        }
        if let Some(rest) = rest {
            for index in rest.split('[') {
                let index = index.trim_end_matches(']');
                if index.parse::<usize>().is_err() {
                    return Err(bad(format!("Invalid JSON path \"{path}\"")));
                }
                out.push(index.to_string());
            }
        }
    }
    if out.is_empty() || out.iter().any(|s| s.contains(['*', '$', '"', '\''])) {
        return Err(bad(format!("Invalid JSON path \"{path}\"")));
    }
    Ok(out)
}

/// The value at `segments` of a json column, as text (or a number when `numeric`).
fn json_extract(backend: Backend, column: Expr, segments: &[String], numeric: bool) -> Expr {
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

fn unreachable_relation<T>() -> Result<T> {
    Err(Error::internal(
        "relation kind changed while compiling a filter",
    ))
}

fn primary_key(ctx: &FilterCtx, collection: &str) -> Result<String> {
    ctx.schema
        .collection(collection)
        .map(|c| c.primary_key.clone())
        .ok_or_else(|| super::ast::forbidden_collection(collection))
}

/// `{"_eq": 1}` is operators; `{"name": {...}}` is a filter on the related collection.
fn is_nested_filter(value: &Value) -> bool {
    match value {
        Value::Object(m) => m
            .keys()
            .any(|k| !k.starts_with('_') || k == "_and" || k == "_or"),
        _ => false,
    }
}

/// `{"_op": v, ...}` pairs; a bare value means `_eq`.
fn operators(value: &Value) -> Result<Vec<(String, Value)>> {
    match value {
        Value::Object(m) => {
            if m.is_empty() {
                return Err(bad("Filter object can't be empty"));
            }
            Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        }
        other => Ok(vec![("_eq".to_string(), other.clone())]),
    }
}

/// `"true"`, `"false"`, `"null"` in filter values mean the JSON literals (query strings can't
/// carry types).
fn coerce(v: &Value) -> Value {
    match v {
        Value::String(s) if s == "true" => Value::Bool(true),
        Value::String(s) if s == "false" => Value::Bool(false),
        Value::String(s) if s == "null" || s == "NULL" => Value::Null,
        other => other.clone(),
    }
}

const STRING_OPS: &[&str] = &[
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
        _ => None,
    }
}

fn operator(
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

/// Replaces `$NOW`, `$NOW(±n unit)`, `$CURRENT_USER`, `$CURRENT_ROLE`, `$CURRENT_ROLES`,
/// `$CURRENT_POLICIES` in filter values.
pub fn resolve_variables(filter: &Value, acc: &crate::auth::Accountability) -> Value {
    match filter {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve_variables(v, acc)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve_variables(v, acc)).collect()),
        Value::String(s) if s.starts_with('$') => {
            functions::variable(s, acc).unwrap_or_else(|| filter.clone())
        }
        other => other.clone(),
    }
}

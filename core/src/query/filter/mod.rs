//! Filters (spec §8) compiled to SQL conditions: operators checked against field types, values
//! cast per type, relational filters as `IN (subquery)` so each level stays one statement.

use super::functions::{self, FieldRef};
use crate::db::Backend;
use crate::error::{Error, Result};
use crate::schema::{FieldInfo, FieldType, Relation, SchemaOverview};
mod json;
mod operators;

use json::json_filter;
pub use operators::STRING_OPS;
use operators::coerce;
use operators::operator;
use sea_query::{Cond, Condition, Expr, ExprTrait, Query};
use serde_json::{Map, Value};
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct FilterCtx<'a> {
    pub schema: &'a SchemaOverview,
    pub backend: Backend,
    /// The caller's permissions (see `query::permitted`); `None` for administrators and for
    /// the permission rules themselves.
    pub access: Option<&'a crate::permissions::Access>,
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
        let field = ctx.readable(collection, inner)?;
        let expr = functions::expr(ctx, func, FieldRef { collection, field })?;
        let expr = ctx.masked(collection, inner, expr)?;
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
    let field = ctx.readable(collection, key)?;
    match ctx.schema.relation_for(collection, key) {
        Some(Relation::M2O {
            related_collection,
            related_field,
        }) if is_nested_filter(value) => {
            let inner = permitted(
                ctx,
                &related_collection,
                compile(ctx, &related_collection, value)?,
            )?;
            let sub = Query::select()
                .expr(super::col(&related_collection, &related_field))
                .from(super::tbl(&related_collection))
                .cond_where(inner.clone())
                .to_owned();
            let fk = ctx.masked(collection, key, super::col(collection, key))?;
            let matched = fk.clone().in_subquery(sub);
            if !may_match_nulls(value) {
                return Ok(Cond::all().add(matched));
            }
            // Directus joins m2o paths (LEFT JOIN): an item without a related one is compared
            // as a related row of NULLs. That row is the one a join on a false condition gives.
            let null_row = Query::select()
                .expr(Expr::val(1))
                .from_subquery(
                    Query::select().expr_as(Expr::val(1), "one").to_owned(),
                    "__strata_d",
                )
                .left_join(super::tbl(&related_collection), Expr::cust("1 = 0"))
                .cond_where(inner)
                .to_owned();
            Ok(Cond::any()
                .add(matched)
                .add(fk.is_null().and(Expr::exists(null_row))))
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
                .cond_where(permitted(ctx, &many, compile(ctx, &many, inner)?)?)
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
                        ctx.masked(collection, key, super::col(collection, key))?,
                        field.field_type,
                        &op,
                        &v,
                        Some(field),
                    )?,
                });
            }
            Ok(all)
        }
        _ if matches!(field.field_type, FieldType::Geometry(_)) => {
            let mut all = Cond::all();
            for (op, v) in operators(value)? {
                let column = ctx.masked(collection, key, super::col(collection, key))?;
                all = all.add(operators::geometry(ctx.backend, column, &op, &v, field)?);
            }
            Ok(all)
        }
        _ => {
            let mut all = Cond::all();
            for (op, v) in operators(value)? {
                all = all.add(operator(
                    ctx.masked(
                        collection,
                        key,
                        compared_column(ctx.backend, collection, field),
                    )?,
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

/// The column as filters compare it. On SQLite a timestamp may be stored as epoch milliseconds
/// (what Directus and Strata write) or as ISO text (what other tools write): both read as
/// milliseconds, the form comparison values are bound in.
fn compared_column(backend: Backend, collection: &str, field: &FieldInfo) -> Expr {
    let col = super::col(collection, &field.name);
    if field.field_type == FieldType::Timestamp {
        crate::db::dialect::exprs::timestamp_ms(backend, col)
    } else {
        col
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
        .expr(crate::db::dialect::exprs::as_text(
            ctx.backend,
            super::col(scope, &pk),
        ))
        .from(super::tbl(scope))
        .cond_where(permitted(ctx, scope, compile(ctx, scope, value)?)?)
        .to_owned();
    Ok(Cond::all()
        .add(super::col(collection, &collection_field).eq(scope))
        .add(super::col(collection, name).in_subquery(sub)))
}

/// `cond` restricted to the rows of `collection` the caller may read: a relational filter
/// cannot reveal related items the caller cannot see.
fn permitted(ctx: &FilterCtx, collection: &str, cond: Condition) -> Result<Condition> {
    Ok(match ctx.permitted_rows(collection)? {
        Some(rows) => Cond::all().add(cond).add(rows),
        None => cond,
    })
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

/// Whether a filter can hold for a row of NULLs: only null-aware operators (and relational
/// counts, which are 0 there) can; every other comparison with NULL is not true.
fn may_match_nulls(filter: &Value) -> bool {
    match filter {
        Value::Object(map) => map.iter().any(|(k, v)| {
            matches!(
                k.as_str(),
                "_null" | "_nnull" | "_empty" | "_nempty" | "_none"
            ) || k.starts_with("count(")
                || (matches!(k.as_str(), "_eq" | "_neq") && Value::is_null(&coerce(v)))
                || may_match_nulls(v)
        }),
        Value::Array(items) => items.iter().any(may_match_nulls),
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

/// Replaces `$NOW`, `$NOW(±n unit)`, `$CURRENT_USER`, `$CURRENT_ROLE`, `$CURRENT_ROLES`,
/// `$CURRENT_POLICIES` in filter values.
pub fn resolve_variables(
    filter: &Value,
    acc: &crate::auth::Accountability,
    known: &HashMap<String, Value>,
) -> Value {
    match filter {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve_variables(v, acc, known)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(a) => {
            Value::Array(a.iter().map(|v| resolve_variables(v, acc, known)).collect())
        }
        Value::String(s) if s.starts_with('$') => known
            .get(s)
            .cloned()
            .or_else(|| functions::variable(s, acc))
            .unwrap_or_else(|| filter.clone()),
        other => other.clone(),
    }
}

/// `$CURRENT_USER.<path>` and `$CURRENT_ROLE.<path>` in a filter: (variable, collection, path).
pub fn variable_paths(filter: &Value, out: &mut Vec<(String, &'static str, String)>) {
    match filter {
        Value::Object(m) => m.values().for_each(|v| variable_paths(v, out)),
        Value::Array(a) => a.iter().for_each(|v| variable_paths(v, out)),
        Value::String(s) => {
            let target = s
                .strip_prefix("$CURRENT_USER.")
                .map(|p| ("directus_users", p))
                .or_else(|| {
                    s.strip_prefix("$CURRENT_ROLE.")
                        .map(|p| ("directus_roles", p))
                });
            if let Some((collection, path)) = target
                && !out.iter().any(|(v, _, _)| v == s)
            {
                out.push((s.clone(), collection, path.to_string()));
            }
        }
        _ => {}
    }
}

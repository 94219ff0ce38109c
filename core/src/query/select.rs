//! SQL for one level of a read: columns, filter, search, sort, limit — and the per-parent limit
//! of nested o2m levels (a `ROW_NUMBER()` window, so a level is still one statement).

use super::ast::{ChildKind, LevelQuery, Node, Output};
use super::filter::{self, FilterCtx};
use super::{cast, functions};
use crate::error::{Error, Result};
use crate::schema::{FieldType, Relation};
use sea_query::{
    Alias, Asterisk, Cond, Condition, Expr, ExprTrait, Func, Order, Query, SelectStatement,
    WindowStatement,
};
use serde_json::Value;

pub const ROW_NUMBER: &str = "__strata_rn";

/// The restriction of a nested level to its parents' keys.
pub struct Scope<'a> {
    pub field: &'a str,
    pub keys: &'a [Value],
    /// Limit and offset apply per parent (o2m) rather than to the whole level (m2o).
    pub per_parent: bool,
}

/// Columns a level must read: what it outputs, its key, and the keys its children follow.
fn columns(ctx: &FilterCtx, node: &Node, scope: Option<&Scope>) -> Result<Vec<String>> {
    let info = ctx
        .schema
        .collection(&node.collection)
        .ok_or_else(|| super::ast::forbidden_collection(&node.collection))?;
    let mut cols = vec![info.primary_key.clone()];
    let mut add = |c: &str| {
        if !cols.iter().any(|x| x == c) {
            cols.push(c.to_string());
        }
    };
    for o in &node.outputs {
        if let Output::Column { field, .. } = o {
            add(field);
        }
    }
    for child in &node.children {
        match &child.kind {
            ChildKind::M2O { .. } => add(&child.field),
            ChildKind::A2O {
                collection_field, ..
            } => {
                add(&child.field);
                add(collection_field);
            }
            ChildKind::O2M { .. } => {}
        }
    }
    if let Some(scope) = scope {
        add(scope.field);
    }
    Ok(cols)
}

/// One stored field as it is decoded: the column, or for geometry its GeoJSON text.
pub fn column_expr(
    backend: crate::db::Backend,
    collection: &str,
    field: &crate::schema::FieldInfo,
) -> Expr {
    let column = super::col(collection, &field.name);
    match field.field_type {
        FieldType::Geometry(_) => crate::db::dialect::exprs::geometry_read(backend, column),
        _ => column,
    }
}

/// Selects one stored field under its own name (see `column_expr`).
pub fn read_column(
    q: &mut SelectStatement,
    backend: crate::db::Backend,
    collection: &str,
    field: &crate::schema::FieldInfo,
) {
    q.expr_as(
        column_expr(backend, collection, field),
        Alias::new(field.name.as_str()),
    );
}

/// The condition of `q` (filter and search) on `collection`.
pub fn condition(ctx: &FilterCtx, collection: &str, q: &LevelQuery) -> Result<Condition> {
    let mut cond = Cond::all();
    if let Some(f) = &q.filter {
        cond = cond.add(filter::compile(ctx, collection, f)?);
    }
    if let Some(term) = q.search.as_deref().filter(|s| !s.is_empty()) {
        cond = cond.add(search(ctx, collection, term)?);
    }
    if let Some(rows) = ctx.permitted_rows(collection)? {
        cond = cond.add(rows);
    }
    Ok(cond)
}

/// `search`: any searchable text field contains it, or a numeric / uuid field equals it.
fn search(ctx: &FilterCtx, collection: &str, term: &str) -> Result<Condition> {
    let info = ctx
        .schema
        .collection(collection)
        .ok_or_else(|| super::ast::forbidden_collection(collection))?;
    let mut any = Cond::any();
    let pattern = format!(
        "%{}%",
        term.to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    for f in info
        .fields
        .iter()
        .filter(|f| f.searchable && !f.alias && !f.special.iter().any(|s| s == "conceal"))
        .filter(|f| ctx.may_read(collection, &f.name))
    {
        let col = ctx.masked(collection, &f.name, super::col(collection, &f.name))?;
        match f.field_type {
            FieldType::String | FieldType::Text => {
                any = any.add(
                    Expr::expr(Func::lower(col))
                        .like(sea_query::LikeExpr::new(pattern.clone()).escape('\\')),
                );
            }
            t if t.is_numeric() => {
                if let Ok(v) = cast::input(f, &Value::from(term)) {
                    any = any.add(col.eq(v));
                }
            }
            FieldType::Uuid => {
                if let Ok(u) = uuid::Uuid::parse_str(term) {
                    any = any.add(col.eq(sea_query::Value::Uuid(Some(u))));
                }
            }
            _ => {}
        }
    }
    // No searchable field: nothing matches.
    Ok(if any.is_empty() {
        Cond::all().add(Expr::val(1).eq(0))
    } else {
        any
    })
}

/// ORDER BY terms for `sort` (`-` = descending; m2o paths and functions allowed).
pub fn sort_terms(
    ctx: &FilterCtx,
    collection: &str,
    sort: &[String],
) -> Result<Vec<(Expr, Order)>> {
    let mut out = Vec::new();
    for s in sort {
        let (key, order) = match s.strip_prefix('-') {
            Some(k) => (k, Order::Desc),
            None => (s.as_str(), Order::Asc),
        };
        out.push((sort_expr(ctx, collection, key)?, order));
    }
    Ok(out)
}

fn sort_expr(ctx: &FilterCtx, collection: &str, key: &str) -> Result<Expr> {
    sort_expr_at(ctx, collection, Alias::new(collection), key, 0)
}

/// `key` on rows of `collection` known in the statement as `table`.
fn sort_expr_at(
    ctx: &FilterCtx,
    collection: &str,
    table: Alias,
    key: &str,
    depth: usize,
) -> Result<Expr> {
    if let Some((func, inner)) = functions::parse_call(key) {
        let field = ctx.readable(collection, inner)?;
        let e = functions::expr(ctx, func, functions::FieldRef { collection, field })?;
        return ctx.masked(collection, inner, e);
    }
    match key.split_once('.') {
        None => {
            ctx.readable(collection, key)?;
            ctx.masked(collection, key, Expr::col((table, Alias::new(key))))
        }
        Some((head, rest)) => match ctx.schema.relation_for(collection, head) {
            // Sorting on a related value: a correlated subquery reads it per row.
            Some(Relation::M2O {
                related_collection,
                related_field,
            }) => {
                ctx.readable(collection, head)?;
                let alias = Alias::new(format!("__strata_s{depth}"));
                let inner = sort_expr_at(ctx, &related_collection, alias.clone(), rest, depth + 1)?;
                let sub = Query::select()
                    .expr(inner)
                    .from_as(super::tbl(&related_collection), alias.clone())
                    .and_where(
                        Expr::col((alias, Alias::new(related_field.as_str())))
                            .equals((table, Alias::new(head))),
                    )
                    .limit(1)
                    .to_owned();
                Ok(Expr::SubQuery(None, Box::new(sub.into())))
            }
            _ => Err(super::ast::forbidden_field(head, collection)),
        },
    }
}

/// The default order: the collection's manual sort field, else its primary key.
pub fn default_sort(ctx: &FilterCtx, collection: &str, relation_sort: Option<&str>) -> Vec<String> {
    let info = ctx.schema.collection(collection);
    let field = relation_sort
        .map(str::to_string)
        .or_else(|| info.and_then(|c| c.sort_field.clone()))
        .or_else(|| info.map(|c| c.primary_key.clone()));
    field.into_iter().collect()
}

/// The SELECT for one level.
pub fn level(
    ctx: &FilterCtx,
    node: &Node,
    scope: Option<&Scope>,
    default_limit: i64,
    relation_sort: Option<&str>,
) -> Result<SelectStatement> {
    let collection = node.collection.as_str();
    let info = ctx
        .schema
        .collection(collection)
        .ok_or_else(|| super::ast::forbidden_collection(collection))?;
    let mut q = Query::select();
    for c in columns(ctx, node, scope)? {
        let field = filter::field_or_forbidden(ctx.schema, collection, &c)?;
        if c == info.primary_key {
            // Keys tie levels together; the key field's own mask applies to outputs only.
            read_column(&mut q, ctx.backend, collection, field);
            continue;
        }
        let value = column_expr(ctx.backend, collection, field);
        q.expr_as(ctx.masked(collection, &c, value)?, Alias::new(c.as_str()));
    }
    for o in &node.outputs {
        if let Output::Function { key, func, field } = o {
            let f = ctx.readable(collection, field)?;
            let e = functions::expr(
                ctx,
                func,
                functions::FieldRef {
                    collection,
                    field: f,
                },
            )?;
            q.expr_as(ctx.masked(collection, field, e)?, Alias::new(key.clone()));
        }
    }
    q.from(super::tbl(collection))
        .cond_where(condition(ctx, collection, &node.query)?);
    if let Some(scope) = scope {
        let field = filter::field_or_forbidden(ctx.schema, collection, scope.field)?;
        let keys = scope
            .keys
            .iter()
            .map(|k| cast::input(field, k))
            .collect::<Result<Vec<_>>>()?;
        q.and_where(crate::db::dialect::exprs::key_list(
            ctx.backend,
            super::col(collection, scope.field),
            keys,
        ));
    }
    let sort = if node.query.sort.is_empty() {
        default_sort(ctx, collection, relation_sort)
    } else {
        node.query.sort.clone()
    };
    let terms = sort_terms(ctx, collection, &sort)?;
    let limit = node.query.limit.unwrap_or(default_limit);
    match scope {
        Some(scope) if scope.per_parent && limit >= 0 => {
            let mut window =
                WindowStatement::partition_by((super::tbl(collection), Alias::new(scope.field)));
            for (e, o) in &terms {
                window.order_by_expr(e.clone(), o.clone());
            }
            window.order_by(
                (
                    super::tbl(collection),
                    Alias::new(info.primary_key.as_str()),
                ),
                Order::Asc,
            );
            q.expr_window_as(Expr::cust("ROW_NUMBER()"), window, Alias::new(ROW_NUMBER));
            let offset = Ord::max(node.query.offset, 0);
            let outer = Query::select()
                .column(Asterisk)
                .from_subquery(q.to_owned(), Alias::new("__strata_w"))
                .and_where(Expr::col(Alias::new(ROW_NUMBER)).gt(offset))
                .and_where(Expr::col(Alias::new(ROW_NUMBER)).lte(offset + limit))
                .order_by(Alias::new(ROW_NUMBER), Order::Asc)
                .to_owned();
            Ok(outer)
        }
        _ => {
            for (e, o) in terms {
                q.order_by_expr(e, o);
            }
            if scope.is_none() {
                if limit >= 0 {
                    q.limit(limit as u64);
                }
                if node.query.offset > 0 {
                    if limit < 0 {
                        // MySQL needs a LIMIT with an OFFSET.
                        q.limit(u64::MAX / 2);
                    }
                    q.offset(node.query.offset as u64);
                }
            }
            Ok(q.to_owned())
        }
    }
}

pub fn bad_limit(limit: i64, max: i64) -> Error {
    Error::invalid_query(format!(
        "\"limit\" must be less than or equal to {max}, got {limit}"
    ))
}

//! `aggregate` with `groupBy`, and the counts behind `meta`.

use super::ast::LevelQuery;
use super::filter::FilterCtx;
use super::run::Reader;
use super::{cast, functions, select};
use crate::error::{Error, Result};
use crate::model::query::AggregateFn;
use sea_query::{Alias, Asterisk, Condition, Expr, Func, Query};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `COUNT(*)` of `collection` rows matching `cond`.
pub async fn count(r: &Reader<'_>, collection: &str, cond: Condition) -> Result<i64> {
    let q = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), Alias::new("count"))
        .from(super::tbl(collection))
        .cond_where(cond)
        .to_owned();
    let row = r.db.fetch_optional(&q).await?;
    Ok(row
        .and_then(|r| r.get("count").and_then(number))
        .map(|n| n as i64)
        .unwrap_or(0))
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn alias(func: AggregateFn, field: &str) -> String {
    if field == "*" {
        func.as_str().to_string()
    } else {
        format!("{}__{field}", func.as_str())
    }
}

fn agg_expr(ctx: &FilterCtx, collection: &str, func: AggregateFn, field: &str) -> Result<Expr> {
    let column = if field == "*" {
        None
    } else {
        ctx.readable(collection, field)?;
        Some(ctx.masked(collection, field, super::col(collection, field))?)
    };
    let col = || {
        column
            .clone()
            .unwrap_or_else(|| super::col(collection, field))
    };
    Ok(match (func, field) {
        (AggregateFn::Count | AggregateFn::CountAll, "*") => {
            Func::count(Expr::col(Asterisk)).into()
        }
        (_, "*") => {
            return Err(Error::invalid_query(format!(
                "\"{}\" needs a field, not \"*\"",
                func.as_str()
            )));
        }
        (AggregateFn::Count | AggregateFn::CountAll, _) => Func::count(col()).into(),
        (AggregateFn::CountDistinct, _) => Func::count_distinct(col()).into(),
        (AggregateFn::Sum, _) => Func::sum(col()).into(),
        (AggregateFn::SumDistinct, _) => {
            crate::db::dialect::exprs::wrap(ctx.backend, "SUM(DISTINCT $1)", col())
        }
        (AggregateFn::Avg, _) => Func::avg(col()).into(),
        (AggregateFn::AvgDistinct, _) => {
            crate::db::dialect::exprs::wrap(ctx.backend, "AVG(DISTINCT $1)", col())
        }
        (AggregateFn::Min, _) => Func::min(col()).into(),
        (AggregateFn::Max, _) => Func::max(col()).into(),
    })
}

/// Rows of `{group fields…, count: n | {field: n}, sum: {field: n}, …}`.
pub async fn aggregate(
    r: &Reader<'_>,
    collection: &str,
    aggregates: &BTreeMap<AggregateFn, Vec<String>>,
    group_by: &[String],
    level: &LevelQuery,
) -> Result<Vec<Value>> {
    let ctx = &r.ctx;
    let mut q = Query::select();
    q.from(super::tbl(collection))
        .cond_where(select::condition(ctx, collection, level)?);
    let mut group_keys = Vec::new();
    for g in group_by {
        let (expr, key) = match functions::parse_call(g) {
            Some((func, inner)) => {
                let field = ctx.readable(collection, inner)?;
                let e = functions::expr(ctx, func, functions::FieldRef { collection, field })?;
                (
                    ctx.masked(collection, inner, e)?,
                    functions::output_key(func, inner),
                )
            }
            None => {
                ctx.readable(collection, g)?;
                (
                    ctx.masked(collection, g, super::col(collection, g))?,
                    g.clone(),
                )
            }
        };
        q.expr_as(expr.clone(), Alias::new(key.clone()));
        q.add_group_by([expr]);
        group_keys.push((g.clone(), key));
    }
    let mut outputs = Vec::new();
    for (func, fields) in aggregates {
        let fields: Vec<String> = if fields.is_empty() {
            vec!["*".to_string()]
        } else {
            fields.clone()
        };
        for field in fields {
            let a = alias(*func, &field);
            q.expr_as(
                agg_expr(ctx, collection, *func, &field)?,
                Alias::new(a.clone()),
            );
            outputs.push((*func, field, a));
        }
    }
    if !group_by.is_empty() {
        let sort = if level.sort.is_empty() {
            vec![group_by[0].clone()]
        } else {
            level.sort.clone()
        };
        for term in &sort {
            let (key, order) = match term.strip_prefix('-') {
                Some(k) => (k, sea_query::Order::Desc),
                None => (term.as_str(), sea_query::Order::Asc),
            };
            // `count`, `sum.price`: an aggregate's output sorts by its column alias.
            let (func, field) = key.split_once('.').unwrap_or((key, "*"));
            match outputs
                .iter()
                .find(|(f, fld, _)| f.as_str() == func && fld == field)
            {
                Some((_, _, a)) => {
                    q.order_by_expr(Expr::col(Alias::new(a.clone())), order);
                }
                None => {
                    for (e, o) in select::sort_terms(ctx, collection, std::slice::from_ref(term))? {
                        q.order_by_expr(e, o);
                    }
                }
            }
        }
        let limit = level.limit.unwrap_or(r.default_limit);
        if limit >= 0 {
            q.limit(limit as u64);
        }
        if level.offset > 0 {
            q.offset(level.offset as u64);
        }
    }
    let rows = r.db.fetch_all(&q.to_owned()).await?;
    let info = ctx.schema.collection(collection);
    Ok(rows
        .into_iter()
        .map(|mut row| {
            let mut out = Map::new();
            for (g, key) in &group_keys {
                let v = row.remove(key).unwrap_or(Value::Null);
                let v = match info.and_then(|c| c.field(g)) {
                    Some(f) => cast::output(f, v, ctx.backend),
                    None => v,
                };
                out.insert(key.clone(), v);
            }
            for (func, field, a) in &outputs {
                let v = row.remove(a).unwrap_or(Value::Null);
                let v = number(&v)
                    .and_then(serde_json::Number::from_f64)
                    .map(|n| {
                        if n.as_f64()
                            .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                        {
                            Value::from(n.as_f64().unwrap_or(0.0) as i64)
                        } else {
                            Value::Number(n)
                        }
                    })
                    .unwrap_or(v);
                let name = func.as_str().to_string();
                if field == "*" {
                    out.insert(name, v);
                } else {
                    let entry = out.entry(name).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(m) = entry {
                        m.insert(field.clone(), v);
                    }
                }
            }
            Value::Object(out)
        })
        .collect())
}

//! Field functions (`year(date)`, `count(comments)`, …) as SQL per backend, and the dynamic
//! variables of filters (`$NOW`, `$CURRENT_USER`, …).

use super::filter::FilterCtx;
use crate::auth::Accountability;
use crate::db::dialect::exprs;
use crate::error::{Error, Result};
use crate::schema::{FieldInfo, FieldType, Relation};
use sea_query::{Alias, Expr, ExprTrait, Func, Query};
use serde_json::Value;

pub struct FieldRef<'a> {
    pub collection: &'a str,
    pub field: &'a FieldInfo,
}

const DATE_PARTS: &[&str] = &["year", "month", "week", "day", "weekday"];
const TIME_PARTS: &[&str] = &["hour", "minute", "second"];

/// `year(date_created)` → `("year", "date_created")`.
pub fn parse_call(key: &str) -> Option<(&str, &str)> {
    let (name, rest) = key.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()))
        .then_some((name, inner.trim()))
}

/// The output key Directus gives a function field: `date_created_year`, `comments_count`.
pub fn output_key(func: &str, field: &str) -> String {
    format!("{field}_{func}")
}

/// The SQL expression of `func(field)`.
pub fn expr(ctx: &FilterCtx, func: &str, target: FieldRef) -> Result<Expr> {
    let FieldRef { collection, field } = target;
    if func == "count" {
        return count_expr(ctx, collection, &field.name);
    }
    let allowed = match field.field_type {
        FieldType::Date => DATE_PARTS.contains(&func),
        FieldType::Time => TIME_PARTS.contains(&func),
        FieldType::DateTime | FieldType::Timestamp => {
            DATE_PARTS.contains(&func) || TIME_PARTS.contains(&func)
        }
        _ => false,
    };
    if !allowed {
        return Err(Error::invalid_query(format!(
            "Function \"{func}\" can't be used on field \"{}\" of type \"{}\"",
            field.name, field.field_type
        )));
    }
    let maybe_epoch = matches!(field.field_type, FieldType::Timestamp | FieldType::DateTime);
    Ok(exprs::date_part(
        ctx.backend,
        func,
        collection,
        &field.name,
        maybe_epoch,
    ))
}

/// `count(o2m)`: the number of related rows, as a correlated subquery.
fn count_expr(ctx: &FilterCtx, collection: &str, field: &str) -> Result<Expr> {
    let (many, many_field) = match ctx.schema.relation_for(collection, field) {
        Some(Relation::O2M {
            related_collection,
            related_field,
            ..
        }) => (related_collection, related_field),
        Some(Relation::M2M {
            junction_collection,
            junction_field,
            ..
        })
        | Some(Relation::M2A {
            junction_collection,
            junction_field,
            ..
        }) => (junction_collection, junction_field),
        _ => {
            return Err(Error::invalid_query(format!(
                "Function \"count\" can only be used on relational fields, not \"{field}\""
            )));
        }
    };
    let pk = ctx
        .schema
        .collection(collection)
        .map(|c| c.primary_key.clone())
        .unwrap_or_default();
    let alias = Alias::new(format!("{many}__count"));
    let mut sub = Query::select()
        .expr(Func::count(Expr::col(sea_query::Asterisk)))
        .from_as(super::tbl(&many), alias.clone())
        .and_where(
            Expr::col((alias.clone(), Alias::new(many_field.as_str())))
                .equals((super::tbl(collection), Alias::new(pk.as_str()))),
        )
        .to_owned();
    // Only the related rows the caller may read are counted.
    if let Some(rows) = ctx.permitted_rows(&many)? {
        let many_pk = ctx
            .schema
            .collection(&many)
            .map(|c| c.primary_key.clone())
            .unwrap_or_default();
        sub.and_where(
            Expr::col((alias, Alias::new(many_pk.as_str()))).in_subquery(
                Query::select()
                    .expr(super::col(&many, &many_pk))
                    .from(super::tbl(&many))
                    .cond_where(rows)
                    .to_owned(),
            ),
        );
    }
    Ok(Expr::SubQuery(None, Box::new(sub.into())))
}

/// A dynamic variable's value, or None for anything that is not one.
pub fn variable(s: &str, acc: &Accountability) -> Option<Value> {
    let id = |u: Option<uuid::Uuid>| u.map(|u| Value::from(u.to_string())).unwrap_or(Value::Null);
    match s {
        "$CURRENT_USER" => Some(id(acc.user)),
        "$CURRENT_ROLE" => Some(id(acc.role)),
        "$CURRENT_ROLES" => Some(Value::Array(
            acc.roles
                .iter()
                .map(|r| Value::from(r.to_string()))
                .collect(),
        )),
        "$CURRENT_POLICIES" => Some(Value::Array(
            acc.policies
                .iter()
                .map(|r| Value::from(r.to_string()))
                .collect(),
        )),
        "$NOW" => Some(Value::from(crate::db::dialect::format_timestamp(
            chrono::Utc::now(),
        ))),
        _ if s.starts_with("$NOW(") && s.ends_with(')') => {
            let offset = now_offset(&s[5..s.len() - 1])?;
            Some(Value::from(crate::db::dialect::format_timestamp(
                chrono::Utc::now() + offset,
            )))
        }
        _ if s.starts_with("$CURRENT_") => Some(Value::Null),
        _ => None,
    }
}

/// `-1 year`, `+2 hours`, `3` (days).
fn now_offset(spec: &str) -> Option<chrono::Duration> {
    let spec = spec.trim();
    let (sign, rest) = match spec.chars().next()? {
        '-' => (-1, &spec[1..]),
        '+' => (1, &spec[1..]),
        _ => (1, spec),
    };
    let rest = rest.trim();
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let n: i64 = rest[..split].parse().ok()?;
    let unit = rest[split..].trim().to_ascii_lowercase();
    let d = match unit.as_str() {
        "" | "d" | "day" | "days" => chrono::Duration::days(n),
        "ms" | "millisecond" | "milliseconds" => chrono::Duration::milliseconds(n),
        "s" | "sec" | "secs" | "second" | "seconds" => chrono::Duration::seconds(n),
        "m" | "min" | "mins" | "minute" | "minutes" => chrono::Duration::minutes(n),
        "h" | "hr" | "hrs" | "hour" | "hours" => chrono::Duration::hours(n),
        "w" | "week" | "weeks" => chrono::Duration::weeks(n),
        "mo" | "mth" | "month" | "months" => chrono::Duration::days(30 * n),
        "y" | "yr" | "yrs" | "year" | "years" => chrono::Duration::days(365 * n),
        _ => return None,
    };
    Some(d * sign)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_offsets() {
        assert_eq!(
            parse_call("year(date_created)"),
            Some(("year", "date_created"))
        );
        assert_eq!(parse_call("title"), None);
        assert_eq!(now_offset("-1 year"), Some(chrono::Duration::days(-365)));
        assert_eq!(now_offset("+2 hours"), Some(chrono::Duration::hours(2)));
        assert_eq!(now_offset("3"), Some(chrono::Duration::days(3)));
        assert_eq!(now_offset("5 s"), Some(chrono::Duration::seconds(5)));
        assert_eq!(output_key("count", "comments"), "comments_count");
    }
}

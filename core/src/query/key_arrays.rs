//! The o2m / m2m / m2a fields that `*` returns as arrays of keys: for one level, all of them
//! come from a single `UNION ALL` statement instead of one statement each.

use super::ast::{ChildKind, Node};
use super::run::{Reader, key_of};
use super::select::{self, Scope};
use crate::error::Result;
use sea_query::{Alias, Expr, UnionType};
use serde_json::Value;
use std::collections::HashMap;

const BRANCH: &str = "__strata_i";

/// For the key-array children of `node` that can share a statement (same key types), the
/// arrays by parent key; `None` when fewer than two children qualify.
pub async fn prefetch(
    r: &Reader<'_>,
    node: &Node,
    parent_keys: &[Value],
) -> Result<Option<HashMap<usize, HashMap<String, Value>>>> {
    let schema = r.ctx.schema;
    // (child index, related field, sort field, type signature)
    let mut candidates = Vec::new();
    for (i, child) in node.children.iter().enumerate() {
        let ChildKind::O2M {
            related_field,
            sort_field,
            keys_only: true,
        } = &child.kind
        else {
            continue;
        };
        let Some(info) = schema.collection(&child.node.collection) else {
            continue;
        };
        let (Some(pk), Some(fk)) = (info.primary_key_field(), info.field(related_field)) else {
            continue;
        };
        if pk.name == *related_field
            || child.node.query.limit.unwrap_or(r.default_limit) < 0
            || !child.node.children.is_empty()
        {
            continue;
        }
        let signature = (
            pk.field_type,
            fk.field_type,
            pk.db_type.clone(),
            fk.db_type.clone(),
        );
        candidates.push((i, related_field.clone(), sort_field.clone(), signature));
    }
    let Some(first) = candidates.first() else {
        return Ok(None);
    };
    let signature = first.3.clone();
    candidates.retain(|c| c.3 == signature);
    if candidates.len() < 2 || parent_keys.is_empty() {
        return Ok(None);
    }
    let mut statement: Option<sea_query::SelectStatement> = None;
    for (i, related_field, sort_field, _) in &candidates {
        let scope = Scope {
            field: related_field,
            keys: parent_keys,
            per_parent: true,
        };
        let mut branch = select::level(
            &r.ctx,
            &node.children[*i].node,
            Some(&scope),
            r.default_limit,
            sort_field.as_deref(),
        )?;
        // Branches are ordered after the fact (by row number); ORDER BY inside a UNION branch
        // is not portable.
        branch.clear_order_by();
        branch.expr_as(Expr::val(*i as i64), Alias::new(BRANCH));
        match &mut statement {
            None => statement = Some(branch),
            Some(s) => {
                s.union(UnionType::All, branch);
            }
        }
    }
    let Some(statement) = statement else {
        return Ok(None);
    };
    // Every branch selects (key, link, row number, branch) in that order; names are the first
    // branch's, so read by position.
    let mut rows: Vec<(i64, String, i64, Value)> =
        r.db.fetch_all(&statement)
            .await?
            .into_iter()
            .filter_map(|row| {
                let mut values = row.into_iter().map(|(_, v)| v);
                let (key, link, rn, branch) = (
                    values.next()?,
                    values.next()?,
                    values.next()?,
                    values.next()?,
                );
                Some((branch.as_i64()?, key_of(&link)?, rn.as_i64()?, key))
            })
            .collect();
    rows.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    let mut out: HashMap<usize, HashMap<String, Value>> =
        candidates.iter().map(|c| (c.0, HashMap::new())).collect();
    for (branch, link, _, key) in rows {
        if let Some(arrays) = out.get_mut(&(branch as usize))
            && let Value::Array(items) = arrays
                .entry(link)
                .or_insert_with(|| Value::Array(Vec::new()))
        {
            items.push(key);
        }
    }
    Ok(Some(out))
}

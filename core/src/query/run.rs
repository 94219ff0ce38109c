//! Running a read plan: the root level, then one statement per relation level with the keys of
//! the level above (never one per row), stitched into nested JSON.

use super::ast::{ChildKind, Node, Output};
use super::cast;
use super::filter::FilterCtx;
use super::select::{self, Scope};
use crate::db::{Db, Row};
use crate::error::Result;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

pub struct Reader<'a> {
    pub db: &'a Db,
    pub ctx: FilterCtx<'a>,
    pub default_limit: i64,
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// A key as a map key (numbers and strings alike).
pub(crate) fn key_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn distinct_keys<'r>(rows: impl Iterator<Item = &'r Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    rows.filter(|v| key_of(v).is_some_and(|k| seen.insert(k)))
        .cloned()
        .collect()
}

/// Reads the root level of `node` and everything below it.
pub async fn read(r: &Reader<'_>, node: &Node) -> Result<Vec<Value>> {
    let stmt = select::level(&r.ctx, node, None, r.default_limit, None)?;
    let rows = r.db.fetch_all(&stmt).await?;
    let objects = resolve(r, node, rows).await?;
    Ok(objects.into_iter().map(Value::Object).collect())
}

/// Fills the children of `rows` (each one statement) and shapes the output objects.
fn resolve<'a>(
    r: &'a Reader<'a>,
    node: &'a Node,
    rows: Vec<Row>,
) -> Boxed<'a, Vec<Map<String, Value>>> {
    Box::pin(async move {
        let mut filled: Vec<HashMap<String, Value>> = Vec::with_capacity(node.children.len());
        let parent_pk = primary_key(r, &node.collection);
        let parent_keys = distinct_keys(rows.iter().filter_map(|row| row.get(&parent_pk)));
        let mut prefetched = super::key_arrays::prefetch(r, node, &parent_keys)
            .await?
            .unwrap_or_default();
        for (index, child) in node.children.iter().enumerate() {
            if let Some(arrays) = prefetched.remove(&index) {
                filled.push(arrays);
                continue;
            }
            let mut by_key: HashMap<String, Value> = HashMap::new();
            match &child.kind {
                ChildKind::M2O { related_field } => {
                    let keys = distinct_keys(rows.iter().filter_map(|row| row.get(&child.field)));
                    if !keys.is_empty() {
                        let scope = Scope {
                            field: related_field,
                            keys: &keys,
                            per_parent: false,
                        };
                        let stmt = select::level(&r.ctx, &child.node, Some(&scope), -1, None)?;
                        let child_rows = r.db.fetch_all(&stmt).await?;
                        let links: Vec<Option<String>> = child_rows
                            .iter()
                            .map(|c| c.get(related_field).and_then(key_of))
                            .collect();
                        for (link, obj) in links
                            .into_iter()
                            .zip(resolve(r, &child.node, child_rows).await?)
                        {
                            if let Some(k) = link {
                                by_key.insert(k, Value::Object(obj));
                            }
                        }
                    }
                }
                ChildKind::O2M {
                    related_field,
                    sort_field,
                    keys_only,
                } => {
                    let pk = primary_key(r, &node.collection);
                    let keys = distinct_keys(rows.iter().filter_map(|row| row.get(&pk)));
                    if !keys.is_empty() {
                        let scope = Scope {
                            field: related_field,
                            keys: &keys,
                            per_parent: true,
                        };
                        let stmt = select::level(
                            &r.ctx,
                            &child.node,
                            Some(&scope),
                            r.default_limit,
                            sort_field.as_deref(),
                        )?;
                        let child_rows = r.db.fetch_all(&stmt).await?;
                        let links: Vec<Option<String>> = child_rows
                            .iter()
                            .map(|c| c.get(related_field).and_then(key_of))
                            .collect();
                        let child_pk = primary_key(r, &child.node.collection);
                        let pks: Vec<Value> = child_rows
                            .iter()
                            .map(|c| c.get(&child_pk).cloned().unwrap_or(Value::Null))
                            .collect();
                        let objects = resolve(r, &child.node, child_rows).await?;
                        for ((link, obj), key) in links.into_iter().zip(objects).zip(pks) {
                            let Some(link) = link else { continue };
                            let entry = by_key
                                .entry(link)
                                .or_insert_with(|| Value::Array(Vec::new()));
                            if let Value::Array(items) = entry {
                                items.push(if *keys_only { key } else { Value::Object(obj) });
                            }
                        }
                    }
                }
                ChildKind::A2O {
                    collection_field,
                    scopes,
                } => {
                    for (scope_collection, scope_node) in scopes {
                        let keys = distinct_keys(
                            rows.iter()
                                .filter(|row| {
                                    row.get(collection_field).and_then(Value::as_str)
                                        == Some(scope_collection.as_str())
                                })
                                .filter_map(|row| row.get(&child.field)),
                        );
                        if keys.is_empty() {
                            continue;
                        }
                        let target_pk = primary_key(r, scope_collection);
                        let scope = Scope {
                            field: &target_pk,
                            keys: &keys,
                            per_parent: false,
                        };
                        let stmt = select::level(&r.ctx, scope_node, Some(&scope), -1, None)?;
                        let child_rows = r.db.fetch_all(&stmt).await?;
                        let links: Vec<Option<String>> = child_rows
                            .iter()
                            .map(|c| c.get(&target_pk).and_then(key_of))
                            .collect();
                        for (link, obj) in links
                            .into_iter()
                            .zip(resolve(r, scope_node, child_rows).await?)
                        {
                            if let Some(k) = link {
                                by_key.insert(
                                    format!("{scope_collection}\u{1f}{k}"),
                                    Value::Object(obj),
                                );
                            }
                        }
                    }
                }
            }
            filled.push(by_key);
        }
        Ok(rows
            .into_iter()
            .map(|row| shape(r, node, row, &filled))
            .collect())
    })
}

fn primary_key(r: &Reader, collection: &str) -> String {
    r.ctx
        .schema
        .collection(collection)
        .map(|c| c.primary_key.clone())
        .unwrap_or_default()
}

/// One output object: requested columns cast per type, functions, and filled children.
fn shape(
    r: &Reader,
    node: &Node,
    mut row: Row,
    filled: &[HashMap<String, Value>],
) -> Map<String, Value> {
    let mut out = Map::new();
    let info = r.ctx.schema.collection(&node.collection);
    for o in &node.outputs {
        match o {
            Output::Column { key, field } => {
                // The same column may be output twice (under an alias): read it, don't take it.
                let v = row.get(field).cloned().unwrap_or(Value::Null);
                let v = match info.and_then(|c| c.field(field)) {
                    Some(f) => cast::output(f, v, r.ctx.backend),
                    None => v,
                };
                out.insert(key.clone(), v);
            }
            Output::Function { key, .. } => {
                out.insert(key.clone(), row.remove(key).unwrap_or(Value::Null));
            }
            Output::Child(i) => {
                let child = &node.children[*i];
                let value = match &child.kind {
                    ChildKind::M2O { .. } => row
                        .get(&child.field)
                        .and_then(key_of)
                        .and_then(|k| filled[*i].get(&k).cloned())
                        .unwrap_or(Value::Null),
                    ChildKind::O2M { .. } => {
                        let pk = primary_key(r, &node.collection);
                        row.get(&pk)
                            .and_then(key_of)
                            .and_then(|k| filled[*i].get(&k).cloned())
                            .unwrap_or(Value::Array(Vec::new()))
                    }
                    ChildKind::A2O {
                        collection_field, ..
                    } => {
                        let collection = row
                            .get(collection_field)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string();
                        let key = row.get(&child.field).and_then(key_of);
                        match key {
                            Some(k) => filled[*i]
                                .get(&format!("{collection}\u{1f}{k}"))
                                .cloned()
                                .unwrap_or(Value::from(k)),
                            None => Value::Null,
                        }
                    }
                };
                out.insert(child.key.clone(), value);
            }
        }
    }
    out
}

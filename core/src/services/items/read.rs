//! Reads: by query (with `meta` and aggregates), by key, and the re-read after a write.

use super::ItemsService;
use crate::error::{Error, Result};
use crate::model::query::{MetaField, Query};
use crate::query::ast::{self, LevelQuery, Limits};
use crate::query::filter::{resolve_variables, variable_paths};
use crate::query::{aggregate, run, select};
use sea_query::Cond;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

pub struct ReadResult {
    pub data: Value,
    pub meta: Option<Value>,
}

impl ItemsService<'_> {
    /// The filter with its dynamic variables replaced; `$CURRENT_USER.<path>` and
    /// `$CURRENT_ROLE.<path>` are read (relational paths too) in one statement per level.
    pub(super) async fn resolve_filter(&self, filter: &Value) -> Result<Value> {
        let mut paths = Vec::new();
        variable_paths(filter, &mut paths);
        let mut known = HashMap::new();
        for (collection, key) in [
            ("directus_users", self.acc.user),
            ("directus_roles", self.acc.role),
        ] {
            let wanted: Vec<&(String, &str, String)> =
                paths.iter().filter(|(_, c, _)| *c == collection).collect();
            if wanted.is_empty() {
                continue;
            }
            let row = match key {
                Some(key) => {
                    let fields: Vec<String> = wanted.iter().map(|(_, _, p)| p.clone()).collect();
                    let level = LevelQuery {
                        filter: Some(json!({ "id": { "_eq": key.to_string() } })),
                        limit: Some(1),
                        ..Default::default()
                    };
                    // Variables are the caller's own data: read without permissions.
                    let limits = Limits {
                        access: None,
                        ..self.limits()
                    };
                    let node = ast::build(
                        &self.schema,
                        collection,
                        &fields,
                        None,
                        &Default::default(),
                        level,
                        &limits,
                    )?;
                    run::read(&self.reader_as(None), &node)
                        .await?
                        .into_iter()
                        .next()
                        .unwrap_or(Value::Null)
                }
                None => Value::Null,
            };
            for (variable, _, path) in wanted {
                // Through o2m paths the value is an array of the leaf values.
                known.insert(variable.clone(), pluck(&row, path));
            }
        }
        Ok(resolve_variables(filter, self.acc, &known))
    }

    /// The level options of the root from a request query, with limits checked.
    async fn root_level(&self, query: &Query) -> Result<LevelQuery> {
        let cfg = &self.app.config;
        // Without an explicit limit the default applies, capped by the maximum.
        let default = if cfg.query_limit_max >= 0 {
            cfg.query_limit_default.min(cfg.query_limit_max)
        } else {
            cfg.query_limit_default
        };
        let mut limit = query.limit.unwrap_or(default);
        if cfg.query_limit_max >= 0 {
            if limit > cfg.query_limit_max {
                return Err(select::bad_limit(limit, cfg.query_limit_max));
            }
            if limit == -1 {
                limit = cfg.query_limit_max;
            }
        }
        let offset = match (query.offset, query.page) {
            (Some(o), _) => o,
            (None, Some(p)) if limit > 0 => limit * (p - 1).max(0),
            _ => 0,
        };
        Ok(LevelQuery {
            filter: match &query.filter {
                Some(f) => Some(self.resolve_filter(f).await?),
                None => None,
            },
            search: query.search.clone(),
            sort: query.sort.clone().unwrap_or_default(),
            limit: Some(limit),
            offset,
        })
    }

    fn limits(&self) -> Limits<'_> {
        Limits {
            max_depth: self.app.config.max_relational_depth.max(2) as usize,
            access: self.access.as_deref(),
        }
    }

    /// `GET /items/:collection`.
    pub async fn read_by_query(&self, query: &Query) -> Result<ReadResult> {
        let reader = self.reader();
        let level = self.root_level(query).await?;
        let data = if let Some(aggregates) = query.aggregate.as_ref().filter(|a| !a.is_empty()) {
            let group_by = query.group_by.clone().unwrap_or_default();
            Value::Array(
                aggregate::aggregate(&reader, &self.collection, aggregates, &group_by, &level)
                    .await?,
            )
        } else {
            let deep = query.deep.as_ref();
            let fields = query.fields.clone().unwrap_or_default();
            let aliases = query.alias.clone().unwrap_or_default();
            let node = ast::build(
                &self.schema,
                &self.collection,
                &fields,
                deep,
                &aliases,
                level.clone(),
                &self.limits(),
            )?;
            let rows = run::read(&reader, &node).await?;
            if self.info()?.singleton {
                self.singleton(rows)?
            } else {
                Value::Array(rows)
            }
        };
        let meta = match &query.meta {
            Some(fields) if !fields.is_empty() => {
                let mut meta = Map::new();
                for f in fields {
                    let n = match f {
                        MetaField::TotalCount => {
                            // Within permissions: the rows the caller may read.
                            let rows = reader.ctx.permitted_rows(&self.collection)?;
                            let cond = rows.map_or_else(Cond::all, |r| Cond::all().add(r));
                            aggregate::count(&reader, &self.collection, cond).await?
                        }
                        MetaField::FilterCount => {
                            let cond = select::condition(&reader.ctx, &self.collection, &level)?;
                            aggregate::count(&reader, &self.collection, cond).await?
                        }
                    };
                    meta.insert(f.as_str().to_string(), json!(n));
                }
                Some(Value::Object(meta))
            }
            _ => None,
        };
        Ok(ReadResult { data, meta })
    }

    /// A singleton reads as its one row, or its fields' defaults with a null key.
    fn singleton(&self, rows: Vec<Value>) -> Result<Value> {
        if let Some(first) = rows.into_iter().next() {
            return Ok(first);
        }
        let info = self.info()?;
        let defaults: Map<String, Value> = info
            .fields
            .iter()
            .filter(|f| !f.alias)
            .map(|f| {
                (
                    f.name.clone(),
                    if f.is_primary_key {
                        Value::Null
                    } else {
                        f.default_value.clone().unwrap_or(Value::Null)
                    },
                )
            })
            .collect();
        Ok(Value::Object(defaults))
    }

    /// `GET /items/:collection/:key`: the item, or 403 when it does not exist.
    pub async fn read_one(&self, key: &Value, query: &Query) -> Result<Value> {
        let mut rows = self.read_keys(std::slice::from_ref(key), query).await?;
        if rows.is_empty() {
            return Err(Error::forbidden());
        }
        Ok(rows.swap_remove(0))
    }

    /// The items with these keys, shaped by the request's `fields`, in key order.
    pub async fn read_keys(&self, keys: &[Value], query: &Query) -> Result<Vec<Value>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let pk = self.primary_key_field()?.name.clone();
        let mut filter = Map::new();
        filter.insert(pk.clone(), json!({ "_in": keys }));
        let combined = match &query.filter {
            Some(f) => json!({ "_and": [Value::Object(filter), self.resolve_filter(f).await?] }),
            None => Value::Object(filter),
        };
        let level = LevelQuery {
            filter: Some(combined),
            search: None,
            sort: Vec::new(),
            limit: Some(-1),
            offset: 0,
        };
        let mut fields = query.fields.clone().unwrap_or_default();
        let wants_pk = fields.is_empty()
            || fields
                .iter()
                .any(|f| f == "*" || f.starts_with("*.") || *f == pk);
        if !wants_pk {
            fields.push(pk.clone());
        }
        let aliases = query.alias.clone().unwrap_or_default();
        let node = ast::build(
            &self.schema,
            &self.collection,
            &fields,
            query.deep.as_ref(),
            &aliases,
            level,
            &self.limits(),
        )?;
        let rows = run::read(&self.reader(), &node).await?;
        let key_text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut ordered = Vec::with_capacity(rows.len());
        for k in keys {
            if let Some(row) = rows
                .iter()
                .find(|r| r.get(&pk).map(key_text) == Some(key_text(k)))
            {
                let mut row = row.clone();
                if !wants_pk && let Value::Object(m) = &mut row {
                    m.remove(&pk);
                }
                ordered.push(row);
            }
        }
        Ok(ordered)
    }
}

/// The value at a dot path of a read row (arrays map over their items).
fn pluck(v: &Value, path: &str) -> Value {
    match path.split_once('.') {
        None => match v {
            Value::Array(items) => Value::Array(items.iter().map(|i| pluck(i, path)).collect()),
            other => other.get(path).cloned().unwrap_or(Value::Null),
        },
        Some((head, rest)) => match v {
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| pluck(i, head))
                    .map(|i| pluck(&i, rest))
                    .collect(),
            ),
            other => pluck(&other.get(head).cloned().unwrap_or(Value::Null), rest),
        },
    }
}

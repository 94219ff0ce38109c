//! Inserting and updating one item with its relational payload inside a transaction: m2o
//! objects written first (their keys stored), o2m / m2m / m2a children after (basic arrays
//! replace the set, `{create, update, delete}` edit it), activity and revisions for each item.

use crate::auth::{Accountability, password};
use crate::db::dialect::exprs;
use crate::db::{Backend, Row, Tx};
use crate::error::{Error, Result};
use crate::query::ast::{forbidden_collection, forbidden_field};
use crate::query::{cast, col, tbl};
use crate::schema::{CollectionInfo, FieldType, Relation, SchemaOverview};
use crate::services::activity;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Map, Value};
use std::future::Future;
use std::pin::Pin;

mod children;
pub mod guard;
use crate::permissions::{Access, Action};
use children::write_children;

/// Everything a nested write needs, threaded through the recursion.
pub struct WriteCtx<'a> {
    pub tx: Tx,
    pub schema: &'a SchemaOverview,
    pub acc: &'a Accountability,
    /// The caller's permissions, checked at every level; `None` for administrators.
    pub access: Option<&'a Access>,
    pub mutations: u64,
    pub max_mutations: Option<u64>,
    /// Revisions written and not yet given a parent (see `record`).
    pub revisions: Vec<i64>,
    /// (collection, key) already checked for `update` in this transaction (a batch checks all
    /// its keys in one statement; each item's update need not ask again).
    pub updatable: std::collections::HashSet<(String, String)>,
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

impl WriteCtx<'_> {
    fn count_mutation(&mut self) -> Result<()> {
        self.mutations += 1;
        match self.max_mutations {
            Some(max) if self.mutations > max => Err(Error::invalid_payload(format!(
                "Exceeded max batch mutation limit of {max}"
            ))),
            _ => Ok(()),
        }
    }
}

fn info<'s>(schema: &'s SchemaOverview, collection: &str) -> Result<&'s CollectionInfo> {
    schema
        .collection(collection)
        .ok_or_else(|| forbidden_collection(collection))
}

fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A payload split into plain columns and the alias (o2m-like) fields written afterwards.
struct Split {
    columns: Map<String, Value>,
    children: Vec<(String, Relation, Value)>,
}

/// Checks every key, writes nested m2o items first and replaces them by their keys.
fn split<'a>(
    ctx: &'a mut WriteCtx<'_>,
    collection: &'a str,
    payload: &'a Map<String, Value>,
) -> Boxed<'a, Split> {
    Box::pin(async move {
        let info = info(ctx.schema, collection)?;
        let mut out = Split {
            columns: Map::new(),
            children: Vec::new(),
        };
        for (k, v) in payload {
            if k.starts_with('$') {
                continue;
            }
            let field = info
                .field(k)
                .ok_or_else(|| forbidden_field(k, collection))?;
            match ctx.schema.relation_for(collection, k) {
                Some(Relation::M2O {
                    related_collection,
                    related_field,
                }) if v.is_object() => {
                    let Value::Object(item) = v else { continue };
                    let key = upsert(ctx, &related_collection, &related_field, item).await?;
                    out.columns.insert(k.clone(), key);
                }
                // An m2a junction's item given as an object: written in the collection the row
                // names, its key stored as text.
                Some(Relation::A2O {
                    collection_field,
                    allowed_collections,
                }) if v.is_object() => {
                    let Value::Object(item) = v else { continue };
                    let target = payload
                        .get(&collection_field)
                        .and_then(Value::as_str)
                        .filter(|c| allowed_collections.iter().any(|a| a == c))
                        .ok_or_else(|| {
                            Error::invalid_payload(format!(
                                "\"{collection_field}\" must name one of the allowed collections"
                            ))
                        })?
                        .to_string();
                    let target_pk = ctx
                        .schema
                        .collection(&target)
                        .map(|c| c.primary_key.clone())
                        .ok_or_else(|| forbidden_collection(&target))?;
                    let key = upsert(ctx, &target, &target_pk, item).await?;
                    out.columns.insert(k.clone(), Value::from(key_text(&key)));
                }
                Some(rel) if rel.is_alias() => out.children.push((k.clone(), rel, v.clone())),
                _ if field.alias => {}
                _ => {
                    out.columns.insert(k.clone(), v.clone());
                }
            }
        }
        Ok(out)
    })
}

/// An m2o object: updated when it names an existing row, created otherwise. Returns its key.
fn upsert<'a>(
    ctx: &'a mut WriteCtx<'_>,
    collection: &'a str,
    key_field: &'a str,
    item: &'a Map<String, Value>,
) -> Boxed<'a, Value> {
    Box::pin(async move {
        if let Some(key) = item.get(key_field).filter(|k| !k.is_null())
            && exists(ctx, collection, key).await?
        {
            update(ctx, collection, key, item).await?;
            return Ok(key.clone());
        }
        insert(ctx, collection, item).await
    })
}

async fn exists(ctx: &mut WriteCtx<'_>, collection: &str, key: &Value) -> Result<bool> {
    let info = info(ctx.schema, collection)?;
    let pk = info
        .primary_key_field()
        .ok_or_else(|| forbidden_collection(collection))?;
    let Ok(param) = cast::input(pk, key) else {
        return Ok(false);
    };
    let q = Query::select()
        .expr(col(collection, &pk.name))
        .from(tbl(collection))
        .and_where(col(collection, &pk.name).eq(param))
        .to_owned();
    Ok(ctx.tx.fetch_optional(&q).await?.is_some())
}

/// Values a field gets by itself (`date-created`, `user-updated`, uuid keys, …).
fn apply_specials(
    ctx: &WriteCtx<'_>,
    info: &CollectionInfo,
    columns: &mut Map<String, Value>,
    creating: bool,
) {
    let now = Value::from(crate::db::dialect::format_timestamp(chrono::Utc::now()));
    let user = ctx
        .acc
        .user
        .map(|u| Value::from(u.to_string()))
        .unwrap_or(Value::Null);
    let role = ctx
        .acc
        .role
        .map(|u| Value::from(u.to_string()))
        .unwrap_or(Value::Null);
    for f in &info.fields {
        let has = |s: &str| f.special.iter().any(|x| x == s);
        let value = if (creating && (has("date-created") || has("date-updated")))
            || (!creating && has("date-updated"))
        {
            Some(now.clone())
        } else if creating && (has("user-created") || has("user-updated"))
            || !creating && has("user-updated")
        {
            Some(user.clone())
        } else if creating && has("role-created") || !creating && has("role-updated") {
            Some(role.clone())
        } else if creating
            && (has("uuid")
                || f.is_primary_key && f.field_type == FieldType::Uuid && !f.has_auto_increment)
        {
            (!columns.contains_key(&f.name) || Value::is_null(&columns[&f.name]))
                .then(|| Value::from(uuid::Uuid::new_v4().to_string()))
        } else {
            None
        };
        if let Some(v) = value {
            columns.insert(f.name.clone(), v);
        }
    }
}

/// Typed parameters for the columns (geometry through the backend's GeoJSON reader); hashes
/// passwords of `hash` fields.
async fn bind_columns(
    backend: Backend,
    info: &CollectionInfo,
    columns: &Map<String, Value>,
) -> Result<Vec<(String, Expr)>> {
    let mut out = Vec::with_capacity(columns.len());
    for (k, v) in columns {
        let field = info
            .field(k)
            .ok_or_else(|| forbidden_field(k, &info.name))?;
        let v = match (&field.field_type, v) {
            (FieldType::Hash, Value::String(s)) => Value::from(password::hash(s.clone()).await?),
            _ => v.clone(),
        };
        let param = cast::input(field, &v)?;
        out.push((
            k.clone(),
            match field.field_type {
                FieldType::Geometry(_) => exprs::geometry_value(backend, param),
                _ => Expr::val(param),
            },
        ));
    }
    Ok(out)
}

/// The common start of an insert or update: one more mutation, where its nested revisions
/// begin, the payload split (m2o items already written), the collection and its key.
struct Prepared<'s> {
    mark: usize,
    split: Split,
    info: &'s CollectionInfo,
    pk: &'s crate::schema::FieldInfo,
}

async fn prepare<'s>(
    ctx: &mut WriteCtx<'s>,
    collection: &str,
    payload: &Map<String, Value>,
) -> Result<Prepared<'s>> {
    ctx.count_mutation()?;
    let mark = ctx.revisions.len();
    let split = split(ctx, collection, payload).await?;
    let schema: &'s SchemaOverview = ctx.schema;
    let info = info(schema, collection)?;
    let pk = info
        .primary_key_field()
        .ok_or_else(|| forbidden_collection(collection))?;
    Ok(Prepared {
        mark,
        split,
        info,
        pk,
    })
}

/// Creates one item (and its relational payload); returns its key.
pub fn insert<'a>(
    ctx: &'a mut WriteCtx<'_>,
    collection: &'a str,
    payload: &'a Map<String, Value>,
) -> Boxed<'a, Value> {
    Box::pin(async move {
        let payload = guard::payload(ctx, collection, Action::Create, payload)?;
        let Prepared {
            mark,
            split: Split {
                mut columns,
                children,
            },
            info,
            pk,
        } = prepare(ctx, collection, &payload).await?;
        apply_specials(ctx, info, &mut columns, true);
        for f in info.fields.iter().filter(|f| {
            !f.alias
                && !f.nullable
                && f.default_value.is_none()
                && !f.has_auto_increment
                && !f.is_generated
        }) {
            if columns.get(&f.name).is_none_or(Value::is_null) {
                return Err(
                    Error::failed_validation(&f.name, "required", "Value is required.")
                        .extension("collection", collection),
                );
            }
        }
        let bound = bind_columns(ctx.tx.backend(), info, &columns).await?;
        let mut insert = Query::insert();
        insert.into_table(tbl(collection));
        insert.columns(bound.iter().map(|(k, _)| tbl(k)));
        insert.values_panic(bound.into_iter().map(|(_, v)| v));
        let key = match columns.get(&pk.name).filter(|v| !v.is_null()) {
            Some(k) => {
                ctx.tx.execute(&insert.to_owned()).await?;
                k.clone()
            }
            None => ctx
                .tx
                .insert_returning_id(insert.to_owned(), &pk.name)
                .await?
                .map(Value::from)
                .ok_or_else(|| Error::internal("insert returned no key"))?,
        };
        for (field, rel, value) in children {
            write_children(ctx, collection, &key, &field, rel, &value).await?;
        }
        let mut data = columns;
        data.insert(pk.name.clone(), key.clone());
        record(ctx, mark, collection, "create", &key, &data, &data).await?;
        Ok(key)
    })
}

/// Updates one existing item (and its relational payload).
pub fn update<'a>(
    ctx: &'a mut WriteCtx<'_>,
    collection: &'a str,
    key: &'a Value,
    payload: &'a Map<String, Value>,
) -> Boxed<'a, ()> {
    Box::pin(async move {
        if ctx.access.is_some()
            && !ctx
                .updatable
                .contains(&(collection.to_string(), key_text(key)))
        {
            guard::check_keys(ctx, collection, std::slice::from_ref(key), Action::Update).await?;
        }
        let payload = guard::payload(ctx, collection, Action::Update, payload)?;
        let Prepared {
            mark,
            split: Split {
                mut columns,
                children,
            },
            info,
            pk,
        } = prepare(ctx, collection, &payload).await?;
        columns.remove(&pk.name);
        let delta = columns.clone();
        if !columns.is_empty() {
            apply_specials(ctx, info, &mut columns, false);
            let bound = bind_columns(ctx.tx.backend(), info, &columns).await?;
            let stmt = Query::update()
                .table(tbl(collection))
                .values(bound.into_iter().map(|(k, v)| (tbl(&k), v)))
                .and_where(col(collection, &pk.name).eq(cast::input(pk, key)?))
                .to_owned();
            ctx.tx.execute(&stmt).await?;
        }
        for (field, rel, value) in children {
            write_children(ctx, collection, key, &field, rel, &value).await?;
        }
        let mut q = Query::select();
        for f in info.fields.iter().filter(|f| !f.alias) {
            crate::query::select::read_column(&mut q, ctx.tx.backend(), collection, f);
        }
        q.from(tbl(collection))
            .and_where(col(collection, &pk.name).eq(cast::input(pk, key)?));
        let data: Row = ctx.tx.fetch_optional(&q).await?.unwrap_or_default();
        record(ctx, mark, collection, "update", key, &data, &delta).await
    })
}

/// Activity (and a revision, unless the collection asks for activity only).
#[allow(clippy::too_many_arguments)]
async fn record(
    ctx: &mut WriteCtx<'_>,
    mark: usize,
    collection: &str,
    action: &str,
    key: &Value,
    data: &Map<String, Value>,
    delta: &Map<String, Value>,
) -> Result<()> {
    let accountability = info(ctx.schema, collection)?.accountability.clone();
    let Some(mode) = accountability else {
        return Ok(());
    };
    let item = key_text(key);
    let id = activity::record(&mut ctx.tx, ctx.acc, action, collection, &item).await?;
    if mode == "all"
        && let Some(id) = id
        && let Some(revision) =
            activity::revision(&mut ctx.tx, id, collection, &item, data, delta).await?
    {
        // Revisions written for nested items since `mark` belong under this one.
        let children = ctx.revisions.split_off(mark.min(ctx.revisions.len()));
        activity::adopt_revisions(&mut ctx.tx, revision, &children).await?;
        ctx.revisions.push(revision);
    }
    Ok(())
}

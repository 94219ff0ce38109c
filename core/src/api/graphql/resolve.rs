//! Resolvers. A root field turns its whole selection (nested relations and their arguments
//! included) into one REST query — `fields`, `deep`, `filter`, … — run once through
//! `ItemsService` with the caller's permissions; nested fields only pick values out of the
//! result, so a GraphQL read costs what the equivalent REST read costs.

use super::aggregate;
use crate::app::App;
use crate::auth::Accountability;
use crate::error::Error;
use crate::query::parse::{self, ParseLimits};
use crate::schema::FieldType;
use crate::services::items::ItemsService;
use async_graphql::dynamic::{FieldValue, ResolverContext};
use async_graphql::{ErrorExtensions, SelectionField};
use serde_json::{Map, Value};
use std::sync::Arc;

/// Who runs the request.
pub struct Caller {
    pub app: Arc<App>,
    pub acc: Accountability,
}

/// How a value is turned into its GraphQL form.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Id,
    Ids,
    Scalar(FieldType),
    Number,
    Json,
    Object,
    Objects,
}

pub type Resolved<'a> = async_graphql::Result<Option<FieldValue<'a>>>;

/// Our error as a GraphQL error with Directus's `extensions.code`.
pub fn gql_error(e: Error) -> async_graphql::Error {
    let code = e.code.as_str();
    async_graphql::Error::new(e.message).extend_with(|_, ext| ext.set("code", code))
}

fn key_text(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::String(_) => Some(v.clone()),
        other => Some(Value::from(other.to_string())),
    }
}

fn number(v: &Value) -> Option<Value> {
    match v {
        Value::String(s) => s.parse::<f64>().ok().map(Value::from),
        Value::Null => None,
        other => Some(other.clone()),
    }
}

fn gql(v: Value) -> FieldValue<'static> {
    FieldValue::value(async_graphql::Value::from_json(v).unwrap_or(async_graphql::Value::Null))
}

/// `name` of the parent object, shaped per `kind`.
pub fn pluck<'a>(ctx: &ResolverContext<'a>, name: &str, kind: Kind) -> Resolved<'a> {
    let parent = ctx.parent_value.try_downcast_ref::<Value>()?;
    let Some(v) = parent.get(name).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    Ok(match kind {
        Kind::Id => key_text(v).map(gql),
        Kind::Ids => Some(gql(Value::Array(
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(key_text)
                .collect(),
        ))),
        Kind::Scalar(FieldType::Float | FieldType::Decimal) | Kind::Number => number(v).map(gql),
        Kind::Scalar(FieldType::BigInteger) => key_text(v).map(gql),
        Kind::Scalar(_) | Kind::Json => Some(gql(v.clone())),
        Kind::Object => v.is_object().then(|| FieldValue::owned_any(v.clone())),
        Kind::Objects => Some(FieldValue::list(
            v.as_array()
                .into_iter()
                .flatten()
                .filter(|i| i.is_object())
                .map(|i| FieldValue::owned_any(i.clone())),
        )),
    })
}

pub fn caller<'a>(ctx: &ResolverContext<'a>) -> async_graphql::Result<&'a Caller> {
    ctx.ctx.data::<Caller>()
}

/// Query arguments (`filter`, `sort`, `limit`, …) as REST query keys (`deep` spells them `_x`).
fn arguments(args: impl Iterator<Item = (String, Value)>, deep: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in args {
        if v.is_null()
            || !["filter", "sort", "limit", "offset", "page", "search"].contains(&k.as_str())
        {
            continue;
        }
        out.insert(if deep { format!("_{k}") } else { k }, v);
    }
    out
}

/// Fields (dot paths) and `deep` of a selection, relations followed.
fn selection(
    field: &SelectionField,
    prefix: &str,
    fields: &mut Vec<String>,
    deep: &mut Map<String, Value>,
) {
    for child in field.selection_set() {
        let name = child.name();
        if name.starts_with("__") {
            continue;
        }
        if child.selection_set().next().is_none() {
            fields.push(format!("{prefix}{name}"));
            continue;
        }
        let args = child
            .arguments()
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_json().unwrap_or(Value::Null)));
        let mut nested = arguments(args, true);
        let mut inner = Map::new();
        selection(&child, &format!("{prefix}{name}."), fields, &mut inner);
        nested.extend(inner);
        if !nested.is_empty() {
            deep.insert(name.to_string(), Value::Object(nested));
        }
    }
}

/// The REST query equivalent to the current root field.
fn query_of(
    ctx: &ResolverContext<'_>,
    with_arguments: bool,
) -> crate::error::Result<crate::model::query::Query> {
    let q = if with_arguments {
        arguments(
            ctx.args.iter().map(|(k, v)| {
                (
                    k.to_string(),
                    v.as_value().clone().into_json().unwrap_or(Value::Null),
                )
            }),
            false,
        )
    } else {
        Map::new()
    };
    query_for(&ctx.ctx.field(), q)
}

/// The REST query reading what `field` selects, on top of `q` (its own arguments).
pub fn query_for(
    field: &SelectionField,
    mut q: Map<String, Value>,
) -> crate::error::Result<crate::model::query::Query> {
    let mut fields = Vec::new();
    let mut deep = Map::new();
    selection(field, "", &mut fields, &mut deep);
    q.insert("fields".into(), Value::from(fields));
    if !deep.is_empty() {
        q.insert("deep".into(), Value::Object(deep));
    }
    parse::from_json(&Value::Object(q), &ParseLimits::default())
}

fn objects(rows: Value) -> FieldValue<'static> {
    match rows {
        Value::Array(items) => FieldValue::list(items.into_iter().map(FieldValue::owned_any)),
        one => FieldValue::owned_any(one),
    }
}

/// What a root field of a collection does.
#[derive(Debug, Clone, Copy)]
pub enum Op {
    List,
    ById,
    Mutate(&'static str),
}

pub async fn root<'a>(ctx: &ResolverContext<'a>, collection: &str, op: Op) -> Resolved<'a> {
    match op {
        Op::List => list(ctx, collection).await,
        Op::ById => by_id(ctx, collection).await,
        Op::Mutate(what) => mutate(ctx, collection, what).await,
    }
}

/// `users_me`: the caller's own user (null for the public).
pub async fn me<'a>(ctx: &ResolverContext<'a>) -> Resolved<'a> {
    let c = caller(ctx)?;
    let Some(user) = c.acc.user else {
        return Ok(None);
    };
    let run = async {
        let svc = ItemsService::new(&c.app, &c.acc, "directus_users").await?;
        let query = query_of(ctx, false)?;
        svc.read_keys(&[Value::from(user.to_string())], &query)
            .await
    };
    let mut rows = run.await.map_err(gql_error)?;
    Ok((!rows.is_empty()).then(|| FieldValue::owned_any(rows.swap_remove(0))))
}

/// `<collection>(filter, sort, …)`: the items.
pub async fn list<'a>(ctx: &ResolverContext<'a>, collection: &str) -> Resolved<'a> {
    let c = caller(ctx)?;
    let run = async {
        let svc = ItemsService::new(&c.app, &c.acc, collection).await?;
        let query = query_of(ctx, true)?;
        Ok::<_, Error>(svc.read_by_query(&query).await?.data)
    };
    Ok(Some(objects(run.await.map_err(gql_error)?)))
}

/// `<collection>_by_id(id)`: the item, or null when it cannot be read.
pub async fn by_id<'a>(ctx: &ResolverContext<'a>, collection: &str) -> Resolved<'a> {
    let c = caller(ctx)?;
    let id = ctx.args.try_get("id")?.as_value().clone().into_json()?;
    let run = async {
        let svc = ItemsService::new(&c.app, &c.acc, collection).await?;
        let key = svc.key(&id)?;
        let query = query_of(ctx, false)?;
        svc.read_keys(std::slice::from_ref(&key), &query).await
    };
    let mut rows = run.await.map_err(gql_error)?;
    Ok((!rows.is_empty()).then(|| FieldValue::owned_any(rows.swap_remove(0))))
}

/// `<collection>_aggregated(groupBy, filter, …)`.
pub async fn aggregated<'a>(ctx: &ResolverContext<'a>, collection: &str) -> Resolved<'a> {
    let c = caller(ctx)?;
    let picked: Vec<(String, Vec<String>)> = ctx
        .ctx
        .field()
        .selection_set()
        .map(|f| {
            let inner = f.selection_set().map(|i| i.name().to_string()).collect();
            (f.name().to_string(), inner)
        })
        .collect();
    let group_by: Vec<String> = match ctx.args.get("groupBy") {
        Some(v) => v.deserialize().unwrap_or_default(),
        None => Vec::new(),
    };
    let mut q = arguments(
        ctx.args.iter().map(|(k, v)| {
            (
                k.to_string(),
                v.as_value().clone().into_json().unwrap_or(Value::Null),
            )
        }),
        false,
    );
    q.insert(
        "aggregate".into(),
        Value::Object(aggregate::query_of(&picked)),
    );
    if !group_by.is_empty() {
        q.insert("groupBy".into(), Value::from(group_by.clone()));
    }
    let run = async {
        let query = parse::from_json(&Value::Object(q), &ParseLimits::default())?;
        let svc = ItemsService::new(&c.app, &c.acc, collection).await?;
        Ok::<_, Error>(svc.read_by_query(&query).await?.data)
    };
    let rows = match run.await.map_err(gql_error)? {
        Value::Array(rows) => rows,
        one => vec![one],
    };
    Ok(Some(FieldValue::list(rows.into_iter().map(|r| {
        FieldValue::owned_any(aggregate::shape_row(r, &group_by))
    }))))
}

/// The mutations: `create_<c>_item(s)`, `update_<c>_item(s)`, `update_<c>_batch`,
/// `delete_<c>_item(s)`; writes answer with the written items read back with the selection.
pub async fn mutate<'a>(ctx: &ResolverContext<'a>, collection: &str, op: &str) -> Resolved<'a> {
    let c = caller(ctx)?;
    let arg = |name: &str| {
        ctx.args
            .get(name)
            .and_then(|v| v.as_value().clone().into_json().ok())
            .unwrap_or(Value::Null)
    };
    let list = |name: &str| match arg(name) {
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    let run = async {
        let svc = ItemsService::new(&c.app, &c.acc, collection).await?;
        let keys = |v: Value| -> crate::error::Result<Vec<Value>> {
            v.as_array()
                .into_iter()
                .flatten()
                .map(|k| svc.key(k))
                .collect()
        };
        let (written, many) = match op {
            "create_item" => (svc.create(&[arg("data")]).await?, false),
            "create_items" => (svc.create(&list("data")).await?, true),
            "update_item" => (
                svc.update_keys(&[svc.key(&arg("id"))?], &arg("data"))
                    .await?,
                false,
            ),
            "update_items" => (
                svc.update_keys(&keys(arg("ids"))?, &arg("data")).await?,
                true,
            ),
            "update_batch" => (svc.update_batch(&list("data")).await?, true),
            "delete_item" => {
                let key = svc.key(&arg("id"))?;
                svc.delete_keys(std::slice::from_ref(&key)).await?;
                return Ok(serde_json::json!({ "id": key }));
            }
            "delete_items" => {
                let ids = keys(arg("ids"))?;
                svc.delete_keys(&ids).await?;
                return Ok(serde_json::json!({ "ids": ids }));
            }
            other => return Err(Error::internal(format!("unknown mutation {other}"))),
        };
        let rows = svc.read_keys(&written, &query_of(ctx, false)?).await?;
        Ok(if many {
            Value::Array(rows)
        } else {
            rows.into_iter().next().unwrap_or(Value::Null)
        })
    };
    let out = run.await.map_err(gql_error)?;
    Ok((!out.is_null()).then(|| objects(out)))
}

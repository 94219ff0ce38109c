//! `/items/:collection` and `/items/:collection/:key` (spec §6), including SEARCH and the
//! batch forms of PATCH and DELETE.

use crate::api::extract::{Auth, JsonBody};
use crate::api::response::{ApiResult, data, json_response, no_content};
use crate::app::App;
use crate::error::{Error, ErrorCode, Result};
use crate::model::query::Query;
use crate::query::parse::{self, ParseLimits};
use crate::services::items::ItemsService;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, Uri};
use axum::routing::any;
use serde_json::{Value, json};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/items/{collection}", any(collection))
        .route("/items/{collection}/{key}", any(item))
}

fn url_query(uri: &Uri) -> Result<Query> {
    parse::from_query_string(uri.query().unwrap_or(""), &ParseLimits::default())
}

fn not_found(uri: &Uri) -> Error {
    Error::route_not_found(uri.path())
}

/// The written items re-read with the request's query; 204 when they cannot be read.
pub(super) async fn written(
    svc: &ItemsService<'_>,
    keys: &[Value],
    query: &Query,
    single: bool,
) -> ApiResult {
    match svc.read_keys(keys, query).await {
        Ok(mut rows) if single => Ok(data(if rows.is_empty() {
            Value::Null
        } else {
            rows.swap_remove(0)
        })),
        Ok(rows) => Ok(data(Value::Array(rows))),
        Err(e) if e.code == ErrorCode::Forbidden => Ok(no_content()),
        Err(e) => Err(e.into()),
    }
}

async fn collection(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    method: Method,
    uri: Uri,
    Path(name): Path<String>,
    body: JsonBody,
) -> ApiResult {
    ItemsService::check_public_collection(&name)?;
    on_collection(&app, &acc, method, uri, &name, body).await
}

/// Every method on a collection (`/items/:collection`, and system collections' own paths).
pub(super) async fn on_collection(
    app: &App,
    acc: &crate::auth::Accountability,
    method: Method,
    uri: Uri,
    name: &str,
    body: JsonBody,
) -> ApiResult {
    let svc = ItemsService::new(app, acc, name).await?;
    let singleton = svc.info()?.singleton;
    let query = url_query(&uri)?;
    match method.as_str() {
        "GET" => read(&svc, &query).await,
        "SEARCH" => {
            let body = body.object()?;
            if let Some(keys) = body.get("keys").and_then(Value::as_array) {
                let keys = keys
                    .iter()
                    .map(|k| svc.key(k))
                    .collect::<Result<Vec<_>>>()?;
                return Ok(data(Value::Array(svc.read_keys(&keys, &query).await?)));
            }
            let query = match body.get("query") {
                Some(q) => parse::from_json(q, &ParseLimits::default())?,
                None => query,
            };
            read(&svc, &query).await
        }
        "POST" if singleton => Err(not_found(&uri).into()),
        "POST" => match body.0 {
            Value::Array(items) => {
                let keys = svc.create(&items).await?;
                written(&svc, &keys, &query, false).await
            }
            item @ Value::Object(_) => {
                let keys = svc.create(std::slice::from_ref(&item)).await?;
                written(&svc, &keys, &query, true).await
            }
            _ => Err(
                Error::invalid_payload("Payload must be an object or an array of objects").into(),
            ),
        },
        "PATCH" if singleton => {
            let key = svc.upsert_singleton(&body.0).await?;
            written(&svc, &[key], &query, true).await
        }
        "PATCH" => {
            let keys = match body.0 {
                Value::Array(items) => svc.update_batch(&items).await?,
                Value::Object(batch) => {
                    let data = batch
                        .get("data")
                        .ok_or_else(|| Error::invalid_payload("\"data\" is required"))?;
                    let keys = batch_keys(&svc, &batch).await?;
                    svc.update_keys(&keys, data).await?
                }
                _ => {
                    return Err(Error::invalid_payload(
                        "\"value\" must contain at least one of [query, keys]",
                    )
                    .into());
                }
            };
            written(&svc, &keys, &query, false).await
        }
        "DELETE" => {
            let keys = match body.0 {
                Value::Array(items) => items
                    .iter()
                    .map(|k| svc.key(k))
                    .collect::<Result<Vec<_>>>()?,
                Value::Object(batch) => batch_keys(&svc, &batch).await?,
                _ => {
                    return Err(Error::invalid_payload(
                        "\"value\" must contain at least one of [query, keys]",
                    )
                    .into());
                }
            };
            svc.delete_keys(&keys).await?;
            Ok(no_content())
        }
        _ => Err(not_found(&uri).into()),
    }
}

/// `{keys: [...]}` or `{query: {...}}` (exactly one).
pub(super) async fn batch_keys(
    svc: &ItemsService<'_>,
    batch: &serde_json::Map<String, Value>,
) -> Result<Vec<Value>> {
    match (batch.get("keys"), batch.get("query")) {
        (Some(Value::Array(keys)), None) => keys.iter().map(|k| svc.key(k)).collect(),
        (None, Some(q)) => {
            svc.keys_by_query(&parse::from_json(q, &ParseLimits::default())?)
                .await
        }
        (Some(_), Some(_)) => Err(Error::invalid_payload(
            "\"value\" contains a conflict between exclusive peers [query, keys]",
        )),
        (Some(_), None) => Err(Error::invalid_payload("\"keys\" must be an array")),
        (None, None) => Err(Error::invalid_payload(
            "\"value\" must contain at least one of [query, keys]",
        )),
    }
}

async fn read(svc: &ItemsService<'_>, query: &Query) -> ApiResult {
    let result = svc.read_by_query(query).await?;
    if let Some(format) = query.export {
        return Ok(super::export::respond(
            &svc.collection,
            format,
            &result.data,
        ));
    }
    let mut body = json!({ "data": result.data });
    if let Some(meta) = result.meta {
        body["meta"] = meta;
    }
    Ok(json_response(StatusCode::OK, &body))
}

async fn item(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    method: Method,
    uri: Uri,
    Path((name, raw_key)): Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    ItemsService::check_public_collection(&name)?;
    on_item(&app, &acc, method, uri, &name, raw_key, body).await
}

/// Every method on one item.
pub(super) async fn on_item(
    app: &App,
    acc: &crate::auth::Accountability,
    method: Method,
    uri: Uri,
    name: &str,
    raw_key: String,
    body: JsonBody,
) -> ApiResult {
    let svc = ItemsService::new(app, acc, name).await?;
    let query = url_query(&uri)?;
    let key = svc.key(&Value::from(raw_key))?;
    match method.as_str() {
        "GET" => {
            let row = svc.read_one(&key, &query).await?;
            Ok(data(match &query.version {
                Some(v) => crate::services::versions::apply(app, acc, name, v, &key, row).await?,
                None => row,
            }))
        }
        "PATCH" if svc.info()?.singleton => Err(not_found(&uri).into()),
        "PATCH" => {
            svc.update_keys(std::slice::from_ref(&key), &body.0).await?;
            written(&svc, &[key], &query, true).await
        }
        "DELETE" => {
            svc.delete_keys(&[key]).await?;
            Ok(no_content())
        }
        _ => Err(not_found(&uri).into()),
    }
}

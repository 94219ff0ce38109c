//! `/versions` (spec §13): content versions as a system collection (a new one records the main
//! item's hash), plus `save`, `compare` and `promote`.

use super::items::on_collection;
use crate::api::extract::{Auth, JsonBody};
use crate::api::response::{ApiResult, data};
use crate::app::App;
use crate::error::Error;
use crate::services::versions;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, Uri};
use axum::routing::{any, get, post};
use serde_json::Value;
use std::sync::Arc;

const TABLE: &str = "directus_versions";

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/versions", any(collection))
        .route("/versions/{key}", super::system::item_route(TABLE, false))
        .route("/versions/{key}/save", post(save))
        .route("/versions/{key}/compare", get(compare))
        .route("/versions/{key}/promote", post(promote))
}

async fn collection(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    method: Method,
    uri: Uri,
    mut body: JsonBody,
) -> ApiResult {
    if method == Method::POST {
        match &mut body.0 {
            Value::Object(one) => versions::with_hash(&app, one).await?,
            Value::Array(many) => {
                for v in many.iter_mut().filter_map(Value::as_object_mut) {
                    versions::with_hash(&app, v).await?;
                }
            }
            _ => {}
        }
    }
    on_collection(&app, &acc, method, uri, TABLE, body).await
}

async fn save(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Path(key): Path<String>,
    body: JsonBody,
) -> ApiResult {
    Ok(data(
        versions::save(&app, &acc, &key, body.object()?).await?,
    ))
}

async fn compare(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Path(key): Path<String>,
) -> ApiResult {
    Ok(data(versions::compare(&app, &acc, &key).await?))
}

async fn promote(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Path(key): Path<String>,
    body: JsonBody,
) -> ApiResult {
    let body = body.object()?;
    let fields = match body.get("fields") {
        None | Some(Value::Null) => None,
        Some(Value::Array(f)) => Some(
            f.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(_) => return Err(Error::invalid_payload("\"fields\" must be an array").into()),
    };
    let main_hash = body.get("mainHash").and_then(Value::as_str);
    Ok(data(
        versions::promote(&app, &acc, &key, main_hash, fields).await?,
    ))
}

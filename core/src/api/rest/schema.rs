//! `/collections`, `/fields` and `/relations` (spec §10): the data model, for administrators.
//! Writes answer with the changed item read back, deletes with 204.

use crate::api::extract::{Auth, JsonBody};
use crate::api::response::{ApiResult, data, no_content};
use crate::app::App;
use crate::error::Error;
use crate::services::schema::{apply, collections, fields, relations, snapshot};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::Value;
use std::sync::Arc;

type S = State<Arc<App>>;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/collections",
            get(list_collections)
                .post(create_collections)
                .patch(update_collections),
        )
        .route(
            "/collections/{c}",
            get(read_collection)
                .patch(update_collection)
                .delete(delete_collection),
        )
        .route("/fields", get(all_fields))
        .route(
            "/fields/{c}",
            get(list_fields).post(create_field).patch(update_fields),
        )
        .route(
            "/fields/{c}/{f}",
            get(read_field).patch(update_field).delete(delete_field),
        )
        .route("/relations", get(all_relations).post(create_relation))
        .route("/relations/{c}", get(list_relations))
        .route(
            "/relations/{c}/{f}",
            get(read_relation)
                .patch(update_relation)
                .delete(delete_relation),
        )
        .route("/schema/snapshot", get(schema_snapshot))
        .route("/schema/diff", axum::routing::post(schema_diff))
        .route("/schema/apply", axum::routing::post(schema_apply))
}

async fn list_collections(State(app): S, Auth(acc): Auth) -> ApiResult {
    Ok(data(Value::Array(collections::list(&app, &acc).await?)))
}

async fn create_collections(State(app): S, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    match body.0 {
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in &items {
                let Value::Object(p) = item else {
                    return Err(Error::invalid_payload("A collection has to be an object").into());
                };
                let name = collections::create(&app, &acc, p).await?;
                out.push(collections::read(&app, &acc, &name).await?);
            }
            Ok(data(Value::Array(out)))
        }
        other => {
            let p = JsonBody(other).object()?;
            let name = collections::create(&app, &acc, &p).await?;
            Ok(data(collections::read(&app, &acc, &name).await?))
        }
    }
}

async fn update_collections(State(app): S, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    let Value::Array(items) = body.0 else {
        return Err(
            Error::invalid_payload("Input should be an array of collection changes").into(),
        );
    };
    let mut out = Vec::new();
    for item in &items {
        let (Value::Object(p), Some(name)) = (item, item.get("collection").and_then(Value::as_str))
        else {
            return Err(
                Error::invalid_payload("Collection in update misses collection key").into(),
            );
        };
        collections::update(&app, &acc, name, p).await?;
        out.push(collections::read(&app, &acc, name).await?);
    }
    Ok(data(Value::Array(out)))
}

async fn read_collection(State(app): S, Auth(acc): Auth, Path(c): Path<String>) -> ApiResult {
    Ok(data(collections::read(&app, &acc, &c).await?))
}

async fn update_collection(
    State(app): S,
    Auth(acc): Auth,
    Path(c): Path<String>,
    body: JsonBody,
) -> ApiResult {
    collections::update(&app, &acc, &c, &body.object()?).await?;
    Ok(data(collections::read(&app, &acc, &c).await?))
}

async fn delete_collection(State(app): S, Auth(acc): Auth, Path(c): Path<String>) -> ApiResult {
    collections::delete(&app, &acc, &c).await?;
    Ok(no_content())
}

async fn all_fields(State(app): S, Auth(acc): Auth) -> ApiResult {
    Ok(data(Value::Array(fields::list(&app, &acc, None).await?)))
}

async fn list_fields(State(app): S, Auth(acc): Auth, Path(c): Path<String>) -> ApiResult {
    Ok(data(Value::Array(
        fields::list(&app, &acc, Some(&c)).await?,
    )))
}

async fn create_field(
    State(app): S,
    Auth(acc): Auth,
    Path(c): Path<String>,
    body: JsonBody,
) -> ApiResult {
    let name = fields::create(&app, &acc, &c, &body.0).await?;
    Ok(data(fields::read(&app, &acc, &c, &name).await?))
}

async fn update_fields(
    State(app): S,
    Auth(acc): Auth,
    Path(c): Path<String>,
    uri: axum::http::Uri,
    body: JsonBody,
) -> ApiResult {
    let Value::Array(items) = body.0 else {
        return Err(Error::invalid_payload("Submitted body has to be an array").into());
    };
    let mut out = Vec::new();
    for item in &items {
        let name = item
            .get("field")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::invalid_payload("\"field\" is required"))?;
        fields::update(&app, &acc, &c, name, item, forced(&uri)).await?;
        out.push(fields::read(&app, &acc, &c, name).await?);
    }
    Ok(data(Value::Array(out)))
}

async fn read_field(
    State(app): S,
    Auth(acc): Auth,
    Path((c, f)): Path<(String, String)>,
) -> ApiResult {
    Ok(data(fields::read(&app, &acc, &c, &f).await?))
}

async fn update_field(
    State(app): S,
    Auth(acc): Auth,
    Path((c, f)): Path<(String, String)>,
    uri: axum::http::Uri,
    body: JsonBody,
) -> ApiResult {
    fields::update(&app, &acc, &c, &f, &body.0, forced(&uri)).await?;
    Ok(data(fields::read(&app, &acc, &c, &f).await?))
}

async fn delete_field(
    State(app): S,
    Auth(acc): Auth,
    Path((c, f)): Path<(String, String)>,
) -> ApiResult {
    fields::delete(&app, &acc, &c, &f).await?;
    Ok(no_content())
}

async fn all_relations(State(app): S, Auth(acc): Auth) -> ApiResult {
    Ok(data(Value::Array(relations::list(&app, &acc, None).await?)))
}

async fn list_relations(State(app): S, Auth(acc): Auth, Path(c): Path<String>) -> ApiResult {
    Ok(data(Value::Array(
        relations::list(&app, &acc, Some(&c)).await?,
    )))
}

async fn create_relation(State(app): S, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    let p = body.object()?;
    relations::create(&app, &acc, &p).await?;
    let (c, f) = (
        p["collection"].as_str().unwrap_or_default(),
        p["field"].as_str().unwrap_or_default(),
    );
    Ok(data(relations::read(&app, &acc, c, f).await?))
}

async fn read_relation(
    State(app): S,
    Auth(acc): Auth,
    Path((c, f)): Path<(String, String)>,
) -> ApiResult {
    Ok(data(relations::read(&app, &acc, &c, &f).await?))
}

async fn update_relation(
    State(app): S,
    Auth(acc): Auth,
    Path((c, f)): Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    relations::update(&app, &acc, &c, &f, &body.object()?).await?;
    Ok(data(relations::read(&app, &acc, &c, &f).await?))
}

async fn delete_relation(
    State(app): S,
    Auth(acc): Auth,
    Path((c, f)): Path<(String, String)>,
) -> ApiResult {
    relations::delete(&app, &acc, &c, &f).await?;
    Ok(no_content())
}

/// The snapshot as `{data}`, or with `?export=yaml|json` as a file to download.
async fn schema_snapshot(State(app): S, Auth(acc): Auth, uri: axum::http::Uri) -> ApiResult {
    let value = snapshot::take(&app, &acc).await?.to_value();
    let export = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("export="));
    let (body, kind) = match export {
        Some("yaml") => (
            serde_norway::to_string(&value).map_err(Error::internal)?,
            "text/yaml; charset=utf-8",
        ),
        Some("json") => (value.to_string(), "application/json; charset=utf-8"),
        None => return Ok(data(value)),
        Some(other) => {
            return Err(Error::invalid_query(format!("Unknown export format \"{other}\"")).into());
        }
    };
    let ext = export.unwrap_or("json");
    let stamp = chrono::Utc::now().format("%Y-%m-%d %H.%M.%S");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, kind.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"snapshot {stamp}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn schema_diff(
    State(app): S,
    Auth(acc): Auth,
    uri: axum::http::Uri,
    SnapshotBody(body): SnapshotBody,
) -> ApiResult {
    if body.is_null() {
        return Err(Error::invalid_payload("No data was included in the body").into());
    }
    match snapshot::diff(&app, &acc, &body, forced(&uri)).await? {
        None => Ok(no_content()),
        Some((hash, diff)) => Ok(data(serde_json::json!({"hash": hash, "diff": diff}))),
    }
}

/// `?force` (bare, `true` or `1`).
fn forced(uri: &axum::http::Uri) -> bool {
    uri.query()
        .unwrap_or("")
        .split('&')
        .any(|p| p == "force" || p == "force=true" || p == "force=1")
}

async fn schema_apply(
    State(app): S,
    Auth(acc): Auth,
    uri: axum::http::Uri,
    body: JsonBody,
) -> ApiResult {
    let (hash, diff) = apply::parse(&body.0)?;
    apply::apply(&app, &acc, &hash, &diff, forced(&uri), &mut |_| {}).await?;
    Ok(no_content())
}

/// A snapshot sent to `/schema/diff`: a JSON body, a YAML body (`text/yaml`,
/// `application/x-yaml`), or a multipart form with one JSON or YAML file.
pub struct SnapshotBody(pub Value);

fn parse_snapshot(bytes: &[u8], yaml: bool) -> Result<Value, Error> {
    if yaml {
        serde_norway::from_slice(bytes)
            .map_err(|_| Error::invalid_payload("The provided YAML is invalid"))
    } else {
        serde_json::from_slice(bytes)
            .map_err(|_| Error::invalid_payload("The provided JSON is invalid"))
    }
}

impl axum::extract::FromRequest<Arc<App>> for SnapshotBody {
    type Rejection = crate::api::response::ApiError;

    async fn from_request(
        req: axum::extract::Request,
        state: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let kind = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if kind.starts_with("multipart/form-data") {
            let mut form = axum::extract::Multipart::from_request(req, state)
                .await
                .map_err(|_| Error::invalid_payload("The multipart body is invalid"))?;
            let mut files = Vec::new();
            while let Some(field) = form
                .next_field()
                .await
                .map_err(|_| Error::invalid_payload("The multipart body is invalid"))?
            {
                let name = field.file_name().unwrap_or_default().to_ascii_lowercase();
                let mime = field
                    .content_type()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| Error::invalid_payload("The multipart body is invalid"))?;
                let json = mime.contains("json") || name.ends_with(".json");
                files.push((bytes, !json));
            }
            return match files.as_slice() {
                [] => Err(Error::invalid_payload("No file was included in the body").into()),
                [(bytes, yaml)] => Ok(SnapshotBody(parse_snapshot(bytes, *yaml)?)),
                _ => Err(
                    Error::invalid_payload("More than one file was included in the body").into(),
                ),
            };
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| Error::invalid_payload("request entity too large"))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(SnapshotBody(Value::Null));
        }
        Ok(SnapshotBody(parse_snapshot(&bytes, kind.contains("yaml"))?))
    }
}

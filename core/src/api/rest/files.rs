//! `/files` (spec §12): multipart uploads (form fields before each file part become its row's
//! fields), a multipart PATCH replacing a file's bytes, deletes that remove stored objects; the
//! rest of the collection's methods as for any system collection.

use super::items::{on_collection, on_item};
use crate::api::extract::{Auth, JsonBody};
use crate::api::response::{ApiResult, no_content};
use crate::app::App;
use crate::error::{Error, ErrorCode, Result};
use crate::services::files::{self, Upload};
use crate::services::items::ItemsService;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{Method, Uri, header};
use axum::routing::any;
use serde_json::{Map, Value};
use std::sync::Arc;

const TABLE: &str = "directus_files";

pub fn routes() -> Router<Arc<App>> {
    let uploads = Router::new()
        .route("/files", any(collection))
        .route("/files/{key}", any(item))
        // Uploads have their own limit (FILES_MAX_UPLOAD_SIZE), checked while reading; JSON
        // bodies on these routes are read with MAX_PAYLOAD_SIZE (`JsonBody::read_limited`).
        .layer(DefaultBodyLimit::disable());
    Router::new()
        .route("/files/import", axum::routing::post(import))
        .merge(uploads)
}

fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// `"true"`, `"null"`, … in form fields as the values they stand for.
fn form_value(text: String) -> Value {
    match text.as_str() {
        "null" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(text),
    }
}

fn bad_form(e: impl std::fmt::Display) -> Error {
    Error::invalid_payload(format!("Invalid multipart body: {e}"))
}

/// Every file part with the form fields sent before it.
async fn parts(app: &App, mut form: Multipart) -> Result<Vec<(Map<String, Value>, Upload)>> {
    let max = app.config.files.max_upload_size;
    let mut fields = Map::new();
    let mut out = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(bad_form)? {
        let name = field.name().unwrap_or_default().to_string();
        let Some(filename) = field.file_name().map(str::to_string) else {
            let text = field.text().await.map_err(bad_form)?;
            fields.insert(name, form_value(text));
            continue;
        };
        let mime = field
            .content_type()
            .map(str::to_string)
            .unwrap_or_else(|| "application/octet-stream".into());
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
            bytes.extend_from_slice(&chunk);
            if max.is_some_and(|m| bytes.len() > m) {
                return Err(Error::new(ErrorCode::ContentTooLarge));
            }
        }
        out.push((
            std::mem::take(&mut fields),
            Upload {
                filename,
                mime,
                bytes,
            },
        ));
    }
    if out.is_empty() {
        return Err(Error::invalid_payload("No files were included in the body"));
    }
    Ok(out)
}

/// `POST /files/import` `{url, data?}`.
async fn import(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    uri: Uri,
    body: JsonBody,
) -> ApiResult {
    let body = body.object()?;
    let url = body
        .get("url")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_payload("\"url\" is required"))?;
    let fields = match body.get("data") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let key = files::import(&app, &acc, url, fields).await?;
    let svc = ItemsService::new(&app, &acc, TABLE).await?;
    let query =
        crate::query::parse::from_query_string(uri.query().unwrap_or(""), &Default::default())?;
    super::items::written(&svc, &[key], &query, true).await
}

async fn collection(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    method: Method,
    uri: Uri,
    req: Request,
) -> ApiResult {
    if method == Method::POST && is_multipart(&req) {
        let form = Multipart::from_request(req, &app).await.map_err(bad_form)?;
        let uploads = parts(&app, form).await?;
        let single = uploads.len() == 1;
        let mut keys = Vec::new();
        for (fields, upload) in uploads {
            keys.push(files::create(&app, &acc, fields, upload).await?);
        }
        let svc = ItemsService::new(&app, &acc, TABLE).await?;
        let query =
            crate::query::parse::from_query_string(uri.query().unwrap_or(""), &Default::default())?;
        return super::items::written(&svc, &keys, &query, single).await;
    }
    let body = JsonBody::read_limited(req, app.config.max_payload_size).await?;
    if method == Method::DELETE {
        let svc = ItemsService::new(&app, &acc, TABLE).await?;
        let keys = match &body.0 {
            Value::Array(keys) => keys
                .iter()
                .map(|k| svc.key(k))
                .collect::<Result<Vec<_>>>()?,
            Value::Object(batch) => super::items::batch_keys(&svc, batch).await?,
            _ => return Err(Error::invalid_payload("\"keys\" or \"query\" is required").into()),
        };
        files::delete(&app, &acc, &keys).await?;
        return Ok(no_content());
    }
    on_collection(&app, &acc, method, uri, TABLE, body).await
}

async fn item(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    method: Method,
    uri: Uri,
    Path(key): Path<String>,
    req: Request,
) -> ApiResult {
    if method == Method::PATCH && is_multipart(&req) {
        let svc = ItemsService::new(&app, &acc, TABLE).await?;
        let key = svc.key(&Value::from(key))?;
        let form = Multipart::from_request(req, &app).await.map_err(bad_form)?;
        let mut uploads = parts(&app, form).await?;
        let (fields, upload) = uploads.remove(0);
        files::replace(&app, &acc, &key, fields, upload).await?;
        let query =
            crate::query::parse::from_query_string(uri.query().unwrap_or(""), &Default::default())?;
        return super::items::written(&svc, &[key], &query, true).await;
    }
    if method == Method::DELETE {
        let svc = ItemsService::new(&app, &acc, TABLE).await?;
        let key = svc.key(&Value::from(key))?;
        files::delete(&app, &acc, &[key]).await?;
        return Ok(no_content());
    }
    let body = JsonBody::read_limited(req, app.config.max_payload_size).await?;
    on_item(&app, &acc, method, uri, TABLE, key, body).await
}

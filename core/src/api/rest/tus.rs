//! `/files/tus` (when `TUS_ENABLED`): the tus 1.0 protocol for resumable uploads — OPTIONS,
//! POST (creation), HEAD (offset), PATCH (a chunk), DELETE (termination) — over
//! `services::tus`.

use crate::api::extract::Auth;
use crate::api::response::ApiResult;
use crate::app::App;
use crate::error::Error;
use crate::services::tus::parse_metadata;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::sync::Arc;
use uuid::Uuid;

const VERSION: &str = "1.0.0";

pub fn routes(app: &App) -> Router<Arc<App>> {
    if !app.config.tus.enabled {
        return Router::new();
    }
    Router::new()
        .route("/files/tus", post(create).options(options))
        .route(
            "/files/tus/{id}",
            axum::routing::head(status)
                .patch(chunk)
                .delete(terminate)
                .options(options),
        )
        // A chunk may be as large as TUS_CHUNK_SIZE (and a little framing).
        .layer(DefaultBodyLimit::max(app.config.tus.chunk_size + 64 * 1024))
}

/// A tus answer: the status, `Tus-Resumable`, and the given headers.
fn answer(status: StatusCode, headers: &[(header::HeaderName, String)]) -> Response {
    let mut r = status.into_response();
    let h = r.headers_mut();
    h.insert("tus-resumable", header::HeaderValue::from_static(VERSION));
    for (name, value) in headers {
        if let Ok(v) = header::HeaderValue::from_str(value) {
            h.insert(name.clone(), v);
        }
    }
    r
}

fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Requests other than OPTIONS must speak this protocol version.
fn checked(headers: &HeaderMap) -> Option<Response> {
    match headers.get("tus-resumable").and_then(|v| v.to_str().ok()) {
        Some(VERSION) => None,
        _ => Some(answer(
            StatusCode::PRECONDITION_FAILED,
            &[(
                header::HeaderName::from_static("tus-version"),
                VERSION.into(),
            )],
        )),
    }
}

async fn options(State(app): State<Arc<App>>) -> Response {
    let mut headers = vec![
        (
            header::HeaderName::from_static("tus-version"),
            VERSION.to_string(),
        ),
        (
            header::HeaderName::from_static("tus-extension"),
            "creation,termination".to_string(),
        ),
    ];
    if let Some(max) = app.config.files.max_upload_size {
        headers.push((
            header::HeaderName::from_static("tus-max-size"),
            max.to_string(),
        ));
    }
    answer(StatusCode::NO_CONTENT, &headers)
}

async fn create(State(app): State<Arc<App>>, Auth(acc): Auth, headers: HeaderMap) -> ApiResult {
    if let Some(refused) = checked(&headers) {
        return Ok(refused);
    }
    let Some(length) = number(&headers, "upload-length") else {
        return Err(Error::invalid_payload("Upload-Length is required").into());
    };
    let metadata = parse_metadata(
        headers
            .get("upload-metadata")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )?;
    let id = app.tus.create(&app, &acc, length, metadata).await?;
    Ok(answer(
        StatusCode::CREATED,
        &[(header::LOCATION, format!("/files/tus/{id}"))],
    ))
}

fn upload_id(raw: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(raw).map_err(|_| Error::forbidden())
}

async fn status(State(app): State<Arc<App>>, Auth(acc): Auth, Path(id): Path<String>) -> ApiResult {
    let Ok((offset, length)) = upload_id(&id).and_then(|id| app.tus.status(&acc, id)) else {
        return Ok(answer(StatusCode::NOT_FOUND, &[]));
    };
    Ok(answer(
        StatusCode::OK,
        &[
            (
                header::HeaderName::from_static("upload-offset"),
                offset.to_string(),
            ),
            (
                header::HeaderName::from_static("upload-length"),
                length.to_string(),
            ),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    ))
}

async fn chunk(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    if let Some(refused) = checked(&headers) {
        return Ok(refused);
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type != "application/offset+octet-stream" {
        return Ok(answer(StatusCode::UNSUPPORTED_MEDIA_TYPE, &[]));
    }
    let id = upload_id(&id)?;
    let Ok((current, _)) = app.tus.status(&acc, id) else {
        return Ok(answer(StatusCode::NOT_FOUND, &[]));
    };
    if number(&headers, "upload-offset") != Some(current) {
        return Ok(answer(StatusCode::CONFLICT, &[]));
    }
    let offset = app.tus.append(&app, &acc, id, current, &body).await?;
    Ok(answer(
        StatusCode::NO_CONTENT,
        &[(
            header::HeaderName::from_static("upload-offset"),
            offset.to_string(),
        )],
    ))
}

async fn terminate(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    if let Some(refused) = checked(&headers) {
        return Ok(refused);
    }
    let ended = match upload_id(&id) {
        Ok(id) => app.tus.terminate(&app, &acc, id).await,
        Err(e) => Err(e),
    };
    match ended {
        Ok(()) => Ok(answer(StatusCode::NO_CONTENT, &[])),
        Err(_) => Ok(answer(StatusCode::NOT_FOUND, &[])),
    }
}

//! `/assets/:id` (spec §12): a file's bytes — streamed, or a byte range — or an image
//! transform of it, made once per parameter set and kept in storage; read permission on the
//! `directus_files` row decides, as in Directus.

use crate::api::extract::Auth;
use crate::api::response::ApiResult;
use crate::app::App;
use crate::auth::Accountability;
use crate::error::{Error, ErrorCode, Result};
use crate::model::query::Query;
use crate::services::items::ItemsService;
use crate::storage::{derived_folder, transform};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/assets/{id}", get(asset).head(asset))
        .route(
            "/assets/{id}/{filename}",
            get(asset_named).head(asset_named),
        )
}

/// The file row as `/assets` needs it, after checking the caller may read the file.
async fn file_row(
    app: &App,
    acc: &Accountability,
    id: &str,
) -> Result<serde_json::Map<String, Value>> {
    let svc = ItemsService::new(app, acc, "directus_files").await?;
    let key = svc.key(&Value::from(id))?;
    if !acc.admin {
        let only_id = Query {
            fields: Some(vec!["id".into()]),
            ..Default::default()
        };
        svc.read_one(&key, &only_id).await?;
    }
    // Readable: its storage details are read whatever field permissions say.
    let system = Accountability {
        admin: true,
        ..Default::default()
    };
    let all = ItemsService::new(app, &system, "directus_files").await?;
    match all.read_one(&key, &Query::default()).await? {
        Value::Object(m) => Ok(m),
        _ => Err(Error::forbidden()),
    }
}

async fn asset_named(
    s: State<Arc<App>>,
    a: Auth,
    Path((id, _)): Path<(String, String)>,
    m: Method,
    q: UrlQuery<HashMap<String, String>>,
    h: HeaderMap,
) -> ApiResult {
    asset(s, a, Path(id), m, q, h).await
}

async fn asset(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Path(id): Path<String>,
    method: Method,
    UrlQuery(q): UrlQuery<HashMap<String, String>>,
    headers: HeaderMap,
) -> ApiResult {
    let row = file_row(&app, &acc, &id).await?;
    let text = |k: &str| {
        row.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (storage, disk, mime) = (text("storage"), text("filename_disk"), text("type"));
    let cfg = &app.config.files;
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let params = transform::Params::from_query(&q, accept, cfg.max_operations)?;
    let modified = row
        .get("modified_on")
        .and_then(crate::db::dialect::parse_timestamp)
        .unwrap_or_else(chrono::Utc::now);
    let mut out = HeaderMap::new();
    let mut set = |name: header::HeaderName, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            out.insert(name, v);
        }
    };
    set(header::ACCEPT_RANGES, "bytes".into());
    set(
        header::LAST_MODIFIED,
        modified.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    );
    set(header::ETAG, format!("\"{}\"", modified.timestamp()));
    set(
        header::CACHE_CONTROL,
        format!("public, max-age={}", cfg.cache_ttl.as_secs()),
    );
    set(
        header::CONTENT_SECURITY_POLICY,
        cfg.content_security_policy.clone(),
    );
    let download = text("filename_download").replace('"', "");
    let disposition = if q.contains_key("download") {
        "attachment"
    } else {
        "inline"
    };
    set(
        header::CONTENT_DISPOSITION,
        format!("{disposition}; filename=\"{download}\""),
    );
    if !params.is_empty()
        && let Some(format) = params.output(&mime)
    {
        if q.get("format").is_some_and(|f| f == "auto") {
            set(header::VARY, "Accept".into());
        }
        let bytes = derived(&app, &storage, &disk, &id, format, &params).await?;
        set(header::CONTENT_TYPE, format.mime().into());
        set(header::CONTENT_LENGTH, bytes.len().to_string());
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(bytes)
        };
        return Ok((StatusCode::OK, out, body).into_response());
    }
    set(
        header::CONTENT_TYPE,
        if mime.is_empty() {
            "application/octet-stream".into()
        } else {
            mime
        },
    );
    let size = app.storage.head(&storage, &disk).await?.size;
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    if let Some(range) = range {
        let Some((start, end)) = parse_range(range, size) else {
            set(header::CONTENT_RANGE, format!("bytes */{size}"));
            let e = Error::new(ErrorCode::RangeNotSatisfiable);
            let mut resp = crate::api::response::ApiError::from(e).into_response();
            resp.headers_mut().extend(out);
            return Ok(resp);
        };
        set(header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}"));
        set(header::CONTENT_LENGTH, (end + 1 - start).to_string());
        let body = match method == Method::HEAD {
            true => Body::empty(),
            false => Body::from(
                app.storage
                    .read_range(&storage, &disk, start..end + 1)
                    .await?,
            ),
        };
        return Ok((StatusCode::PARTIAL_CONTENT, out, body).into_response());
    }
    set(header::CONTENT_LENGTH, size.to_string());
    let body = match method == Method::HEAD {
        true => Body::empty(),
        false => Body::from_stream(app.storage.stream(&storage, &disk).await?),
    };
    Ok((StatusCode::OK, out, body).into_response())
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n` within `size`, as an inclusive (start, end).
fn parse_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || size == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().ok()?;
            (size.saturating_sub(n), size - 1)
        }
        (a, "") => (a.parse().ok()?, size - 1),
        (a, b) => (a.parse().ok()?, b.parse::<u64>().ok()?.min(size - 1)),
    };
    (start <= end && start < size).then_some((start, end))
}

/// The transformed image: from storage when made before, else made now (a bounded number at
/// a time, off the async runtime) and kept.
async fn derived(
    app: &App,
    storage: &str,
    disk: &str,
    id: &str,
    format: transform::Format,
    params: &transform::Params,
) -> Result<bytes::Bytes> {
    let name = format!("{}/{}", derived_folder(id), params.cache_name(format));
    if let Ok(bytes) = app.storage.read(storage, &name).await {
        return Ok(bytes);
    }
    // One transform per derived image: concurrent requests for it wait and then read it.
    static IN_FLIGHT: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> =
        OnceLock::new();
    let in_flight = IN_FLIGHT.get_or_init(Default::default);
    let slot = in_flight
        .lock()
        .map(|mut m| m.entry(name.clone()).or_default().clone())
        .map_err(|_| Error::internal("transform registry"))?;
    let made = {
        let _turn = slot.lock().await;
        match app.storage.read(storage, &name).await {
            Ok(bytes) => Ok(bytes),
            Err(_) => transform_now(app, storage, disk, &name, format, params).await,
        }
    };
    if let Ok(mut m) = in_flight.lock()
        && Arc::strong_count(&slot) <= 2
    {
        m.remove(&name);
    }
    made
}

async fn transform_now(
    app: &App,
    storage: &str,
    disk: &str,
    name: &str,
    format: transform::Format,
    params: &transform::Params,
) -> Result<bytes::Bytes> {
    // Decoded images are large: no more transforms at once than cores (and the setting).
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        tokio::sync::Semaphore::new(app.config.files.max_concurrent.min(cores))
    });
    let _permit = permits
        .acquire()
        .await
        .map_err(|_| Error::internal("transform queue closed"))?;
    let source = app.storage.read(storage, disk).await?;
    let (p, max) = (params.clone(), app.config.files.max_dimension);
    let made = tokio::task::spawn_blocking(move || transform::apply(&source, format, &p, max))
        .await
        .map_err(|e| Error::internal(format!("transform task: {e}")))??;
    app.storage.put(storage, name, made.clone()).await?;
    Ok(bytes::Bytes::from(made))
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 9)));
        assert_eq!(parse_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=50-500", 100), Some((50, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=9-1", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
    }
}

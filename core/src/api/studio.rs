//! The admin studio at `/admin`: the Yew app's built files, handed over by the binary that
//! embeds them (`strata-studio-files`), with the app's `index.html` answering every client-side
//! route (`/admin/content/posts/1` is the app's, not the server's, to resolve).

use crate::app::App;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;

/// One embedded file of the studio.
#[derive(Debug, Clone, Copy)]
pub struct StudioAsset {
    /// Path below `/admin/`, such as `strata_ui_bg.wasm`.
    pub path: &'static str,
    pub mime: &'static str,
    pub body: &'static [u8],
    /// The same bytes gzip-compressed at build time (the wasm shrinks to about a third).
    pub gzip: &'static [u8],
    pub etag: &'static str,
}

/// The assets from the tuples `strata-studio-files` embeds (path, mime, body, gzip, etag).
pub fn assets(
    files: &[(
        &'static str,
        &'static str,
        &'static [u8],
        &'static [u8],
        &'static str,
    )],
) -> Vec<StudioAsset> {
    files
        .iter()
        .map(|&(path, mime, body, gzip, etag)| StudioAsset {
            path,
            mime,
            body,
            gzip,
            etag,
        })
        .collect()
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/admin", get(index))
        .route("/admin/", get(index))
        .route("/admin/{*path}", get(asset))
}

async fn index(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    serve(&app, "index.html", &headers)
}

async fn asset(
    State(app): State<Arc<App>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve(&app, &path, &headers)
}

fn serve(app: &App, path: &str, headers: &HeaderMap) -> Response {
    let files = app.studio.get().map(Vec::as_slice).unwrap_or_default();
    let Some(index) = files.iter().find(|f| f.path == "index.html") else {
        return not_built();
    };
    // A path with an extension is a file (404 when missing); anything else is an app route.
    let file = match files.iter().find(|f| f.path == path) {
        Some(f) => f,
        None if path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.')) =>
        {
            return crate::error::Error::route_not_found(&format!("/admin/{path}")).into_response();
        }
        None => index,
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == file.etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, file.etag)]).into_response();
    }
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut res = if gzip {
        (
            [(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))],
            file.gzip,
        )
            .into_response()
    } else {
        file.body.into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.mime));
    h.insert(header::ETAG, HeaderValue::from_static(file.etag));
    // Names carry no hash, so browsers revalidate (a 304 when unchanged).
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Origin"),
    );
    res
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        "<!doctype html><title>Strata</title><p>The admin studio is not part of this build. \
         Build it with <code>./scripts/studio</code> and rebuild the server \
         (<code>./scripts/run</code> does both).</p>",
    )
        .into_response()
}

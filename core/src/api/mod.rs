//! The HTTP API (axum): router, middleware (headers, logging, CORS, body limit, panics) and
//! serving on a listener.

pub mod extract;
pub mod graphql;
pub mod rate_limit;
pub mod response;
pub mod rest;
pub mod studio;
pub mod ws;

use crate::app::App;
use crate::error::Error;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The whole API for one app; mounted by the server binary and the desktop shell alike.
pub fn router(app: Arc<App>) -> Router {
    let mut router = Router::new()
        .merge(rest::server::routes())
        .merge(rest::auth::routes())
        .merge(rest::users::routes())
        .merge(rest::items::routes())
        .merge(rest::schema::routes())
        .merge(rest::system::routes())
        .merge(rest::files::routes())
        .merge(rest::versions::routes())
        .merge(rest::tus::routes(&app))
        .merge(rest::assets::routes())
        .merge(ws::routes(&app))
        .merge(graphql::routes())
        .merge(studio::routes())
        .fallback(route_not_found)
        .method_not_allowed_fallback(route_not_found)
        .layer(DefaultBodyLimit::max(app.config.max_payload_size))
        .layer(middleware::from_fn(common_headers))
        .layer(CatchPanicLayer::custom(response::panic_response));
    if let Some(cors) = cors_layer(&app) {
        router = router.layer(cors);
    }
    if app.config.count_statements {
        router = router.layer(middleware::from_fn(statement_count));
    }
    if let Some(limiter) = app.rate_limiter.clone() {
        router = router.layer(middleware::from_fn_with_state(limiter, rate_limit::limit));
    }
    if let Some(limiter) = app.global_limiter.clone() {
        router = router.layer(middleware::from_fn_with_state(
            limiter,
            rate_limit::limit_all,
        ));
    }
    router
        .layer(middleware::from_fn(log_request))
        .with_state(app)
}

async fn route_not_found(req: Request) -> Response {
    Error::route_not_found(req.uri().path()).into_response()
}

/// Headers Directus sends on every response.
async fn common_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert("x-powered-by", HeaderValue::from_static("Directus"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if !headers.contains_key(header::VARY) {
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Origin, Cache-Control"),
        );
    }
    res
}

/// `X-Strata-Statements: n`: how many SQL statements the request ran.
async fn statement_count(req: Request, next: Next) -> Response {
    let (mut res, n) = crate::db::count_statements(next.run(req)).await;
    res.headers_mut()
        .insert("x-strata-statements", HeaderValue::from(n));
    res
}

/// One line per request: method, path (never the query: it may hold `access_token`), status, time.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let start = Instant::now();
    let res = next.run(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(target: "strata::http", %method, %path, status = res.status().as_u16(), ms = format!("{ms:.1}"), "request");
    res
}

fn cors_layer(app: &App) -> Option<CorsLayer> {
    let cfg = &app.config.cors;
    if !cfg.enabled {
        return None;
    }
    // `true` reflects the caller's origin; `*` is the literal wildcard, which browsers never
    // combine with credentials, so credentials are off then.
    let (origin, credentials) = match cfg.origin.as_str() {
        "false" => return None,
        "true" => (AllowOrigin::mirror_request(), cfg.credentials),
        "*" => {
            if cfg.credentials {
                tracing::warn!(
                    "CORS_ORIGIN=* never allows credentials; use CORS_ORIGIN=true or a list of origins"
                );
            }
            (AllowOrigin::any(), false)
        }
        list => (
            AllowOrigin::list(
                list.split(',')
                    .filter_map(|o| HeaderValue::from_str(o.trim()).ok()),
            ),
            cfg.credentials,
        ),
    };
    let methods: Vec<Method> = cfg.methods.iter().filter_map(|m| m.parse().ok()).collect();
    let allowed: Vec<header::HeaderName> = cfg
        .allowed_headers
        .iter()
        .filter_map(|h| h.parse().ok())
        .collect();
    let exposed: Vec<header::HeaderName> = cfg
        .exposed_headers
        .iter()
        .filter_map(|h| h.parse().ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(origin)
            .allow_methods(methods)
            .allow_headers(allowed)
            .expose_headers(exposed)
            .allow_credentials(credentials)
            .max_age(std::time::Duration::from_secs(cfg.max_age)),
    )
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    app: Arc<App>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY a response of several segments waits for the client's delayed ACK:
    // ~40 ms on every larger read.
    let listener = listener.tap_io(|stream| {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

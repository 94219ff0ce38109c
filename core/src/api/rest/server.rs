//! `/server/*`, the root redirect and robots.txt (spec §11).

use crate::api::extract::Auth;
use crate::api::response::{ApiResult, data, json_response};
use crate::app::App;
use crate::error::Error;
use crate::services::settings;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/server/ping", get(ping))
        .route("/server/info", get(info))
        .route("/server/health", get(health))
        .route("/robots.txt", get(robots))
        .route("/", get(root))
}

async fn ping() -> Response {
    let mut res = "pong".into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}

async fn robots(State(app): State<Arc<App>>) -> Response {
    app.config.robots_txt.clone().into_response()
}

async fn root(State(app): State<Arc<App>>) -> ApiResult {
    match &app.config.root_redirect {
        // Express answers `res.redirect` with 302 Found.
        Some(to) => Ok((StatusCode::FOUND, [(header::LOCATION, to.clone())]).into_response()),
        None => Err(Error::route_not_found("/").into()),
    }
}

async fn info(State(app): State<Arc<App>>, Auth(acc): Auth) -> ApiResult {
    let settings = settings::read(&app.db).await?;
    let mut body = json!({ "project": settings::public_project(&settings) });
    if acc.user.is_some() {
        let cfg = &app.config;
        let extra = json!({
            "version": env!("CARGO_PKG_VERSION"),
            "rateLimit": false,
            "rateLimitGlobal": false,
            "queryLimit": { "default": cfg.query_limit_default, "max": cfg.query_limit_max },
            "websocket": false,
            "extensions": { "limit": Value::Null },
        });
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
    }
    Ok(data(body))
}

/// v12 behaviour: anonymous → 403, non-admin → status only, admin → every check.
async fn health(State(app): State<Arc<App>>, Auth(acc): Auth) -> ApiResult {
    if !app.config.healthcheck_enabled {
        return Err(Error::route_not_found("/server/health").into());
    }
    if acc.user.is_none() {
        return Err(Error::forbidden().into());
    }
    let client = app.db.client_name();
    let (status, checks) = match app.db.ping().await {
        Ok(elapsed) => {
            let ms = elapsed.as_secs_f64() * 1000.0;
            let (open, idle) = app.db.pool_usage();
            let status = if ms > 150.0 { "warn" } else { "ok" };
            (
                status,
                json!({
                    format!("{client}:responseTime"): [{ "componentType": "datastore", "observedValue": ms, "observedUnit": "ms", "status": status, "threshold": 150 }],
                    format!("{client}:connectionsAvailable"): [{ "componentType": "datastore", "observedValue": idle }],
                    format!("{client}:connectionsUsed"): [{ "componentType": "datastore", "observedValue": open as usize - idle.min(open as usize) }],
                }),
            )
        }
        Err(_) => (
            "error",
            json!({ format!("{client}:responseTime"): [{ "componentType": "datastore", "status": "error", "output": "Database is unreachable" }] }),
        ),
    };
    let body = if acc.admin {
        json!({ "status": status, "releaseId": env!("CARGO_PKG_VERSION"), "serviceId": "strata", "checks": checks })
    } else {
        json!({ "status": status })
    };
    let code = if status == "error" {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    let mut res = json_response(code, &body);
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/health+json; charset=utf-8"),
    );
    Ok(res)
}

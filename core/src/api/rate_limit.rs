//! The rate-limit middleware: the request past the limit gets 429 REQUESTS_EXCEEDED with
//! `Retry-After`, as Directus answers (see `services::rate_limit`).

use crate::api::response::ApiError;
use crate::error::{Error, ErrorCode};
use crate::services::rate_limit::RateLimiter;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The 429 answer for a request `wait` before the window reopens.
fn exceeded(limiter: &RateLimiter, wait: std::time::Duration) -> Response {
    let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
    let reset = chrono::Utc::now() + chrono::Duration::milliseconds(wait.as_millis() as i64);
    let error = Error::with_message(
        ErrorCode::RequestsExceeded,
        format!("Too many requests, retry after {secs}s."),
    )
    .extension("limit", limiter.points)
    .extension(
        "reset",
        reset.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    );
    let mut response = ApiError::from(error).into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// Counts a request from `ip` on `limiter` (if any); the 429 response when past the limit.
pub async fn check(limiter: Option<&RateLimiter>, ip: &str) -> Result<(), Response> {
    match limiter {
        Some(l) => l.consume(ip).await.map_err(|wait| exceeded(l, wait)),
        None => Ok(()),
    }
}

/// The middleware: the key is the client's IP address.
pub async fn limit(State(limiter): State<Arc<RateLimiter>>, req: Request, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    match check(Some(&limiter), &ip).await {
        Ok(()) => next.run(req).await,
        Err(response) => response,
    }
}

/// The global middleware: every request counts against one key.
pub async fn limit_all(
    State(limiter): State<Arc<RateLimiter>>,
    req: Request,
    next: Next,
) -> Response {
    match check(Some(&limiter), "global").await {
        Ok(()) => next.run(req).await,
        Err(response) => response,
    }
}

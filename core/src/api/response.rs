//! Turning results into HTTP responses: the Directus error envelope, `{"data": …}` bodies,
//! 204s, and cookies.

use crate::config::CookieConfig;
use crate::error::{Error, ErrorCode};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::time::Duration;

/// An error on its way to the client, optionally clearing a cookie that caused it.
#[derive(Debug)]
pub struct ApiError {
    pub error: Error,
    /// A cookie that caused the error and must be dropped by the browser.
    pub clear_cookie: Option<CookieConfig>,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        ApiError {
            error,
            clear_cookie: None,
        }
    }
}

pub type ApiResult<T = Response> = Result<T, ApiError>;

pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut res = (status, bytes).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    res
}

/// `{"data": value}` with 200.
pub fn data(value: impl Into<Value>) -> Response {
    json_response(StatusCode::OK, &serde_json::json!({ "data": value.into() }))
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = json_response(status, &self.error.to_body());
        if let Some(cfg) = &self.clear_cookie {
            res.headers_mut()
                .append(header::SET_COOKIE, clear_cookie(cfg));
        }
        res
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        ApiError::from(self).into_response()
    }
}

/// `Set-Cookie` for a token cookie with Directus's attributes.
pub fn set_cookie(cfg: &CookieConfig, value: &str, ttl: Duration) -> HeaderValue {
    let mut c = format!(
        "{}={}; Max-Age={}; Path=/; HttpOnly",
        cfg.name,
        value,
        ttl.as_secs()
    );
    push_attributes(&mut c, cfg);
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(cfg: &CookieConfig) -> HeaderValue {
    let mut c = format!(
        "{}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly",
        cfg.name
    );
    push_attributes(&mut c, cfg);
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn push_attributes(c: &mut String, cfg: &CookieConfig) {
    let same_site = match cfg.same_site.to_ascii_lowercase().as_str() {
        "strict" => "Strict",
        "none" => "None",
        _ => "Lax",
    };
    c.push_str("; SameSite=");
    c.push_str(same_site);
    if cfg.secure {
        c.push_str("; Secure");
    }
    if let Some(domain) = &cfg.domain {
        c.push_str("; Domain=");
        c.push_str(domain);
    }
}

/// The 500 answer to a panic: the envelope, never a stack.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("request handler panicked");
    Error::new(ErrorCode::InternalServerError).into_response()
}

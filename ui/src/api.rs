//! The studio's only way to the server: JSON over `fetch` with the session cookie (Directus's
//! `session` mode, so no token is ever readable by scripts), one silent refresh when the access
//! token has expired, and Directus's error envelope turned into [`ApiError`].

use gloo::net::http::{Method, RequestBuilder};
use serde_json::{Value, json};
use std::cell::Cell;
use web_sys::RequestCredentials;

/// A failed request: HTTP status and the first Directus error (`extensions.code`, `message`).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// The field a validation error names (`extensions.field`).
    pub field: Option<String>,
}

impl ApiError {
    /// An error read from a Directus error envelope (also used for uploads through XHR).
    pub fn from_envelope(status: u16, body: &Value) -> ApiError {
        ApiError::from_body(status, body)
    }

    fn network(e: impl std::fmt::Display) -> ApiError {
        ApiError {
            status: 0,
            code: "NETWORK".into(),
            message: e.to_string(),
            field: None,
        }
    }

    fn from_body(status: u16, body: &Value) -> ApiError {
        let first = &body["errors"][0];
        ApiError {
            status,
            code: first["extensions"]["code"]
                .as_str()
                .unwrap_or("UNKNOWN")
                .to_string(),
            message: first["message"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("HTTP {status}")),
            field: first["extensions"]["field"].as_str().map(str::to_string),
        }
    }

    pub fn is_auth(&self) -> bool {
        self.status == 401
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub type ApiResult<T = Value> = Result<T, ApiError>;

thread_local! {
    /// Milliseconds the current access token lives, as the last login/refresh said.
    static EXPIRES_MS: Cell<u64> = const { Cell::new(900_000) };
}

pub fn token_lifetime_ms() -> u64 {
    EXPIRES_MS.with(Cell::get)
}

/// `encodeURIComponent`, for values put into query strings.
pub fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The whole body of a successful request (`{data, meta}`), `Null` for 204.
pub async fn request(method: Method, path: &str, body: Option<&Value>) -> ApiResult {
    match once(method.clone(), path, body).await {
        Err(e) if e.is_auth() && e.code == "TOKEN_EXPIRED" && !path.starts_with("/auth/") => {
            refresh().await?;
            once(method, path, body).await
        }
        other => other,
    }
}

async fn once(method: Method, path: &str, body: Option<&Value>) -> ApiResult {
    let builder = RequestBuilder::new(path)
        .method(method)
        .credentials(RequestCredentials::Include);
    let req = match body {
        Some(b) => builder.json(b).map_err(ApiError::network)?,
        None => builder.build().map_err(ApiError::network)?,
    };
    let res = req.send().await.map_err(ApiError::network)?;
    let status = res.status();
    let text = res.text().await.map_err(ApiError::network)?;
    let parsed: Value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    if (200..300).contains(&status) {
        Ok(parsed)
    } else {
        Err(ApiError::from_body(status, &parsed))
    }
}

/// `data` of a GET.
pub async fn get(path: &str) -> ApiResult {
    Ok(request(Method::GET, path, None).await?["data"].take())
}

pub async fn post(path: &str, body: &Value) -> ApiResult {
    Ok(request(Method::POST, path, Some(body)).await?["data"].take())
}

pub async fn patch(path: &str, body: &Value) -> ApiResult {
    Ok(request(Method::PATCH, path, Some(body)).await?["data"].take())
}

pub async fn delete(path: &str, body: Option<&Value>) -> ApiResult<()> {
    request(Method::DELETE, path, body).await.map(|_| ())
}

/// Logs in with the session cookie; `otp` when the account has two-factor auth.
pub async fn login(email: &str, password: &str, otp: Option<&str>) -> ApiResult<()> {
    let mut body = json!({ "email": email, "password": password, "mode": "session" });
    if let Some(code) = otp {
        body["otp"] = Value::from(code);
    }
    let res = request(Method::POST, "/auth/login", Some(&body)).await?;
    remember_expiry(&res);
    Ok(())
}

/// A new session cookie from the refresh token inside the current one.
pub async fn refresh() -> ApiResult<()> {
    let res = once(
        Method::POST,
        "/auth/refresh",
        Some(&json!({ "mode": "session" })),
    )
    .await?;
    remember_expiry(&res);
    Ok(())
}

pub async fn logout() -> ApiResult<()> {
    once(
        Method::POST,
        "/auth/logout",
        Some(&json!({ "mode": "session" })),
    )
    .await
    .map(|_| ())
}

fn remember_expiry(res: &Value) {
    if let Some(ms) = res["data"]["expires"].as_u64() {
        EXPIRES_MS.with(|c| c.set(ms));
    }
}

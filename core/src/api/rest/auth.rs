//! `/auth/*`: login, refresh, logout, providers list and password reset (spec §4.3).

use crate::api::extract::{JsonBody, client_info, cookie};
use crate::api::response::{
    ApiError, ApiResult, clear_cookie, data, json_response, no_content, set_cookie,
};
use crate::app::App;
use crate::auth::jwt::{self, AccessClaims};
use crate::error::Error;
use crate::services::auth::{
    self as auth_service, AuthMode, LoginInput, Tokens, password_reset, session,
};
use crate::services::users::is_valid_email;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/auth", get(providers))
        .route("/auth/login", post(login))
        .route("/auth/login/default", post(login))
        .route("/auth/refresh", post(refresh))
        .route("/auth/logout", post(logout))
        .route("/auth/password/request", post(password_request))
        .route("/auth/password/reset", post(password_reset))
        .route("/shares/auth", post(share_auth))
        .route("/shares/info/{id}", axum::routing::get(share_info))
}

fn string_field(body: &Map<String, Value>, name: &str) -> Result<Option<String>, Error> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::invalid_payload(format!(
            "\"{name}\" must be a string"
        ))),
    }
}

fn required(body: &Map<String, Value>, name: &str) -> Result<String, Error> {
    string_field(body, name)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_payload(format!("\"{name}\" is required")))
}

fn mode_of(body: &Map<String, Value>, default: AuthMode) -> Result<AuthMode, Error> {
    string_field(body, "mode")?
        .map(|m| AuthMode::parse(&m))
        .transpose()
        .map(|m| m.unwrap_or(default))
}

/// The response body and cookies for issued tokens, per mode.
fn tokens_response(app: &App, tokens: Tokens, mode: AuthMode) -> Response {
    let auth = &app.config.auth;
    let (body, cookie) = match mode {
        AuthMode::Json => (
            json!({ "access_token": tokens.access_token, "refresh_token": tokens.refresh_token, "expires": tokens.expires_ms }),
            None,
        ),
        AuthMode::Cookie => (
            json!({ "access_token": tokens.access_token, "expires": tokens.expires_ms }),
            Some(set_cookie(
                &auth.refresh_cookie,
                &tokens.refresh_token,
                tokens.refresh_ttl,
            )),
        ),
        AuthMode::Session => (
            json!({ "expires": tokens.expires_ms }),
            Some(set_cookie(
                &auth.session_cookie,
                &tokens.access_token,
                tokens.refresh_ttl,
            )),
        ),
    };
    let mut res = data(body);
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

async fn providers(State(app): State<Arc<App>>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({ "data": [], "disableDefault": app.config.auth.disable_default }),
    )
}

async fn login(State(app): State<Arc<App>>, parts: Parts, body: JsonBody) -> ApiResult {
    let body = body.object()?;
    let email = required(&body, "email")?;
    if !is_valid_email(&email) {
        return Err(Error::invalid_payload("\"email\" must be a valid email").into());
    }
    let password = required(&body, "password")?;
    let otp = string_field(&body, "otp")?;
    let mode = mode_of(&body, AuthMode::Json)?;
    let tokens = auth_service::login(
        &app,
        LoginInput {
            email,
            password,
            otp,
            mode,
        },
        client_info(&parts),
    )
    .await?;
    Ok(tokens_response(&app, tokens, mode))
}

/// Where a refresh/logout finds the refresh token: body, refresh cookie, or the `session`
/// claim of the session cookie. Also names the cookies to clear on logout.
/// Where refresh/logout find the refresh token, by mode exactly as Directus does: json → the
/// body, cookie → the refresh cookie, session → the `session` claim of the session cookie.
fn refresh_token(
    app: &App,
    parts: &Parts,
    body: &Map<String, Value>,
    mode: AuthMode,
) -> Result<Option<String>, Error> {
    let token = match mode {
        AuthMode::Json => string_field(body, "refresh_token")?,
        AuthMode::Cookie => cookie(parts, &app.config.auth.refresh_cookie.name),
        AuthMode::Session => match cookie(parts, &app.config.auth.session_cookie.name) {
            Some(jwt) if jwt::is_directus_jwt(&jwt) => {
                jwt::verify::<AccessClaims>(&jwt, app.secret())?.session
            }
            _ => None,
        },
    };
    Ok(token.filter(|t| !t.is_empty()))
}

fn default_mode(body: &Map<String, Value>) -> AuthMode {
    match body.get("refresh_token") {
        Some(Value::String(t)) if !t.is_empty() => AuthMode::Json,
        _ => AuthMode::Cookie,
    }
}

async fn refresh(State(app): State<Arc<App>>, parts: Parts, body: JsonBody) -> ApiResult {
    let body = body.object()?;
    let mode = mode_of(&body, default_mode(&body))?;
    let token = refresh_token(&app, &parts, &body, mode)?.ok_or_else(|| {
        Error::invalid_payload("The refresh token is required in either the payload or cookie")
    })?;
    let tokens = session::refresh(&app, &token, mode, client_info(&parts)).await?;
    Ok(tokens_response(&app, tokens, mode))
}

async fn logout(State(app): State<Arc<App>>, parts: Parts, body: JsonBody) -> ApiResult {
    let body = body.object()?;
    let mode = mode_of(&body, default_mode(&body))?;
    let result = match refresh_token(&app, &parts, &body, mode)? {
        Some(token) => session::logout(&app, &token).await,
        None => Err(Error::invalid_payload(
            "The refresh token is required in either the payload or cookie",
        )),
    };
    // Whatever happened to the session, the cookies the client sent are dead: clear them.
    let mut res = match result {
        Ok(()) => no_content(),
        Err(e) => ApiError::from(e).into_response(),
    };
    for cfg in [
        &app.config.auth.refresh_cookie,
        &app.config.auth.session_cookie,
    ] {
        if cookie(&parts, &cfg.name).is_some() {
            res.headers_mut()
                .append(header::SET_COOKIE, clear_cookie(cfg));
        }
    }
    Ok(res)
}

async fn password_request(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult {
    let body = body.object()?;
    let email = required(&body, "email")?;
    if !is_valid_email(&email) {
        return Err(Error::invalid_payload("\"email\" must be a valid email").into());
    }
    let reset_url = string_field(&body, "reset_url")?;
    password_reset::request(&app, &email, reset_url.as_deref()).await?;
    Ok(no_content())
}

async fn password_reset(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult {
    let body = body.object()?;
    let token = required(&body, "token")?;
    let password = required(&body, "password")?;
    password_reset::reset(&app, &token, &password).await?;
    Ok(no_content())
}

/// `POST /shares/auth` `{share, password?, mode?}`: tokens for a share, like a login.
async fn share_auth(State(app): State<Arc<App>>, parts: Parts, body: JsonBody) -> ApiResult {
    let body = body.object()?;
    let share = required(&body, "share")?;
    let password = string_field(&body, "password")?;
    let mode = mode_of(&body, AuthMode::Json)?;
    let tokens =
        crate::services::shares::auth(&app, &share, password, mode, client_info(&parts)).await?;
    Ok(tokens_response(&app, tokens, mode))
}

/// `GET /shares/info/:id`: public facts about a share.
async fn share_info(
    State(app): State<Arc<App>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> ApiResult {
    Ok(crate::api::response::data(
        crate::services::shares::info(&app, &id).await?,
    ))
}

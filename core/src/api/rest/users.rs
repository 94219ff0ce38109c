//! `/users/me` (the rest of `/users` comes with the generic collection CRUD).

use crate::api::extract::{Auth, Fields, JsonBody};
use crate::api::response::{ApiResult, data, no_content};
use crate::app::App;
use crate::error::Error;
use crate::services::{invites, registration, tfa, users};
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde_json::Value;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/users/me", get(read_me).patch(update_me))
        .route("/users/register", post(register))
        .route("/users/register/verify-email", get(verify_email))
        .route("/policies/me/globals", get(globals))
        .route("/permissions/me", get(permissions_me))
        .route("/users/invite", post(invite))
        .route("/users/invite/accept", post(accept_invite))
        .route("/users/me/tfa/generate", post(tfa_generate))
        .route("/users/me/tfa/enable", post(tfa_enable))
        .route("/users/me/tfa/disable", post(tfa_disable))
        .route("/users/{id}/tfa/disable", post(tfa_disable_for))
}

async fn read_me(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Fields(fields): Fields,
) -> ApiResult {
    if acc.share.is_some() {
        return Ok(data(
            serde_json::json!({ "share": acc.share.map(|s| s.to_string()) }),
        ));
    }
    if acc.user.is_none() {
        return Err(Error::invalid_credentials().into());
    }
    Ok(data(Value::Object(
        users::read_me(&app.db, &acc, &fields).await?,
    )))
}

async fn update_me(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    Fields(fields): Fields,
    body: JsonBody,
) -> ApiResult {
    if acc.user.is_none() {
        return Err(Error::invalid_credentials().into());
    }
    let payload = Value::Object(body.object()?);
    Ok(data(Value::Object({
        let updated = users::update_me(&app.db, &acc, payload, &fields).await?;
        // A new password, status or role must be seen by the next request.
        app.accountabilities.clear();
        updated
    })))
}

async fn tfa_generate(State(app): State<Arc<App>>, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    let password = body.0.get("password").and_then(Value::as_str);
    Ok(data(tfa::generate(&app, &acc, password).await?))
}

async fn tfa_enable(State(app): State<Arc<App>>, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    tfa::enable(&app, &acc, &body.0).await?;
    Ok(no_content())
}

async fn tfa_disable(State(app): State<Arc<App>>, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    tfa::disable(&app, &acc, &body.0).await?;
    Ok(no_content())
}

async fn tfa_disable_for(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> ApiResult {
    let id = uuid::Uuid::parse_str(&id).map_err(|_| Error::forbidden())?;
    tfa::disable_for(&app, &acc, id).await?;
    Ok(no_content())
}

async fn invite(State(app): State<Arc<App>>, Auth(acc): Auth, body: JsonBody) -> ApiResult {
    invites::invite(&app, &acc, &body.0).await?;
    Ok(no_content())
}

async fn accept_invite(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult {
    invites::accept(&app, &body.0).await?;
    Ok(no_content())
}

async fn register(
    State(app): State<Arc<App>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    body: JsonBody,
) -> ApiResult {
    let ip = peer.ip().to_string();
    if let Err(refused) =
        crate::api::rate_limit::check(app.registration_limiter.as_deref(), &ip).await
    {
        return Ok(refused);
    }
    registration::register(&app, &body.0).await?;
    Ok(no_content())
}

/// Activates the registered user and sends the browser on, like Directus.
async fn verify_email(State(app): State<Arc<App>>, uri: axum::http::Uri) -> ApiResult {
    use axum::response::IntoResponse;
    let token = uri
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("token="))
        .unwrap_or("");
    // 302 like Express's `res.redirect` (axum's `Redirect::to` is a 303).
    let found = |to: String| {
        (
            axum::http::StatusCode::FOUND,
            [(axum::http::header::LOCATION, to)],
        )
            .into_response()
    };
    if token.is_empty() {
        return Ok(found("/admin/login".into()));
    }
    let id = registration::verify(&app, token).await?;
    Ok(found(format!("/admin/users/{id}")))
}

/// What the caller may do, per collection and action (`permissions::collection_access`).
async fn permissions_me(State(app): State<Arc<App>>, Auth(acc): Auth) -> ApiResult {
    if acc.user.is_none() && acc.role.is_none() {
        return Err(crate::error::Error::forbidden().into());
    }
    // Any collection that always exists gives the service its schema and the caller's access.
    let svc = crate::services::items::ItemsService::new(&app, &acc, "directus_users").await?;
    Ok(data(crate::permissions::collection_access(
        &svc.schema,
        svc.access.as_deref(),
    )))
}

/// `{app_access, admin_access, enforce_tfa}` of the caller's policies.
async fn globals(Auth(acc): Auth) -> ApiResult {
    if acc.user.is_none() {
        return Ok(data(serde_json::json!({"app_access": false})));
    }
    Ok(data(serde_json::json!({
        "app_access": acc.app, "admin_access": acc.admin, "enforce_tfa": acc.enforce_tfa,
    })))
}

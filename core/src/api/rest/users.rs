//! `/users/me` (the rest of `/users` comes with the generic collection CRUD).

use crate::api::extract::{Auth, Fields, JsonBody};
use crate::api::response::{ApiResult, data};
use crate::app::App;
use crate::error::Error;
use crate::services::users;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde_json::Value;
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/users/me", get(read_me).patch(update_me))
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

//! GraphQL over HTTP: `GET`/`POST /graphql` and `/graphql/system` (the upgrade to WebSocket on
//! `GET /graphql` goes to `ws`), errors in Directus's shapes, and the SDL at
//! `/server/specs/graphql`.

use super::resolve::Caller;
use super::{schema_for, ws};
use crate::api::extract::Auth;
use crate::api::response::ApiResult;
use crate::app::App;
use crate::error::Error;
use axum::Router;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::Arc;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/graphql", get(get_items).post(post_items))
        .route("/graphql/system", get(get_system).post(post_system))
        .route("/server/specs/graphql", get(sdl_items))
        .route("/server/specs/graphql/{scope}", get(sdl_scope))
}

async fn sdl_items(State(app): State<Arc<App>>, Auth(acc): Auth) -> ApiResult {
    sdl(app, acc, "items").await
}

async fn sdl_scope(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    axum::extract::Path(scope): axum::extract::Path<String>,
) -> ApiResult {
    sdl(app, acc, &scope).await
}

/// The schema the caller would query, as an SDL attachment (`items` or `system`).
async fn sdl(app: Arc<App>, acc: crate::auth::Accountability, scope: &str) -> ApiResult {
    let system = match scope {
        "items" => false,
        "system" => true,
        _ => {
            return Err(Error::with_reason(
                crate::error::ErrorCode::InvalidPathParameter,
                "Invalid path parameter",
                "\"scope\" must be one of [items, system]".into(),
            )
            .into());
        }
    };
    let built = schema_for(&app, &acc, system).await?;
    let name = format!("attachment; filename=\"schema.{scope}.graphql\"");
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8".to_string(),
            ),
            (axum::http::header::CONTENT_DISPOSITION, name),
        ],
        built.schema.sdl(),
    )
        .into_response())
}

/// Errors of resolvers carry a Directus code; the others are the request's own (syntax, unknown
/// fields, wrong types), answered as one GRAPHQL_VALIDATION.
pub(super) fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| {
            e.extensions
                .as_ref()
                .is_none_or(|x| x.get("code").is_none())
        })
}

#[derive(serde::Deserialize)]
struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// `GET /graphql`: a query, or the upgrade to GraphQL over WebSocket.
async fn get_items(State(app): State<Arc<App>>, req: axum::extract::Request) -> ApiResult {
    let upgrade = req
        .headers()
        .get(axum::http::header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if let (true, Some(auth)) = (upgrade, app.config.websockets.graphql) {
        return Ok(ws::upgrade(app, auth, req).await);
    }
    let (mut parts, _) = req.into_parts();
    let auth =
        <Auth as axum::extract::FromRequestParts<Arc<App>>>::from_request_parts(&mut parts, &app)
            .await?;
    let params = UrlQuery::<GetParams>::try_from_uri(&parts.uri)
        .map_err(|_| Error::invalid_query("Invalid query string"))?;
    from_get(State(app), auth, params, false).await
}

async fn get_system(s: State<Arc<App>>, a: Auth, p: UrlQuery<GetParams>) -> ApiResult {
    from_get(s, a, p, true).await
}

async fn post_items(s: State<Arc<App>>, a: Auth, b: crate::api::extract::JsonBody) -> ApiResult {
    from_post(s, a, b, false).await
}

async fn post_system(s: State<Arc<App>>, a: Auth, b: crate::api::extract::JsonBody) -> ApiResult {
    from_post(s, a, b, true).await
}

async fn from_get(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    UrlQuery(p): UrlQuery<GetParams>,
    system: bool,
) -> ApiResult {
    let variables = match p.variables.as_deref().filter(|v| !v.is_empty()) {
        Some(v) => serde_json::from_str(v)
            .map_err(|_| Error::invalid_payload("\"variables\" must be JSON"))?,
        None => Value::Null,
    };
    let body = json!({"query": p.query, "variables": variables, "operationName": p.operation_name});
    execute(app, acc, body, system, Method::GET).await
}

async fn from_post(
    State(app): State<Arc<App>>,
    Auth(acc): Auth,
    body: crate::api::extract::JsonBody,
    system: bool,
) -> ApiResult {
    execute(app, acc, body.0, system, Method::POST).await
}

async fn execute(
    app: Arc<App>,
    acc: crate::auth::Accountability,
    body: Value,
    system: bool,
    method: Method,
) -> ApiResult {
    let Some(text) = body
        .get("query")
        .and_then(Value::as_str)
        .filter(|q| !q.is_empty())
    else {
        return Err(Error::invalid_payload("Must provide query string.").into());
    };
    if method == Method::GET && text.trim_start().starts_with("mutation") {
        return Ok((
            StatusCode::METHOD_NOT_ALLOWED,
            axum::Json(json!({"errors": [{"message": "Can only perform a mutation operation from a POST request.",
                "extensions": {"code": "INVALID_QUERY"}}]})),
        )
            .into_response());
    }
    let built = schema_for(&app, &acc, system).await?;
    let mut request = async_graphql::Request::new(text);
    if let Some(v) = body.get("variables").filter(|v| v.is_object()) {
        request = request.variables(async_graphql::Variables::from_json(v.clone()));
    }
    if let Some(op) = body.get("operationName").and_then(Value::as_str) {
        request = request.operation_name(op);
    }
    let response = built
        .schema
        .execute(request.data(Caller {
            app: app.clone(),
            acc,
        }))
        .await;
    let invalid = is_request_error(&response);
    let mut out = serde_json::to_value(&response).unwrap_or(Value::Null);
    if invalid {
        let details: Vec<Value> = response
            .errors
            .iter()
            .map(|e| json!({"message": e.message}))
            .collect();
        out = json!({"errors": [{"message": "GraphQL validation error.",
            "extensions": {"errors": details, "code": "GRAPHQL_VALIDATION"}}]});
        return Ok((StatusCode::BAD_REQUEST, axum::Json(out)).into_response());
    }
    Ok((StatusCode::OK, axum::Json(out)).into_response())
}

//! `/graphql` and `/graphql/system` (spec §18): async-graphql dynamic schemas generated from the
//! schema overview and the caller's permissions — built once per (schema, policy set, scope),
//! concurrent requests waiting for one build — executed over GET and POST.

mod aggregate;
mod resolve;
mod subscription;
mod types;
mod ws;

use crate::api::extract::Auth;
use crate::api::response::ApiResult;
use crate::app::App;
use crate::error::Error;
use crate::permissions::Action;
use crate::schema::SchemaOverview;
use crate::services::items::ItemsService;
use async_graphql::dynamic::{Field, FieldFuture, InputValue, Object, Schema, TypeRef};
use axum::Router;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use resolve::Caller;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use types::Names;
use uuid::Uuid;

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

/// (system scope, administrator, app access, policies).
type Key = (bool, bool, bool, Vec<Uuid>);

struct Built {
    overview: Arc<SchemaOverview>,
    generation: u64,
    schema: Schema,
}

fn cache() -> &'static Mutex<HashMap<Key, Arc<Built>>> {
    static CACHE: std::sync::OnceLock<Mutex<HashMap<Key, Arc<Built>>>> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The schema for this caller and scope, from the cache or built now (one build at a time).
async fn schema_for(
    app: &App,
    acc: &crate::auth::Accountability,
    system: bool,
) -> crate::error::Result<Arc<Built>> {
    static BUILDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let key: Key = (system, acc.admin, acc.app, acc.policies.clone());
    let lookup = |overview: &Arc<SchemaOverview>| {
        let generation = app.access_generation();
        cache().lock().ok().and_then(|c| {
            c.get(&key)
                .filter(|b| Arc::ptr_eq(&b.overview, overview) && b.generation == generation)
                .cloned()
        })
    };
    if let Some(hit) = lookup(&app.schema.get()) {
        return Ok(hit);
    }
    let _building = BUILDING.lock().await;
    // Building is the moment to notice tables made behind Strata's back; whoever waited here
    // finds the schema the previous builder made for the same overview.
    let overview = app.schema_complete().await?;
    if let Some(hit) = lookup(&overview) {
        return Ok(hit);
    }
    let generation = app.access_generation();
    let svc = ItemsService::new(app, acc, "directus_users").await?;
    let names = Names {
        schema: &svc.schema,
        access: svc.access.as_deref(),
        system,
    };
    let schema = build(&names).map_err(|e| Error::internal(format!("GraphQL schema: {e}")))?;
    let built = Arc::new(Built {
        overview: svc.schema.clone(),
        generation,
        schema,
    });
    if let Ok(mut c) = cache().lock() {
        if c.len() > 1_000 {
            c.clear();
        }
        c.insert(key, built.clone());
    }
    Ok(built)
}

/// What a mutation answers with.
enum Returns {
    Item,
    Items,
    Deleted(&'static str),
}

/// A mutation argument: a key, keys, the item's input, or a list of inputs.
enum Arg {
    Id,
    Ids,
    Data,
    DataList,
}

/// Every item mutation: `<verb>_<collection>_<suffix>` from the operation's name.
type Mutation = (
    Action,
    &'static str,
    Returns,
    &'static [(&'static str, Arg)],
);
const MUTATIONS: &[Mutation] = &[
    (
        Action::Create,
        "create_item",
        Returns::Item,
        &[("data", Arg::Data)],
    ),
    (
        Action::Create,
        "create_items",
        Returns::Items,
        &[("data", Arg::DataList)],
    ),
    (
        Action::Update,
        "update_item",
        Returns::Item,
        &[("id", Arg::Id), ("data", Arg::Data)],
    ),
    (
        Action::Update,
        "update_items",
        Returns::Items,
        &[("ids", Arg::Ids), ("data", Arg::Data)],
    ),
    (
        Action::Update,
        "update_batch",
        Returns::Items,
        &[("data", Arg::DataList)],
    ),
    (
        Action::Delete,
        "delete_item",
        Returns::Deleted("delete_one"),
        &[("id", Arg::Id)],
    ),
    (
        Action::Delete,
        "delete_items",
        Returns::Deleted("delete_many"),
        &[("ids", Arg::Ids)],
    ),
];

fn root(name: String, ty: TypeRef, collection: &str, op: resolve::Op) -> Field {
    let c = collection.to_string();
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move { resolve::root(&ctx, &c, op).await })
    })
}

fn build(names: &Names) -> Result<Schema, async_graphql::dynamic::SchemaError> {
    let mut collections: Vec<&String> = names.schema.collections.keys().collect();
    collections.sort();
    let writable = |c: &str, action| {
        names.may(c, action)
            && names
                .schema
                .collection(c)
                .is_some_and(|info| !names.fields(info, action).is_empty())
    };
    let has_mutations = collections.iter().any(|c| {
        names.rooted(c)
            && (writable(c, Action::Create)
                || writable(c, Action::Update)
                || names.may(c, Action::Delete))
    });
    let has_subscriptions = !names.system && collections.iter().any(|c| names.rooted(c));
    let mut builder = Schema::build(
        "Query",
        has_mutations.then_some("Mutation"),
        has_subscriptions.then_some("Subscription"),
    );
    builder = types::register_common(builder);
    let mut query = Object::new("Query");
    let mut mutation = Object::new("Mutation");
    let mut queries = 0;
    for c in collections {
        let Some(info) = names.schema.collection(c) else {
            continue;
        };
        if !names.typed(c) {
            continue;
        }
        builder = types::register_collection(names, builder, info);
        if !names.rooted(c) {
            continue;
        }
        let tn = names.type_name(c);
        let filter = format!("{tn}_filter");
        queries += 3;
        query = query
            .field(types::list_arguments(
                root(
                    tn.clone(),
                    TypeRef::named_nn_list_nn(tn.clone()),
                    c,
                    resolve::Op::List,
                ),
                &filter,
            ))
            .field(
                root(
                    format!("{tn}_by_id"),
                    TypeRef::named(tn.clone()),
                    c,
                    resolve::Op::ById,
                )
                .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
            )
            .field(aggregate::root_field(names, c));
        for (action, op, result, args) in MUTATIONS {
            let allowed = match action {
                Action::Delete => names.may(c, Action::Delete),
                _ => writable(c, *action),
            };
            if !allowed {
                continue;
            }
            let (verb, suffix) = op.split_once('_').unwrap_or((op, ""));
            let ty = match result {
                Returns::Item => TypeRef::named(tn.clone()),
                Returns::Items => TypeRef::named_nn_list_nn(tn.clone()),
                Returns::Deleted(name) => TypeRef::named(*name),
            };
            let mut field = root(
                format!("{verb}_{tn}_{suffix}"),
                ty,
                c,
                resolve::Op::Mutate(op),
            );
            for (name, arg) in *args {
                let input = format!("{verb}_{tn}_input");
                let ty = match arg {
                    Arg::Id => TypeRef::named_nn(TypeRef::ID),
                    Arg::Ids => TypeRef::named_nn_list(TypeRef::ID),
                    Arg::Data => TypeRef::named_nn(input),
                    Arg::DataList => TypeRef::named_nn_list(input),
                };
                field = field.argument(InputValue::new(*name, ty));
            }
            mutation = mutation.field(field);
        }
    }
    if names.system {
        queries += 1;
        query = query.field(Field::new("server_ping", TypeRef::named("String"), |_| {
            FieldFuture::new(async { Ok(Some(async_graphql::Value::from("pong"))) })
        }));
        if names.typed("directus_users") {
            queries += 1;
            query = query.field(Field::new("users_me", TypeRef::named("users"), |ctx| {
                FieldFuture::new(async move { resolve::me(&ctx).await })
            }));
        }
    }
    if queries == 0 {
        // A schema needs a query field; Directus answers this one with null too.
        query = query.field(Field::new(
            "_empty",
            TypeRef::named(TypeRef::BOOLEAN),
            |_| FieldFuture::new(async { Ok(None::<async_graphql::Value>) }),
        ));
    }
    let (with_types, subscriptions) = subscription::register(names, builder);
    builder = with_types.register(query);
    if let Some(root) = subscriptions {
        builder = builder.register(root);
    }
    if has_mutations {
        builder = builder.register(mutation);
    }
    builder.finish()
}

/// Errors of resolvers carry a Directus code; the others are the request's own (syntax, unknown
/// fields, wrong types), answered as one GRAPHQL_VALIDATION.
fn is_request_error(response: &async_graphql::Response) -> bool {
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

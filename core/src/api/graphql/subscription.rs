//! GraphQL subscriptions (`<collection>_mutated(event)` → `{key, event, data}`), fed by the
//! event bus: each create and update is re-read with the subscription's `data` selection under
//! the subscriber's permissions (nothing is sent when it cannot be read); deletes carry the key.

use super::resolve::{self, Caller, Kind};
use super::types::Names;
use crate::events::ItemEvent;
use crate::services::items::ItemsService;
use async_graphql::dynamic::{
    Enum, Field, FieldFuture, FieldValue, InputValue, Object, SchemaBuilder, Subscription,
    SubscriptionField, SubscriptionFieldFuture, TypeRef,
};
use serde_json::{Map, Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// The event receiver of one subscribe message, opened when the message arrived so that no
/// event committed after it is missed (the stream itself starts a little later).
pub struct Events(pub Mutex<Option<broadcast::Receiver<Arc<ItemEvent>>>>);

/// Registers the mutated types and returns the Subscription root, if any collection has one.
pub fn register(
    names: &Names,
    mut builder: SchemaBuilder,
) -> (SchemaBuilder, Option<Subscription>) {
    if names.system {
        return (builder, None);
    }
    let mut root = Subscription::new("Subscription");
    let mut any = false;
    let mut collections: Vec<&String> = names.schema.collections.keys().collect();
    collections.sort();
    for c in collections.into_iter().filter(|c| names.rooted(c)) {
        any = true;
        let tn = names.type_name(c);
        let mutated = Object::new(format!("{tn}_mutated"))
            .field(Field::new("key", TypeRef::named_nn(TypeRef::ID), |ctx| {
                FieldFuture::new(async move { resolve::pluck(&ctx, "key", Kind::Id) })
            }))
            .field(Field::new("event", TypeRef::named("EventEnum"), |ctx| {
                FieldFuture::new(async move {
                    let parent = ctx.parent_value.try_downcast_ref::<Value>()?;
                    Ok(parent["event"].as_str().map(|e| {
                        FieldValue::value(async_graphql::Value::Enum(async_graphql::Name::new(e)))
                    }))
                })
            }))
            .field(Field::new("data", TypeRef::named(tn.clone()), |ctx| {
                FieldFuture::new(async move { resolve::pluck(&ctx, "data", Kind::Object) })
            }));
        builder = builder.register(mutated);
        let collection = c.clone();
        root = root.field(
            SubscriptionField::new(
                format!("{tn}_mutated"),
                TypeRef::named(format!("{tn}_mutated")),
                move |ctx| {
                    let collection = collection.clone();
                    SubscriptionFieldFuture::new(async move { stream(&ctx, collection) })
                },
            )
            .argument(InputValue::new("event", TypeRef::named("EventEnum"))),
        );
    }
    if !any {
        return (builder, None);
    }
    builder = builder.register(Enum::new("EventEnum").items(["create", "update", "delete"]));
    (builder, Some(root))
}

/// One `{key, event, data}` message, a value of the `<collection>_mutated` type.
struct Mutated(Value);

impl<'a> From<Mutated> for FieldValue<'a> {
    fn from(m: Mutated) -> Self {
        FieldValue::owned_any(m.0)
    }
}

struct State {
    rx: broadcast::Receiver<Arc<ItemEvent>>,
    caller: (Arc<crate::app::App>, crate::auth::Accountability),
    collection: String,
    event: Option<String>,
    query: crate::model::query::Query,
    pending: VecDeque<Value>,
}

fn stream(
    ctx: &async_graphql::dynamic::ResolverContext<'_>,
    collection: String,
) -> async_graphql::Result<impl futures_util::Stream<Item = async_graphql::Result<Mutated>> + use<>>
{
    let Caller { app, acc } = resolve::caller(ctx)?;
    let rx = ctx
        .ctx
        .data_opt::<Events>()
        .and_then(|e| e.0.lock().ok()?.take())
        .unwrap_or_else(|| app.events.subscribe());
    let event = match ctx.args.get("event") {
        Some(e) => Some(e.enum_name()?.to_string()),
        None => None,
    };
    let data = ctx.ctx.field().selection_set().find(|f| f.name() == "data");
    let query = match data {
        Some(f) => resolve::query_for(&f, Map::new()).map_err(resolve::gql_error)?,
        None => Default::default(),
    };
    let state = State {
        rx,
        caller: (app.clone(), acc.clone()),
        collection,
        event,
        query,
        pending: VecDeque::new(),
    };
    Ok(futures_util::stream::unfold(state, |mut s| async move {
        loop {
            if let Some(v) = s.pending.pop_front() {
                return Some((Ok(Mutated(v)), s));
            }
            let ev = match s.rx.recv().await {
                Ok(ev) => ev,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            if ev.collection != s.collection || s.event.as_deref().is_some_and(|e| e != ev.action) {
                continue;
            }
            s.pending = messages(&s, &ev).await;
        }
    }))
}

fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `{key, event, data}` for each key of `ev` the subscriber may see (all of them read in one
/// statement).
async fn messages(s: &State, ev: &ItemEvent) -> VecDeque<Value> {
    let (app, acc) = &s.caller;
    let Ok(svc) = ItemsService::new(app, acc, &s.collection).await else {
        return VecDeque::new();
    };
    let message = |key: &Value, data: Value| json!({"key": key, "event": ev.action, "data": data});
    if ev.action == "delete" {
        return ev.keys.iter().map(|k| message(k, Value::Null)).collect();
    }
    let Ok(pk) = svc.primary_key_field().map(|f| f.name.clone()) else {
        return VecDeque::new();
    };
    // The key tells rows apart; it is read even when the selection leaves it out.
    let mut query = s.query.clone();
    let added = match &mut query.fields {
        Some(f) if !f.iter().any(|x| x == "*" || *x == pk) => {
            f.push(pk.clone());
            true
        }
        _ => false,
    };
    let rows = svc.read_keys(&ev.keys, &query).await.unwrap_or_default();
    let mut by_key: std::collections::HashMap<String, Value> = rows
        .into_iter()
        .filter_map(|mut row| {
            let key = key_text(row.get(&pk)?);
            if added {
                row.as_object_mut()?.remove(&pk);
            }
            Some((key, row))
        })
        .collect();
    ev.keys
        .iter()
        .filter_map(|k| by_key.remove(&key_text(k)).map(|row| message(k, row)))
        .collect()
}

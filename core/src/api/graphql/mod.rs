//! `/graphql` and `/graphql/system` (spec §18): async-graphql dynamic schemas generated from the
//! schema overview and the caller's permissions — built once per (schema, policy set, scope),
//! concurrent requests waiting for one build — executed over GET, POST and WebSocket.

mod aggregate;
mod build;
mod common;
mod http;
mod resolve;
mod subscription;
mod types;
mod ws;

pub use http::routes;

use crate::app::App;
use crate::error::Error;
use crate::schema::SchemaOverview;
use crate::services::items::ItemsService;
use async_graphql::dynamic::Schema;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use types::Names;
use uuid::Uuid;

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
    let schema =
        build::build(&names).map_err(|e| Error::internal(format!("GraphQL schema: {e}")))?;
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

//! Content versions: named drafts of an item (`directus_versions`) whose `delta` collects
//! saved changes without touching the item; `compare` shows them against the main item (and
//! whether it changed meanwhile, by hash); `promote` writes them to the item with the caller's
//! permissions; `?version=<key>` reads the item as the version sees it.

use crate::app::App;
use crate::auth::Accountability;
use crate::error::{Error, ErrorCode, Result};
use crate::model::query::Query;
use crate::services::items::ItemsService;
use serde_json::{Map, Value, json};

const TABLE: &str = "directus_versions";

/// Reads without permissions (hashes and deltas are bookkeeping, not the caller's view).
fn system() -> Accountability {
    Accountability {
        admin: true,
        ..Default::default()
    }
}

/// A hash of the main item as stored (every field), to notice changes made to it meanwhile.
pub async fn main_hash(app: &App, collection: &str, item: &str) -> Result<String> {
    use sha2::Digest;
    let acc = system();
    let svc = ItemsService::new(app, &acc, collection).await?;
    let key = svc.key(&Value::from(item))?;
    let row = svc.read_one(&key, &Query::default()).await?;
    let digest = sha2::Sha256::digest(row.to_string().as_bytes());
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// The version row `id` if the caller may read it: (collection, item, delta).
async fn version(
    app: &App,
    acc: &Accountability,
    id: &str,
) -> Result<(String, String, Map<String, Value>)> {
    let svc = ItemsService::new(app, acc, TABLE).await?;
    let key = svc.key(&Value::from(id))?;
    let query = Query {
        fields: Some(vec!["collection".into(), "item".into(), "delta".into()]),
        ..Default::default()
    };
    let row = svc.read_one(&key, &query).await?;
    let text = |k: &str| row.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(collection), Some(item)) = (text("collection"), text("item")) else {
        return Err(Error::forbidden());
    };
    let delta = match row.get("delta") {
        Some(Value::Object(m)) => m.clone(),
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or_default(),
        _ => Map::new(),
    };
    Ok((collection, item, delta))
}

/// The main item as the caller reads it.
async fn main_item(app: &App, acc: &Accountability, collection: &str, item: &str) -> Result<Value> {
    let svc = ItemsService::new(app, acc, collection).await?;
    let key = svc.key(&Value::from(item))?;
    svc.read_one(&key, &Query::default()).await
}

fn merged(mut main: Value, delta: &Map<String, Value>) -> Value {
    if let Value::Object(m) = &mut main {
        for (k, v) in delta {
            m.insert(k.clone(), v.clone());
        }
    }
    main
}

/// A new version's `hash`: the main item's now.
pub async fn with_hash(app: &App, payload: &mut Map<String, Value>) -> Result<()> {
    if payload.get("key").and_then(Value::as_str) == Some("main") {
        return Err(Error::invalid_payload(
            "\"main\" is reserved for the main item",
        ));
    }
    let text = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_string);
    if let (Some(collection), Some(item)) = (text("collection"), text("item")) {
        let hash = main_hash(app, &collection, &item).await?;
        payload.insert("hash".into(), Value::from(hash));
    }
    Ok(())
}

/// `POST /versions/:id/save`: `changes` join the delta; answers the item as the version has it.
pub async fn save(
    app: &App,
    acc: &Accountability,
    id: &str,
    changes: Map<String, Value>,
) -> Result<Value> {
    let (collection, item, mut delta) = version(app, acc, id).await?;
    // Saving is changing the item, in a draft: the caller must be allowed to update it.
    let target = ItemsService::new(app, acc, &collection).await?;
    if let Some(access) = &target.access {
        access.require(&collection, crate::permissions::Action::Update)?;
    }
    delta.extend(changes);
    let acc_system = system();
    let versions = ItemsService::new(app, &acc_system, TABLE).await?;
    let key = versions.key(&Value::from(id))?;
    versions
        .update_keys(&[key], &json!({ "delta": Value::Object(delta.clone()) }))
        .await?;
    Ok(merged(
        main_item(app, acc, &collection, &item).await?,
        &delta,
    ))
}

/// `GET /versions/:id/compare`.
pub async fn compare(app: &App, acc: &Accountability, id: &str) -> Result<Value> {
    let (collection, item, delta) = version(app, acc, id).await?;
    let main = main_item(app, acc, &collection, &item).await?;
    let hash = main_hash(app, &collection, &item).await?;
    let admin = system();
    let versions = ItemsService::new(app, &admin, TABLE).await?;
    let key = versions.key(&Value::from(id))?;
    let query = Query {
        fields: Some(vec!["hash".into()]),
        ..Default::default()
    };
    let saved = versions.read_one(&key, &query).await?;
    let outdated = saved.get("hash").and_then(Value::as_str) != Some(hash.as_str());
    Ok(json!({"outdated": outdated, "mainHash": hash, "current": delta, "main": main}))
}

/// `POST /versions/:id/promote` `{mainHash, fields?}`: the delta (or its `fields`) written to the
/// main item; refused when the item changed since the caller compared.
pub async fn promote(
    app: &App,
    acc: &Accountability,
    id: &str,
    main_hash_seen: Option<&str>,
    fields: Option<Vec<String>>,
) -> Result<Value> {
    let (collection, item, delta) = version(app, acc, id).await?;
    let Some(seen) = main_hash_seen else {
        return Err(Error::invalid_payload("\"mainHash\" field is required"));
    };
    if delta.is_empty() {
        return Err(Error::with_message(
            ErrorCode::UnprocessableContent,
            "No changes to promote",
        ));
    }
    if main_hash(app, &collection, &item).await? != seen {
        return Err(Error::with_message(
            ErrorCode::UnprocessableContent,
            "Main item has changed since this version was last updated",
        ));
    }
    let payload: Map<String, Value> = match fields {
        Some(f) => delta.into_iter().filter(|(k, _)| f.contains(k)).collect(),
        None => delta,
    };
    let svc = ItemsService::new(app, acc, &collection).await?;
    let key = svc.key(&Value::from(item))?;
    svc.update_keys(std::slice::from_ref(&key), &Value::Object(payload))
        .await?;
    Ok(key)
}

/// `?version=<key>`: `row` (an item of `collection` read by the caller) as version `key` has it.
pub async fn apply(
    app: &App,
    acc: &Accountability,
    collection: &str,
    version_key: &str,
    item: &Value,
    row: Value,
) -> Result<Value> {
    if matches!(version_key, "main" | "published") {
        return Ok(row);
    }
    let item = match item {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let svc = ItemsService::new(app, acc, TABLE).await?;
    let query = Query {
        fields: Some(vec!["delta".into()]),
        filter: Some(json!({"_and": [
            {"collection": {"_eq": collection}}, {"item": {"_eq": item}}, {"key": {"_eq": version_key}}
        ]})),
        limit: Some(1),
        ..Default::default()
    };
    let found = svc.read_by_query(&query).await?.data;
    let delta = found
        .get(0)
        .and_then(|v| v.get("delta"))
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(Error::forbidden)?;
    Ok(merged(row, &delta))
}

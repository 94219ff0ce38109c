//! `items` messages: create, read, update and delete over the socket, through the same
//! `ItemsService` (and permissions) as REST.

use super::{Session, error_message, from_error, with_uid};
use crate::error::{Error, Result};
use crate::query::parse::{self, ParseLimits};
use crate::services::items::ItemsService;
use serde_json::{Map, Value, json};

impl Session {
    pub(super) async fn items(&mut self, msg: &Map<String, Value>, uid: Option<&Value>) -> Value {
        let Some(acc) = self.acc.clone() else {
            return error_message("items", "AUTH_FAILED", "Authentication failed.", uid);
        };
        let collection = msg
            .get("collection")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if collection.starts_with("directus_") {
            return error_message(
                "items",
                "INVALID_COLLECTION",
                "System collections are not available through items messages.",
                uid,
            );
        }
        let result = async {
            let svc = ItemsService::new(&self.app, &acc, collection).await?;
            run(&svc, msg).await
        }
        .await;
        match result {
            Ok((data, meta)) => {
                let mut m = json!({"type": "items", "data": data});
                if let (Some(meta), Value::Object(map)) = (meta, &mut m) {
                    map.insert("meta".into(), meta);
                }
                with_uid(&mut m, uid);
                m
            }
            Err(e) => from_error("items", &e, uid),
        }
    }
}

/// The keys named by `id`, `ids` or `query` (in that order of preference).
async fn target_keys(
    svc: &ItemsService<'_>,
    msg: &Map<String, Value>,
) -> Result<Option<Vec<Value>>> {
    if let Some(id) = msg.get("id").filter(|v| !v.is_null()) {
        return Ok(Some(vec![svc.key(id)?]));
    }
    if let Some(Value::Array(ids)) = msg.get("ids") {
        return Ok(Some(ids.iter().map(|k| svc.key(k)).collect::<Result<_>>()?));
    }
    if let Some(q) = msg.get("query").filter(|v| v.is_object()) {
        let q = parse::from_json(q, &ParseLimits::default())?;
        return Ok(Some(svc.keys_by_query(&q).await?));
    }
    Ok(None)
}

async fn run(svc: &ItemsService<'_>, msg: &Map<String, Value>) -> Result<(Value, Option<Value>)> {
    let query = parse::from_json(
        msg.get("query").unwrap_or(&Value::Null),
        &ParseLimits::default(),
    )?;
    let data = msg.get("data").cloned().unwrap_or(Value::Null);
    let single = msg.get("id").is_some_and(|v| !v.is_null());
    let shaped = |rows: Vec<Value>, one: bool| {
        if one {
            rows.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(rows)
        }
    };
    match msg
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or_default()
    {
        "create" => {
            let (items, one) = match data {
                Value::Array(items) => (items, false),
                item @ Value::Object(_) => (vec![item], true),
                _ => {
                    return Err(Error::invalid_payload(
                        "\"data\" must be an object or an array",
                    ));
                }
            };
            let keys = svc.create(&items).await?;
            Ok((shaped(svc.read_keys(&keys, &query).await?, one), None))
        }
        "read" => match target_keys(svc, msg).await? {
            Some(keys) if msg.get("query").is_none_or(|q| !q.is_object()) || single => {
                Ok((shaped(svc.read_keys(&keys, &query).await?, single), None))
            }
            _ => {
                let r = svc.read_by_query(&query).await?;
                Ok((r.data, r.meta))
            }
        },
        "update" => {
            let keys = match (&data, target_keys(svc, msg).await?) {
                (Value::Array(items), None) => svc.update_batch(items).await?,
                (Value::Object(_), Some(keys)) => svc.update_keys(&keys, &data).await?,
                _ => {
                    return Err(Error::invalid_payload(
                        "\"update\" needs \"id\", \"ids\" or \"query\" with object \"data\", or an array \"data\"",
                    ));
                }
            };
            Ok((shaped(svc.read_keys(&keys, &query).await?, single), None))
        }
        "delete" => {
            let keys = target_keys(svc, msg).await?.ok_or_else(|| {
                Error::invalid_payload("\"delete\" needs \"id\", \"ids\" or \"query\"")
            })?;
            svc.delete_keys(&keys).await?;
            Ok((shaped(keys, single), None))
        }
        other => Err(Error::invalid_payload(format!(
            "\"action\" must be one of [create, read, update, delete], got \"{other}\""
        ))),
    }
}

//! Action events after a write commits (`<collection>.items.create|update|delete` with the
//! keys), fanned out to realtime subscribers in this process — and, with Redis configured, to
//! every other Strata process on the same Redis through one pub/sub channel.

use crate::config::MessengerConfig;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::broadcast;
use uuid::Uuid;

/// Events a slow subscriber may lag behind before it misses some (it is told, see `realtime`).
const CAPACITY: usize = 4096;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ItemEvent {
    pub collection: String,
    /// `create`, `update` or `delete`.
    pub action: String,
    pub keys: Vec<Value>,
    /// The process that made the change (its own events come back from Redis and are dropped).
    #[serde(default)]
    pub origin: Uuid,
}

pub struct EventBus {
    node: Uuid,
    local: broadcast::Sender<Arc<ItemEvent>>,
    /// Publishing connection and channel, when events cross processes.
    remote: Option<(redis::aio::ConnectionManager, String)>,
}

impl EventBus {
    /// The bus; with Redis, a task relays other processes' events into this one.
    pub async fn start(config: &MessengerConfig) -> Result<EventBus> {
        let node = Uuid::new_v4();
        let (local, _) = broadcast::channel(CAPACITY);
        let Some(url) = &config.redis else {
            return Ok(EventBus {
                node,
                local,
                remote: None,
            });
        };
        let redis_error = |e: redis::RedisError| Error::internal(format!("Redis: {e}"));
        let client = redis::Client::open(url.0.as_str()).map_err(redis_error)?;
        let channel = format!("{}:events", config.namespace);
        let publisher = client.get_connection_manager().await.map_err(redis_error)?;
        let mut pubsub = client.get_async_pubsub().await.map_err(redis_error)?;
        pubsub.subscribe(&channel).await.map_err(redis_error)?;
        let relay = local.clone();
        tokio::spawn(async move {
            use futures_util::StreamExt;
            let mut messages = pubsub.on_message();
            while let Some(msg) = messages.next().await {
                let Ok(payload) = msg.get_payload::<String>() else {
                    continue;
                };
                match serde_json::from_str::<ItemEvent>(&payload) {
                    Ok(event) if event.origin != node => {
                        let _ = relay.send(Arc::new(event));
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!("ignoring a malformed event from Redis: {e}"),
                }
            }
            tracing::warn!("the Redis event subscription ended; events from other processes stop");
        });
        Ok(EventBus {
            node,
            local,
            remote: Some((publisher, channel)),
        })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<ItemEvent>> {
        self.local.subscribe()
    }

    /// Sends `action` on `keys` of `collection` to every subscriber, here and elsewhere.
    pub fn emit(&self, collection: &str, action: &str, keys: &[Value]) {
        if keys.is_empty() {
            return;
        }
        let event = ItemEvent {
            collection: collection.to_string(),
            action: action.to_string(),
            keys: keys.to_vec(),
            origin: self.node,
        };
        if let Some((publisher, channel)) = &self.remote
            && let Ok(payload) = serde_json::to_string(&event)
        {
            let (mut publisher, channel) = (publisher.clone(), channel.clone());
            tokio::spawn(async move {
                let sent: redis::RedisResult<i64> = redis::cmd("PUBLISH")
                    .arg(&channel)
                    .arg(payload)
                    .query_async(&mut publisher)
                    .await;
                if let Err(e) = sent {
                    tracing::warn!("could not publish an event to Redis: {e}");
                }
            });
        }
        // No subscriber is not an error.
        let _ = self.local.send(Arc::new(event));
    }
}

//! `subscribe`: checks the collection and query, answers `init` (with the items the query reads
//! unless an event filter is given), and later turns events into `subscription` messages.

use super::{Session, Subscription, error_message, from_error, uid_text, with_uid};
use crate::app::App;
use crate::auth::Accountability;
use crate::error::Error;
use crate::query::parse::{self, ParseLimits};
use crate::services::items::ItemsService;
use serde_json::{Map, Value, json};

/// Collections that never stream.
const NOT_SUBSCRIBABLE: &[&str] = &["directus_sessions", "directus_migrations"];

impl Session {
    pub(super) async fn subscribe(
        &mut self,
        msg: &Map<String, Value>,
        uid: Option<&Value>,
    ) -> Value {
        let Some(acc) = self.acc.clone() else {
            return error_message("subscribe", "AUTH_FAILED", "Authentication failed.", uid);
        };
        let collection = msg
            .get("collection")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let schema = match self.app.schema_with(&collection).await {
            Ok(s) => s,
            Err(e) => return from_error("subscribe", &e, uid),
        };
        if schema.collection(&collection).is_none()
            || NOT_SUBSCRIBABLE.contains(&collection.as_str())
        {
            return error_message(
                "subscribe",
                "INVALID_COLLECTION",
                &format!(
                    "The provided collection \"{collection}\" does not exist or is not accessible."
                ),
                uid,
            );
        }
        let query = match parse::from_json(
            msg.get("query").unwrap_or(&Value::Null),
            &ParseLimits::default(),
        ) {
            Ok(q) => q,
            Err(e) => return from_error("subscribe", &e, uid),
        };
        let event = msg.get("event").and_then(Value::as_str).map(str::to_string);
        if event
            .as_deref()
            .is_some_and(|e| !["create", "update", "delete"].contains(&e))
        {
            return error_message(
                "subscribe",
                "INVALID_PAYLOAD",
                "\"event\" must be one of [create, update, delete]",
                uid,
            );
        }
        let item = msg.get("item").filter(|v| !v.is_null()).map(uid_text);
        // The initial read doubles as the permission check: no read access, no subscription.
        let initial = async {
            let svc = ItemsService::new(&self.app, &acc, &collection).await?;
            match &item {
                Some(key) => {
                    let key = svc.key(&Value::from(key.clone()))?;
                    let rows = svc.read_keys(std::slice::from_ref(&key), &query).await?;
                    Ok::<_, Error>((Value::Array(rows), None))
                }
                None => {
                    let r = svc.read_by_query(&query).await?;
                    Ok((r.data, r.meta))
                }
            }
        }
        .await;
        let (data, meta) = match initial {
            Ok(d) => d,
            Err(e) => return from_error("subscribe", &e, uid),
        };
        let uid_key = uid.filter(|u| !u.is_null()).map(uid_text);
        if let Some(k) = &uid_key {
            self.subscriptions.retain(|s| s.uid.as_ref() != Some(k));
        }
        let mut init = json!({"type": "subscription", "event": "init"});
        if let Value::Object(m) = &mut init {
            if event.is_none() {
                m.insert("data".into(), data);
                if let Some(meta) = meta {
                    m.insert("meta".into(), meta);
                }
            }
            if let Some(k) = &uid_key {
                m.insert("uid".into(), Value::from(k.clone()));
            }
        }
        self.subscriptions.push(Subscription {
            uid: uid_key,
            collection,
            query,
            event,
            item,
        });
        init
    }
}

/// The message one subscriber gets for `action` on `keys`: deletes as the keys, creates and
/// updates as the items its query and permissions still show (`None` when none do).
pub(super) async fn event_message(
    app: &App,
    acc: &Accountability,
    sub: &Subscription,
    action: &str,
    keys: &[Value],
) -> Option<Value> {
    let data = if action == "delete" {
        // Deleted rows cannot be re-read: whoever may read the collection learns the keys.
        ItemsService::new(app, acc, &sub.collection)
            .await
            .ok()?
            .access
            .as_ref()
            .is_none_or(|a| {
                a.rules(&sub.collection, crate::permissions::Action::Read)
                    .is_some()
            })
            .then(|| Value::Array(keys.iter().map(|k| Value::from(uid_text(k))).collect()))?
    } else {
        let svc = ItemsService::new(app, acc, &sub.collection).await.ok()?;
        let rows = svc.read_keys(keys, &sub.query).await.ok()?;
        if rows.is_empty() {
            return None;
        }
        Value::Array(rows)
    };
    let mut m = json!({"type": "subscription", "event": action, "data": data});
    with_uid(
        &mut m,
        sub.uid.as_ref().map(|u| Value::from(u.clone())).as_ref(),
    );
    Some(m)
}

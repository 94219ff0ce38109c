//! The Directus WebSocket protocol (spec §17), independent of the transport: a `Session` turns
//! each incoming message into replies (`auth`, `subscribe`, `unsubscribe`, `items`, `ping`) and
//! each item event into the subscription messages its subscriber may see — items re-read with
//! the subscription's query under the subscriber's permissions, nothing sent when none remain.

mod items;
mod subscribe;

use crate::app::App;
use crate::auth::{Accountability, ClientInfo};
use crate::error::{Error, ErrorCode};
use crate::events::ItemEvent;
use crate::model::query::Query;
use crate::services::auth::{self as auth_service, AuthMode, LoginInput};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// One subscription of a connection.
struct Subscription {
    uid: Option<String>,
    collection: String,
    query: Query,
    /// Only this event (`create`, `update`, `delete`), when given.
    event: Option<String>,
    /// Only this item, when given.
    item: Option<String>,
}

pub struct Session {
    app: Arc<App>,
    client: ClientInfo,
    /// `None` until authenticated (handshake mode).
    pub acc: Option<Accountability>,
    subscriptions: Vec<Subscription>,
    /// Set when the connection must close after the replies are sent.
    pub closing: bool,
    /// Whether a failed `auth` keeps the connection (public mode).
    public: bool,
    /// When the access token in use stops being valid (JWTs; static tokens do not expire).
    pub expires: Option<std::time::SystemTime>,
}

/// When a Directus JWT access token expires; `None` for other tokens.
pub fn token_expiry(app: &App, token: &str) -> Option<std::time::SystemTime> {
    #[derive(serde::Deserialize)]
    struct Expiry {
        exp: u64,
    }
    if !crate::auth::jwt::is_directus_jwt(token) {
        return None;
    }
    let claims: Expiry = crate::auth::jwt::verify(token, app.secret()).ok()?;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(claims.exp))
}

/// `{"type": kind, "status": "error", "error": {code, message}}` (+ `uid`).
pub fn error_message(kind: &str, code: &str, message: &str, uid: Option<&Value>) -> Value {
    let mut m =
        json!({"type": kind, "status": "error", "error": {"code": code, "message": message}});
    with_uid(&mut m, uid);
    m
}

fn with_uid(m: &mut Value, uid: Option<&Value>) {
    if let (Value::Object(map), Some(uid)) = (m, uid)
        && !uid.is_null()
    {
        map.insert("uid".into(), uid.clone());
    }
}

fn from_error(kind: &str, e: &Error, uid: Option<&Value>) -> Value {
    error_message(kind, e.code.as_str(), &e.message, uid)
}

impl Session {
    pub fn new(
        app: Arc<App>,
        client: ClientInfo,
        acc: Option<Accountability>,
        public: bool,
    ) -> Session {
        Session {
            app,
            client,
            acc,
            subscriptions: Vec::new(),
            closing: false,
            public,
            expires: None,
        }
    }

    /// The token ran out: subscriptions pause until the client authenticates again (public
    /// mode falls back to the public role).
    pub async fn expire(&mut self) -> Value {
        self.expires = None;
        self.acc = match self.public {
            true => Accountability::public(&self.app.db, self.client.clone())
                .await
                .ok(),
            false => None,
        };
        error_message("auth", "TOKEN_EXPIRED", "Token expired.", None)
    }

    /// The replies to one text frame.
    pub async fn handle(&mut self, text: &str) -> Vec<Value> {
        let Ok(Value::Object(msg)) = serde_json::from_str::<Value>(text) else {
            return vec![error_message(
                "server",
                "INVALID_PAYLOAD",
                "Unable to parse the incoming message.",
                None,
            )];
        };
        let uid = msg.get("uid").cloned();
        let kind = msg
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase();
        match kind.as_str() {
            "auth" => vec![self.auth(&msg, uid.as_ref()).await],
            "ping" => {
                let mut pong = json!({"type": "pong"});
                with_uid(&mut pong, uid.as_ref());
                vec![pong]
            }
            _ if self.acc.is_none() => {
                self.closing = !self.public;
                vec![error_message(
                    "auth",
                    "AUTH_FAILED",
                    "Authentication handshake failed.",
                    uid.as_ref(),
                )]
            }
            "subscribe" => vec![self.subscribe(&msg, uid.as_ref()).await],
            "unsubscribe" => vec![self.unsubscribe(uid.as_ref())],
            "items" => vec![self.items(&msg, uid.as_ref()).await],
            other => vec![error_message(
                if other.is_empty() { "server" } else { other },
                "INVALID_PAYLOAD",
                &format!("Unknown message type \"{other}\"."),
                uid.as_ref(),
            )],
        }
    }

    /// `auth` with an access token, a refresh token, or email and password.
    async fn auth(&mut self, msg: &Map<String, Value>, uid: Option<&Value>) -> Value {
        let text = |k: &str| msg.get(k).and_then(Value::as_str).map(str::to_string);
        let app = &self.app;
        let result: Result<(String, Option<String>), Error> = async {
            if let Some(token) = text("access_token") {
                return Ok((token, None));
            }
            if let Some(refresh) = text("refresh_token") {
                let t = auth_service::session::refresh(
                    app,
                    &refresh,
                    AuthMode::Json,
                    self.client.clone(),
                )
                .await?;
                return Ok((t.access_token, Some(t.refresh_token)));
            }
            match (text("email"), text("password")) {
                (Some(email), Some(password)) => {
                    let input = LoginInput {
                        email,
                        password,
                        otp: text("otp"),
                        mode: AuthMode::Json,
                    };
                    let t = auth_service::login(app, input, self.client.clone()).await?;
                    Ok((t.access_token, Some(t.refresh_token)))
                }
                _ => Err(Error::new(ErrorCode::InvalidCredentials)),
            }
        }
        .await;
        let acc = match result {
            Ok((token, refresh)) => {
                Accountability::from_token(&app.db, app.secret(), &token, self.client.clone())
                    .await
                    .map(|acc| (acc, refresh, token))
            }
            Err(e) => Err(e),
        };
        match acc {
            Ok((acc, refresh, token)) => {
                self.expires = token_expiry(app, &token);
                self.acc = Some(acc);
                let mut ok = json!({"type": "auth", "status": "ok"});
                if let (Some(r), Value::Object(m)) = (refresh, &mut ok) {
                    m.insert("refresh_token".into(), Value::from(r));
                }
                with_uid(&mut ok, uid);
                ok
            }
            Err(_) => {
                self.closing = !self.public;
                error_message("auth", "AUTH_FAILED", "Authentication failed.", uid)
            }
        }
    }

    fn unsubscribe(&mut self, uid: Option<&Value>) -> Value {
        let key = uid.map(uid_text);
        match &key {
            Some(k) => self
                .subscriptions
                .retain(|s| s.uid.as_deref() != Some(k.as_str())),
            None => self.subscriptions.clear(),
        }
        let mut m = json!({"type": "subscription", "event": "unsubscribe"});
        if let (Some(k), Value::Object(map)) = (key, &mut m) {
            map.insert("uid".into(), Value::from(k));
        }
        m
    }

    /// The messages `event` produces for this connection's subscriptions.
    pub async fn on_event(&self, event: &ItemEvent) -> Vec<Value> {
        let Some(acc) = &self.acc else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for sub in self
            .subscriptions
            .iter()
            .filter(|s| s.collection == event.collection)
            .filter(|s| s.event.as_deref().is_none_or(|e| e == event.action))
        {
            let keys: Vec<Value> = event
                .keys
                .iter()
                .filter(|k| sub.item.as_deref().is_none_or(|i| uid_text(k) == i))
                .cloned()
                .collect();
            if keys.is_empty() {
                continue;
            }
            if let Some(m) =
                subscribe::event_message(&self.app, acc, sub, &event.action, &keys).await
            {
                out.push(m);
            }
        }
        out
    }
}

/// A uid or key as text (`1` and `"1"` alike).
fn uid_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

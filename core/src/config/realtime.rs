//! `WEBSOCKETS_*` and the message bus that carries events between server processes (`REDIS`,
//! `MESSENGER_*`).

use super::{ConfigError, Env, Secret};
use std::time::Duration;

/// How a `/websocket` connection authenticates (`WEBSOCKETS_REST_AUTH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketAuth {
    /// Connect as public; an `auth` message may follow.
    Public,
    /// The first message must be `auth`, within the timeout.
    Handshake,
    /// A token on the upgrade request is required.
    Strict,
}

#[derive(Debug, Clone)]
pub struct WebsocketConfig {
    /// `WEBSOCKETS_ENABLED` and `WEBSOCKETS_REST_ENABLED`.
    pub enabled: bool,
    pub path: String,
    pub auth: SocketAuth,
    pub auth_timeout: Duration,
    /// `WEBSOCKETS_REST_CONN_LIMIT`: open connections at most (none when unset).
    pub conn_limit: Option<usize>,
    /// `WEBSOCKETS_HEARTBEAT_ENABLED` / `_PERIOD` (seconds).
    pub heartbeat: Option<Duration>,
    /// GraphQL over WebSocket at `/graphql` (`WEBSOCKETS_GRAPHQL_ENABLED`, with
    /// `WEBSOCKETS_ENABLED`) and how it authenticates (`WEBSOCKETS_GRAPHQL_AUTH`).
    pub graphql: Option<SocketAuth>,
}

fn socket_auth(env: &Env, name: &str) -> Result<SocketAuth, ConfigError> {
    match env.string(name, "handshake").as_str() {
        "public" => Ok(SocketAuth::Public),
        "handshake" => Ok(SocketAuth::Handshake),
        "strict" => Ok(SocketAuth::Strict),
        other => Err(ConfigError::new(
            name,
            format!("{other:?} is not one of public, handshake, strict"),
        )),
    }
}

pub fn websocket_config(env: &Env) -> Result<WebsocketConfig, ConfigError> {
    let auth = socket_auth(env, "WEBSOCKETS_REST_AUTH")?;
    let on = env.bool("WEBSOCKETS_ENABLED", false)?;
    Ok(WebsocketConfig {
        graphql: (on && env.bool("WEBSOCKETS_GRAPHQL_ENABLED", true)?)
            .then(|| socket_auth(env, "WEBSOCKETS_GRAPHQL_AUTH"))
            .transpose()?,
        enabled: on && env.bool("WEBSOCKETS_REST_ENABLED", true)?,
        path: env.string("WEBSOCKETS_REST_PATH", "/websocket"),
        auth,
        auth_timeout: Duration::from_secs(env.number("WEBSOCKETS_REST_AUTH_TIMEOUT", 10u64)?),
        conn_limit: match env.get("WEBSOCKETS_REST_CONN_LIMIT") {
            None | Some("Infinity") => None,
            Some(_) => Some(env.number("WEBSOCKETS_REST_CONN_LIMIT", 0usize)?),
        },
        heartbeat: env
            .bool("WEBSOCKETS_HEARTBEAT_ENABLED", true)?
            .then(|| env.number("WEBSOCKETS_HEARTBEAT_PERIOD", 30u64))
            .transpose()?
            .map(|s| Duration::from_secs(s.max(1))),
    })
}

/// `REDIS`, or a URL from `REDIS_HOST` / `REDIS_PORT` / `REDIS_PASSWORD` / `REDIS_DB`.
pub fn redis_url(env: &Env) -> Secret {
    Secret(env.opt_string("REDIS").unwrap_or_else(|| {
        let auth = env
            .opt_string("REDIS_PASSWORD")
            .map(|p| format!(":{p}@"))
            .unwrap_or_default();
        format!(
            "redis://{auth}{}:{}/{}",
            env.string("REDIS_HOST", "127.0.0.1"),
            env.string("REDIS_PORT", "6379"),
            env.string("REDIS_DB", "0")
        )
    }))
}

/// Where item events go beyond this process: Redis pub/sub when `MESSENGER_STORE=redis` (or,
/// as in Directus, whenever Redis is configured), under `MESSENGER_NAMESPACE`.
#[derive(Debug, Clone)]
pub struct MessengerConfig {
    pub redis: Option<Secret>,
    pub namespace: String,
}

pub fn messenger_config(env: &Env) -> Result<MessengerConfig, ConfigError> {
    let configured = env.get("REDIS").is_some() || env.get("REDIS_HOST").is_some();
    let store = env.string(
        "MESSENGER_STORE",
        if env.bool("REDIS_ENABLED", configured)? {
            "redis"
        } else {
            "memory"
        },
    );
    Ok(MessengerConfig {
        redis: (store == "redis").then(|| redis_url(env)),
        namespace: env.string("MESSENGER_NAMESPACE", "strata"),
    })
}

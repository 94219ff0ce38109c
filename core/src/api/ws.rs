//! `/websocket` (when `WEBSOCKETS_ENABLED`): the upgrade with its connection limit and strict
//! mode, then one task per connection multiplexing client frames, item events, the heartbeat
//! and the handshake deadline into a `realtime::Session`.

use super::extract::{client_info, cookie, query_pairs};
use crate::app::App;
use crate::auth::Accountability;
use crate::config::SocketAuth;
use crate::realtime::{Session, error_message};
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, interval_at, sleep_until};

/// Open connections, for `WEBSOCKETS_REST_CONN_LIMIT`.
static OPEN: AtomicUsize = AtomicUsize::new(0);

pub fn routes(app: &App) -> Router<Arc<App>> {
    let cfg = &app.config.websockets;
    if !cfg.enabled {
        return Router::new();
    }
    Router::new().route(&cfg.path, get(upgrade))
}

async fn upgrade(State(app): State<Arc<App>>, req: Request) -> Response {
    let cfg = app.config.websockets.clone();
    let (mut parts, _) = req.into_parts();
    if cfg
        .conn_limit
        .is_some_and(|max| OPEN.load(Ordering::Relaxed) >= max)
    {
        return StatusCode::FORBIDDEN.into_response();
    }
    let client = client_info(&parts);
    let token = query_pairs(&parts)
        .into_iter()
        .find(|(k, v)| k == "access_token" && !v.is_empty())
        .map(|(_, v)| v)
        .or_else(|| cookie(&parts, &app.config.auth.session_cookie.name));
    let acc = match &token {
        Some(t) => match Accountability::from_token(&app.db, app.secret(), t, client.clone()).await
        {
            Ok(acc) => Some(acc),
            Err(_) => return StatusCode::UNAUTHORIZED.into_response(),
        },
        None if cfg.auth == SocketAuth::Strict => {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        None if cfg.auth == SocketAuth::Public => {
            match Accountability::public(&app.db, client.clone()).await {
                Ok(acc) => Some(acc),
                Err(e) => return super::response::ApiError::from(e).into_response(),
            }
        }
        None => None,
    };
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &app).await {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    let mut session = Session::new(app.clone(), client, acc, cfg.auth == SocketAuth::Public);
    session.expires = token
        .as_deref()
        .and_then(|t| crate::realtime::token_expiry(&app, t));
    ws.on_upgrade(move |socket| run(app, socket, session))
}

/// `at` on the runtime's clock (`far` when there is none).
fn expiry_instant(at: Option<std::time::SystemTime>, far: Instant) -> Instant {
    match at.map(|t| t.duration_since(std::time::SystemTime::now())) {
        Some(Ok(left)) => Instant::now() + left,
        Some(Err(_)) => Instant::now(),
        None => far,
    }
}

async fn send(socket: &mut WebSocket, v: &Value) -> bool {
    socket
        .send(Message::Text(v.to_string().into()))
        .await
        .is_ok()
}

async fn run(app: Arc<App>, mut socket: WebSocket, mut session: Session) {
    OPEN.fetch_add(1, Ordering::Relaxed);
    let cfg = app.config.websockets.clone();
    let mut events = app.events.subscribe();
    // Far in the future when there is nothing to wait for.
    let far = Instant::now() + std::time::Duration::from_secs(86_400 * 365);
    let mut deadline = if session.acc.is_none() {
        Instant::now() + cfg.auth_timeout
    } else {
        far
    };
    let period = cfg
        .heartbeat
        .unwrap_or(std::time::Duration::from_secs(86_400));
    let mut heartbeat = interval_at(Instant::now() + period, period);
    let mut heard = true;
    loop {
        // Events first: an event committed before a client's frame arrives is sent before the
        // reply to that frame.
        tokio::select! {
            biased;
            event = events.recv() => match event {
                Ok(event) => {
                    let mut ok = true;
                    for m in session.on_event(&event).await {
                        ok &= send(&mut socket, &m).await;
                    }
                    if !ok { break }
                }
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!("a websocket subscriber missed {missed} events");
                }
                Err(RecvError::Closed) => break,
            },
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => { heard = true; continue }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                };
                heard = true;
                let mut ok = true;
                for reply in session.handle(&text).await {
                    ok &= send(&mut socket, &reply).await;
                }
                if !ok || session.closing {
                    break;
                }
            }
            _ = heartbeat.tick(), if cfg.heartbeat.is_some() => {
                // Silent for a whole period: the client is gone.
                if !heard || !send(&mut socket, &serde_json::json!({"type": "ping"})).await {
                    break;
                }
                heard = false;
            }
            _ = sleep_until(expiry_instant(session.expires, far)), if session.acc.is_some() && session.expires.is_some() => {
                let m = session.expire().await;
                if !send(&mut socket, &m).await {
                    break;
                }
                deadline = Instant::now() + cfg.auth_timeout;
            }
            _ = sleep_until(deadline), if session.acc.is_none() && deadline < far => {
                let m = error_message("auth", "AUTH_TIMEOUT", "Authentication handshake timed out.", None);
                send(&mut socket, &m).await;
                break;
            }
        }
    }
    let _ = socket.send(Message::Close(None)).await;
    OPEN.fetch_sub(1, Ordering::Relaxed);
}

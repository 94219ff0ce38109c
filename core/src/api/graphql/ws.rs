//! GraphQL over WebSocket at `/graphql` (the `graphql-transport-ws` protocol of the
//! `graphql-ws` library): `connection_init` (with `{access_token}` in handshake mode) →
//! `connection_ack`; `subscribe` runs any operation — subscriptions stream `next` messages until
//! `complete` — with the schema of the authenticated caller.

use super::resolve::Caller;
use super::subscription::Events;
use crate::api::extract::{client_info, query_pairs};
use crate::app::App;
use crate::auth::{Accountability, ClientInfo};
use crate::config::SocketAuth;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub const PROTOCOL: &str = "graphql-transport-ws";

pub async fn upgrade(app: Arc<App>, auth: SocketAuth, req: Request) -> Response {
    let (mut parts, _) = req.into_parts();
    let client = client_info(&parts);
    let token = query_pairs(&parts)
        .into_iter()
        .find(|(k, v)| k == "access_token" && !v.is_empty())
        .map(|(_, v)| v);
    let acc = match &token {
        Some(t) => match Accountability::from_token(&app.db, app.secret(), t, client.clone()).await
        {
            Ok(acc) => Some(acc),
            Err(_) => return StatusCode::UNAUTHORIZED.into_response(),
        },
        None if auth == SocketAuth::Strict => return StatusCode::UNAUTHORIZED.into_response(),
        None => None,
    };
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &app).await {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    ws.protocols([PROTOCOL])
        .on_upgrade(move |socket| run(app, socket, auth, client, acc))
}

async fn close(socket: &mut WebSocket, code: u16, reason: &str) {
    let frame = CloseFrame {
        code,
        reason: reason.to_string().into(),
    };
    let _ = socket.send(Message::Close(Some(frame))).await;
}

async fn run(
    app: Arc<App>,
    mut socket: WebSocket,
    auth: SocketAuth,
    client: ClientInfo,
    mut acc: Option<Accountability>,
) {
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Value>();
    let running: Arc<Mutex<HashMap<String, JoinHandle<()>>>> = Default::default();
    let mut acknowledged = false;
    let init_deadline = tokio::time::sleep(app.config.websockets.auth_timeout);
    tokio::pin!(init_deadline);
    loop {
        tokio::select! {
            out = out_rx.recv() => {
                let Some(out) = out else { break };
                if socket.send(Message::Text(out.to_string().into())).await.is_err() {
                    break;
                }
            }
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(msg) = serde_json::from_str::<Value>(&text) else {
                    close(&mut socket, 4400, "Invalid message received").await;
                    break;
                };
                match msg["type"].as_str().unwrap_or_default() {
                    "connection_init" => {
                        if acknowledged {
                            close(&mut socket, 4429, "Too many initialisation requests").await;
                            break;
                        }
                        if let Some(t) = msg["payload"]["access_token"].as_str() {
                            acc = Accountability::from_token(&app.db, app.secret(), t, client.clone()).await.ok();
                        } else if acc.is_none() && auth == SocketAuth::Public {
                            acc = Accountability::public(&app.db, client.clone()).await.ok();
                        }
                        if acc.is_none() {
                            close(&mut socket, 4403, "Forbidden").await;
                            break;
                        }
                        acknowledged = true;
                        let _ = out_tx.send(json!({"type": "connection_ack"}));
                    }
                    "ping" => {
                        let _ = out_tx.send(json!({"type": "pong"}));
                    }
                    "pong" => {}
                    "subscribe" => {
                        let (Some(caller), true) = (acc.clone(), acknowledged) else {
                            close(&mut socket, 4401, "Unauthorized").await;
                            break;
                        };
                        let id = msg["id"].as_str().unwrap_or_default().to_string();
                        if running.lock().map(|r| r.contains_key(&id)).unwrap_or(true) {
                            close(&mut socket, 4409, &format!("Subscriber for {id} already exists")).await;
                            break;
                        }
                        // Held while spawning, so a quick operation removes itself after this.
                        if let Ok(mut r) = running.lock() {
                            let task = tokio::spawn(operation(
                                app.clone(), caller, id.clone(), msg["payload"].clone(), out_tx.clone(), running.clone(),
                            ));
                            r.insert(id, task);
                        }
                    }
                    "complete" => {
                        let id = msg["id"].as_str().unwrap_or_default();
                        if let Some(task) = running.lock().ok().and_then(|mut r| r.remove(id)) {
                            task.abort();
                        }
                    }
                    _ => {
                        close(&mut socket, 4400, "Invalid message received").await;
                        break;
                    }
                }
            }
            _ = &mut init_deadline, if !acknowledged => {
                close(&mut socket, 4408, "Connection initialisation timeout").await;
                break;
            }
        }
    }
    if let Ok(mut r) = running.lock() {
        for (_, task) in r.drain() {
            task.abort();
        }
    }
}

/// One `subscribe`: its responses as `next` (or `error` when the request itself is invalid),
/// then `complete`.
async fn operation(
    app: Arc<App>,
    acc: Accountability,
    id: String,
    payload: Value,
    out: mpsc::UnboundedSender<Value>,
    running: Arc<Mutex<HashMap<String, JoinHandle<()>>>>,
) {
    // Opened now: events committed from here on reach the subscription.
    let events = Events(Mutex::new(Some(app.events.subscribe())));
    let built = match super::schema_for(&app, &acc, false).await {
        Ok(b) => b,
        Err(e) => {
            let _ =
                out.send(json!({"id": id, "type": "error", "payload": [{"message": e.message}]}));
            return;
        }
    };
    let mut request = async_graphql::Request::new(payload["query"].as_str().unwrap_or_default());
    if payload["variables"].is_object() {
        request = request.variables(async_graphql::Variables::from_json(
            payload["variables"].clone(),
        ));
    }
    if let Some(op) = payload["operationName"].as_str() {
        request = request.operation_name(op);
    }
    let request = request
        .data(Caller {
            app: app.clone(),
            acc,
        })
        .data(events);
    let mut responses = built.schema.execute_stream(request);
    let mut first = true;
    while let Some(response) = responses.next().await {
        let invalid = first && super::http::is_request_error(&response);
        first = false;
        let message = if invalid {
            json!({"id": id, "type": "error", "payload": serde_json::to_value(&response.errors).unwrap_or_default()})
        } else {
            json!({"id": id, "type": "next", "payload": serde_json::to_value(&response).unwrap_or_default()})
        };
        if out.send(message).is_err() {
            break;
        }
        if invalid {
            // An `error` ends the operation; no `complete` follows it.
            running.lock().map(|mut r| r.remove(&id)).ok();
            return;
        }
    }
    let _ = out.send(json!({"id": id, "type": "complete"}));
    if let Ok(mut r) = running.lock() {
        r.remove(&id);
    }
}

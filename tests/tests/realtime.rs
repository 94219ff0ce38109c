//! `/websocket` (spec §17): handshake auth, subscriptions that deliver exactly the create /
//! update / delete events matching their query and the subscriber's permissions, unsubscribe,
//! items over the socket, ping/pong — and events crossing two server processes through Redis.

use futures_util::{SinkExt, StreamExt};
use std::time::Duration;
use strata_tests::fixtures::Blog;
use strata_tests::*;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

struct Ws {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pings: u32,
}

impl Ws {
    async fn connect(s: &TestServer, query: &str) -> Ws {
        let url = format!("ws://127.0.0.1:{}/websocket{query}", s.port);
        let (stream, _) = connect_async(url).await.expect("websocket connects");
        Ws { stream, pings: 0 }
    }

    async fn send(&mut self, v: Value) {
        self.stream
            .send(Message::Text(v.to_string().into()))
            .await
            .expect("send");
    }

    /// The next JSON message (server pings skipped); `None` when the socket closed.
    async fn next(&mut self) -> Option<Value> {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(10), self.stream.next())
                .await
                .expect("a message within 10 s")?;
            match frame {
                Ok(Message::Text(t)) => {
                    let v: Value = serde_json::from_str(&t).expect("JSON message");
                    if v == json!({"type": "ping"}) {
                        continue;
                    }
                    return Some(v);
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            }
        }
    }

    async fn expect(&mut self) -> Value {
        self.next().await.expect("socket still open")
    }

    /// Every message that arrives before the answer to a ping sent now.
    async fn drain(&mut self) -> Vec<Value> {
        self.pings += 1;
        let uid = format!("barrier-{}", self.pings);
        self.send(json!({"type": "ping", "uid": uid})).await;
        let mut got = Vec::new();
        loop {
            let m = self.expect().await;
            if m == json!({"type": "pong", "uid": uid}) {
                return got;
            }
            got.push(m);
        }
    }

    async fn auth(&mut self, token: &str) {
        self.send(json!({"type": "auth", "access_token": token}))
            .await;
        assert_eq!(self.expect().await, json!({"type": "auth", "status": "ok"}));
    }
}

const ENABLED: [(&str, &str); 1] = [("WEBSOCKETS_ENABLED", "true")];

fn env(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    ENABLED
        .iter()
        .chain(extra)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A user who may read published posts (id and title only); returns its access token.
async fn reader(b: &Blog) -> String {
    let policy = data(
        &b.post(
            "/policies",
            &json!({"name": "Readers", "app_access": false}),
        )
        .await,
        200,
    )["id"]
        .clone();
    data(
        &b.post(
            "/permissions",
            &json!({"policy": policy, "collection": "posts", "action": "read",
            "fields": ["id", "title"], "permissions": {"published": {"_eq": true}}}),
        )
        .await,
        200,
    );
    let user = data(
        &b.post(
            "/users",
            &json!({"email": "r@example.com", "password": "reader-pass-1"}),
        )
        .await,
        200,
    );
    data(
        &b.post("/access", &json!({"user": user["id"], "policy": policy}))
            .await,
        200,
    );
    b.s.login_ok("r@example.com", "reader-pass-1").await["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

#[tokio::test]
async fn subscriptions_receive_exactly_the_events_they_may_see() {
    for_each_db(|db| async move {
        let b = Blog::start_env(db, env(&[])).await;
        let reader_token = reader(&b).await;

        // Handshake mode: anything before `auth` fails and closes.
        let mut early = Ws::connect(&b.s, "").await;
        early.send(json!({"type": "subscribe", "collection": "posts"})).await;
        let m = early.expect().await;
        assert_eq!(m["status"], "error");
        assert_eq!(m["error"]["code"], "AUTH_FAILED");
        assert!(early.next().await.is_none(), "closed after a failed handshake");

        let mut admin = Ws::connect(&b.s, "").await;
        admin.auth(&b.token).await;
        admin.send(json!({"type": "subscribe", "collection": "posts", "uid": "big",
            "query": {"fields": ["id", "title"], "filter": {"views": {"_gte": 10}}, "sort": ["id"]}})).await;
        let init = admin.expect().await;
        assert_eq!(init, json!({"type": "subscription", "event": "init", "uid": "big",
            "data": [{"id": 1, "title": "Hello World"}, {"id": 2, "title": "Rust Tips"}]}));

        let mut limited = Ws::connect(&b.s, &format!("?access_token={reader_token}")).await;
        limited.send(json!({"type": "subscribe", "collection": "posts", "event": "create", "uid": 7})).await;
        assert_eq!(limited.expect().await, json!({"type": "subscription", "event": "init", "uid": "7"}));
        let mut deletes = Ws::connect(&b.s, "").await;
        deletes.auth(&reader_token).await;
        deletes.send(json!({"type": "subscribe", "collection": "posts", "event": "delete"})).await;
        assert_eq!(deletes.expect().await["event"], "init");
        // A collection the reader may not read is refused.
        limited.send(json!({"type": "subscribe", "collection": "authors", "uid": "a"})).await;
        let refused = limited.expect().await;
        assert_eq!((refused["status"].clone(), refused["error"]["code"].clone()), (json!("error"), json!("FORBIDDEN")));

        // A big unpublished post: the admin's filter matches, the reader may not see it.
        let big = data(&b.post("/items/posts", &json!({"title": "Big", "views": 50, "published": false})).await, 200)["id"].clone();
        assert_eq!(admin.drain().await, [json!({"type": "subscription", "event": "create", "uid": "big",
            "data": [{"id": big, "title": "Big"}]})]);
        assert_eq!(limited.drain().await, Vec::<Value>::new());
        // A small published post: the other way round, and only the permitted fields.
        let small = data(&b.post("/items/posts", &json!({"title": "Small", "views": 1, "published": true})).await, 200)["id"].clone();
        assert_eq!(admin.drain().await, Vec::<Value>::new());
        assert_eq!(limited.drain().await, [json!({"type": "subscription", "event": "create", "uid": "7",
            "data": [{"id": small, "title": "Small"}]})]);

        // Updates reach the subscriptions whose query still matches; the event filter holds.
        let r = b.patch(&format!("/items/posts/{big}"), &json!({"title": "Bigger"})).await;
        assert_eq!(r.status, 200, "{}", r.describe());
        assert_eq!(admin.drain().await, [json!({"type": "subscription", "event": "update", "uid": "big",
            "data": [{"id": big, "title": "Bigger"}]})]);
        assert_eq!(limited.drain().await, Vec::<Value>::new());

        // Deletes carry the keys, as text.
        let r = b.delete(&format!("/items/posts/{small}"), None).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let key = json!(small.to_string());
        assert_eq!(deletes.drain().await, [json!({"type": "subscription", "event": "delete", "data": [key]})]);
        // Deleted rows cannot be matched against a query: every reader of the collection hears.
        assert_eq!(admin.drain().await, [json!({"type": "subscription", "event": "delete", "uid": "big", "data": [key]})]);
        assert_eq!(limited.drain().await, Vec::<Value>::new());

        // Unsubscribed: nothing more.
        admin.send(json!({"type": "unsubscribe", "uid": "big"})).await;
        assert_eq!(admin.expect().await, json!({"type": "subscription", "event": "unsubscribe", "uid": "big"}));
        data(&b.post("/items/posts", &json!({"title": "Later", "views": 99})).await, 200);
        assert_eq!(admin.drain().await, Vec::<Value>::new());

        // Items over the socket, under the caller's permissions.
        limited.send(json!({"type": "items", "collection": "posts", "action": "read", "uid": "q",
            "query": {"fields": ["id"], "sort": ["id"]}})).await;
        assert_eq!(limited.expect().await, json!({"type": "items", "uid": "q", "data": [{"id": 1}, {"id": 2}, {"id": 4}]}));
        limited.send(json!({"type": "items", "collection": "posts", "action": "create", "data": {"title": "No"}})).await;
        assert_eq!(limited.expect().await["error"]["code"], "FORBIDDEN");
        admin.send(json!({"type": "items", "collection": "tags", "action": "create", "data": {"name": "ws"}})).await;
        let made = admin.expect().await;
        assert_eq!(made["data"]["name"], "ws", "{made}");
        admin.send(json!("not an object")).await;
        assert_eq!(admin.expect().await["error"]["code"], "INVALID_PAYLOAD");
    })
    .await;
}

#[tokio::test]
async fn events_cross_processes_through_redis() {
    for_each_db(|db| async move {
        let namespace = format!("strata-test-{}", uuid::Uuid::new_v4().simple());
        let shared = env(&[("REDIS", "redis://127.0.0.1:6379"), ("MESSENGER_NAMESPACE", &namespace)]);
        let a = Blog::start_env(db, shared.clone()).await;
        // The second process on the same database: its own fresh database is not used.
        let mut second = shared.clone();
        second.extend(a.s.db.env());
        let b = TestServer::start_with(TestDb::new(db).await, second, &[]).await;
        let token = b.admin_login().await;
        let mut ws = Ws::connect(&b, &format!("?access_token={token}")).await;
        ws.send(json!({"type": "subscribe", "collection": "tags", "event": "create", "query": {"fields": ["name"]}})).await;
        assert_eq!(ws.expect().await["event"], "init");
        data(&a.post("/items/tags", &json!({"name": "across"})).await, 200);
        let m = ws.expect().await;
        assert_eq!(m, json!({"type": "subscription", "event": "create", "data": [{"name": "across"}]}));
    })
    .await;
}

#[tokio::test]
async fn an_expired_token_must_be_renewed_over_the_socket() {
    let env = env(&[
        ("ACCESS_TOKEN_TTL", "2s"),
        ("WEBSOCKETS_REST_AUTH_TIMEOUT", "1"),
    ]);
    let s = TestServer::start_env(Db::Sqlite, env).await;
    let mut ws = Ws::connect(&s, "").await;
    ws.auth(&s.admin_login().await).await;
    let expired = json!({"type": "auth", "status": "error", "error": {"code": "TOKEN_EXPIRED", "message": "Token expired."}});
    assert_eq!(ws.expect().await, expired);
    // Authenticating again within the timeout keeps the connection.
    ws.auth(&s.admin_login().await).await;
    assert_eq!(ws.expect().await, expired);
    // Not renewed: the connection ends.
    assert_eq!(ws.expect().await["error"]["code"], "AUTH_TIMEOUT");
    assert!(ws.next().await.is_none(), "closed after the timeout");
}

//! `/graphql` and `/graphql/system` (spec §18): queries with filters, relations and aggregates
//! give the same data as the equivalent REST reads (and cost the same statements); mutations
//! obey permissions; a collection the caller may not read is not in its schema.

use strata_tests::fixtures::{Blog, enc};
use strata_tests::*;

async fn gql(b: &Blog, token: Option<&str>, query: &str, variables: Value) -> Resp {
    b.s.post(
        "/graphql",
        &json!({"query": query, "variables": variables}),
        token,
    )
    .await
}

/// `data` of a GraphQL answer without errors.
#[track_caller]
fn ok(r: &Resp) -> Value {
    assert_eq!(r.status, 200, "{}", r.describe());
    let body = r.json();
    assert!(body.get("errors").is_none(), "{}", r.describe());
    body["data"].clone()
}

/// REST values as GraphQL gives them: keys (`id`) as strings.
fn ids_as_text(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("id", Value::Number(n)) => Value::from(n.to_string()),
                        (_, v) => ids_as_text(v),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(ids_as_text).collect()),
        other => other,
    }
}

#[tokio::test]
async fn queries_match_rest_with_filters_relations_and_aggregates() {
    for_each_db(|db| async move {
        // Every request resolves its token: statement counts do not depend on timing.
        let env = vec![("STRATA_ACCOUNTABILITY_CACHE_TTL".to_string(), "0".to_string())];
        let b = Blog::start_env(db, env).await;
        let t = Some(b.token.as_str());
        // The first request builds the caller's schema; the comparison is of the next ones.
        ok(&gql(&b, t, "{ tags { id } }", Value::Null).await);
        let query = r#"{ posts(sort: ["id"], filter: {views: {_gte: 5}}) {
            id title views author { name } comments(sort: ["-id"]) { body } tags { tags_id { name } } } }"#;
        let r = gql(&b, t, query, Value::Null).await;
        let graph = ok(&r)["posts"].clone();
        let rest_path = format!(
            "/items/posts?fields=id,title,views,author.name,comments.body,tags.tags_id.name&sort=id&filter={}&deep={}",
            enc(r#"{"views":{"_gte":5}}"#),
            enc(r#"{"comments":{"_sort":["-id"]}}"#)
        );
        let rest_resp = b.get(&rest_path).await;
        let rest = data(&rest_resp, 200);
        assert_eq!(graph, ids_as_text(rest));
        assert_eq!(graph.as_array().map(Vec::len), Some(3));
        // One statement per level, as in REST.
        assert_eq!(Blog::statements(&r), Blog::statements(&rest_resp));

        let one = ok(&gql(&b, t, r#"{ posts_by_id(id: 2) { title author { name } } }"#, Value::Null).await);
        assert_eq!(one, json!({"posts_by_id": {"title": "Rust Tips", "author": {"name": "Alice"}}}));
        let none = ok(&gql(&b, t, r#"{ posts_by_id(id: 99) { title } }"#, Value::Null).await);
        assert_eq!(none, json!({"posts_by_id": null}));

        let agg = ok(&gql(&b, t, r#"{ posts_aggregated(groupBy: ["author"], sort: ["author"], filter: {author: {id: {_nnull: true}}}) {
            group countAll sum { views } max { rating } } }"#, Value::Null).await);
        let rest = b.data("/items/posts?aggregate[countAll]=*&aggregate[sum]=views&aggregate[max]=rating&groupBy[]=author&sort=author&filter[author][id][_nnull]=true").await;
        let expected: Vec<Value> = rest
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| json!({"group": {"author": r["author"]}, "countAll": r["countAll"], "sum": r["sum"], "max": r["max"]}))
            .collect();
        assert_eq!(agg["posts_aggregated"], Value::Array(expected));
        assert_eq!(agg["posts_aggregated"][0]["countAll"], 2);

        // Variables, GET, and errors in Directus's shapes.
        let v = ok(&gql(&b, t, r#"query Q($f: posts_filter) { posts(filter: $f, sort: ["id"]) { id } }"#,
            json!({"f": {"title": {"_icontains": "hello"}}})).await);
        assert_eq!(v, json!({"posts": [{"id": "1"}, {"id": "4"}]}));
        let got = b.get(&format!("/graphql?query={}", enc("{ tags(sort: [\"id\"], limit: 1) { name } }"))).await;
        assert_eq!(ok(&got), json!({"tags": [{"name": "rust"}]}));
        let m = b.get(&format!("/graphql?query={}", enc("mutation { delete_tags_item(id: 1) { id } }"))).await;
        assert_eq!(m.status, 405, "{}", m.describe());
        let bad = gql(&b, t, "{ posts { nope } }", Value::Null).await;
        assert_error(&bad, 400, "GRAPHQL_VALIDATION");
    })
    .await;
}

#[tokio::test]
async fn mutations_and_schema_follow_permissions() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let admin = Some(b.token.as_str());
        let policy = data(&b.post("/policies", &json!({"name": "Writers"})).await, 200)["id"].clone();
        data(&b.post("/permissions", &json!([
            {"policy": policy, "collection": "posts", "action": "read", "fields": ["id", "title"], "permissions": {"published": {"_eq": true}}},
            {"policy": policy, "collection": "posts", "action": "create", "fields": ["title", "views"], "validation": {"views": {"_lt": 100}}},
        ])).await, 200);
        let user = data(&b.post("/users", &json!({"email": "w@example.com", "password": "writer-pass-1"})).await, 200);
        data(&b.post("/access", &json!({"user": user["id"], "policy": policy})).await, 200);
        let token = b.s.login_ok("w@example.com", "writer-pass-1").await["access_token"].as_str().expect("token").to_string();
        let w = Some(token.as_str());

        // The schema shows what may be read and written, nothing else.
        let fields = |d: &Value, root: &str| -> Vec<String> {
            d["__schema"][root]["fields"].as_array().expect("fields").iter()
                .map(|f| f["name"].as_str().expect("name").to_string()).collect()
        };
        let s = ok(&gql(&b, w, "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }", Value::Null).await);
        let queries = fields(&s, "queryType");
        assert!(queries.contains(&"posts".to_string()) && queries.contains(&"posts_by_id".to_string()), "{queries:?}");
        assert!(!queries.iter().any(|q| q.starts_with("authors") || q.starts_with("tags")), "{queries:?}");
        assert_eq!(fields(&s, "mutationType"), ["create_posts_item", "create_posts_items"]);
        assert_error(&gql(&b, w, "{ posts { body } }", Value::Null).await, 400, "GRAPHQL_VALIDATION");
        assert_error(&gql(&b, w, "{ authors { name } }", Value::Null).await, 400, "GRAPHQL_VALIDATION");
        assert_eq!(ok(&gql(&b, w, r#"{ posts(sort: ["id"]) { id } }"#, Value::Null).await),
            json!({"posts": [{"id": "1"}, {"id": "2"}, {"id": "4"}]}));
        let sdl = b.s.get("/server/specs/graphql", w).await;
        assert_eq!(sdl.status, 200, "{}", sdl.describe());
        assert!(sdl.body.contains("type posts {") && sdl.body.contains("posts_aggregated"), "{}", sdl.body);
        assert!(!sdl.body.contains("type authors"), "{}", sdl.body);
        let anon = ok(&gql(&b, None, "{ __schema { queryType { fields { name } } } }", Value::Null).await);
        assert_eq!(fields(&anon, "queryType"), ["_empty"]);

        // Writes: allowed ones go through; validation and forbidden rows answer with codes.
        let made = ok(&gql(&b, w, r#"mutation { create_posts_item(data: {title: "By GraphQL", views: 3}) { title } }"#, Value::Null).await);
        // Not published: created, but not readable back.
        assert_eq!(made, json!({"create_posts_item": null}));
        assert_eq!(b.count("posts WHERE title = 'By GraphQL'").await, 1);
        let r = gql(&b, w, r#"mutation { create_posts_item(data: {title: "Too many", views: 500}) { title } }"#, Value::Null).await;
        assert_eq!(r.status, 200, "{}", r.describe());
        assert_eq!(r.json()["errors"][0]["extensions"]["code"], "FAILED_VALIDATION", "{}", r.describe());
        assert_eq!(b.count("posts WHERE title = 'Too many'").await, 0);

        let upd = ok(&gql(&b, admin, r#"mutation { update_posts_items(ids: [1, 2], data: {views: 7}) { id views } }"#, Value::Null).await);
        assert_eq!(upd, json!({"update_posts_items": [{"id": "1", "views": 7}, {"id": "2", "views": 7}]}));
        let del = ok(&gql(&b, admin, r#"mutation { delete_tags_item(id: 3) { id } }"#, Value::Null).await);
        assert_eq!(del, json!({"delete_tags_item": {"id": "3"}}));
        assert_eq!(b.count("tags").await, 2);

        let sys = b.s.post("/graphql/system", &json!({"query": "{ server_ping }"}), w).await;
        assert_eq!(ok(&sys), json!({"server_ping": "pong"}));
        let hidden = b.s.post("/graphql/system", &json!({"query": "{ users_me { email } }"}), w).await;
        assert_error(&hidden, 400, "GRAPHQL_VALIDATION");
        let sys = b.s.post("/graphql/system", &json!({"query": "{ users_me { email } }"}), admin).await;
        assert_eq!(ok(&sys), json!({"users_me": {"email": ADMIN_EMAIL}}));
    })
    .await;
}

/// The `graphql-ws` npm client (tests/js) subscribed to `operation`; yields its output lines.
struct WsClient {
    child: tokio::process::Child,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
}

impl WsClient {
    async fn start(s: &TestServer, token: &str, operation: &str) -> WsClient {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("js/graphql_ws.mjs");
        let mut child = tokio::process::Command::new("node")
            .arg(script)
            .args([
                &format!("ws://127.0.0.1:{}/graphql", s.port),
                token,
                operation,
            ])
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs (scripts/test installs it and tests/js's packages)");
        let stdout = child.stdout.take().expect("stdout");
        let mut client = WsClient {
            child,
            lines: tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout)),
        };
        assert_eq!(client.line().await, "ready");
        client
    }

    async fn line(&mut self) -> String {
        let next = tokio::time::timeout(std::time::Duration::from_secs(15), self.lines.next_line());
        match next.await {
            Ok(Ok(Some(line))) => line,
            other => panic!(
                "graphql-ws client: no line ({other:?}); exit {:?}",
                self.child.try_wait()
            ),
        }
    }
}

#[tokio::test]
async fn subscriptions_through_the_graphql_ws_client() {
    for_each_db(|db| async move {
        let b = Blog::start_env(db, vec![("WEBSOCKETS_ENABLED".to_string(), "true".to_string())]).await;
        let policy = data(&b.post("/policies", &json!({"name": "Readers"})).await, 200)["id"].clone();
        data(&b.post("/permissions", &json!({"policy": policy, "collection": "posts", "action": "read",
            "fields": ["id", "title"], "permissions": {"published": {"_eq": true}}})).await, 200);
        let user = data(&b.post("/users", &json!({"email": "r@example.com", "password": "reader-pass-1"})).await, 200);
        data(&b.post("/access", &json!({"user": user["id"], "policy": policy})).await, 200);
        let token = b.s.login_ok("r@example.com", "reader-pass-1").await["access_token"].as_str().expect("token").to_string();

        let mut client = WsClient::start(&b.s, &token, "subscription { posts_mutated { key event data { title } } }").await;
        // An item the reader may not see sends nothing; the next one arrives with its data.
        data(&b.post("/items/posts", &json!({"title": "Hidden", "published": false})).await, 200);
        let shown = data(&b.post("/items/posts", &json!({"title": "Shown", "published": true})).await, 200)["id"].clone();
        let key = shown.to_string();
        let got: Value = serde_json::from_str(&client.line().await).expect("JSON");
        assert_eq!(got, json!({"data": {"posts_mutated": {"key": key, "event": "create", "data": {"title": "Shown"}}}}));
        let r = b.delete(&format!("/items/posts/{shown}"), None).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let got: Value = serde_json::from_str(&client.line().await).expect("JSON");
        assert_eq!(got, json!({"data": {"posts_mutated": {"key": key, "event": "delete", "data": null}}}));

        // Only create events, for the admin.
        let mut admin = WsClient::start(&b.s, &b.token, "subscription { tags_mutated(event: create) { event data { name } } }").await;
        data(&b.patch("/items/tags/1", &json!({"name": "renamed"})).await, 200);
        data(&b.post("/items/tags", &json!({"name": "new"})).await, 200);
        let got: Value = serde_json::from_str(&admin.line().await).expect("JSON");
        assert_eq!(got, json!({"data": {"tags_mutated": {"event": "create", "data": {"name": "new"}}}}));
    })
    .await;
}

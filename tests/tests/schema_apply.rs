//! `/schema/apply` (spec §10): a snapshot taken on SQLite, diffed against and applied to an
//! empty database of each backend, gives the same model back, and a second diff is empty.

use strata_tests::*;

async fn admin(db: Db) -> (TestServer, String) {
    let s = TestServer::start(db).await;
    let token = s.admin_login().await;
    (s, token)
}

/// A model with a folder, several field types, an m2o with its o2m alias.
async fn build_model(s: &TestServer, t: Option<&str>) {
    let ok = |r: Resp| {
        data(&r, 200);
    };
    ok(s.post(
        "/collections",
        &json!({"collection": "content", "meta": {"icon": "folder"}}),
        t,
    )
    .await);
    ok(s.post("/collections", &json!({"collection": "authors", "schema": {}, "meta": {"group": "content", "note": "people"},
        "fields": [{"field": "name", "type": "string", "schema": {"is_nullable": false, "max_length": 120}, "meta": {"interface": "input", "required": true}},
                   {"field": "born", "type": "date", "meta": {"interface": "datetime"}}]}), t).await);
    ok(s.post("/collections", &json!({"collection": "posts", "schema": {}, "meta": {"group": "content", "sort_field": "sort"},
        "fields": [{"field": "id", "type": "uuid", "schema": {"is_primary_key": true}, "meta": {"special": ["uuid"], "hidden": true}},
                   {"field": "title", "type": "string", "schema": {"default_value": "untitled"}, "meta": {"interface": "input", "width": "half"}},
                   {"field": "sort", "type": "integer", "meta": {"hidden": true}},
                   {"field": "rating", "type": "decimal", "schema": {"numeric_precision": 5, "numeric_scale": 2}, "meta": {}},
                   {"field": "tags", "type": "csv", "meta": {"interface": "tags"}},
                   {"field": "data", "type": "json", "meta": {"interface": "input-code", "options": {"language": "json"}}},
                   {"field": "published_at", "type": "timestamp", "meta": {}},
                   {"field": "author", "type": "integer", "meta": {"interface": "select-dropdown-m2o", "special": ["m2o"]}}]}), t).await);
    ok(s.post("/fields/authors", &json!({"field": "posts", "type": "alias", "meta": {"special": ["o2m"], "interface": "list-o2m"}}), t).await);
    ok(s.post(
        "/relations",
        &json!({"collection": "posts", "field": "author", "related_collection": "authors",
        "schema": {"on_delete": "SET NULL"}, "meta": {"one_field": "posts", "sort_field": "sort"}}),
        t,
    )
    .await);
}

/// The model part of a snapshot, without what differs by vendor.
fn model(snapshot: &Value) -> Value {
    let mut s = snapshot.clone();
    s["vendor"] = Value::Null;
    for f in s["fields"].as_array_mut().into_iter().flatten() {
        if let Some(schema) = f.get_mut("schema").and_then(Value::as_object_mut) {
            schema.remove("data_type");
        }
    }
    for r in s["relations"].as_array_mut().into_iter().flatten() {
        if let Some(schema) = r.get_mut("schema").and_then(Value::as_object_mut) {
            schema.remove("constraint_name");
        }
    }
    s
}

#[tokio::test]
async fn a_sqlite_snapshot_applies_to_every_backend() {
    let (source, token) = admin(Db::Sqlite).await;
    build_model(&source, Some(&token)).await;
    let snapshot = data(&source.get("/schema/snapshot", Some(&token)).await, 200);
    assert_eq!(snapshot["collections"].as_array().map(Vec::len), Some(3));
    for_each_db(|db| {
        let snapshot = snapshot.clone();
        async move {
            let (s, token) = admin(db).await;
            let t = Some(token.as_str());
            let d = data(&s.post("/schema/diff?force=true", &snapshot, t).await, 200);
            let r = s.post("/schema/apply", &d, t).await;
            assert_eq!(r.status, 204, "{}", r.describe());
            let again = data(&s.get("/schema/snapshot", t).await, 200);
            assert_eq!(model(&again), model(&snapshot), "the same model on {db:?}");
            let r = s.post("/schema/diff?force=true", &snapshot, t).await;
            assert_eq!(r.status, 204, "{}", r.describe());
            // The applied model works: an author with posts through the o2m.
            let a = data(
                &s.post(
                    "/items/authors",
                    &json!({"name": "Ann", "posts": [{"title": "One", "rating": 4.5}]}),
                    t,
                )
                .await,
                200,
            );
            let posts = data(
                &s.get("/items/posts?fields=title,rating,author.name", t)
                    .await,
                200,
            );
            assert_eq!(posts[0]["author"]["name"], "Ann", "{a}");
            // A stale diff (made before the apply) is refused rather than applied twice.
            assert_error(
                &s.post("/schema/apply", &d, t).await,
                400,
                "INVALID_PAYLOAD",
            );
        }
    })
    .await;
}

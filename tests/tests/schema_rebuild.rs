//! Changing a referenced table keeps the rows and references that point at it. On SQLite such a
//! change rebuilds the table; with foreign keys on, SQLite would repoint the children's foreign
//! keys at the renamed copy and cascade its drop into their rows.

use strata_tests::*;

#[tokio::test]
async fn altering_a_parent_keeps_its_children_and_their_foreign_keys() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let pk = json!({"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}});
        let parent = json!({"collection": "parents", "schema": {}, "fields": [pk, {"field": "name", "type": "string"}]});
        data(&s.post("/collections", &parent, t).await, 200);
        let child = json!({"collection": "children", "schema": {}, "fields": [pk, {"field": "parent", "type": "integer"}]});
        data(&s.post("/collections", &child, t).await, 200);
        let rel = json!({"collection": "children", "field": "parent", "related_collection": "parents", "schema": {"on_delete": "CASCADE"}});
        data(&s.post("/relations", &rel, t).await, 200);
        data(&s.post("/items/parents", &json!({"name": "p"}), t).await, 200);
        data(&s.post("/items/children", &json!({"parent": 1}), t).await, 200);

        // A new default (SQLite: a rebuild of `parents`).
        data(&s.patch("/fields/parents/name", &json!({"schema": {"default_value": "x"}}), t).await, 200);
        assert_eq!(data(&s.get("/items/children?fields=id,parent", t).await, 200), json!([{"id": 1, "parent": 1}]));
        // The reference still names `parents` and is still enforced, its cascade too.
        data(&s.post("/items/children", &json!({"parent": 1}), t).await, 200);
        assert_error(&s.post("/items/children", &json!({"parent": 99}), t).await, 400, "INVALID_FOREIGN_KEY");
        let rb = s.request(reqwest::Method::DELETE, "/items/parents/1").bearer_auth(&token);
        assert_status(&s.send(rb).await, 204);
        assert_eq!(data(&s.get("/items/children", t).await, 200), json!([]));
    })
    .await;
}

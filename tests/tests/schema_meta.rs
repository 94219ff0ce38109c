//! Directus metadata through `/collections`, `/fields` and `/relations`: every collection and
//! field meta key stored and read back, folders, each primary-key kind, and a relation's
//! on-delete rule changed on a live table.

use strata_tests::*;

async fn admin(db: Db) -> (TestServer, String) {
    let s = TestServer::start(db).await;
    let token = s.admin_login().await;
    (s, token)
}

#[tokio::test]
async fn collection_and_field_meta_round_trip() {
    for_each_db(|db| async move {
        let (s, token) = admin(db).await;
        let t = Some(token.as_str());
        data(&s.post("/collections", &json!({"collection": "site", "meta": {"icon": "folder", "collapse": "closed", "color": "#ff0000"}}), t).await, 200);
        let meta = json!({
            "icon": "article", "note": "All the news", "display_template": "{{title}}", "hidden": false,
            "singleton": false, "translations": [{"language": "de-DE", "translation": "Artikel"}],
            "archive_field": "status", "archive_app_filter": true, "archive_value": "archived",
            "unarchive_value": "draft", "sort_field": "sort", "accountability": "activity",
            "color": "#00ff00", "item_duplication_fields": ["title"], "sort": 3, "group": "site",
            "collapse": "open", "preview_url": "https://example.com/{{id}}", "versioning": true,
        });
        let c = data(&s.post("/collections", &json!({"collection": "articles", "schema": {}, "meta": meta,
            "fields": [{"field": "title", "type": "string"}, {"field": "status", "type": "string"}, {"field": "sort", "type": "integer"}]}), t).await, 200);
        for (k, v) in meta.as_object().into_iter().flatten() {
            assert_eq!(&c["meta"][k], v, "collection meta {k}");
        }
        let c = data(&s.patch("/collections/articles", &json!({"meta": {"note": "changed", "hidden": true, "translations": null}}), t).await, 200);
        assert_eq!((&c["meta"]["note"], &c["meta"]["hidden"], &c["meta"]["translations"]), (&json!("changed"), &json!(true), &Value::Null));
        assert_eq!(c["meta"]["icon"], "article", "untouched keys stay");

        let field_meta = json!({
            "special": ["cast-json"], "interface": "input-code", "options": {"language": "json", "lineNumber": true},
            "display": "raw", "display_options": {"x": 1}, "readonly": true, "hidden": false, "sort": 7,
            "width": "half", "translations": [{"language": "de-DE", "translation": "Daten"}], "note": "Raw data",
            "conditions": [{"name": "hide", "rule": {"status": {"_eq": "draft"}}, "hidden": true}],
            "required": true, "group": null, "validation": {"_and": [{"data": {"_nnull": true}}]},
            "validation_message": "needed", "searchable": false,
        });
        let f = data(&s.post("/fields/articles", &json!({"field": "data", "type": "json", "meta": field_meta}), t).await, 200);
        for (k, v) in field_meta.as_object().into_iter().flatten() {
            assert_eq!(&f["meta"][k], v, "field meta {k}");
        }
        let f = data(&s.patch("/fields/articles/data", &json!({"meta": {"note": null, "width": "full"}}), t).await, 200);
        assert_eq!((&f["meta"]["note"], &f["meta"]["width"]), (&Value::Null, &json!("full")));
        // A field without meta has none.
        let f = data(&s.post("/fields/articles", &json!({"field": "plain", "type": "string"}), t).await, 200);
        assert_eq!(f["meta"], Value::Null);
        assert_eq!(f["schema"]["is_nullable"], true);

        // Deleting a folder keeps its children, now at the top level.
        assert_eq!(s.send(s.request(reqwest::Method::DELETE, "/collections/site").bearer_auth(&token)).await.status, 204);
        let c = data(&s.get("/collections/articles", t).await, 200);
        assert_eq!(c["meta"]["group"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn primary_key_kinds_and_on_delete_rules() {
    for_each_db(|db| async move {
        let (s, token) = admin(db).await;
        let t = Some(token.as_str());
        for (name, pk) in [
            ("big", json!({"field": "id", "type": "bigInteger", "schema": {"is_primary_key": true, "has_auto_increment": true}})),
            ("uuids", json!({"field": "id", "type": "uuid", "schema": {"is_primary_key": true}, "meta": {"special": ["uuid"]}})),
            ("codes", json!({"field": "code", "type": "string", "schema": {"is_primary_key": true, "max_length": 10}})),
        ] {
            data(&s.post("/collections", &json!({"collection": name, "schema": {}, "meta": {}, "fields": [pk, {"field": "label", "type": "string"}]}), t).await, 200);
        }
        let b = data(&s.post("/items/big", &json!({"label": "x"}), t).await, 200);
        assert!(b["id"] == 1 || b["id"] == "1", "{b}");
        if db != Db::Sqlite {
            assert_eq!(data(&s.get("/fields/big/id", t).await, 200)["type"], "bigInteger");
        }
        let u = data(&s.post("/items/uuids", &json!({"label": "x"}), t).await, 200);
        assert_eq!(u["id"].as_str().map(str::len), Some(36));
        let c = data(&s.post("/items/codes", &json!({"code": "en", "label": "English"}), t).await, 200);
        assert_eq!(c["code"], "en");
        assert_error(&s.post("/items/codes", &json!({"label": "no key"}), t).await, 400, "FAILED_VALIDATION");

        // A relation's on-delete rule changed while the table holds rows.
        data(&s.post("/fields/uuids", &json!({"field": "lang", "type": "string", "schema": {"max_length": 10}}), t).await, 200);
        data(&s.post("/relations", &json!({"collection": "uuids", "field": "lang", "related_collection": "codes", "schema": {"on_delete": "SET NULL"}}), t).await, 200);
        let id = u["id"].as_str().unwrap_or_default().to_string();
        data(&s.patch(&format!("/items/uuids/{id}"), &json!({"lang": "en"}), t).await, 200);
        let r = data(&s.patch("/relations/uuids/lang", &json!({"schema": {"on_delete": "CASCADE"}}), t).await, 200);
        assert_eq!(r["schema"]["on_delete"], "CASCADE");
        let del = s.send(s.request(reqwest::Method::DELETE, "/items/codes/en").bearer_auth(&token)).await;
        assert_eq!(del.status, 204, "{}", del.describe());
        assert_eq!(s.db.scalar_i64("SELECT COUNT(*) FROM uuids").await, 0, "cascaded");
        assert_error(&s.patch("/relations/uuids/label", &json!({"meta": {}}), t).await, 400, "INVALID_PAYLOAD");
    })
    .await;
}

//! Each relation kind made through the API the way the Data Studio makes it (junction
//! collections, alias fields, two relations), then written and read through `/items`:
//! m2m, m2a and the translations pattern, on every database.

use strata_tests::*;

struct Api {
    s: TestServer,
    token: String,
}

impl Api {
    async fn ok(&self, path: &str, body: Value) -> Value {
        data(&self.s.post(path, &body, Some(&self.token)).await, 200)
    }
    async fn get(&self, path: &str) -> Value {
        data(&self.s.get(path, Some(&self.token)).await, 200)
    }
    async fn collection(&self, name: &str, fields: Value) {
        self.ok("/collections", json!({"collection": name, "schema": {}, "meta": {},
            "fields": [{"field": "id", "type": "integer", "schema": {"has_auto_increment": true}, "meta": {"hidden": true}}]}))
            .await;
        for f in fields.as_array().into_iter().flatten() {
            self.ok(&format!("/fields/{name}"), f.clone()).await;
        }
    }
}

#[tokio::test]
async fn m2m_m2a_and_translations_made_like_the_studio() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let api = Api { s, token };
        let string = |f: &str| json!({"field": f, "type": "string", "meta": {}});
        let int = |f: &str| json!({"field": f, "type": "integer", "meta": {"hidden": true}});
        api.collection("posts", json!([string("title")])).await;
        api.collection("tags", json!([string("name")])).await;
        api.collection("quotes", json!([string("text")])).await;
        api.collection("images", json!([string("url")])).await;

        // m2m: junction posts_tags, alias posts.tags.
        api.collection("posts_tags", json!([int("posts_id"), int("tags_id")])).await;
        api.ok("/fields/posts", json!({"field": "tags", "type": "alias", "meta": {"special": ["m2m"], "interface": "list-m2m"}})).await;
        api.ok("/relations", json!({"collection": "posts_tags", "field": "tags_id", "related_collection": "tags",
            "meta": {"one_field": null, "junction_field": "posts_id"}, "schema": {"on_delete": "SET NULL"}})).await;
        api.ok("/relations", json!({"collection": "posts_tags", "field": "posts_id", "related_collection": "posts",
            "meta": {"one_field": "tags", "junction_field": "tags_id"}, "schema": {"on_delete": "SET NULL"}})).await;

        // m2a: junction posts_blocks (item, collection), alias posts.blocks.
        api.collection("posts_blocks", json!([int("posts_id"), string("item"), string("collection")])).await;
        api.ok("/fields/posts", json!({"field": "blocks", "type": "alias", "meta": {"special": ["m2a"], "interface": "list-m2a"}})).await;
        api.ok("/relations", json!({"collection": "posts_blocks", "field": "item", "related_collection": null,
            "meta": {"one_allowed_collections": ["quotes", "images"], "one_collection_field": "collection", "junction_field": "posts_id"}})).await;
        api.ok("/relations", json!({"collection": "posts_blocks", "field": "posts_id", "related_collection": "posts",
            "meta": {"one_field": "blocks", "junction_field": "item"}, "schema": {"on_delete": "SET NULL"}})).await;

        // Translations: languages keyed by code, junction posts_translations with the texts.
        api.ok("/collections", json!({"collection": "languages", "schema": {}, "meta": {},
            "fields": [{"field": "code", "type": "string", "schema": {"is_primary_key": true}, "meta": {}}, string("name")]})).await;
        api.collection("posts_translations", json!([int("posts_id"), string("languages_code"), string("title")])).await;
        api.ok("/fields/posts", json!({"field": "translations", "type": "alias", "meta": {"special": ["translations"], "interface": "translations"}})).await;
        api.ok("/relations", json!({"collection": "posts_translations", "field": "languages_code", "related_collection": "languages",
            "meta": {"one_field": null, "junction_field": "posts_id"}, "schema": {"on_delete": "SET NULL"}})).await;
        api.ok("/relations", json!({"collection": "posts_translations", "field": "posts_id", "related_collection": "posts",
            "meta": {"one_field": "translations", "junction_field": "languages_code"}, "schema": {"on_delete": "SET NULL"}})).await;
        api.ok("/items/languages", json!([{"code": "en", "name": "English"}, {"code": "de", "name": "Deutsch"}])).await;

        let post = api.ok("/items/posts", json!({
            "title": "Hello",
            "tags": [{"tags_id": {"name": "rust"}}, {"tags_id": {"name": "web"}}],
            "blocks": [{"collection": "quotes", "item": {"text": "To be"}}, {"collection": "images", "item": {"url": "a.png"}}],
            "translations": [{"languages_code": "en", "title": "Hello"}, {"languages_code": "de", "title": "Hallo"}],
        })).await;
        let id = post["id"].clone();
        let read = api.get(&format!(
            "/items/posts/{id}?fields=title,tags.tags_id.name,blocks.collection,blocks.item:quotes.text,blocks.item:images.url,\
             translations.languages_code.name,translations.title&deep[translations][_sort]=languages_code"
        )).await;
        assert_eq!(read["tags"], json!([{"tags_id": {"name": "rust"}}, {"tags_id": {"name": "web"}}]));
        assert_eq!(read["blocks"][0], json!({"collection": "quotes", "item": {"text": "To be"}}));
        assert_eq!(read["blocks"][1], json!({"collection": "images", "item": {"url": "a.png"}}));
        assert_eq!(
            read["translations"],
            json!([{"languages_code": {"name": "Deutsch"}, "title": "Hallo"}, {"languages_code": {"name": "English"}, "title": "Hello"}])
        );
        // Filters through each kind.
        let ids = |v: Value| v.as_array().map(|a| a.len()).unwrap_or_default();
        assert_eq!(ids(api.get("/items/posts?filter[tags][tags_id][name][_eq]=web").await), 1);
        assert_eq!(ids(api.get("/items/posts?filter[translations][title][_eq]=Hallo").await), 1);
        assert_eq!(ids(api.get("/items/posts?filter[blocks][collection][_eq]=images").await), 1);
        let rels = api.get("/relations/posts_translations").await;
        assert_eq!(rels.as_array().map(Vec::len), Some(2));
    })
    .await;
}

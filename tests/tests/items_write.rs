//! Writing through `/items` (spec §2, §6, §16): single and batch creates, the three batch update
//! forms, the three batch delete forms, singletons, activity + revision rows, validation errors,
//! and the acceptance test for tables made with plain SQL.

use std::time::Duration;

use strata_tests::fixtures::{Blog, ddl};
use strata_tests::*;

#[tokio::test]
async fn create_one_returns_the_item_and_logs_it() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b
            .post("/items/authors", &json!({"name": "Dan", "age": 20, "active": true}))
            .await;
        assert_eq!(
            data(&r, 200),
            json!({"id": 4, "name": "Dan", "age": 20, "active": true})
        );
        assert_eq!(b.count("authors WHERE name = 'Dan' AND age = 20").await, 1);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'authors' AND action = 'create' AND item = '4'")
                .await,
            1
        );
        assert_eq!(
            b.count("directus_revisions WHERE collection = 'authors' AND item = '4'").await,
            1
        );
        // The response is re-read with the request's query.
        let r = b
            .post("/items/authors?fields=name", &json!({"name": "Eve"}))
            .await;
        assert_eq!(data(&r, 200), json!({"name": "Eve"}));
    })
    .await;
}

#[tokio::test]
async fn create_many_returns_an_array() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b
            .post(
                "/items/tags?fields=id,name",
                &json!([{"name": "a"}, {"name": "b"}, {"name": "c"}]),
            )
            .await;
        assert_eq!(
            data(&r, 200),
            json!([{"id": 4, "name": "a"}, {"id": 5, "name": "b"}, {"id": 6, "name": "c"}])
        );
        assert_eq!(b.count("tags").await, 6);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'tags' AND action = 'create'")
                .await,
            3
        );
        assert_eq!(
            b.count("directus_revisions WHERE collection = 'tags'")
                .await,
            3
        );
    })
    .await;
}

#[tokio::test]
async fn create_validation_errors() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b.post("/items/authors", &json!({"age": 1})).await;
        let e = assert_error_message(
            &r,
            400,
            "FAILED_VALIDATION",
            "Validation failed for field \"name\". Value is required.",
        );
        assert_eq!(e["extensions"]["field"], json!("name"));
        let r = b
            .post(
                "/items/posts",
                &json!({"title": "x", "pub_date": "not a date"}),
            )
            .await;
        assert_status(&r, 400);
        let r = b
            .post("/items/authors", &json!({"name": "x", "nope": 1}))
            .await;
        assert_error(&r, 403, "FORBIDDEN");
        let r = b
            .post("/items/posts", &json!({"title": "x", "author": 99}))
            .await;
        assert_error(&r, 400, "INVALID_FOREIGN_KEY");
        assert_eq!(b.count("authors").await, 3);
        assert_eq!(b.count("posts").await, 4);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'authors'")
                .await,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn update_one() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b
            .patch("/items/authors/2", &json!({"age": 46, "active": true}))
            .await;
        assert_eq!(
            data(&r, 200),
            json!({"id": 2, "name": "Bob", "age": 46, "active": true})
        );
        let r = b
            .patch("/items/posts/3?fields=id,meta,published_at", &json!({"meta": {"k": [1]}, "published_at": "2025-02-03T04:05:06.000Z"}))
            .await;
        assert_eq!(
            data(&r, 200),
            json!({"id": 3, "meta": {"k": [1]}, "published_at": "2025-02-03T04:05:06.000Z"})
        );
        assert_eq!(
            b.count("directus_activity WHERE collection = 'authors' AND action = 'update' AND item = '2'")
                .await,
            1
        );
        assert_eq!(
            b.count("directus_revisions WHERE collection = 'authors' AND item = '2'").await,
            1
        );
        assert_error(&b.patch("/items/authors/99", &json!({"age": 1})).await, 403, "FORBIDDEN");
        assert_error(&b.patch("/items/authors/abc", &json!({"age": 1})).await, 403, "FORBIDDEN");
    })
    .await;
}

#[tokio::test]
async fn batch_update_forms() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // Array of items, each with its primary key.
        let r = b
            .patch(
                "/items/authors?fields=id,age",
                &json!([{"id": 1, "age": 31}, {"id": 2, "age": 46}]),
            )
            .await;
        assert_eq!(
            data(&r, 200),
            json!([{"id": 1, "age": 31}, {"id": 2, "age": 46}])
        );
        // {keys, data}
        let r = b
            .patch(
                "/items/authors?fields=id,active",
                &json!({"keys": [1, 3], "data": {"active": false}}),
            )
            .await;
        assert_eq!(
            data(&r, 200),
            json!([{"id": 1, "active": false}, {"id": 3, "active": false}])
        );
        // {query, data}
        let r = b
            .patch(
                "/items/authors?fields=id,age",
                &json!({"query": {"filter": {"name": {"_eq": "Carol"}}}, "data": {"age": 50}}),
            )
            .await;
        assert_eq!(data(&r, 200), json!([{"id": 3, "age": 50}]));
        assert_eq!(b.count("authors WHERE active = false").await, 3);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'authors' AND action = 'update'")
                .await,
            5
        );
        // Invalid batch bodies.
        let r = b
            .patch("/items/authors", &json!({"data": {"age": 1}}))
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        let r = b.patch("/items/authors", &json!({"keys": [1]})).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        let r = b
            .patch(
                "/items/authors",
                &json!({"keys": [1], "query": {}, "data": {"age": 1}}),
            )
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
    })
    .await;
}

#[tokio::test]
async fn delete_forms() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let names: Vec<Value> = (4..=8).map(|i| json!({"name": format!("t{i}")})).collect();
        data(&b.post("/items/tags", &Value::Array(names)).await, 200);
        let r = b.delete("/items/tags/4", None).await;
        assert_status(&r, 204);
        assert_eq!(r.body, "");
        assert_status(&b.delete("/items/tags", Some(&json!([5]))).await, 204);
        assert_status(
            &b.delete("/items/tags", Some(&json!({"keys": [6, 7]})))
                .await,
            204,
        );
        let q = json!({"query": {"filter": {"name": {"_eq": "t8"}}}});
        assert_status(&b.delete("/items/tags", Some(&q)).await, 204);
        assert_eq!(b.count("tags").await, 3);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'tags' AND action = 'delete'")
                .await,
            5
        );
        assert_error(&b.get("/items/tags/4").await, 403, "FORBIDDEN");
        assert_error(
            &b.delete("/items/tags", Some(&json!({}))).await,
            400,
            "INVALID_PAYLOAD",
        );
    })
    .await;
}

#[tokio::test]
async fn singleton_collection() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        b.s.db
            .execute(&ddl(
                db,
                "CREATE TABLE site (id {pk}, site_name varchar(255) NULL, open {bool} NULL)",
            ))
            .await;
        b.s.db
            .execute(
                "INSERT INTO directus_collections (collection, singleton) VALUES ('site', true)",
            )
            .await;
        let d = b.data("/items/site").await;
        assert_eq!(d, json!({"id": null, "site_name": null, "open": null}));
        let r = b
            .patch("/items/site", &json!({"site_name": "Strata", "open": true}))
            .await;
        assert_eq!(
            data(&r, 200),
            json!({"id": 1, "site_name": "Strata", "open": true})
        );
        assert_error(
            &b.post("/items/site", &json!({"site_name": "x"})).await,
            404,
            "ROUTE_NOT_FOUND",
        );
        let r = b.patch("/items/site", &json!({"open": false})).await;
        assert_eq!(
            data(&r, 200),
            json!({"id": 1, "site_name": "Strata", "open": false})
        );
        assert_eq!(b.count("site").await, 1);
        assert_eq!(
            b.data("/items/site?fields=site_name").await,
            json!({"site_name": "Strata"})
        );
    })
    .await;
}

/// The acceptance test: a table made with plain SQL, with a foreign key to another plain
/// table, can be listed, filtered across the relation and written through `/items` with no
/// `/collections` call before.
#[tokio::test]
async fn plain_sql_tables_are_served_without_registration() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        // A first /items call before the tables exist.
        assert_error(&s.get("/items/shops", t).await, 403, "FORBIDDEN");
        s.db.execute(&ddl(
            db,
            "CREATE TABLE shops (id {pk}, name varchar(100) NOT NULL)",
        ))
        .await;
        s.db.execute(&ddl(
            db,
            "CREATE TABLE products (id {pk}, name varchar(100) NOT NULL, price integer NULL, \
                 shop {fk} NULL REFERENCES shops(id))",
        ))
        .await;
        s.db.execute("INSERT INTO shops (name) VALUES ('North'), ('South')")
            .await;
        s.db.execute(
            "INSERT INTO products (name, price, shop) VALUES ('apple', 3, 1), ('pear', 4, 2)",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let d = data(&s.get("/items/products?fields=id,name,shop", t).await, 200);
        assert_eq!(
            d,
            json!([{"id": 1, "name": "apple", "shop": 1}, {"id": 2, "name": "pear", "shop": 2}])
        );
        let d = data(
            &s.get(
                "/items/products?fields=name,shop.name&filter[shop][name][_eq]=South",
                t,
            )
            .await,
            200,
        );
        assert_eq!(d, json!([{"name": "pear", "shop": {"name": "South"}}]));
        let r = s
            .post(
                "/items/products?fields=id,name,shop.name",
                &json!({"name": "plum", "price": 5, "shop": 2}),
                t,
            )
            .await;
        assert_eq!(
            data(&r, 200),
            json!({"id": 3, "name": "plum", "shop": {"name": "South"}})
        );
        let r = s
            .post(
                "/items/products?fields=name,shop.name",
                &json!({"name": "fig", "shop": {"name": "East"}}),
                t,
            )
            .await;
        assert_eq!(
            data(&r, 200),
            json!({"name": "fig", "shop": {"name": "East"}})
        );
        let r = s
            .patch("/items/products/1?fields=id,price", &json!({"price": 7}), t)
            .await;
        assert_eq!(data(&r, 200), json!({"id": 1, "price": 7}));
        let rb = s
            .request(reqwest::Method::DELETE, "/items/products/2")
            .bearer_auth(&token);
        assert_status(&s.send(rb).await, 204);
        assert_eq!(s.db.scalar_i64("SELECT COUNT(*) FROM products").await, 3);
        assert_eq!(s.db.scalar_i64("SELECT COUNT(*) FROM shops").await, 3);
        let d = data(&s.get("/items/shops/1?fields=name", t).await, 200);
        assert_eq!(d, json!({"name": "North"}));
    })
    .await;
}

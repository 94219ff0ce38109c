//! The data model through the API (spec §10): `/collections`, `/fields`, `/relations` create
//! real tables, columns and foreign keys on every database, values of each type round-trip,
//! columns are altered on tables holding rows without losing any, and deletes leave nothing.

use strata_tests::*;

struct Admin {
    s: TestServer,
    token: String,
}

impl Admin {
    async fn start(db: Db) -> Admin {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        Admin { s, token }
    }
    async fn get(&self, path: &str) -> Resp {
        self.s.get(path, Some(&self.token)).await
    }
    async fn post(&self, path: &str, body: Value) -> Resp {
        self.s.post(path, &body, Some(&self.token)).await
    }
    async fn patch(&self, path: &str, body: Value) -> Resp {
        self.s.patch(path, &body, Some(&self.token)).await
    }
    async fn delete(&self, path: &str) -> Resp {
        let rb = self
            .s
            .request(reqwest::Method::DELETE, path)
            .bearer_auth(&self.token);
        self.s.send(rb).await
    }
}

/// One field of each type, with a value to write and what reading it back gives.
fn typed_fields() -> Vec<(Value, Value, Value)> {
    vec![
        (
            json!({"field": "s", "type": "string", "schema": {"max_length": 20}}),
            json!("hello"),
            json!("hello"),
        ),
        (
            json!({"field": "t", "type": "text"}),
            json!("long text"),
            json!("long text"),
        ),
        (
            json!({"field": "i", "type": "integer"}),
            json!(42),
            json!(42),
        ),
        (
            json!({"field": "b", "type": "bigInteger"}),
            json!(9_007_199_254_740_i64),
            json!(9_007_199_254_740_i64),
        ),
        (
            json!({"field": "f", "type": "float"}),
            json!(1.5),
            json!(1.5),
        ),
        (
            json!({"field": "d", "type": "decimal", "schema": {"numeric_precision": 10, "numeric_scale": 2}}),
            json!(12.25),
            json!(12.25),
        ),
        (
            json!({"field": "bo", "type": "boolean"}),
            json!(true),
            json!(true),
        ),
        (
            json!({"field": "da", "type": "date"}),
            json!("2024-05-01"),
            json!("2024-05-01"),
        ),
        (
            json!({"field": "dt", "type": "dateTime"}),
            json!("2024-05-01T10:20:30"),
            json!("2024-05-01T10:20:30"),
        ),
        (
            json!({"field": "ti", "type": "time"}),
            json!("10:20:30"),
            json!("10:20:30"),
        ),
        (
            json!({"field": "ts", "type": "timestamp"}),
            json!("2024-05-01T10:20:30.000Z"),
            json!("2024-05-01T10:20:30.000Z"),
        ),
        (
            json!({"field": "j", "type": "json"}),
            json!({"a": [1, 2]}),
            json!({"a": [1, 2]}),
        ),
        (
            json!({"field": "c", "type": "csv"}),
            json!(["x", "y"]),
            json!(["x", "y"]),
        ),
        (
            json!({"field": "u", "type": "uuid"}),
            json!("8f2b2a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"),
            json!("8f2b2a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"),
        ),
        (
            json!({"field": "h", "type": "hash"}),
            json!("secret"),
            json!("**********"),
        ),
        (
            json!({"field": "g", "type": "geometry.Point"}),
            json!({"type": "Point", "coordinates": [1, 2]}),
            json!({"type": "Point", "coordinates": [1, 2]}),
        ),
        (
            json!({"field": "gg", "type": "geometry"}),
            json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
            json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        ),
    ]
}

fn number_or_string(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

#[tokio::test]
async fn every_field_type_is_created_written_and_read_back() {
    for_each_db(|db| async move {
        let a = Admin::start(db).await;
        let fields: Vec<Value> = typed_fields().iter().map(|(f, _, _)| f.clone()).collect();
        let created = data(
            &a.post("/collections", json!({"collection": "things", "schema": {}, "meta": {"icon": "box", "note": "all types"}, "fields": fields})).await,
            200,
        );
        assert_eq!(created["collection"], "things");
        assert_eq!(created["meta"]["icon"], "box");
        assert_eq!(created["schema"]["name"], "things");
        // The injected primary key.
        let id = data(&a.get("/fields/things/id").await, 200);
        assert_eq!(id["schema"]["is_primary_key"], true);
        assert_eq!(id["schema"]["has_auto_increment"], true);
        for (f, _, _) in typed_fields() {
            let name = f["field"].as_str().unwrap_or_default();
            let read = data(&a.get(&format!("/fields/things/{name}")).await, 200);
            assert_eq!(read["type"], f["type"], "type of {name}");
        }
        let mut item = serde_json::Map::new();
        for (f, v, _) in typed_fields() {
            item.insert(f["field"].as_str().unwrap_or_default().to_string(), v);
        }
        let written = data(&a.post("/items/things", Value::Object(item)).await, 200);
        for (f, _, want) in typed_fields() {
            let name = f["field"].as_str().unwrap_or_default();
            let got = &written[name];
            match (number_or_string(got), number_or_string(&want)) {
                (Some(g), Some(w)) if want.is_number() => assert_eq!(g, w, "{name}"),
                _ => assert_eq!(got, &want, "{name}"),
            }
        }
        // A string longer than its max_length is refused by the database (SQLite does not
        // check lengths), nothing written.
        if db != Db::Sqlite {
            let r = a.post("/items/things", json!({"s": "x".repeat(30)})).await;
            assert!(r.status == 400, "{}", r.describe());
            assert_eq!(a.s.db.scalar_i64("SELECT COUNT(*) FROM things").await, 1);
        }
    })
    .await;
}

#[tokio::test]
async fn columns_change_on_tables_holding_rows() {
    for_each_db(|db| async move {
        let a = Admin::start(db).await;
        data(&a.post("/collections", json!({"collection": "notes", "schema": {}, "fields": [
            {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}},
            {"field": "title", "type": "string"},
            {"field": "score", "type": "integer"},
        ]})).await, 200);
        for i in 0..5 {
            data(&a.post("/items/notes", json!({"title": format!("n{i}"), "score": i})).await, 200);
        }
        // Default, nullability, uniqueness and type, one after the other.
        let f = data(&a.patch("/fields/notes/title", json!({"schema": {"default_value": "untitled", "is_nullable": false}})).await, 200);
        assert_eq!(f["schema"]["is_nullable"], false);
        assert_eq!(f["schema"]["default_value"], "untitled");
        let r = a.post("/items/notes", json!({"score": 9})).await;
        assert_eq!(data(&r, 200)["title"], "untitled");
        let f = data(&a.patch("/fields/notes/title", json!({"schema": {"is_unique": true}})).await, 200);
        assert_eq!(f["schema"]["is_unique"], true);
        let dup = a.post("/items/notes", json!({"title": "n1"})).await;
        assert_error(&dup, 400, "RECORD_NOT_UNIQUE");
        let f = data(&a.patch("/fields/notes/score", json!({"type": "bigInteger"})).await, 200);
        assert_eq!(f["type"], "bigInteger");
        let f = data(&a.patch("/fields/notes/score", json!({"type": "string", "schema": {"max_length": 50}})).await, 200);
        assert_eq!(f["type"], "string");
        let rows = data(&a.get("/items/notes?sort=id&fields=title,score").await, 200);
        assert_eq!(rows.as_array().map(Vec::len), Some(6), "no row lost");
        assert_eq!(rows[3]["title"], "n3");
        assert_eq!(rows[3]["score"], "3");
        // A new required field on a table with rows needs a default; with one, rows get it.
        let f = data(&a.post("/fields/notes", json!({"field": "state", "type": "string", "schema": {"is_nullable": false, "default_value": "draft"}})).await, 200);
        assert_eq!(f["schema"]["is_nullable"], false);
        assert_eq!(data(&a.get("/items/notes/1").await, 200)["state"], "draft");
        // An index of its own, added and dropped.
        for on in [true, false] {
            let f = data(&a.patch("/fields/notes/state", json!({"schema": {"is_indexed": on}})).await, 200);
            assert_eq!(f["schema"]["is_indexed"], on);
        }
        // Deleting a field drops its column.
        assert_eq!(a.delete("/fields/notes/score").await.status, 204);
        assert!(!a.s.db.columns().await["notes"].contains("score"));
        assert_eq!(a.s.db.scalar_i64("SELECT COUNT(*) FROM notes").await, 6);
    })
    .await;
}

#[tokio::test]
async fn relations_create_foreign_keys_and_deletes_leave_nothing() {
    for_each_db(|db| async move {
        let a = Admin::start(db).await;
        data(&a.post("/collections", json!({"collection": "authors", "schema": {}, "meta": {}, "fields": [{"field": "name", "type": "string"}]})).await, 200);
        data(&a.post("/collections", json!({"collection": "books", "schema": {}, "meta": {}, "fields": [
            {"field": "title", "type": "string"}, {"field": "author", "type": "integer", "meta": {"interface": "select-dropdown-m2o", "special": ["m2o"]}},
        ]})).await, 200);
        data(&a.post("/fields/authors", json!({"field": "books", "type": "alias", "meta": {"special": ["o2m"], "interface": "list-o2m"}})).await, 200);
        let rel = data(&a.post("/relations", json!({"collection": "books", "field": "author", "related_collection": "authors",
            "schema": {"on_delete": "SET NULL"}, "meta": {"one_field": "books"}})).await, 200);
        assert_eq!(rel["related_collection"], "authors");
        assert_eq!(rel["schema"]["on_delete"], "SET NULL");
        assert_eq!(rel["meta"]["one_field"], "books");
        // The relation works both ways through /items, and the constraint is real.
        let ann = data(&a.post("/items/authors", json!({"name": "Ann", "books": [{"title": "One"}, {"title": "Two"}]})).await, 200);
        let rows = data(&a.get("/items/books?fields=title,author.name&sort=id").await, 200);
        assert_eq!(rows[1]["author"]["name"], "Ann");
        let bad = a.post("/items/books", json!({"title": "Orphan", "author": 999})).await;
        assert!(bad.status == 400, "{}", bad.describe());
        let r = a.delete(&format!("/items/authors/{}", ann["id"])).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let rows = data(&a.get("/items/books?fields=author").await, 200);
        assert_eq!(rows[0]["author"], Value::Null, "ON DELETE SET NULL");
        // Bad relation payloads.
        let r = a.post("/relations", json!({"collection": "books", "field": "title", "related_collection": "nope"})).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        let r = a.post("/relations", json!({"collection": "books", "field": "author", "related_collection": "authors"})).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        // Deleting the one side drops the m2o column pointing at it, then everything else goes.
        let r = a.delete("/collections/authors").await;
        assert_eq!(r.status, 204, "{}", r.describe());
        assert!(!a.s.db.columns().await["books"].contains("author"));
        let r = a.delete("/collections/books").await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let tables = a.s.db.columns().await;
        assert!(!tables.contains_key("authors") && !tables.contains_key("books"));
        for (table, column) in [("directus_collections", "collection"), ("directus_fields", "collection"), ("directus_relations", "many_collection")] {
            let n = a.s.db.scalar_i64(&format!("SELECT COUNT(*) FROM {table} WHERE {column} IN ('authors', 'books')")).await;
            assert_eq!(n, 0, "{table} rows left");
        }
        assert_error(&a.get("/collections/books").await, 403, "FORBIDDEN");
    })
    .await;
}

#[tokio::test]
async fn bad_payloads_are_refused_and_leave_nothing() {
    for_each_db(|db| async move {
        let a = Admin::start(db).await;
        for body in [
            json!({"schema": {}}),
            json!({"collection": "directus_mine", "schema": {}}),
            json!({"collection": "bad name;", "schema": {}}),
            json!({"collection": "typo", "schema": {}, "fields": [{"field": "x", "type": "strin"}]}),
            json!({"collection": "dupes", "schema": {}, "fields": [{"field": "x", "type": "string"}, {"field": "x", "type": "text"}]}),
        ] {
            assert_error(&a.post("/collections", body.clone()).await, 400, "INVALID_PAYLOAD");
        }
        let tables = a.s.db.columns().await;
        assert!(["typo", "dupes"].iter().all(|t| !tables.contains_key(*t)));
        data(&a.post("/collections", json!({"collection": "ok", "schema": {}})).await, 200);
        assert_error(&a.post("/collections", json!({"collection": "ok", "schema": {}})).await, 400, "INVALID_PAYLOAD");
        assert_error(&a.post("/fields/ok", json!({"field": "id", "type": "string"})).await, 400, "INVALID_PAYLOAD");
        assert_error(&a.post("/fields/ok", json!({"type": "string"})).await, 400, "INVALID_PAYLOAD");
        assert_error(&a.post("/fields/missing", json!({"field": "x", "type": "string"})).await, 403, "FORBIDDEN");
        assert_error(&a.patch("/fields/ok/id", json!({"type": "alias"})).await, 400, "INVALID_PAYLOAD");
        // Not for non-admins (and not for anonymous callers).
        assert_error(&a.s.get("/collections", None).await, 403, "FORBIDDEN");
        assert_error(&a.s.post("/collections", &json!({"collection": "x", "schema": {}}), None).await, 403, "FORBIDDEN");
    })
    .await;
}

#[tokio::test]
async fn changes_that_would_lose_data_need_force() {
    for_each_db(|db| async move {
        let a = Admin::start(db).await;
        data(
            &a.post(
                "/collections",
                json!({"collection": "notes", "schema": {}, "fields": [
                    {"field": "title", "type": "string"}, {"field": "code", "type": "string"},
                    {"field": "price", "type": "float"}, {"field": "memo", "type": "text"},
                ]}),
            )
            .await,
            200,
        );
        for (title, code, price) in [("hello", "1", 2.0), ("hi", "22", 3.5), ("hey", "abc", 4.0)] {
            data(
                &a.post(
                    "/items/notes",
                    json!({"title": title, "code": code, "price": price}),
                )
                .await,
                200,
            );
        }
        let lossy = [
            ("code", json!({"type": "integer"})),
            ("price", json!({"type": "integer"})),
            ("title", json!({"schema": {"max_length": 3}})),
        ];
        for (field, change) in &lossy {
            let r = a
                .patch(&format!("/fields/notes/{field}"), change.clone())
                .await;
            assert_error(&r, 400, "INVALID_PAYLOAD");
            assert!(r.body.contains("would lose data"), "{}", r.describe());
        }
        let r = a
            .patch(
                "/fields/notes/memo",
                json!({"schema": {"is_nullable": false}}),
            )
            .await;
        assert_error(&r, 400, "CONTAINS_NULL_VALUES");
        // Nothing changed by the refusals.
        let rows = data(
            &a.get("/items/notes?sort=id&fields=title,code,price").await,
            200,
        );
        assert_eq!(
            (&rows[2]["title"], &rows[2]["code"]),
            (&json!("hey"), &json!("abc"))
        );
        assert_eq!(rows[2]["price"].as_f64(), Some(4.0));
        assert_eq!(
            data(&a.get("/fields/notes/code").await, 200)["type"],
            "string"
        );
        // With force the change is made and the rows that did not fit are made to fit.
        for (field, change) in &lossy {
            let r = a
                .patch(&format!("/fields/notes/{field}?force=true"), change.clone())
                .await;
            assert_eq!(r.status, 200, "{}", r.describe());
        }
        let rows = data(
            &a.get("/items/notes?sort=id&fields=title,code,price").await,
            200,
        );
        assert_eq!(rows[0]["title"], "hel");
        assert_eq!(rows[1]["code"], 22);
        assert_eq!(rows[2]["code"], Value::Null);
        assert_eq!(rows[0]["price"].as_f64(), Some(2.0));
        assert_eq!(rows[1]["price"], Value::Null);
        assert_eq!(a.s.db.scalar_i64("SELECT COUNT(*) FROM notes").await, 3);
        // Lossless changes need no force.
        let r = a
            .patch("/fields/notes/code", json!({"type": "bigInteger"}))
            .await;
        assert_eq!(r.status, 200, "{}", r.describe());
    })
    .await;
}

#[tokio::test]
async fn specials_fill_and_cast_values() {
    for_each_db(|db| async move {
        let a = Admin::start(db).await;
        let me = a.s.me(&a.token).await["id"].clone();
        data(&a.post("/collections", json!({"collection": "docs", "schema": {}, "fields": [
            {"field": "id", "type": "uuid", "schema": {"is_primary_key": true}, "meta": {"special": ["uuid"]}},
            {"field": "ref", "type": "uuid", "meta": {"special": ["uuid"]}},
            {"field": "date_created", "type": "timestamp", "meta": {"special": ["date-created"]}},
            {"field": "date_updated", "type": "timestamp", "meta": {"special": ["date-updated"]}},
            {"field": "user_created", "type": "uuid", "meta": {"special": ["user-created"]}},
            {"field": "user_updated", "type": "uuid", "meta": {"special": ["user-updated"]}},
            {"field": "secret", "type": "hash", "meta": {"special": ["hash"]}},
            {"field": "flag", "type": "integer", "meta": {"special": ["cast-boolean"]}},
            {"field": "doc", "type": "text", "meta": {"special": ["cast-json"]}},
            {"field": "labels", "type": "text", "meta": {"special": ["cast-csv"]}},
            {"field": "title", "type": "string"},
        ]})).await, 200);
        let d = data(&a.post("/items/docs", json!({"secret": "p4ss", "flag": true, "doc": {"a": 1}, "labels": ["x", "y"], "title": "t"})).await, 200);
        assert_eq!(d["id"].as_str().map(str::len), Some(36), "{d}");
        assert_eq!(d["ref"].as_str().map(str::len), Some(36), "{d}");
        assert!(d["date_created"].as_str().is_some_and(|t| t.ends_with('Z')), "{d}");
        assert_eq!(d["user_created"], me);
        assert_eq!(d["secret"], "**********");
        assert_eq!(d["flag"], true);
        assert_eq!(d["doc"], json!({"a": 1}));
        assert_eq!(d["labels"], json!(["x", "y"]));
        // The hash is argon2 in the table, never the clear text.
        let id = d["id"].as_str().unwrap_or_default().to_string();
        let stored = a.s.db.scalar_i64(&format!("SELECT COUNT(*) FROM docs WHERE secret LIKE '$argon2%' AND id = '{id}'")).await;
        assert_eq!(stored, 1);
        let u = data(&a.patch(&format!("/items/docs/{id}"), json!({"title": "u"})).await, 200);
        assert!(u["date_updated"].as_str().is_some_and(|t| t.ends_with('Z')), "{u}");
        assert_eq!(u["user_updated"], me);
        assert_eq!(u["date_created"], d["date_created"]);
    })
    .await;
}

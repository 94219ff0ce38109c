//! `/items` error cases (spec §3, §6, §7, §22): not-found is forbidden, system collections,
//! unknown fields, non-admins, malformed bodies, query validation and invalid filters (§8).

use reqwest::Method;
use strata_tests::fixtures::{Blog, enc};
use strata_tests::*;

fn collection_forbidden(c: &str) -> String {
    format!(
        "You don't have permission to access collection \"{c}\" or it does not exist. Queried in root."
    )
}

#[tokio::test]
async fn public_and_non_admin_requests_are_forbidden() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b.s.get("/items/posts", None).await;
        assert_error(&r, 403, "FORBIDDEN");
        assert_error(&b.s.get("/items/posts/1", None).await, 403, "FORBIDDEN");
        assert_error(&b.s.post("/items/posts", &json!({"title": "x"}), None).await, 403, "FORBIDDEN");
        assert_error(&b.s.patch("/items/posts/1", &json!({"title": "x"}), None).await, 403, "FORBIDDEN");
        let rb = b.s.request(Method::DELETE, "/items/posts/1");
        assert_error(&b.s.send(rb).await, 403, "FORBIDDEN");
        assert_eq!(b.count("posts WHERE title = 'x'").await, 0);
        // A user without an admin policy (no role).
        const HASH: &str = "$argon2id$v=19$m=65536,t=3,p=4,data=YWRhZGFkYWRhZGFkYWRhZA$c2FsdHNhbHRzYWx0c2FsdA$TEIIM4GBSUxvMLolL9ePXYP5G/qcr0vywQqqm/ILvsM";
        b.s.db
            .execute(&format!(
                "INSERT INTO directus_users (id, email, password, status) VALUES ('{}', 'plain@example.com', '{HASH}', 'active')",
                uuid::Uuid::new_v4()
            ))
            .await;
        let login = b.s.login_ok("plain@example.com", "password").await;
        let t = login["access_token"].as_str().unwrap();
        assert_error(&b.s.get("/items/posts", Some(t)).await, 403, "FORBIDDEN");
        assert_error(&b.s.post("/items/tags", &json!({"name": "x"}), Some(t)).await, 403, "FORBIDDEN");
        assert_eq!(b.count("tags").await, 3);
    })
    .await;
}

#[tokio::test]
async fn unknown_and_system_collections_are_forbidden() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        for c in ["nope", "directus_users", "directus_settings"] {
            let r = b.get(&format!("/items/{c}")).await;
            let e = assert_error_message(&r, 403, "FORBIDDEN", &collection_forbidden(c));
            assert_eq!(e["extensions"]["reason"], json!(collection_forbidden(c)));
            assert_error(&b.get(&format!("/items/{c}/1")).await, 403, "FORBIDDEN");
            assert_error(
                &b.post(&format!("/items/{c}"), &json!({"a": 1})).await,
                403,
                "FORBIDDEN",
            );
            assert_error(
                &b.patch(&format!("/items/{c}/1"), &json!({"a": 1})).await,
                403,
                "FORBIDDEN",
            );
            assert_error(
                &b.delete(&format!("/items/{c}/1"), None).await,
                403,
                "FORBIDDEN",
            );
        }
        assert_eq!(b.count("directus_users").await, 1);
    })
    .await;
}

#[tokio::test]
async fn unknown_fields_are_forbidden() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b.get("/items/posts?fields=id,nope").await;
        assert_error_message(
            &r,
            403,
            "FORBIDDEN",
            "You don't have permission to access field \"nope\" in collection \"posts\" or it does not exist. Queried in root.",
        );
        assert_error(&b.get("/items/posts?fields=author.nope").await, 403, "FORBIDDEN");
        assert_error(&b.get("/items/posts?fields=title.name").await, 403, "FORBIDDEN");
        assert_error(&b.get("/items/posts?fields=comments.nope").await, 403, "FORBIDDEN");
        // A wildcard never fails.
        assert_status(&b.get("/items/posts?fields=*,author.*").await, 200);
        // Several unknown fields are named together.
        let r = b.get("/items/posts?fields=nope,nada").await;
        assert_error_message(
            &r,
            403,
            "FORBIDDEN",
            "You don't have permission to access fields \"nope\", \"nada\" in collection \"posts\" or they do not exist. Queried in root.",
        );
    })
    .await;
}

#[tokio::test]
async fn missing_or_malformed_keys_are_forbidden() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        for path in ["/items/posts/99", "/items/posts/abc", "/items/posts/1.5"] {
            assert_error_message(
                &b.get(path).await,
                403,
                "FORBIDDEN",
                "You don't have permission to access this.",
            );
            assert_error(
                &b.patch(path, &json!({"title": "x"})).await,
                403,
                "FORBIDDEN",
            );
            assert_error(&b.delete(path, None).await, 403, "FORBIDDEN");
        }
        assert_eq!(b.count("posts").await, 4);
        // An existing key still reads fine.
        assert_eq!(b.data("/items/posts/2?fields=id").await, json!({"id": 2}));
    })
    .await;
}

#[tokio::test]
async fn malformed_bodies_are_invalid_payload() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let rb =
            b.s.request(Method::POST, "/items/tags")
                .bearer_auth(&b.token)
                .header("content-type", "application/json")
                .body("{\"name\": ");
        assert_error(&b.s.send(rb).await, 400, "INVALID_PAYLOAD");
        assert_error(
            &b.post("/items/tags", &json!("just a string")).await,
            400,
            "INVALID_PAYLOAD",
        );
        assert_error(
            &b.post("/items/tags", &json!(42)).await,
            400,
            "INVALID_PAYLOAD",
        );
        assert_error(
            &b.patch("/items/tags/1", &json!([1, 2])).await,
            400,
            "INVALID_PAYLOAD",
        );
        assert_eq!(b.count("tags").await, 3);
    })
    .await;
}

#[tokio::test]
async fn query_validation() {
    for_each_db(|db| async move {
        let env = vec![
            ("QUERY_LIMIT_MAX".to_string(), "3".to_string()),
            ("QUERY_LIMIT_DEFAULT".to_string(), "3".to_string()),
            ("MAX_RELATIONAL_DEPTH".to_string(), "2".to_string()),
        ];
        let b = Blog::start_env(db, env).await;
        assert_error(&b.get("/items/posts?limit=4").await, 400, "INVALID_QUERY");
        assert_eq!(
            b.ids("/items/posts?fields=id&limit=-1").await,
            vec![1, 2, 3]
        );
        assert_eq!(b.ids("/items/posts?fields=id&limit=3").await, vec![1, 2, 3]);
        let r = b.get("/items/comments?fields=post.author.name").await;
        let e = assert_error(&r, 400, "INVALID_QUERY");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("Max relational depth exceeded"),
            "{}",
            r.describe()
        );
        assert_status(&b.get("/items/comments?fields=post.author").await, 200);
        assert_error(&b.get("/items/posts?offset=-1").await, 400, "INVALID_QUERY");
        assert_error(
            &b.get("/items/posts?fields[501]=id").await,
            400,
            "INVALID_QUERY",
        );
    })
    .await;
}

#[tokio::test]
async fn operator_not_allowed_for_type() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        for (filter, ty, op) in [
            (json!({"title": {"_gt": "a"}}), "string", "_gt"),
            (
                json!({"title": {"_between": ["a", "b"]}}),
                "string",
                "_between",
            ),
            (
                json!({"title": {"_nicontains": "a"}}),
                "string",
                "_nicontains",
            ),
            (json!({"views": {"_contains": "1"}}), "integer", "_contains"),
            (json!({"published": {"_gt": true}}), "boolean", "_gt"),
            (json!({"published": {"_in": [true]}}), "boolean", "_in"),
            (
                json!({"pub_date": {"_starts_with": "2024"}}),
                "date",
                "_starts_with",
            ),
        ] {
            let path = format!("/items/posts?filter={}", enc(&filter.to_string()));
            let reason =
                format!("\"{ty}\" field type does not contain the \"{op}\" filter operator");
            let e = assert_error_message(
                &b.get(&path).await,
                400,
                "INVALID_QUERY",
                &format!("Invalid query. {reason}."),
            );
            assert_eq!(e["extensions"]["reason"], json!(reason), "{filter}");
        }
    })
    .await;
}

#[tokio::test]
async fn invalid_filter_values() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b.get("/items/posts?filter[title][_eq]=").await;
        assert_error_message(
            &r,
            400,
            "INVALID_QUERY",
            "Invalid query. You can't filter for an empty string in \"_eq\". Use \"_empty\" or \"_nempty\" instead.",
        );
        let r = b.get("/items/posts?filter={\"title\":").await;
        let e = assert_error(&r, 400, "INVALID_QUERY");
        assert!(
            e["message"].as_str().unwrap().contains("Invalid JSON for filter object"),
            "{}",
            r.describe()
        );
        let bad_in = json!({"views": {"_in": []}});
        let r = b
            .get(&format!("/items/posts?filter={}", enc(&bad_in.to_string())))
            .await;
        let e = assert_error(&r, 400, "INVALID_QUERY");
        assert!(
            e["message"].as_str().unwrap().contains("\"_in\" has to be an array of values"),
            "{}",
            r.describe()
        );
        let r = b.get("/items/posts?filter[views][_eq]=abc").await;
        assert_error(&r, 400, "INVALID_QUERY");
        let r = b.get("/items/posts?filter[views][_between]=1").await;
        assert_error(&r, 400, "INVALID_QUERY");
        let r = b.get("/items/posts?filter[views][_null]=maybe").await;
        assert_error(&r, 400, "INVALID_QUERY");
        // Unknown fields in a filter are "forbidden", also across a relation.
        assert_error(&b.get("/items/posts?filter[nope][_eq]=1").await, 403, "FORBIDDEN");
        assert_error(
            &b.get("/items/posts?filter[author][nope][_eq]=1").await,
            403,
            "FORBIDDEN",
        );
    })
    .await;
}

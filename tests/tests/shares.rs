//! Shares (spec §13): a link to one item, with a password and a number of uses; its session
//! reads that item with the fields its role may read, and nothing else.

use strata_tests::fixtures::Blog;
use strata_tests::*;

async fn share_login(s: &TestServer, share: &str, password: &str) -> Resp {
    let body = json!({"share": share, "password": password});
    s.post("/shares/auth", &body, None).await
}

#[tokio::test]
async fn a_share_opens_one_item_and_nothing_else() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // Shares point at registered collections (a foreign key to directus_collections).
        data(
            &b.patch(
                "/collections/posts",
                &json!({"meta": {"note": "Blog posts"}}),
            )
            .await,
            200,
        );
        let policy =
            data(&b.post("/policies", &json!({"name": "Sharing"})).await, 200)["id"].clone();
        data(
            &b.post(
                "/permissions",
                &json!({"policy": policy, "collection": "posts", "action": "read",
            "fields": ["id", "title"]}),
            )
            .await,
            200,
        );
        let role = data(&b.post("/roles", &json!({"name": "Shared"})).await, 200)["id"].clone();
        data(
            &b.post("/access", &json!({"role": role, "policy": policy}))
                .await,
            200,
        );
        let share = data(
            &b.post(
                "/shares",
                &json!({"name": "Post 1", "collection": "posts", "item": "1",
            "role": role, "password": "open-sesame", "max_uses": 2}),
            )
            .await,
            200,
        );
        let id = share["id"].as_str().expect("share id").to_string();

        let info = data(&b.s.get(&format!("/shares/info/{id}"), None).await, 200);
        assert_eq!(
            (
                info["collection"].clone(),
                info["item"].clone(),
                info["password"].clone()
            ),
            (json!("posts"), json!("1"), json!("**********"))
        );
        assert_eq!(info["times_used"], 0);

        let wrong = share_login(&b.s, &id, "nope").await;
        assert_error(&wrong, 401, "INVALID_CREDENTIALS");
        let tokens = data(&share_login(&b.s, &id, "open-sesame").await, 200);
        let token = tokens["access_token"].as_str().expect("token").to_string();
        let t = Some(token.as_str());

        assert_eq!(
            data(&b.s.get("/items/posts/1", t).await, 200),
            json!({"id": 1, "title": "Hello World"})
        );
        assert_eq!(
            data(&b.s.get("/items/posts", t).await, 200),
            json!([{"id": 1, "title": "Hello World"}])
        );
        assert_error(&b.s.get("/items/posts/2", t).await, 403, "FORBIDDEN");
        assert_error(
            &b.s.get("/items/posts/1?fields=body", t).await,
            403,
            "FORBIDDEN",
        );
        assert_error(&b.s.get("/items/authors", t).await, 403, "FORBIDDEN");
        assert_error(
            &b.s.patch("/items/posts/1", &json!({"title": "x"}), t).await,
            403,
            "FORBIDDEN",
        );

        // Two uses allowed: the second login works, the third does not.
        data(&share_login(&b.s, &id, "open-sesame").await, 200);
        let spent = share_login(&b.s, &id, "open-sesame").await;
        assert_error(&spent, 401, "INVALID_CREDENTIALS");
        assert_eq!(
            data(&b.s.get(&format!("/shares/info/{id}"), None).await, 200)["times_used"],
            2
        );
        // Sessions already opened keep working.
        let title = data(&b.s.get("/items/posts/1?fields=title", t).await, 200);
        assert_eq!(title, json!({"title": "Hello World"}));
        assert_error(
            &b.s.get(&format!("/shares/info/{}", uuid::Uuid::new_v4()), None)
                .await,
            403,
            "FORBIDDEN",
        );
    })
    .await;
}

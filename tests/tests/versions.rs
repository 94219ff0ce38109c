//! Content versions (spec §13): a draft of an item collects saved changes without touching it,
//! reads through `?version=`, compares against the main item and is promoted — refused when
//! the main item changed since the comparison.

use strata_tests::fixtures::Blog;
use strata_tests::*;

#[tokio::test]
async fn a_version_is_saved_compared_and_promoted() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // Versions point at registered collections (a foreign key to directus_collections).
        data(
            &b.patch("/collections/posts", &json!({"meta": {"versioning": true}}))
                .await,
            200,
        );
        let v = data(
            &b.post(
                "/versions",
                &json!({"key": "draft", "name": "Draft", "collection": "posts", "item": "1"}),
            )
            .await,
            200,
        );
        let id = v["id"].as_str().expect("version id").to_string();
        assert!(v["hash"].as_str().is_some_and(|h| h.len() == 64), "{v}");
        assert_error(
            &b.post(
                "/versions",
                &json!({"key": "main", "collection": "posts", "item": "1"}),
            )
            .await,
            400,
            "INVALID_PAYLOAD",
        );

        let saved = data(
            &b.post(
                &format!("/versions/{id}/save"),
                &json!({"title": "Draft title"}),
            )
            .await,
            200,
        );
        assert_eq!(
            (saved["title"].clone(), saved["views"].clone()),
            (json!("Draft title"), json!(10))
        );
        data(
            &b.post(&format!("/versions/{id}/save"), &json!({"views": 11}))
                .await,
            200,
        );
        assert_eq!(
            b.data("/items/posts/1?fields=title").await["title"],
            "Hello World",
            "the item is untouched"
        );
        let drafted = b
            .data("/items/posts/1?fields=title,views&version=draft")
            .await;
        assert_eq!(drafted, json!({"title": "Draft title", "views": 11}));

        let cmp = data(&b.get(&format!("/versions/{id}/compare")).await, 200);
        assert_eq!(cmp["outdated"], false);
        assert_eq!(cmp["current"], json!({"title": "Draft title", "views": 11}));
        assert_eq!(cmp["main"]["title"], "Hello World");
        let hash = cmp["mainHash"].as_str().expect("hash").to_string();

        // The main item changes: the comparison says so and an old hash cannot promote.
        data(
            &b.patch("/items/posts/1", &json!({"body": "edited meanwhile"}))
                .await,
            200,
        );
        let cmp = data(&b.get(&format!("/versions/{id}/compare")).await, 200);
        assert_eq!(cmp["outdated"], true);
        let r = b
            .post(
                &format!("/versions/{id}/promote"),
                &json!({"mainHash": hash}),
            )
            .await;
        assert_error(&r, 422, "UNPROCESSABLE_CONTENT");
        assert_error(
            &b.post(&format!("/versions/{id}/promote"), &json!({})).await,
            400,
            "INVALID_PAYLOAD",
        );

        // Promoted with the current hash, only the chosen fields.
        let fresh = cmp["mainHash"].as_str().expect("hash");
        let r = b
            .post(
                &format!("/versions/{id}/promote"),
                &json!({"mainHash": fresh, "fields": ["title"]}),
            )
            .await;
        assert_eq!(data(&r, 200), json!(1));
        assert_eq!(
            b.data("/items/posts/1?fields=title,views,body").await,
            json!({"title": "Draft title", "views": 10, "body": "edited meanwhile"})
        );
    })
    .await;
}

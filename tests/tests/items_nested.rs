//! Nested relational writes through `/items` (spec §6): m2o create/link/update/unlink, o2m "basic"
//! arrays (complete set, detach) and "detailed" `{create, update, delete}`, m2m and m2a through
//! their junctions, one transaction per request, revisions with a parent. Side effects are
//! checked with SQL so these tests do not depend on nested reads.

use strata_tests::fixtures::Blog;
use strata_tests::*;

#[tokio::test]
async fn m2o_create_link_update_unlink() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b
            .post("/items/posts?fields=id,author.name", &json!({"title": "N", "author": {"name": "Dan"}}))
            .await;
        assert_eq!(data(&r, 200), json!({"id": 5, "author": {"name": "Dan"}}));
        assert_eq!(b.count("posts WHERE id = 5 AND author = 4").await, 1);
        // link by key
        let r = b.patch("/items/posts/5?fields=author", &json!({"author": 2})).await;
        assert_eq!(data(&r, 200), json!({"author": 2}));
        // object with a key: update the related item and link it
        let r = b
            .patch("/items/posts/5?fields=author.id,author.name", &json!({"author": {"id": 3, "name": "Caroline"}}))
            .await;
        assert_eq!(data(&r, 200), json!({"author": {"id": 3, "name": "Caroline"}}));
        assert_eq!(b.count("authors WHERE id = 3 AND name = 'Caroline'").await, 1);
        // null unlinks
        let r = b.patch("/items/posts/5?fields=author", &json!({"author": null})).await;
        assert_eq!(data(&r, 200), json!({"author": null}));
        assert_eq!(b.count("authors").await, 4);
        // The nested create has its own activity, and a revision whose parent is the post's.
        assert_eq!(
            b.count("directus_activity WHERE collection = 'authors' AND action = 'create'").await,
            1
        );
        assert_eq!(
            b.count("directus_revisions WHERE collection = 'authors' AND item = '4' AND parent IS NOT NULL")
                .await,
            1
        );
    })
    .await;
}

#[tokio::test]
async fn o2m_basic_array_is_the_complete_set() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b
            .patch(
                "/items/posts/1?fields=id",
                &json!({"comments": [1, {"body": "New"}]}),
            )
            .await;
        assert_eq!(data(&r, 200), json!({"id": 1}));
        // comment 2 is detached (nullify), a new one created and linked
        assert_eq!(b.count("comments WHERE post = 1").await, 2);
        assert_eq!(b.count("comments WHERE id = 2 AND post IS NULL").await, 1);
        assert_eq!(
            b.count("comments WHERE id = 5 AND body = 'New' AND post = 1")
                .await,
            1
        );
        // an existing item given as an object is updated and (re)linked
        let r = b
            .patch(
                "/items/posts/3?fields=id",
                &json!({"comments": [{"id": 4, "body": "adopted"}]}),
            )
            .await;
        assert_status(&r, 200);
        assert_eq!(
            b.count("comments WHERE id = 4 AND post = 3 AND body = 'adopted'")
                .await,
            1
        );
        // empty array detaches everything
        assert_status(
            &b.patch("/items/posts/1", &json!({"comments": []})).await,
            200,
        );
        assert_eq!(b.count("comments WHERE post = 1").await, 0);
        assert_eq!(b.count("comments").await, 5);
    })
    .await;
}

#[tokio::test]
async fn o2m_detailed_create_update_delete() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let body = json!({"comments": {
            "create": [{"body": "c1"}, {"body": "c2"}],
            "update": [{"id": 3, "body": "edited"}],
            "delete": []
        }});
        assert_status(&b.patch("/items/posts/2", &body).await, 200);
        assert_eq!(b.count("comments WHERE post = 2").await, 3);
        assert_eq!(
            b.count("comments WHERE id = 3 AND body = 'edited'").await,
            1
        );
        let body = json!({"comments": {"create": [], "update": [], "delete": [3]}});
        assert_status(&b.patch("/items/posts/2", &body).await, 200);
        // one_deselect_action = nullify: the comment stays, unlinked
        assert_eq!(b.count("comments WHERE id = 3 AND post IS NULL").await, 1);
        assert_eq!(b.count("comments WHERE post = 2").await, 2);
    })
    .await;
}

#[tokio::test]
async fn o2m_deselect_action_delete() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        b.s.db
            .execute("UPDATE directus_relations SET one_deselect_action = 'delete' WHERE many_collection = 'comments'")
            .await;
        assert_status(&b.patch("/items/posts/1", &json!({"comments": [2]})).await, 200);
        assert_eq!(b.count("comments WHERE id = 1").await, 0);
        assert_eq!(b.count("comments WHERE post = 1").await, 1);
    })
    .await;
}

#[tokio::test]
async fn o2m_on_create() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b
            .post(
                "/items/posts?fields=id,title",
                &json!({"title": "With comments", "comments": [{"body": "a"}, {"body": "b"}, 4]}),
            )
            .await;
        assert_eq!(data(&r, 200), json!({"id": 5, "title": "With comments"}));
        assert_eq!(b.count("comments WHERE post = 5").await, 3);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'comments' AND action = 'create'")
                .await,
            2
        );
    })
    .await;
}

#[tokio::test]
async fn m2m_through_the_junction() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let body = json!({"tags": [{"tags_id": 3}, {"tags_id": {"name": "fresh"}}]});
        assert_status(&b.patch("/items/posts/3", &body).await, 200);
        assert_eq!(b.count("posts_tags WHERE posts_id = 3").await, 2);
        assert_eq!(
            b.count("posts_tags WHERE posts_id = 3 AND tags_id = 3")
                .await,
            1
        );
        assert_eq!(b.count("tags WHERE name = 'fresh'").await, 1);
        // Keep junction row 1 only: row 2 is deleted, the tag itself stays.
        assert_status(&b.patch("/items/posts/1", &json!({"tags": [1]})).await, 200);
        assert_eq!(b.count("posts_tags WHERE posts_id = 1").await, 1);
        assert_eq!(b.count("posts_tags WHERE id = 2").await, 0);
        assert_eq!(b.count("tags WHERE id = 2").await, 1);
        // Detailed form.
        let body = json!({"tags": {"create": [{"tags_id": 2}], "update": [], "delete": [1]}});
        assert_status(&b.patch("/items/posts/1", &body).await, 200);
        assert_eq!(
            b.count("posts_tags WHERE posts_id = 1 AND tags_id = 2")
                .await,
            1
        );
        assert_eq!(b.count("posts_tags WHERE posts_id = 1").await, 1);
        // On create.
        let r = b
            .post(
                "/items/posts?fields=id",
                &json!({"title": "m2m", "tags": [{"tags_id": 1}, {"tags_id": 2}]}),
            )
            .await;
        assert_eq!(data(&r, 200), json!({"id": 5}));
        assert_eq!(b.count("posts_tags WHERE posts_id = 5").await, 2);
    })
    .await;
}

#[tokio::test]
async fn m2a_through_the_junction() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let body = json!({"sections": [
            {"collection": "headings", "item": {"title": "New H"}},
            {"collection": "texts", "item": 1}
        ]});
        assert_status(&b.patch("/items/posts/3", &body).await, 200);
        assert_eq!(b.count("posts_sections WHERE posts_id = 3").await, 2);
        assert_eq!(
            b.count("headings WHERE id = 3 AND title = 'New H'").await,
            1
        );
        assert_eq!(
            b.count("posts_sections WHERE posts_id = 3 AND collection = 'headings' AND item = '3'")
                .await,
            1
        );
        assert_eq!(
            b.count("posts_sections WHERE posts_id = 3 AND collection = 'texts' AND item = '1'")
                .await,
            1
        );
        // Complete set: keep junction row 1 only.
        assert_status(
            &b.patch("/items/posts/1", &json!({"sections": [1]})).await,
            200,
        );
        assert_eq!(b.count("posts_sections WHERE posts_id = 1").await, 1);
        assert_eq!(b.count("texts").await, 1);
    })
    .await;
}

#[tokio::test]
async fn nested_failure_rolls_back_everything() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // The nested author misses its required name.
        let r = b
            .post(
                "/items/posts",
                &json!({"title": "X", "author": {"age": 3}, "comments": [{"body": "z"}]}),
            )
            .await;
        assert_error(&r, 400, "FAILED_VALIDATION");
        assert_eq!(b.count("posts").await, 4);
        assert_eq!(b.count("comments").await, 4);
        assert_eq!(b.count("authors").await, 3);
        // A nested comment with an unknown field fails the whole update.
        let r = b
            .patch(
                "/items/posts/1",
                &json!({"title": "changed", "comments": [{"nope": 1}]}),
            )
            .await;
        assert_status(&r, 403);
        assert_eq!(b.count("posts WHERE title = 'changed'").await, 0);
        assert_eq!(b.count("comments WHERE post = 1").await, 2);
        assert_eq!(
            b.count("directus_activity WHERE collection = 'posts'")
                .await,
            0
        );
    })
    .await;
}

//! Reading `/items` (spec §2, §6, §7, §9): `fields` over every relation kind, value serialisation,
//! sort, pagination, search, meta counts, `SEARCH`. Data: the blog fixture (`tests/src/fixtures.rs`).

use reqwest::Method;
use strata_tests::fixtures::{Blog, enc};
use strata_tests::*;

#[tokio::test]
async fn star_returns_columns_and_relation_keys() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let r = b.get("/items/posts/1").await;
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json; charset=utf-8")
        );
        let d = data(&r, 200);
        assert_eq!(
            d,
            json!({
                "id": 1, "title": "Hello World", "body": "first post", "views": 10, "rating": 4.5,
                "published": true, "published_at": "2024-05-01T10:00:00.000Z", "pub_date": "2024-05-01",
                "meta": {"a": 1, "tags": ["x"]}, "author": 1,
                "comments": [1, 2], "tags": [1, 2], "sections": [1, 2]
            })
        );
        let list = b.data("/items/posts").await;
        assert_eq!(list.as_array().unwrap().len(), 4);
        assert_eq!(list[3]["comments"], json!([]));
        assert_eq!(list[3]["author"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn value_serialisation_per_type() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b
            .data("/items/posts?fields=id,published,published_at,pub_date,meta,rating,views&sort=id")
            .await;
        assert_eq!(
            d,
            json!([
                {"id": 1, "published": true, "published_at": "2024-05-01T10:00:00.000Z",
                 "pub_date": "2024-05-01", "meta": {"a": 1, "tags": ["x"]}, "rating": 4.5, "views": 10},
                {"id": 2, "published": true, "published_at": "2023-01-15T08:30:00.000Z",
                 "pub_date": "2023-01-15", "meta": null, "rating": 3.5, "views": 20},
                {"id": 3, "published": false, "published_at": null, "pub_date": null, "meta": null,
                 "rating": null, "views": 0},
                {"id": 4, "published": true, "published_at": "2024-12-31T23:59:59.000Z",
                 "pub_date": "2024-12-31", "meta": [1, 2], "rating": 2.5, "views": 5}
            ])
        );
        let authors = b.data("/items/authors?fields=active&sort=id").await;
        assert_eq!(
            authors,
            json!([{"active": true}, {"active": false}, {"active": true}])
        );
    })
    .await;
}

#[tokio::test]
async fn m2o_fields() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b.data("/items/posts?fields=id,author.name&sort=id").await;
        assert_eq!(
            d,
            json!([
                {"id": 1, "author": {"name": "Alice"}}, {"id": 2, "author": {"name": "Alice"}},
                {"id": 3, "author": {"name": "Bob"}}, {"id": 4, "author": null}
            ])
        );
        let d = b.data("/items/posts/3?fields=title,author.*").await;
        assert_eq!(
            d,
            json!({"title": "Draft", "author": {"id": 2, "name": "Bob", "age": 45, "active": false}})
        );
        let d = b.data("/items/comments/3?fields=id,post.author.name").await;
        assert_eq!(d, json!({"id": 3, "post": {"author": {"name": "Alice"}}}));
    })
    .await;
}

#[tokio::test]
async fn o2m_fields() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b.data("/items/posts?fields=id,comments.body&sort=id").await;
        assert_eq!(
            d,
            json!([
                {"id": 1, "comments": [{"body": "Great"}, {"body": "Meh"}]},
                {"id": 2, "comments": [{"body": "Nice tips"}]},
                {"id": 3, "comments": []}, {"id": 4, "comments": []}
            ])
        );
        let d = b.data("/items/posts/2?fields=comments").await;
        assert_eq!(d, json!({"comments": [3]}));
        let d = b.data("/items/posts/1?fields=comments.*").await;
        assert_eq!(
            d["comments"],
            json!([
                {"id": 1, "body": "Great", "approved": true, "post": 1},
                {"id": 2, "body": "Meh", "approved": false, "post": 1}
            ])
        );
    })
    .await;
}

#[tokio::test]
async fn m2m_fields() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b
            .data("/items/posts?fields=id,tags.tags_id.name&filter[id][_lte]=3")
            .await;
        assert_eq!(
            d,
            json!([
                {"id": 1, "tags": [{"tags_id": {"name": "rust"}}, {"tags_id": {"name": "web"}}]},
                {"id": 2, "tags": [{"tags_id": {"name": "rust"}}]},
                {"id": 3, "tags": []}
            ])
        );
        let d = b.data("/items/posts/1?fields=tags.*").await;
        assert_eq!(
            d["tags"],
            json!([{"id": 1, "posts_id": 1, "tags_id": 1}, {"id": 2, "posts_id": 1, "tags_id": 2}])
        );
    })
    .await;
}

#[tokio::test]
async fn m2a_fields() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let fields = "id,sections.collection,sections.item:headings.title,sections.item:texts.body";
        let d = b
            .data(&format!("/items/posts?fields={fields}&filter[id][_lte]=2"))
            .await;
        assert_eq!(
            d,
            json!([
                {"id": 1, "sections": [
                    {"collection": "headings", "item": {"title": "Intro"}},
                    {"collection": "texts", "item": {"body": "Lorem"}}
                ]},
                {"id": 2, "sections": [{"collection": "headings", "item": {"title": "Outro"}}]}
            ])
        );
    })
    .await;
}

#[tokio::test]
async fn star_star_expands_one_level() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b.data("/items/posts/2?fields=*.*").await;
        assert_eq!(d["id"], json!(2));
        assert_eq!(d["title"], json!("Rust Tips"));
        assert_eq!(d["views"], json!(20));
        assert_eq!(
            d["author"],
            json!({"id": 1, "name": "Alice", "age": 30, "active": true})
        );
        assert_eq!(
            d["comments"],
            json!([{"id": 3, "body": "Nice tips", "approved": true, "post": 2}])
        );
        assert_eq!(d["tags"], json!([{"id": 3, "posts_id": 2, "tags_id": 1}]));
    })
    .await;
}

#[tokio::test]
async fn function_fields() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b
            .data(
                "/items/posts?fields=id,year(pub_date),month(published_at),count(comments)&sort=id",
            )
            .await;
        assert_eq!(
            d,
            json!([
                {"id": 1, "pub_date_year": 2024, "published_at_month": 5, "comments_count": 2},
                {"id": 2, "pub_date_year": 2023, "published_at_month": 1, "comments_count": 1},
                {"id": 3, "pub_date_year": null, "published_at_month": null, "comments_count": 0},
                {"id": 4, "pub_date_year": 2024, "published_at_month": 12, "comments_count": 0}
            ])
        );
    })
    .await;
}

#[tokio::test]
async fn sort_orders() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        for (q, want) in [
            ("/items/posts?fields=id", json!([1, 2, 3, 4])),
            ("/items/posts?fields=id&sort=-views", json!([2, 1, 4, 3])),
            (
                "/items/posts?fields=id&sort=published,-views",
                json!([3, 2, 1, 4]),
            ),
            (
                "/items/posts?fields=id&sort[]=published&sort[]=-views",
                json!([3, 2, 1, 4]),
            ),
            (
                "/items/posts?fields=id&sort=-pub_date&filter[pub_date][_nnull]=true",
                json!([4, 1, 2]),
            ),
            // m2o paths
            (
                "/items/posts?fields=id&sort=-author.name,id&filter[author][_nnull]=true",
                json!([3, 1, 2]),
            ),
            (
                "/items/comments?fields=id&sort=-post.views,id&filter[post][_nnull]=true",
                json!([3, 1, 2]),
            ),
        ] {
            assert_eq!(json!(b.col(q, "id").await), want, "{q}");
        }
        assert_error(&b.get("/items/posts?sort=nope").await, 403, "FORBIDDEN");
    })
    .await;
}

#[tokio::test]
async fn pagination() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        for (q, want) in [
            ("limit=2", vec![1, 2]),
            ("limit=2&offset=1", vec![2, 3]),
            ("limit=2&page=2", vec![3, 4]),
            ("limit=2&page=3", vec![]),
            ("limit=3&page=1", vec![1, 2, 3]),
            ("limit=-1", vec![1, 2, 3, 4]),
            ("offset=3", vec![4]),
            ("limit=0", vec![]),
        ] {
            let got = b.ids(&format!("/items/posts?fields=id&sort=id&{q}")).await;
            assert_eq!(got, want, "{q}");
        }
        assert_error(&b.get("/items/posts?limit=abc").await, 400, "INVALID_QUERY");
        assert_error(&b.get("/items/posts?limit=-2").await, 400, "INVALID_QUERY");
        assert_error(&b.get("/items/posts?page=0").await, 400, "INVALID_QUERY");
    })
    .await;
}

#[tokio::test]
async fn default_limit_from_env() {
    for_each_db(|db| async move {
        let env = vec![("QUERY_LIMIT_DEFAULT".to_string(), "3".to_string())];
        let b = Blog::start_env(db, env).await;
        assert_eq!(b.ids("/items/posts?fields=id").await, vec![1, 2, 3]);
        assert_eq!(
            b.ids("/items/posts?fields=id&limit=-1").await,
            vec![1, 2, 3, 4]
        );
    })
    .await;
}

#[tokio::test]
async fn search_matches_text_and_numbers() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        for (q, want) in [
            ("hello", vec![1, 4]),
            ("HELLO", vec![1, 4]),
            ("rust", vec![2]),
            ("20", vec![2]),
            ("zzz", vec![]),
        ] {
            let got = b.ids(&format!("/items/posts?fields=id&search={q}")).await;
            assert_eq!(got, want, "search={q}");
        }
        let got = b
            .ids("/items/posts?fields=id&search=hello&filter[views][_gt]=5")
            .await;
        assert_eq!(got, vec![1]);
        let got = b
            .ids(&format!("/items/authors?fields=id&search={}", enc("ali")))
            .await;
        assert_eq!(got, vec![1]);
    })
    .await;
}

#[tokio::test]
async fn meta_counts() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let body = b
            .get("/items/posts?fields=id&limit=1&meta=*&filter[published][_eq]=true")
            .await
            .json();
        assert_eq!(body["data"], json!([{"id": 1}]));
        assert_eq!(body["meta"], json!({"total_count": 4, "filter_count": 3}));
        let body = b
            .get("/items/posts?fields=id&meta=total_count&search=hello")
            .await
            .json();
        assert_eq!(body["meta"], json!({"total_count": 4}));
        let body = b
            .get("/items/posts?fields=id&meta=filter_count&search=hello")
            .await
            .json();
        assert_eq!(body["meta"], json!({"filter_count": 2}));
        let body = b
            .get("/items/posts?fields=id&meta[]=filter_count&meta[]=total_count&filter[author][name][_eq]=Alice")
            .await
            .json();
        assert_eq!(body["meta"], json!({"total_count": 4, "filter_count": 2}));
        let body = b.get("/items/posts?fields=id").await.json();
        assert!(body.get("meta").is_none(), "meta without ?meta: {body}");
        assert_error(&b.get("/items/posts?meta=nope").await, 400, "INVALID_QUERY");
    })
    .await;
}

#[tokio::test]
async fn search_method_uses_body_query() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let body = json!({"query": {"fields": ["id", "title"], "filter": {"views": {"_gte": 10}}, "sort": ["-id"]}});
        let d = data(&b.search("/items/posts", &body).await, 200);
        assert_eq!(
            d,
            json!([{"id": 2, "title": "Rust Tips"}, {"id": 1, "title": "Hello World"}])
        );
        let d = data(&b.search("/items/posts?fields=id", &json!({"keys": [3, 1]})).await, 200);
        let mut ids: Vec<i64> = d.as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec![1, 3]);
        // GET with a JSON content type and an empty body (what the SDK sends).
        let rb = b
            .s
            .request(Method::GET, "/items/posts/4?fields=title")
            .bearer_auth(&b.token)
            .header("content-type", "application/json");
        assert_eq!(data(&b.s.send(rb).await, 200), json!({"title": "hello again"}));
    })
    .await;
}

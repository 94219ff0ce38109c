//! `deep` per relation (spec §7), the per-parent cap of nested o2m arrays, and the no-N+1 bound:
//! a relational read runs one statement per relation level whatever the number of rows
//! (`STRATA_COUNT_STATEMENTS=true` → `x-strata-statements`).

use strata_tests::fixtures::{Blog, enc};
use strata_tests::*;

#[tokio::test]
async fn deep_on_o2m() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let base = "/items/posts?fields=id,comments.id&filter[id][_lte]=2";
        for (deep, want) in [
            (
                "deep[comments][_filter][approved][_eq]=true",
                json!([[1], [3]]),
            ),
            (
                "deep[comments][_filter][approved][_eq]=false",
                json!([[2], []]),
            ),
            ("deep[comments][_sort]=-id", json!([[2, 1], [3]])),
            ("deep[comments][_limit]=1", json!([[1], [3]])),
            (
                "deep[comments][_limit]=1&deep[comments][_offset]=1",
                json!([[2], []]),
            ),
            (
                "deep[comments][_limit]=1&deep[comments][_page]=2",
                json!([[2], []]),
            ),
            ("deep[comments][_search]=meh", json!([[2], []])),
        ] {
            let d = b.data(&format!("{base}&{deep}")).await;
            let got: Vec<Vec<Value>> = d
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    p["comments"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| c["id"].clone())
                        .collect()
                })
                .collect();
            assert_eq!(json!(got), want, "{deep}");
        }
        let deep = enc(&json!({"comments": {"_sort": ["-body"], "_limit": 1}}).to_string());
        let d = b
            .data(&format!("/items/posts/1?fields=comments.body&deep={deep}"))
            .await;
        assert_eq!(d, json!({"comments": [{"body": "Meh"}]}));
        // deep on a field that is not requested is ignored; on an unknown field it is forbidden.
        assert_error(
            &b.get("/items/posts?fields=id,comments.id&deep[comments][_filter][nope][_eq]=1")
                .await,
            403,
            "FORBIDDEN",
        );
    })
    .await;
}

#[tokio::test]
async fn deep_on_m2m_and_nested_levels() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let d = b
            .data("/items/posts/1?fields=tags.tags_id.name&deep[tags][_filter][tags_id][name][_eq]=web")
            .await;
        assert_eq!(d, json!({"tags": [{"tags_id": {"name": "web"}}]}));
        let d = b
            .data("/items/posts/1?fields=tags.id&deep[tags][_sort]=-id&deep[tags][_limit]=1")
            .await;
        assert_eq!(d, json!({"tags": [{"id": 2}]}));
        // Two levels: authors → posts (o2m added with metadata) → comments.
        b.s.db
            .execute("INSERT INTO directus_fields (collection, field, special) VALUES ('authors', 'posts', 'o2m')")
            .await;
        b.s.db
            .execute("UPDATE directus_relations SET one_field = 'posts' WHERE many_collection = 'posts' AND many_field = 'author'")
            .await;
        b.s.db
            .execute(
            "INSERT INTO directus_relations (many_collection, many_field, one_collection, one_field, one_deselect_action) \
             SELECT 'posts', 'author', 'authors', 'posts', 'nullify' WHERE NOT EXISTS \
             (SELECT 1 FROM directus_relations WHERE many_collection = 'posts' AND many_field = 'author')",
            )
            .await;
        // The metadata is read on the next schema reload: make one with a new table.
        b.s.db.execute("CREATE TABLE reload_marker (id integer primary key)").await;
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_status(&b.get("/items/reload_marker").await, 200);
        let d = b
            .data("/items/authors/1?fields=posts.id,posts.comments.body&deep[posts][_sort]=-id&deep[posts][comments][_filter][approved][_eq]=true")
            .await;
        assert_eq!(
            d,
            json!({"posts": [{"id": 2, "comments": [{"body": "Nice tips"}]}, {"id": 1, "comments": [{"body": "Great"}]}]})
        );
    })
    .await;
}

#[tokio::test]
async fn nested_o2m_is_capped_at_the_default_limit() {
    for_each_db(|db| async move {
        let env = vec![("QUERY_LIMIT_DEFAULT".to_string(), "1".to_string())];
        let b = Blog::start_env(db, env).await;
        let d = b.data("/items/posts/1?fields=comments").await;
        assert_eq!(d, json!({"comments": [1]}));
        let d = b
            .data("/items/posts/1?fields=comments&deep[comments][_limit]=2")
            .await;
        assert_eq!(d, json!({"comments": [1, 2]}), "deep _limit=2");
        let d = b
            .data("/items/posts/1?fields=comments&deep[comments][_limit]=-1")
            .await;
        assert_eq!(d, json!({"comments": [1, 2]}), "deep _limit=-1");
    })
    .await;
}

/// 20 more posts, each with 5 comments, 2 tags and 2 sections (headings + texts).
async fn seed_many(b: &Blog) {
    for i in 0..20 {
        b.s.db
            .execute(&format!(
                "INSERT INTO posts (title, views, author) VALUES ('bulk {i}', {i}, {})",
                1 + i % 3
            ))
            .await;
        let post = b.count("posts").await; // ids are contiguous
        let comments: Vec<String> = (0..5)
            .map(|c| format!("('c{c} of {post}', true, {post})"))
            .collect();
        b.s.db
            .execute(&format!(
                "INSERT INTO comments (body, approved, post) VALUES {}",
                comments.join(", ")
            ))
            .await;
        b.s.db
            .execute(&format!(
                "INSERT INTO posts_tags (posts_id, tags_id) VALUES ({post}, 1), ({post}, 3)"
            ))
            .await;
        b.s.db
            .execute(&format!(
                "INSERT INTO posts_sections (posts_id, item, collection) VALUES ({post}, '2', 'headings'), ({post}, '1', 'texts')"
            ))
            .await;
    }
}

#[tokio::test]
async fn relational_reads_use_one_statement_per_level() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        seed_many(&b).await;
        let baseline = Blog::statements(&b.get("/items/posts?limit=1&fields=id").await);
        assert!(baseline > 0);
        for (fields, levels, rows_check) in [
            ("id,author.name", 1, "author"),
            ("id,comments.body", 1, "comments"),
            ("id,tags.tags_id.name", 2, "tags"),
            ("id,comments.post.author.name", 3, "comments"),
            ("id,sections.item:headings.title,sections.item:texts.body", 3, "sections"),
            ("id,author.name,comments.body,tags.tags_id.name", 4, "tags"),
            ("*.*", 4, "comments"),
        ] {
            for limit in ["2", "-1"] {
                let r = b.get(&format!("/items/posts?limit={limit}&fields={fields}")).await;
                let d = data(&r, 200);
                let rows = d.as_array().unwrap();
                let want = if limit == "2" { 2 } else { 24 };
                assert_eq!(rows.len(), want, "{fields}");
                let last = &rows[rows.len() - 1][rows_check];
                assert!(!last.is_null() && last != &json!([]), "{fields}: {last}");
                let n = Blog::statements(&r);
                assert!(
                    n <= baseline + levels,
                    "fields={fields} limit={limit}: {n} statements > baseline {baseline} + {levels} levels"
                );
            }
        }
        let r = b.get("/items/posts?limit=-1&fields=id,comments.body").await;
        let d = data(&r, 200);
        assert_eq!(d[23]["comments"].as_array().unwrap().len(), 5);
        // Filters and sorts across relations stay in the root statement.
        let r = b
            .get("/items/posts?limit=-1&fields=id&filter[comments][body][_contains]=c1&sort=author.name&meta=*")
            .await;
        assert_eq!(data(&r, 200).as_array().unwrap().len(), 20);
        assert!(Blog::statements(&r) <= baseline + 2, "{}", r.describe());
    })
    .await;
}

#[tokio::test]
async fn key_lists_of_any_length_are_one_parameter() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // 33,000 posts, past SQLite's 32,766 bound variables if each parent key were one.
        let digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 \
             UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 \
             UNION ALL SELECT 8 UNION ALL SELECT 9)";
        let seed = format!(
            "INSERT INTO posts (title) SELECT 'bulk' FROM {digits} a CROSS JOIN {digits} b \
             CROSS JOIN {digits} c CROSS JOIN {digits} d CROSS JOIN {digits} e LIMIT 33000"
        );
        let seed = seed.as_str();
        b.s.db.execute(seed).await;
        b.s.db
            .execute("UPDATE comments SET post = (SELECT MAX(id) FROM posts) WHERE id = 4")
            .await;
        let baseline = Blog::statements(&b.get("/items/posts?limit=1&fields=id").await);
        let r = b
            .get("/items/posts?fields=id,comments.body&limit=-1&filter[title][_eq]=bulk&sort=id")
            .await;
        let rows = data(&r, 200);
        assert_eq!(rows.as_array().map(Vec::len), Some(33000));
        assert_eq!(rows[32999]["comments"], json!([{"body": "orphan"}]));
        assert_eq!(rows[0]["comments"], json!([]));
        assert!(Blog::statements(&r) <= baseline + 1, "{}", r.describe());
    })
    .await;
}

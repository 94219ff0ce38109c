//! `filter` on `/items` (spec §8): every operator with a matching and a non-matching case,
//! logical groups, relational filters over m2o/o2m/m2m/m2a, `_some`/`_none`, function keys,
//! dynamic variables, and the validation errors. Data: the blog fixture (`tests/src/fixtures.rs`).

use std::time::Duration;

use strata_tests::fixtures::{Blog, ddl, enc, now_sql};
use strata_tests::*;

/// Sorted post ids matching `filter` (sent as a JSON string).
async fn posts(b: &Blog, filter: &Value) -> Vec<i64> {
    let path = format!(
        "/items/posts?fields=id&limit=-1&filter={}",
        enc(&filter.to_string())
    );
    b.ids(&path).await
}

/// Asserts every `(filter, ids)` case against `/items/posts`.
async fn expect_all(b: &Blog, cases: &[(Value, &[i64])]) {
    let mut failures = Vec::new();
    for (filter, want) in cases {
        let got = posts(b, filter).await;
        if got != *want {
            failures.push(format!("filter {filter}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn comparison_operators() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        expect_all(
            &b,
            &[
                (json!({"title": {"_eq": "Rust Tips"}}), &[2]),
                (json!({"title": {"_eq": "nope"}}), &[]),
                (json!({"title": "Draft"}), &[3]),
                (json!({"views": {"_neq": 10}}), &[2, 3, 4]),
                (json!({"views": {"_neq": 99}}), &[1, 2, 3, 4]),
                (json!({"author": {"_neq": null}}), &[1, 2, 3]),
                (json!({"author": {"_eq": null}}), &[4]),
                (json!({"views": {"_lt": 5}}), &[3]),
                (json!({"views": {"_lt": 0}}), &[]),
                (json!({"views": {"_lte": 5}}), &[3, 4]),
                (json!({"views": {"_lte": -1}}), &[]),
                (json!({"views": {"_gt": 10}}), &[2]),
                (json!({"views": {"_gt": 20}}), &[]),
                (json!({"views": {"_gte": 10}}), &[1, 2]),
                (json!({"views": {"_gte": 21}}), &[]),
                (json!({"views": {"_gt": "9"}}), &[1, 2]),
                (json!({"rating": {"_gte": 3}}), &[1, 2]),
                (json!({"views": {"_in": [10, 20]}}), &[1, 2]),
                (json!({"views": {"_in": "10,20"}}), &[1, 2]),
                (json!({"views": {"_in": [7]}}), &[]),
                (json!({"views": {"_nin": [10, 20]}}), &[3, 4]),
                (json!({"views": {"_nin": [0, 5, 10, 20]}}), &[]),
                (json!({"views": {"_between": [5, 10]}}), &[1, 4]),
                (json!({"views": {"_between": "5,10"}}), &[1, 4]),
                (json!({"views": {"_between": [11, 19]}}), &[]),
                (json!({"views": {"_nbetween": [5, 10]}}), &[2, 3]),
                (json!({"views": {"_nbetween": [0, 20]}}), &[]),
                (json!({"pub_date": {"_gt": "2024-01-01"}}), &[1, 4]),
                (json!({"pub_date": {"_lt": "2020-01-01"}}), &[]),
                (
                    json!({"published_at": {"_lt": "2024-01-01T00:00:00Z"}}),
                    &[2],
                ),
                (
                    json!({"published_at": {"_between": ["2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"]}}),
                    &[1],
                ),
            ],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn null_empty_and_boolean_operators() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        expect_all(
            &b,
            &[
                (json!({"rating": {"_null": true}}), &[3]),
                (json!({"rating": {"_null": false}}), &[1, 2, 4]),
                (json!({"title": {"_null": true}}), &[]),
                (json!({"rating": {"_nnull": true}}), &[1, 2, 4]),
                (json!({"rating": {"_nnull": false}}), &[3]),
                (json!({"body": {"_empty": true}}), &[3]),
                (json!({"title": {"_empty": true}}), &[]),
                (json!({"body": {"_nempty": true}}), &[1, 2, 4]),
                (json!({"published": {"_eq": true}}), &[1, 2, 4]),
                (json!({"published": {"_eq": false}}), &[3]),
                (json!({"published": {"_eq": "false"}}), &[3]),
                (json!({"published": {"_neq": true}}), &[3]),
                (json!({"rating": {"_eq": "null"}}), &[3]),
            ],
        )
        .await;
        // Valueless `_nnull` in bracket syntax.
        let ids = b.ids("/items/posts?fields=id&filter[rating][_nnull]").await;
        assert_eq!(ids, vec![1, 2, 4]);
    })
    .await;
}

#[tokio::test]
async fn string_operators() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        expect_all(
            &b,
            &[
                (json!({"title": {"_contains": "Tips"}}), &[2]),
                (json!({"title": {"_contains": "zzz"}}), &[]),
                (json!({"title": {"_ncontains": "ell"}}), &[2, 3]),
                (json!({"title": {"_ncontains": "a"}}), &[1, 2]),
                (json!({"title": {"_icontains": "HELLO"}}), &[1, 4]),
                (json!({"title": {"_icontains": "xyz"}}), &[]),
                (json!({"title": {"_starts_with": "Rust"}}), &[2]),
                (json!({"title": {"_starts_with": "Tips"}}), &[]),
                (json!({"title": {"_nstarts_with": "Rust"}}), &[1, 3, 4]),
                (json!({"title": {"_istarts_with": "HELLO"}}), &[1, 4]),
                (json!({"title": {"_istarts_with": "ORLD"}}), &[]),
                (json!({"title": {"_nistarts_with": "hello"}}), &[2, 3]),
                (json!({"title": {"_ends_with": "Tips"}}), &[2]),
                (json!({"title": {"_ends_with": "Rust"}}), &[]),
                (json!({"title": {"_nends_with": "Tips"}}), &[1, 3, 4]),
                (json!({"title": {"_iends_with": "AGAIN"}}), &[4]),
                (json!({"title": {"_iends_with": "HELLO"}}), &[]),
                (json!({"title": {"_niends_with": "AGAIN"}}), &[1, 2, 3]),
                (json!({"title": {"_in": ["Draft", "Rust Tips"]}}), &[2, 3]),
                (json!({"title": {"_nin": "Draft"}}), &[1, 2, 4]),
            ],
        )
        .await;
        // Bracket syntax with an encoded space.
        let ids = b
            .ids("/items/posts?fields=id&filter[title][_eq]=Rust%20Tips")
            .await;
        assert_eq!(ids, vec![2]);
    })
    .await;
}

#[tokio::test]
async fn logical_groups() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        expect_all(
            &b,
            &[
                (
                    json!({"_or": [{"views": {"_eq": 0}}, {"title": {"_eq": "Rust Tips"}}]}),
                    &[2, 3],
                ),
                (
                    json!({"_and": [{"published": {"_eq": true}}, {"views": {"_gte": 10}}]}),
                    &[1, 2],
                ),
                (
                    json!({"_and": [{"published": {"_eq": false}}, {"views": {"_gte": 10}}]}),
                    &[],
                ),
                // Several keys on one level are an AND.
                (json!({"published": {"_eq": true}, "author": {"_null": true}}), &[4]),
                (
                    json!({"_or": [{"_and": [{"views": {"_gt": 1}}, {"views": {"_lt": 11}}]}, {"rating": {"_null": true}}]}),
                    &[1, 3, 4],
                ),
                // A logical operator inside a relational field is hoisted.
                (
                    json!({"author": {"_or": [{"name": {"_eq": "Bob"}}, {"age": {"_eq": 30}}]}}),
                    &[1, 2, 3],
                ),
            ],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn relational_filters() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        expect_all(
            &b,
            &[
                // m2o (from a foreign key only)
                (json!({"author": {"name": {"_eq": "Alice"}}}), &[1, 2]),
                (json!({"author": {"age": {"_gt": 40}}}), &[3]),
                (json!({"author": {"name": {"_eq": "Carol"}}}), &[]),
                // An item without a related one compares as a related row of NULLs (a join).
                (json!({"author": {"age": {"_null": true}}}), &[4]),
                (json!({"author": {"name": {"_nnull": true}}}), &[1, 2, 3]),
                (json!({"author": {"name": {"_empty": true}}}), &[4]),
                (json!({"author": {"name": {"_neq": "Alice"}}}), &[3]),
                (
                    json!({"author": {"_or": [{"name": {"_eq": "Bob"}}, {"age": {"_null": true}}]}}),
                    &[3, 4],
                ),
                // o2m: a plain nested filter means "some"
                (json!({"comments": {"body": {"_eq": "Meh"}}}), &[1]),
                (json!({"comments": {"body": {"_eq": "orphan"}}}), &[]),
                (
                    json!({"comments": {"_some": {"approved": {"_eq": true}}}}),
                    &[1, 2],
                ),
                (
                    json!({"comments": {"_none": {"approved": {"_eq": true}}}}),
                    &[3, 4],
                ),
                (
                    json!({"comments": {"_none": {"approved": {"_eq": false}}}}),
                    &[2, 3, 4],
                ),
                // m2m through the junction
                (json!({"tags": {"tags_id": {"name": {"_eq": "web"}}}}), &[1]),
                (
                    json!({"tags": {"tags_id": {"name": {"_eq": "rust"}}}}),
                    &[1, 2],
                ),
                (json!({"tags": {"tags_id": {"name": {"_eq": "news"}}}}), &[]),
                (
                    json!({"tags": {"_none": {"tags_id": {"name": {"_eq": "rust"}}}}}),
                    &[3, 4],
                ),
                (
                    json!({"sections": {"collection": {"_eq": "headings"}}}),
                    &[1, 2],
                ),
                (json!({"sections": {"collection": {"_eq": "nope"}}}), &[]),
            ],
        )
        .await;
        // The reverse direction (m2o on comments) and bracket syntax.
        let ids = b
            .ids("/items/comments?fields=id&filter[post][title][_eq]=Hello%20World")
            .await;
        assert_eq!(ids, vec![1, 2]);
        let ids = b
            .ids("/items/comments?fields=id&filter[post][title][_null]=true")
            .await;
        assert_eq!(ids, vec![4]);
    })
    .await;
}

#[tokio::test]
async fn m2a_scoped_filters() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // On the junction itself (spec §8: `filter[item:headings][title][_eq]=x`).
        let ids = b
            .ids("/items/posts_sections?fields=id&filter[item:headings][title][_eq]=Outro")
            .await;
        assert_eq!(ids, vec![3]);
        expect_all(
            &b,
            &[
                (
                    json!({"sections": {"item:headings": {"title": {"_eq": "Outro"}}}}),
                    &[2],
                ),
                (
                    json!({"sections": {"item:texts": {"body": {"_eq": "Lorem"}}}}),
                    &[1],
                ),
                (
                    json!({"sections": {"item:texts": {"body": {"_eq": "Outro"}}}}),
                    &[],
                ),
            ],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn function_keys() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        expect_all(
            &b,
            &[
                (json!({"year(pub_date)": {"_eq": 2024}}), &[1, 4]),
                (json!({"year(pub_date)": {"_eq": 1999}}), &[]),
                (json!({"month(published_at)": {"_eq": 1}}), &[2]),
                (json!({"day(pub_date)": {"_eq": 31}}), &[4]),
                (json!({"hour(published_at)": {"_eq": 8}}), &[2]),
                (json!({"count(comments)": {"_gte": 1}}), &[1, 2]),
                (json!({"count(comments)": {"_eq": 0}}), &[3, 4]),
                (json!({"count(comments)": {"_gt": 2}}), &[]),
            ],
        )
        .await;
        let ids = b
            .ids("/items/posts?fields=id&filter[year(pub_date)][_eq]=2023")
            .await;
        assert_eq!(ids, vec![2]);
    })
    .await;
}

#[tokio::test]
async fn dynamic_variables() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        let me = b.s.me(&b.token).await;
        let admin_id = me["id"].as_str().unwrap().to_string();
        let now = now_sql(db);
        b.s.db
            .execute(&format!(
                "UPDATE posts SET published_at = {now} WHERE id = 3"
            ))
            .await;
        b.s.db
            .execute(&ddl(db, "CREATE TABLE notes (id {pk}, owner {uuid} NULL)"))
            .await;
        b.s.db
            .execute(&format!(
                "INSERT INTO notes (owner) VALUES ('{admin_id}'), ('{}')",
                uuid::Uuid::new_v4()
            ))
            .await;
        expect_all(
            &b,
            &[
                (json!({"published_at": {"_gt": "$NOW(-1 day)"}}), &[3]),
                (json!({"published_at": {"_gt": "$NOW(+1 day)"}}), &[]),
                (
                    json!({"published_at": {"_lt": "$NOW(+1 day)"}}),
                    &[1, 2, 3, 4],
                ),
                (json!({"published_at": {"_lte": "$NOW"}}), &[1, 2, 3, 4]),
                (json!({"published_at": {"_lt": "$NOW(-100 years)"}}), &[]),
            ],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let ids = b
            .ids("/items/notes?fields=id&filter[owner][_eq]=$CURRENT_USER")
            .await;
        assert_eq!(ids, vec![1]);
        let ids = b
            .ids("/items/notes?fields=id&filter[owner][_neq]=$CURRENT_USER")
            .await;
        assert_eq!(ids, vec![2]);
    })
    .await;
}

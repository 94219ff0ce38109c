//! The `_json` filter operator: conditions on values inside a json field (spec §8).

use strata_tests::fixtures::{Blog, enc};
use strata_tests::*;

#[tokio::test]
async fn json_paths_filter_inside_json_fields() {
    for_each_db(|db| async move {
        let b = Blog::start(db).await;
        // Post 1: meta {"a":1,"tags":["x"]}; post 4: meta [1,2]; others null.
        let q = |filter: &str| format!("/items/posts?fields=id&filter={}", enc(filter));
        assert_eq!(
            b.ids(&q(r#"{"meta":{"_json":{"a":{"_eq":1}}}}"#)).await,
            vec![1]
        );
        assert_eq!(
            b.ids(&q(r#"{"meta":{"_json":{"a":{"_gt":0}}}}"#)).await,
            vec![1]
        );
        assert_eq!(
            b.ids(&q(r#"{"meta":{"_json":{"a":{"_gt":1}}}}"#)).await,
            Vec::<i64>::new()
        );
        assert_eq!(
            b.ids(&q(r#"{"meta":{"_json":{"tags[0]":{"_eq":"x"}}}}"#))
                .await,
            vec![1]
        );
        assert_eq!(
            b.ids(&q(r#"{"meta":{"_json":{"[1]":{"_eq":2}}}}"#)).await,
            vec![4]
        );
        assert_eq!(
            b.ids(&q(
                r#"{"meta":{"_json":{"_or":[{"a":{"_eq":1}},{"[0]":{"_eq":1}}]}}}"#
            ))
            .await,
            vec![1, 4]
        );
        assert_eq!(
            b.ids(&q(
                r#"{"meta":{"_json":{"missing":{"_null":true}}},"id":{"_lte":2}}"#
            ))
            .await,
            vec![1, 2]
        );
        // Paths are data, never SQL: quotes and wildcards are refused.
        let r = b
            .get(&q(r#"{"meta":{"_json":{"a' OR 1=1 --":{"_eq":1}}}}"#))
            .await;
        assert_error(&r, 400, "INVALID_QUERY");
        let r = b.get(&q(r#"{"meta":{"_json":{"a.*":{"_eq":1}}}}"#)).await;
        assert_error(&r, 400, "INVALID_QUERY");
        // `_json` belongs to json fields only.
        let r = b.get(&q(r#"{"title":{"_json":{"a":{"_eq":1}}}}"#)).await;
        assert_error(&r, 400, "INVALID_QUERY");
    })
    .await;
}

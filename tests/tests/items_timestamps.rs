//! Timestamps written by other tools: on SQLite they may be ISO text next to Directus's epoch
//! milliseconds; filters compare both as instants.

use strata_tests::fixtures::{ddl, enc};
use strata_tests::*;

#[tokio::test]
async fn text_and_epoch_timestamps_compare_as_instants() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        s.db.execute(&ddl(db, "CREATE TABLE events (id {pk}, at {ts})"))
            .await;
        s.db.execute(
            "INSERT INTO events (at) VALUES ('2024-05-01 10:00:00'), ('2023-01-15 08:30:00')",
        )
        .await;
        let token = s.admin_login().await;
        // Written through the API: stored the way Directus stores it on each database.
        let r = s
            .post(
                "/items/events",
                &json!({ "at": "2025-02-03T04:05:06.000Z" }),
                Some(&token),
            )
            .await;
        assert_status(&r, 200);
        let ids = |filter: String| {
            let (s, token) = (&s, token.clone());
            async move {
                let r = s
                    .get(
                        &format!("/items/events?fields=id&sort=id&filter={}", enc(&filter)),
                        Some(&token),
                    )
                    .await;
                data(&r, 200)
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|x| x["id"].as_i64().unwrap_or(0))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            }
        };
        assert_eq!(
            ids(r#"{"at":{"_gt":"2024-01-01T00:00:00.000Z"}}"#.into()).await,
            vec![1, 3]
        );
        assert_eq!(
            ids(r#"{"at":{"_lt":"2024-01-01T00:00:00.000Z"}}"#.into()).await,
            vec![2]
        );
        assert_eq!(
            ids(r#"{"at":{"_between":["2024-05-01T09:00:00Z","2024-05-01T11:00:00Z"]}}"#.into())
                .await,
            vec![1]
        );
        assert_eq!(ids(r#"{"at":{"_lte":"$NOW"}}"#.into()).await, vec![1, 2, 3]);
        let all = data(&s.get("/items/events?sort=id", Some(&token)).await, 200);
        assert_eq!(all[0]["at"], json!("2024-05-01T10:00:00.000Z"));
        assert_eq!(all[2]["at"], json!("2025-02-03T04:05:06.000Z"));
    })
    .await;
}

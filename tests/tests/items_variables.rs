//! Dynamic variables with paths in filters: `$CURRENT_USER.<path>`, `$CURRENT_ROLE.<path>`
//! (relational paths included), read from the caller's records.

use strata_tests::fixtures::{ddl, enc};
use strata_tests::*;

#[tokio::test]
async fn current_user_and_role_paths_resolve_in_filters() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        s.db.execute(&ddl(
            db,
            "CREATE TABLE notes (id {pk}, label varchar(100) NOT NULL)",
        ))
        .await;
        s.db.execute(
            "INSERT INTO notes (label) VALUES ('Administrator'), ('admin@example.com'), ('other')",
        )
        .await;
        let token = s.admin_login().await;
        let ids = |filter: &'static str| {
            let (s, token) = (&s, token.clone());
            async move {
                let r = s
                    .get(
                        &format!("/items/notes?fields=id&sort=id&filter={}", enc(filter)),
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
            ids(r#"{"label":{"_eq":"$CURRENT_USER.email"}}"#).await,
            vec![2]
        );
        assert_eq!(
            ids(r#"{"label":{"_eq":"$CURRENT_USER.role.name"}}"#).await,
            vec![1]
        );
        assert_eq!(
            ids(r#"{"label":{"_eq":"$CURRENT_ROLE.name"}}"#).await,
            vec![1]
        );
        assert_eq!(
            ids(r#"{"label":{"_in":["$CURRENT_USER.email","other"]}}"#).await,
            vec![2, 3]
        );
        // An unknown path is a field the caller cannot read.
        let r = s
            .get(
                &format!(
                    "/items/notes?filter={}",
                    enc(r#"{"label":{"_eq":"$CURRENT_USER.nope"}}"#)
                ),
                Some(&token),
            )
            .await;
        assert_error(&r, 403, "FORBIDDEN");
    })
    .await;
}

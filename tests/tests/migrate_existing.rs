//! `strata database migrate` on a database it did not create in full: an older Directus install
//! lacking newer columns and carrying its own `directus_migrations` history.

use strata_tests::*;

const DROPPED: &[(&str, &str)] = &[
    ("directus_users", "text_direction"),
    ("directus_fields", "searchable"),
];

#[tokio::test]
async fn migrate_adds_missing_columns_and_keeps_a_foreign_history() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let none = Vec::<(String, String)>::new();
        let out = run_cli(&testdb, &["database", "migrate"], none.clone()).await;
        assert!(out.success, "first migrate: {}", out.describe());

        // Make it look like an older Directus made it: fewer columns, a shorter history of its
        // own, and no trace of Strata.
        for (table, column) in DROPPED {
            testdb
                .execute(&format!("ALTER TABLE {table} DROP COLUMN {column}"))
                .await;
        }
        testdb
            .execute("DELETE FROM directus_migrations WHERE version > '20240000A'")
            .await;
        testdb.execute("DROP TABLE strata_migrations").await;
        let history = testdb
            .scalar_i64("SELECT COUNT(*) FROM directus_migrations")
            .await;
        assert!(
            history > 10,
            "expected an older history to remain, got {history} rows"
        );
        let before = testdb.columns().await;
        for (table, column) in DROPPED {
            assert!(
                !before[*table].contains(*column),
                "{table}.{column} should be gone"
            );
        }

        let out = run_cli(&testdb, &["database", "migrate"], none.clone()).await;
        assert!(
            out.success,
            "migrate on the older database: {}",
            out.describe()
        );
        let after = testdb.columns().await;
        for (table, column) in DROPPED {
            assert!(
                after[*table].contains(*column),
                "{table}.{column} was not added back"
            );
        }
        assert_eq!(
            testdb
                .scalar_i64("SELECT COUNT(*) FROM directus_migrations")
                .await,
            history,
            "Directus's own migration history must be left for Directus to continue"
        );
        assert_eq!(
            testdb
                .scalar_i64("SELECT COUNT(*) FROM directus_policies")
                .await,
            1,
            "Public policy seeded once"
        );

        let out = run_cli(&testdb, &["database", "migrate"], none).await;
        assert!(out.success, "third migrate: {}", out.describe());
        assert!(
            out.stdout.contains("already up to date"),
            "third migrate should change nothing: {}",
            out.describe()
        );
        assert_eq!(testdb.columns().await, after);

        // The server still starts and logs in on it.
        let s = TestServer::start_with(testdb, Vec::<(String, String)>::new(), &[]).await;
        let token = s.admin_login().await;
        assert_eq!(s.me(&token).await["email"], "admin@example.com");
    })
    .await;
}

//! `strata schema snapshot` and `strata schema apply` (spec §10, Directus's CLI): a YAML
//! snapshot written from one database, its plan printed by `--dry-run`, applied with `--yes`
//! to an empty database, and nothing left to apply afterwards.

use strata_tests::*;

#[tokio::test]
async fn snapshot_file_applies_to_another_database() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        data(
            &s.post(
                "/collections",
                &json!({"collection": "articles", "schema": {}, "meta": {"note": "news"},
                        "fields": [{"field": "title", "type": "string", "meta": {"interface": "input"}},
                                   {"field": "views", "type": "integer", "schema": {"default_value": 0}, "meta": {}}]}),
                t,
            )
            .await,
            200,
        );
        let file = s.db.path().join("model.yaml");
        let file = file.to_str().expect("utf-8 path");
        let out = run_cli(&s.db, &["schema", "snapshot", file], Vec::<(String, String)>::new()).await;
        assert!(out.success, "{}", out.describe());
        assert!(out.stdout.contains("Snapshot saved to"), "{}", out.describe());
        let yaml = std::fs::read_to_string(file).expect("snapshot file");
        assert!(yaml.contains("collection: articles"), "{yaml}");
        // To stdout when no path is given, JSON on request.
        let out = run_cli(&s.db, &["schema", "snapshot", "--format", "json"], Vec::<(String, String)>::new()).await;
        let printed: Value = serde_json::from_str(&out.stdout).expect("json snapshot");
        assert_eq!(printed["collections"][0]["collection"], "articles");

        let target = TestDb::new(db).await;
        let none = Vec::<(String, String)>::new;
        let out = run_cli(&target, &["bootstrap"], none()).await;
        assert!(out.success, "{}", out.describe());
        let out = run_cli(&target, &["schema", "apply", file, "--dry-run"], none()).await;
        assert!(out.success, "{}", out.describe());
        assert!(out.stdout.starts_with("The following changes will be applied:"), "{}", out.describe());
        assert!(out.stdout.contains("  - Create articles"), "{}", out.describe());
        assert!(out.stdout.contains("  - Create articles.views"), "{}", out.describe());
        assert!(!target.columns().await.contains_key("articles"), "a dry run changes nothing");
        // Without --yes and without a terminal it refuses rather than guessing.
        let out = run_cli(&target, &["schema", "apply", file], none()).await;
        assert!(!out.success, "{}", out.describe());
        let out = run_cli(&target, &["schema", "apply", file, "--yes"], none()).await;
        assert!(out.success, "{}", out.describe());
        assert!(out.stdout.contains("Snapshot applied successfully"), "{}", out.describe());
        assert!(target.columns().await["articles"].contains("views"));
        let out = run_cli(&target, &["schema", "apply", file, "--yes"], none()).await;
        assert!(out.stdout.contains("No changes to apply."), "{}", out.describe());
    })
    .await;
}

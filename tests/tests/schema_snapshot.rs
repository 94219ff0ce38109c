//! `/schema/snapshot` and `/schema/diff` (spec §10): the data model in Directus's snapshot
//! format, 204 when an uploaded snapshot matches, deep-diff entries when it does not, and the
//! version / vendor checks that `force` skips.

use strata_tests::*;

async fn model(s: &TestServer, t: Option<&str>) {
    data(
        &s.post(
            "/collections",
            &json!({"collection": "articles", "schema": {}, "meta": {"icon": "article", "note": "news"},
                    "fields": [{"field": "title", "type": "string", "meta": {"interface": "input", "required": true}},
                               {"field": "body", "type": "text", "meta": {"interface": "input-rich-text-html"}}]}),
            t,
        )
        .await,
        200,
    );
}

#[tokio::test]
async fn snapshot_and_diff_round_trip() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        model(&s, t).await;
        let snap = data(&s.get("/schema/snapshot", t).await, 200);
        assert_eq!(snap["version"], 1);
        let vendor = match db {
            Db::Sqlite => "sqlite",
            Db::Postgres => "postgres",
            Db::Mysql => "mysql",
        };
        assert_eq!(snap["vendor"], vendor);
        let collections = snap["collections"].as_array().expect("collections");
        assert_eq!(
            collections.len(),
            1,
            "system collections are not in snapshots"
        );
        assert_eq!(collections[0]["collection"], "articles");
        assert_eq!(collections[0]["meta"]["icon"], "article");
        assert_eq!(collections[0]["schema"], json!({"name": "articles"}));
        let fields: Vec<&str> = snap["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["field"].as_str())
            .collect();
        assert_eq!(fields, ["id", "title", "body"], "ordered by creation");
        assert!(snap["fields"][1]["meta"].get("id").is_none());
        assert_eq!(snap["fields"][1]["schema"]["max_length"], 255);

        // The same snapshot: nothing to do.
        let r = s.post("/schema/diff", &snap, t).await;
        assert_eq!(r.status, 204, "{}", r.describe());

        // A changed note and a new collection show up as deep-diff entries.
        let mut changed = snap.clone();
        changed["collections"][0]["meta"]["note"] = json!("world news");
        let mut extra = changed["collections"][0].clone();
        extra["collection"] = json!("pages");
        extra["schema"]["name"] = json!("pages");
        extra["meta"]["collection"] = json!("pages");
        changed["collections"]
            .as_array_mut()
            .expect("collections")
            .push(extra);
        let d = data(&s.post("/schema/diff", &changed, t).await, 200);
        assert!(d["hash"].as_str().is_some_and(|h| !h.is_empty()));
        let entries = d["diff"]["collections"].as_array().expect("diff");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0]["collection"], "articles");
        assert_eq!(
            entries[0]["diff"],
            json!([{"kind": "E", "path": ["meta", "note"], "lhs": "news", "rhs": "world news"}])
        );
        assert_eq!(entries[1]["collection"], "pages");
        assert_eq!(entries[1]["diff"][0]["kind"], "N");
        // The hash is that of the current schema: stable while it does not change.
        let again = data(&s.post("/schema/diff", &changed, t).await, 200);
        assert_eq!(again["hash"], d["hash"]);

        // Another vendor or version needs `force`; bad snapshots are refused.
        let mut other = snap.clone();
        other["vendor"] = json!(if vendor == "sqlite" {
            "postgres"
        } else {
            "sqlite"
        });
        assert_error(
            &s.post("/schema/diff", &other, t).await,
            400,
            "INVALID_PAYLOAD",
        );
        let r = s.post("/schema/diff?force=true", &other, t).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let mut old = snap.clone();
        old["directus"] = json!("9.0.0");
        assert_error(
            &s.post("/schema/diff", &old, t).await,
            400,
            "INVALID_PAYLOAD",
        );
        assert_error(
            &s.post("/schema/diff", &json!({"version": 7, "directus": "x"}), t)
                .await,
            400,
            "INVALID_PAYLOAD",
        );
        // As a YAML download, taken back as a YAML body or as an uploaded file.
        let r = s.get("/schema/snapshot?export=yaml", t).await;
        assert_eq!(r.status, 200, "{}", r.describe());
        assert!(
            r.header("content-type")
                .is_some_and(|c| c.starts_with("text/yaml"))
        );
        assert!(
            r.header("content-disposition")
                .is_some_and(|c| c.contains(".yaml"))
        );
        assert!(r.body.contains("collection: articles"), "{}", r.body);
        let yaml = r.body.clone();
        let rb = s
            .request(reqwest::Method::POST, "/schema/diff")
            .bearer_auth(&token)
            .header("content-type", "text/yaml")
            .body(yaml.clone());
        let r = s.send(rb).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let part = reqwest::multipart::Part::text(yaml).file_name("snapshot.yaml");
        let rb = s
            .request(reqwest::Method::POST, "/schema/diff")
            .bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().part("file", part));
        let r = s.send(rb).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let rb = s
            .request(reqwest::Method::POST, "/schema/diff")
            .bearer_auth(&token)
            .header("content-type", "text/yaml")
            .body("collections: [unclosed");
        assert_error(&s.send(rb).await, 400, "INVALID_PAYLOAD");
        // Administrators only.
        assert_error(&s.get("/schema/snapshot", None).await, 403, "FORBIDDEN");
    })
    .await;
}

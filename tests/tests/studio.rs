//! The admin studio end to end: the real server serves the built studio at /admin, and headless
//! Chromium (playwright-core with Debian's chromium, tests/js/studio_e2e.mjs) signs in, shapes a
//! data model, edits content, uploads an image and checks a role's filtered permission. Each main
//! page is kept as a screenshot under tests/artifacts/studio-<db>/. The API is then asked whether
//! what the browser did really happened.

use strata_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, Value, data, for_each_db};

#[tokio::test]
async fn the_studio_is_served_with_its_client_routes_and_gzip() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let page = s
            .client
            .get(s.url("/admin/content/posts/1"))
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), 200);
        let html = page.text().await.expect("body");
        assert!(
            html.contains("strata_ui.js"),
            "the app's index answers client routes: {html}"
        );
        let wasm = s
            .client
            .get(s.url("/admin/strata_ui_bg.wasm"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .expect("GET wasm");
        assert_eq!(wasm.status(), 200);
        assert_eq!(wasm.headers()["content-type"], "application/wasm");
        assert_eq!(wasm.headers()["content-encoding"], "gzip");
        let etag = wasm.headers()["etag"].to_str().expect("etag").to_string();
        let again = s
            .client
            .get(s.url("/admin/strata_ui_bg.wasm"))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("GET wasm again");
        assert_eq!(again.status(), 304);
        let missing = s
            .client
            .get(s.url("/admin/nope.js"))
            .send()
            .await
            .expect("GET");
        assert_eq!(missing.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn a_new_user_does_the_main_tasks_in_a_real_browser() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let name = format!("{db:?}").to_lowercase();
        let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("artifacts/studio-{name}"));
        let _ = std::fs::remove_dir_all(&artifacts);
        std::fs::create_dir_all(&artifacts).expect("artifacts dir");
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("js/studio_e2e.mjs");
        let out = tokio::process::Command::new("node")
            .arg(script)
            .args([&s.url(""), artifacts.to_string_lossy().as_ref(), ADMIN_EMAIL, ADMIN_PASSWORD])
            .kill_on_drop(true)
            .output()
            .await
            .expect("node runs (scripts/test installs it, tests/js's packages and chromium)");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "studio e2e on {name} failed:\n{stdout}\n{}\nserver: {}",
            String::from_utf8_lossy(&out.stderr),
            s.stderr()
        );
        let report: Value = stdout.lines().last().and_then(|l| serde_json::from_str(l).ok()).expect("a JSON report line");
        println!("studio e2e on {name}: {report}");

        // What the browser did, read back through the API.
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let fields = data(&s.get("/fields/articles", t).await, 200);
        let kinds: Vec<(String, String)> = fields
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| (f["field"].as_str().unwrap_or("").to_string(), f["type"].as_str().unwrap_or("").to_string()))
            .collect();
        for (field, kind) in [("title", "string"), ("views", "integer"), ("published", "boolean"), ("body", "text")] {
            assert!(kinds.contains(&(field.to_string(), kind.to_string())), "articles.{field} is a {kind}: {kinds:?}");
        }
        let relations = data(&s.get("/relations/articles", t).await, 200);
        assert!(
            relations.as_array().expect("relations").iter().any(|r| r["field"] == "author" && r["related_collection"] == "authors"),
            "the m2o author → authors exists: {relations}"
        );
        let items = data(&s.get("/items/articles?fields=title,views,published,author.name&sort=title", t).await, 200);
        assert_eq!(
            items,
            serde_json::json!([
                {"title": "Draft notes", "views": 3, "published": false, "author": {"name": "Bob"}},
                {"title": "Hello world", "views": 150, "published": true, "author": {"name": "Ann"}},
            ]),
            "created, edited and deleted through the studio"
        );
        let authors = data(&s.get("/items/authors?fields=name&sort=name", t).await, 200);
        assert_eq!(
            authors,
            serde_json::json!([{"name": "Ann"}, {"name": "Bob"}, {"name": "Cleo"}]),
            "Cleo was made with Create New inside an article"
        );
        let files = data(&s.get("/files?fields=type,width", t).await, 200);
        assert!(files.as_array().expect("files").iter().any(|f| f["type"] == "image/png" && f["width"] == 64), "uploaded: {files}");
        let roles = data(&s.get("/roles?fields=name,users.email", t).await, 200);
        assert!(
            roles.as_array().expect("roles").iter().any(|r| r["name"] == "Editors" && r["users"][0]["email"] == "editor@example.com"),
            "role and its user: {roles}"
        );
        assert_eq!(report["editor_sees"], serde_json::json!(["Hello world"]), "the editor sees only published articles");
        for shot in ["login", "content", "item", "files", "users", "roles", "policy", "data-model", "fields", "settings", "activity"] {
            assert!(artifacts.join(format!("{shot}.png")).exists(), "screenshot {shot}.png kept");
        }
    })
    .await;
}

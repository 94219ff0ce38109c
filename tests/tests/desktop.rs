//! The desktop app for real: its binary runs under Xvfb and WebKitGTK's WebDriver drives the
//! window. A first run creates a local SQLite project with the local API on; the studio appears
//! in the window, signs in, and an item created there is read back through the local API. Then a
//! project opened by PostgreSQL URL shows that database's collections. The window is kept as a
//! screenshot under tests/artifacts/desktop/.

use std::path::{Path, PathBuf};
use strata_tests::webdriver::{Driver, Session, Xvfb, free_port};
use strata_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Db, TestServer, data, dbs, json, strata_binary};

fn desktop_binary() -> PathBuf {
    let bin = strata_binary().with_file_name("strata-desktop");
    assert!(
        bin.exists(),
        "{} is missing: `cargo build -p strata-desktop` (scripts/test does)",
        bin.display()
    );
    bin
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/desktop");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// Signs in on the studio's login page, and names the project if the studio asks (first run).
async fn sign_in(window: &Session, email: &str, password: &str) {
    window
        .wait_for("the studio", "return location.pathname.startsWith('/admin') && document.querySelector('input[name=email]')", json!([]))
        .await;
    window.fill("input[name=email]", email).await;
    window.fill("input[name=password]", password).await;
    window.click_text("Sign in").await;
    let next = window
        .wait_for(
            "the studio after signing in",
            "return document.querySelector('input[name=project_name]') ? 'first-run' : (document.querySelector('nav.modules') ? 'shell' : null)",
            json!([]),
        )
        .await;
    if next == "first-run" {
        window.click_text("Get started").await;
        window
            .wait_for(
                "the studio's shell",
                "return document.querySelector('nav.modules')",
                json!([]),
            )
            .await;
    }
}

#[tokio::test]
async fn the_desktop_window_runs_the_studio_and_serves_the_local_api() {
    let binary = desktop_binary();
    let x = Xvfb::start().await;
    let data_dir = tempfile::tempdir().expect("tmp");
    let data_path = data_dir.path().to_string_lossy().to_string();
    let driver = Driver::start(&x.display, &[("STRATA_DESKTOP_DATA", &data_path)]).await;
    let window = driver.session(&binary).await;

    // First run: the project dialog, with the local API switched on.
    window
        .wait_for(
            "the first-run dialog",
            "return document.querySelector('#view-new:not([hidden]) input[name=email]')",
            json!([]),
        )
        .await;
    let api_port = free_port();
    window
        .fill("#new-form input[name=project_name]", "Desk Notes")
        .await;
    window
        .fill("#new-form input[name=email]", "editor@example.com")
        .await;
    window
        .fill("#new-form input[name=password]", "Desk-Pass-12")
        .await;
    window.check("#new-form input[name=serve_api]").await;
    window
        .fill("#new-form input[name=api_port]", &api_port.to_string())
        .await;
    std::fs::write(artifacts().join("first-run.png"), window.screenshot().await)
        .expect("screenshot");
    window.click_text("Create Project").await;
    sign_in(&window, "editor@example.com", "Desk-Pass-12").await;
    assert!(
        data_dir.path().join("default/strata.db").exists(),
        "the local project is a SQLite file in the app's data folder"
    );

    // The local API answers on the chosen port, with CORS for a dev server's origin.
    let api = format!("http://127.0.0.1:{api_port}");
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"email": "editor@example.com", "password": "Desk-Pass-12"}))
        .send()
        .await
        .expect("login through the local API")
        .json()
        .await
        .expect("JSON");
    let token = login["data"]["access_token"]
        .as_str()
        .expect("access token")
        .to_string();
    let preflight = http
        .request(reqwest::Method::OPTIONS, format!("{api}/items/notes"))
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .expect("preflight");
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let created = http
        .post(format!("{api}/collections"))
        .bearer_auth(&token)
        .json(&json!({"collection": "notes", "schema": {}, "fields": [
            {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {"hidden": true}},
            {"field": "title", "type": "string", "meta": {"interface": "input"}}
        ]}))
        .send()
        .await
        .expect("create collection");
    assert_eq!(
        created.status(),
        200,
        "{}",
        created.text().await.unwrap_or_default()
    );

    // An item made in the window...
    let studio = window.current_url().await;
    let origin = studio
        .split("/admin")
        .next()
        .unwrap_or_default()
        .to_string();
    window
        .navigate(&format!("{origin}/admin/content/notes/+"))
        .await;
    window
        .fill("input[name=title]", "Written in the desktop window")
        .await;
    window.click_text("Save").await;
    window
        .wait_for("the saved notice", "return [...document.querySelectorAll('.notice')].some(n => n.innerText.includes('Item created'))", json!([]))
        .await;
    std::fs::write(artifacts().join("window.png"), window.screenshot().await).expect("screenshot");

    // ...is read through the local API with an HTTP client.
    let items: serde_json::Value = http
        .get(format!("{api}/items/notes?fields=title"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("read items")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        items["data"],
        json!([{"title": "Written in the desktop window"}])
    );

    // The desktop's Local API view (File → Local API…) shows the URL and a token that works.
    window.navigate("tauri://localhost/index.html#api").await;
    let shown = window
        .wait_for(
            "the local API's URL and token",
            "const t = document.getElementById('api-token'); return !document.getElementById('api-info').hidden && t.textContent ? [document.getElementById('api-url').textContent, t.textContent] : null",
            json!([]),
        )
        .await;
    assert_eq!(shown[0], format!("http://localhost:{api_port}").as_str());
    let me = http
        .get(format!("{api}/users/me?fields=email"))
        .bearer_auth(shown[1].as_str().unwrap_or_default())
        .send()
        .await
        .expect("users/me with the shown token");
    assert_eq!(
        me.json::<serde_json::Value>().await.expect("JSON")["data"]["email"],
        "editor@example.com"
    );
    std::fs::write(artifacts().join("local-api.png"), window.screenshot().await)
        .expect("screenshot");
    window.close().await;

    // A project by PostgreSQL URL shows that database's collections.
    if !dbs().contains(&Db::Postgres) {
        return;
    }
    let server = TestServer::start(Db::Postgres).await;
    let admin = server.admin_login().await;
    let body = json!({"collection": "pg_catalogue", "schema": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}}
    ]});
    data(&server.post("/collections", &body, Some(&admin)).await, 200);
    let second_dir = tempfile::tempdir().expect("tmp");
    let second_path = second_dir.path().to_string_lossy().to_string();
    let driver = Driver::start(&x.display, &[("STRATA_DESKTOP_DATA", &second_path)]).await;
    let window = driver.session(&binary).await;
    window.click_text("Open a project instead").await;
    window
        .fill("#open-form input[name=location]", &server.db.url())
        .await;
    window.click_text("Open").await;
    sign_in(&window, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    window
        .navigate(&format!(
            "{}/admin/content",
            window
                .current_url()
                .await
                .split("/admin")
                .next()
                .unwrap_or_default()
        ))
        .await;
    window
        .wait_for(
            "the PostgreSQL database's collection in the navigation",
            "return [...document.querySelectorAll('nav.navigation a')].some(a => a.innerText.trim() === 'Pg Catalogue')",
            json!([]),
        )
        .await;
    std::fs::write(
        artifacts().join("window-postgres.png"),
        window.screenshot().await,
    )
    .expect("screenshot");
    window.close().await;
}

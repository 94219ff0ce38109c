//! Server basics: ping, info, health, root redirect, unknown routes, common headers.

use reqwest::Method;
use strata_tests::*;

#[tokio::test]
async fn ping_returns_pong_with_powered_by_header() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/server/ping", None).await;
        assert_status(&r, 200);
        assert_eq!(r.body, "pong", "{}", r.describe());
        assert_eq!(
            r.header("x-powered-by").as_deref(),
            Some("Directus"),
            "X-Powered-By: {}",
            r.describe()
        );
        // The SDK sends Content-Type: application/json with an empty body on GET.
        let r = s
            .send(
                s.request(Method::GET, "/server/ping")
                    .header("content-type", "application/json"),
            )
            .await;
        assert_status(&r, 200);
        assert_eq!(r.body, "pong");
    })
    .await;
}

#[tokio::test]
async fn root_redirects_to_admin() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/", None).await;
        assert!(
            matches!(r.status, 301 | 302 | 303 | 307 | 308),
            "GET / is not a redirect: {}",
            r.describe()
        );
        assert_eq!(
            r.header("location").as_deref(),
            Some("./admin"),
            "{}",
            r.describe()
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_routes_are_route_not_found() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/this-route/does-not-exist", None).await;
        let e = assert_error_message(
            &r,
            404,
            "ROUTE_NOT_FOUND",
            "Route /this-route/does-not-exist doesn't exist.",
        );
        assert_eq!(
            e["extensions"]["path"],
            "/this-route/does-not-exist",
            "{}",
            r.describe()
        );
        let r = s.post("/nope", &json!({}), None).await;
        assert_error_message(&r, 404, "ROUTE_NOT_FOUND", "Route /nope doesn't exist.");
        // Same answer for an authenticated caller.
        let token = s.admin_login().await;
        let r = s.get("/no/such/thing", Some(&token)).await;
        assert_error_message(
            &r,
            404,
            "ROUTE_NOT_FOUND",
            "Route /no/such/thing doesn't exist.",
        );
    })
    .await;
}

#[tokio::test]
async fn server_info_public_and_authenticated() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/server/info", None).await;
        let d = data(&r, 200);
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .starts_with("application/json"),
            "content-type: {}",
            r.describe()
        );
        let project = d["project"]
            .as_object()
            .unwrap_or_else(|| panic!("no data.project: {}", r.describe()));
        for key in [
            "project_name",
            "project_descriptor",
            "project_logo",
            "project_color",
            "default_language",
            "public_registration",
        ] {
            assert!(
                project.contains_key(key),
                "data.project.{key} missing: {}",
                r.describe()
            );
        }
        assert!(
            d.get("version").is_none(),
            "anonymous /server/info must not expose version: {}",
            r.describe()
        );
        assert_eq!(
            r.header("cache-control").as_deref(),
            Some("no-cache"),
            "{:?}",
            r.headers
        );
        assert_eq!(
            r.header("vary").as_deref(),
            Some("Origin, Cache-Control"),
            "{:?}",
            r.headers
        );
        assert_eq!(
            r.header("x-powered-by").as_deref(),
            Some("Directus"),
            "{:?}",
            r.headers
        );

        let token = s.admin_login().await;
        let r = s.get("/server/info", Some(&token)).await;
        let d = data(&r, 200);
        assert!(d["project"].is_object(), "{}", r.describe());
        assert!(
            d["version"].is_string(),
            "authenticated /server/info has no version: {}",
            r.describe()
        );
        assert!(
            d["queryLimit"].is_object(),
            "authenticated /server/info has no queryLimit: {}",
            r.describe()
        );
    })
    .await;
}

#[tokio::test]
async fn health_requires_authentication() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/server/health", None).await;
        assert_error(&r, 403, "FORBIDDEN");

        let token = s.admin_login().await;
        let r = s.get("/server/health", Some(&token)).await;
        assert_status(&r, 200);
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .starts_with("application/health+json"),
            "health content-type: {}",
            r.describe()
        );
        let body = r.json();
        assert_eq!(body["status"], "ok", "{}", r.describe());
        assert!(
            body.get("data").is_none(),
            "health must not be wrapped in data: {}",
            r.describe()
        );
    })
    .await;
}

#[tokio::test]
async fn auth_providers_list() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/auth", None).await;
        let d = data(&r, 200);
        assert!(
            d.is_array(),
            "GET /auth data is not an array: {}",
            r.describe()
        );
        assert_eq!(r.json()["disableDefault"], false, "{}", r.describe());
    })
    .await;
}

//! Request-level errors: malformed or oversized bodies, conflicting token sources, missing auth.

use reqwest::Method;
use strata_tests::*;

#[tokio::test]
async fn malformed_json_is_invalid_payload() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let rb = s
            .request(Method::POST, "/auth/login")
            .header("content-type", "application/json")
            .body(r#"{"email": "admin@example.com", "password": "#);
        let r = s.send(rb).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        let token = s.admin_login().await;
        let rb = s
            .request(Method::PATCH, "/users/me")
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{not json}");
        assert_error(&s.send(rb).await, 400, "INVALID_PAYLOAD");
    })
    .await;
}

#[tokio::test]
async fn oversized_body_is_invalid_payload() {
    for_each_db(|db| async move {
        let s = TestServer::start_env(db, [("MAX_PAYLOAD_SIZE", "1kb")]).await;
        let big = "x".repeat(4096);
        let r = s
            .post(
                "/auth/login",
                &json!({ "email": ADMIN_EMAIL, "password": big }),
                None,
            )
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        // A body under the limit is still accepted.
        let r = s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        data(&r, 200);
        let token = s.admin_login().await;
        let r = s
            .patch(
                "/users/me",
                &json!({ "description": "y".repeat(3000) }),
                Some(&token),
            )
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
    })
    .await;
}

#[tokio::test]
async fn access_token_in_query_and_header_is_invalid_payload() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let r = s
            .get(&format!("/users/me?access_token={token}"), Some(&token))
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
    })
    .await;
}

#[tokio::test]
async fn users_me_without_token_is_invalid_credentials() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.get("/users/me", None).await;
        assert_error_message(&r, 401, "INVALID_CREDENTIALS", "Invalid user credentials.");
    })
    .await;
}

#[tokio::test]
async fn login_payload_validation() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        // Invalid email format.
        let r = s.login("not-an-email", ADMIN_PASSWORD).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        // Missing password.
        let r = s
            .post("/auth/login", &json!({ "email": ADMIN_EMAIL }), None)
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        // Missing email.
        let r = s
            .post("/auth/login", &json!({ "password": ADMIN_PASSWORD }), None)
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
    })
    .await;
}

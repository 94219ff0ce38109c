//! Security behaviour beyond the happy path: no account-state disclosure without the password,
//! tokens of users who lost access, password policy, session revocation, refresh token sources.

use serde_json::json;
use strata_tests::*;

#[tokio::test]
async fn suspension_is_only_revealed_with_the_right_password() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        s.db.execute(&format!(
            "UPDATE directus_users SET status = 'suspended' WHERE email = '{ADMIN_EMAIL}'"
        ))
        .await;
        assert_error_message(
            &s.login(ADMIN_EMAIL, "wrong-password").await,
            401,
            "INVALID_CREDENTIALS",
            "Invalid user credentials.",
        );
        assert_error(
            &s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await,
            401,
            "USER_SUSPENDED",
        );
    })
    .await;
}

#[tokio::test]
async fn access_tokens_die_with_the_users_access() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        assert_status(&s.get("/users/me", Some(&token)).await, 200);
        s.db.execute(&format!(
            "UPDATE directus_users SET status = 'archived' WHERE email = '{ADMIN_EMAIL}'"
        ))
        .await;
        // A change made behind Strata's back is seen once cached accountabilities expire
        // (STRATA_ACCOUNTABILITY_CACHE_TTL, 1 s by default).
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_error(
            &s.get("/users/me", Some(&token)).await,
            401,
            "INVALID_CREDENTIALS",
        );
    })
    .await;
}

#[tokio::test]
async fn password_policy_applies_to_password_changes() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        s.db.execute("UPDATE directus_settings SET auth_password_policy = '/^.{12,}$/'")
            .await;
        let token = s.admin_login().await;
        let r = s
            .patch("/users/me", &json!({ "password": "short" }), Some(&token))
            .await;
        assert_error(&r, 400, "FAILED_VALIDATION");
        let r = s
            .patch("/users/me", &json!({ "password": "" }), Some(&token))
            .await;
        assert_error(&r, 400, "FAILED_VALIDATION");
        assert_status(
            &s.patch(
                "/users/me",
                &json!({ "password": "long-enough-password" }),
                Some(&token),
            )
            .await,
            200,
        );
        s.login_ok(ADMIN_EMAIL, "long-enough-password").await;
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let other = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let mine = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let token = mine["access_token"].as_str().unwrap_or_default();
        assert_status(
            &s.patch(
                "/users/me",
                &json!({ "password": "a-brand-new-password" }),
                Some(token),
            )
            .await,
            200,
        );
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": other["refresh_token"] }),
                None,
            )
            .await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
    })
    .await;
}

#[tokio::test]
async fn refresh_reads_the_token_from_the_place_its_mode_names() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let json_tokens = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        // Cookie mode ignores a refresh token in the body: with no refresh cookie it has none.
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "mode": "cookie", "refresh_token": json_tokens["refresh_token"] }),
                None,
            )
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        // An empty token is no token.
        let r = s
            .post("/auth/refresh", &json!({ "refresh_token": "" }), None)
            .await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        // An empty ?access_token= is ignored, not looked up as a static token.
        let token = json_tokens["access_token"].as_str().unwrap_or_default();
        let r = s
            .send(
                s.request(reqwest::Method::GET, "/users/me?access_token=")
                    .bearer_auth(token),
            )
            .await;
        assert_status(&r, 200);
    })
    .await;
}

#[tokio::test]
async fn profile_updates_bind_json_and_uuid_columns_as_their_types() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let body = json!({ "tags": ["a", "b"], "theme_light_overrides": { "primary": "#123456" } });
        let me = data(&s.patch("/users/me", &body, Some(&token)).await, 200);
        assert_eq!(me["tags"], json!(["a", "b"]));
        assert_eq!(me["theme_light_overrides"], json!({ "primary": "#123456" }));
        let me = data(
            &s.patch(
                "/users/me",
                &json!({ "tags": null, "avatar": null }),
                Some(&token),
            )
            .await,
            200,
        );
        assert_eq!(me["tags"], json!(null));
        let r = s
            .patch(
                "/users/me",
                &json!({ "avatar": "not-a-uuid" }),
                Some(&token),
            )
            .await;
        assert_error(&r, 400, "FAILED_VALIDATION");
    })
    .await;
}

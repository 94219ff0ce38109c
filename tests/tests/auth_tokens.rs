//! Refresh rotation, logout, expired/tampered JWTs and static tokens.

use std::time::Duration;

use reqwest::Method;
use strata_tests::*;

#[tokio::test]
async fn refresh_json_mode_rotates_the_token() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let first = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let old = first["refresh_token"]
            .as_str()
            .expect("refresh_token")
            .to_string();

        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": old, "mode": "json" }),
                None,
            )
            .await;
        let d = data(&r, 200);
        let new = d["refresh_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no new refresh_token: {}", r.describe()))
            .to_string();
        assert_ne!(new, old, "refresh must rotate the token");
        assert_eq!(d["expires"], 900000, "{}", r.describe());
        let access = d["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access_token: {}", r.describe()));
        assert_eq!(s.me(access).await["email"], ADMIN_EMAIL);

        // The old token is spent.
        let r = s
            .post("/auth/refresh", &json!({ "refresh_token": old }), None)
            .await;
        assert_error_message(&r, 401, "INVALID_CREDENTIALS", "Invalid user credentials.");
        // The new one works (mode defaults to json when the token is in the body).
        let r = s
            .post("/auth/refresh", &json!({ "refresh_token": new }), None)
            .await;
        let d = data(&r, 200);
        assert!(
            d["refresh_token"].is_string() && d["access_token"].is_string(),
            "{}",
            r.describe()
        );
    })
    .await;
}

#[tokio::test]
async fn refresh_cookie_mode() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "mode": "cookie"}),
                None,
            )
            .await;
        data(&r, 200);
        let c = r
            .cookie("directus_refresh_token")
            .unwrap_or_else(|| panic!("no refresh cookie: {}", r.describe()));

        let rb = s
            .request(Method::POST, "/auth/refresh")
            .header("cookie", c.pair())
            .json(&json!({ "mode": "cookie" }));
        let r = s.send(rb).await;
        let d = data(&r, 200);
        assert!(d["access_token"].is_string(), "{}", r.describe());
        assert!(
            d.get("refresh_token").is_none(),
            "cookie mode must not return refresh_token: {}",
            r.describe()
        );
        let c2 = r
            .cookie("directus_refresh_token")
            .unwrap_or_else(|| panic!("refresh did not set a new cookie: {}", r.describe()));
        assert_ne!(c2.value, c.value, "refresh must rotate the cookie token");
        assert!(c2.has("httponly"), "{}", c2.raw);

        // Without a body the mode defaults to cookie.
        let r = s
            .send(
                s.request(Method::POST, "/auth/refresh")
                    .header("cookie", c2.pair()),
            )
            .await;
        let d = data(&r, 200);
        assert!(
            d["access_token"].is_string() && d.get("refresh_token").is_none(),
            "{}",
            r.describe()
        );
        assert!(
            r.cookie("directus_refresh_token").is_some(),
            "{}",
            r.describe()
        );

        // The first cookie is spent.
        let rb = s
            .request(Method::POST, "/auth/refresh")
            .header("cookie", c.pair())
            .json(&json!({ "mode": "cookie" }));
        assert_error(&s.send(rb).await, 401, "INVALID_CREDENTIALS");
    })
    .await;
}

#[tokio::test]
async fn refresh_without_token_is_invalid_payload() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        assert_error(
            &s.post("/auth/refresh", &json!({}), None).await,
            400,
            "INVALID_PAYLOAD",
        );
        assert_error(
            &s.post("/auth/refresh", &json!({ "mode": "json" }), None)
                .await,
            400,
            "INVALID_PAYLOAD",
        );
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": "not-a-real-token", "mode": "json" }),
                None,
            )
            .await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
    })
    .await;
}

#[tokio::test]
async fn logout_invalidates_the_refresh_token() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let d = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let refresh = d["refresh_token"]
            .as_str()
            .expect("refresh_token")
            .to_string();
        let sessions = format!("SELECT COUNT(*) FROM directus_sessions WHERE token = '{refresh}'");
        assert_eq!(
            s.db.scalar_i64(&sessions).await,
            1,
            "no directus_sessions row after login"
        );
        let r = s
            .post("/auth/logout", &json!({ "refresh_token": refresh }), None)
            .await;
        assert_status(&r, 204);
        assert!(r.body.is_empty(), "204 with a body: {}", r.describe());
        assert_eq!(
            s.db.scalar_i64(&sessions).await,
            0,
            "directus_sessions row kept after logout"
        );
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": refresh, "mode": "json" }),
                None,
            )
            .await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
        // Other sessions of the same user are unaffected.
        let other = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": other["refresh_token"] }),
                None,
            )
            .await;
        assert!(
            data(&r, 200)["access_token"].is_string(),
            "{}",
            r.describe()
        );
    })
    .await;
}

#[tokio::test]
async fn logout_invalidates_session_jwt_immediately() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "mode": "session"}),
                None,
            )
            .await;
        data(&r, 200);
        let c = r
            .cookie("directus_session_token")
            .unwrap_or_else(|| panic!("no session cookie: {}", r.describe()));
        let jwt = c.value.clone();
        assert_eq!(s.me(&jwt).await["email"], ADMIN_EMAIL);

        let rb = s
            .request(Method::POST, "/auth/logout")
            .header("cookie", c.pair())
            .json(&json!({ "mode": "session" }));
        let r = s.send(rb).await;
        assert_status(&r, 204);

        // The JWT itself has not expired, but its session is gone.
        let r = s.get("/users/me", Some(&jwt)).await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
        let r = s
            .send(
                s.request(Method::GET, "/users/me")
                    .header("cookie", c.pair()),
            )
            .await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
    })
    .await;
}

#[tokio::test]
async fn expired_access_token_is_token_expired() {
    for_each_db(|db| async move {
        let s = TestServer::start_env(db, [("ACCESS_TOKEN_TTL", "1s")]).await;
        let d = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(d["expires"], 1000, "expires for ACCESS_TOKEN_TTL=1s");
        let token = d["access_token"].as_str().expect("token").to_string();
        tokio::time::sleep(Duration::from_millis(2200)).await;
        let r = s.get("/users/me", Some(&token)).await;
        assert_error_message(&r, 401, "TOKEN_EXPIRED", "Token expired.");
        // The refresh token still yields a fresh, working access token.
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": d["refresh_token"] }),
                None,
            )
            .await;
        let fresh = data(&r, 200)["access_token"]
            .as_str()
            .expect("access_token")
            .to_string();
        assert_eq!(s.me(&fresh).await["email"], ADMIN_EMAIL);
    })
    .await;
}

#[tokio::test]
async fn forged_and_tampered_tokens() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let me = s.me(&token).await;
        let now = chrono::Utc::now().timestamp();

        // Flipped signature character.
        let r = s.get("/users/me", Some(&tamper_signature(&token))).await;
        assert_error_message(&r, 403, "INVALID_TOKEN", "Invalid token.");

        // Valid shape, signed with another secret.
        let claims = json!({"id": me["id"], "role": me["role"], "app_access": true, "admin_access": true,
                            "iat": now, "exp": now + 600, "iss": "directus"});
        let r = s.get("/users/me", Some(&sign_jwt(&claims, "some-other-secret"))).await;
        assert_error(&r, 403, "INVALID_TOKEN");

        // Correct secret but missing role/app_access/admin_access claims.
        let claims = json!({"id": me["id"], "iat": now, "exp": now + 600, "iss": "directus"});
        let r = s.get("/users/me", Some(&sign_jwt(&claims, &s.secret))).await;
        assert_error(&r, 403, "INVALID_TOKEN");

        // Correct secret, already expired.
        let claims = json!({"id": me["id"], "role": me["role"], "app_access": true, "admin_access": true,
                            "iat": now - 600, "exp": now - 300, "iss": "directus"});
        let r = s.get("/users/me", Some(&sign_jwt(&claims, &s.secret))).await;
        assert_error(&r, 401, "TOKEN_EXPIRED");

        // Correct secret and claims: accepted (sanity check of the signing above).
        let claims = json!({"id": me["id"], "role": me["role"], "app_access": true, "admin_access": true,
                            "iat": now, "exp": now + 600, "iss": "directus"});
        let r = s.get("/users/me", Some(&sign_jwt(&claims, &s.secret))).await;
        assert_eq!(data(&r, 200)["id"], me["id"], "{}", r.describe());
    })
    .await;
}

#[tokio::test]
async fn static_token_from_bootstrap() {
    for_each_db(|db| async move {
        let static_token = "static-admin-token-for-tests";
        let s = TestServer::start_env(db, [("ADMIN_TOKEN", static_token)]).await;
        let me = s.me(static_token).await;
        assert_eq!(me["email"], ADMIN_EMAIL);
        let r = s
            .get(&format!("/users/me?access_token={static_token}"), None)
            .await;
        assert_eq!(data(&r, 200)["id"], me["id"], "{}", r.describe());
        // Scheme is case-insensitive.
        let r = s
            .send(
                s.request(Method::GET, "/users/me")
                    .header("authorization", format!("bearer {static_token}")),
            )
            .await;
        assert_eq!(data(&r, 200)["id"], me["id"], "{}", r.describe());

        let r = s.get("/users/me", Some("unknown-static-token")).await;
        assert_error_message(&r, 401, "INVALID_CREDENTIALS", "Invalid user credentials.");
        let r = s
            .get("/users/me?access_token=unknown-static-token", None)
            .await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
    })
    .await;
}

#[tokio::test]
async fn static_token_set_through_users_me() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let static_token = "token-set-by-patch-0123456789";
        assert_error(
            &s.get("/users/me", Some(static_token)).await,
            401,
            "INVALID_CREDENTIALS",
        );
        let r = s
            .patch("/users/me", &json!({ "token": static_token }), Some(&token))
            .await;
        assert_status(&r, 200);
        assert_ne!(
            r.json()["data"]["token"],
            static_token,
            "token returned in clear: {}",
            r.describe()
        );
        let me = s.me(static_token).await;
        assert_eq!(me["email"], ADMIN_EMAIL);
        let r = s
            .get(&format!("/users/me?access_token={static_token}"), None)
            .await;
        assert_eq!(data(&r, 200)["email"], ADMIN_EMAIL);
    })
    .await;
}

#[tokio::test]
async fn refresh_session_mode_rotates_the_session_cookie() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "mode": "session"}),
                None,
            )
            .await;
        data(&r, 200);
        let c = r
            .cookie("directus_session_token")
            .unwrap_or_else(|| panic!("no session cookie: {}", r.describe()));

        let rb = s
            .request(Method::POST, "/auth/refresh")
            .header("cookie", c.pair())
            .json(&json!({ "mode": "session" }));
        let r = s.send(rb).await;
        let d = data(&r, 200);
        assert_eq!(
            d.as_object().map(|o| o.len()),
            Some(1),
            "session refresh body must only have expires: {}",
            r.describe()
        );
        assert_eq!(d["expires"], 86400000, "{}", r.describe());
        let c2 = r
            .cookie("directus_session_token")
            .unwrap_or_else(|| panic!("no new session cookie: {}", r.describe()));
        assert!(c2.has("httponly"), "{}", c2.raw);
        let (old_session, new_session) = (
            jwt_claims(&c.value)["session"].clone(),
            jwt_claims(&c2.value)["session"].clone(),
        );
        assert!(
            new_session.is_string(),
            "new session JWT has no session claim"
        );
        assert_ne!(
            old_session, new_session,
            "session refresh must rotate the session token"
        );
        let r = s
            .send(
                s.request(Method::GET, "/users/me")
                    .header("cookie", c2.pair()),
            )
            .await;
        assert_eq!(data(&r, 200)["email"], ADMIN_EMAIL, "{}", r.describe());
    })
    .await;
}

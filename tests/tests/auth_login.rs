//! POST /auth/login in json, cookie and session modes; JWT claims; credential failures; stall.

use std::time::{Duration, Instant};

use reqwest::Method;
use strata_tests::*;

/// Checks the access-token claims against the admin user read from /users/me.
fn check_admin_claims(token: &str, me: &Value, ttl_secs: i64, session: bool) {
    let c = jwt_claims(token);
    assert_eq!(c["id"], me["id"], "claim id vs /users/me id; claims {c}");
    assert!(
        me["role"].is_string(),
        "admin has no role in /users/me: {me}"
    );
    assert_eq!(c["role"], me["role"], "claim role; claims {c}");
    assert_eq!(c["admin_access"], true, "claims {c}");
    assert_eq!(c["app_access"], true, "claims {c}");
    assert_eq!(c["iss"], "directus", "claims {c}");
    let (iat, exp) = (c["iat"].as_i64(), c["exp"].as_i64());
    let (Some(iat), Some(exp)) = (iat, exp) else {
        panic!("iat/exp missing or not integers: {c}")
    };
    assert_eq!(exp - iat, ttl_secs, "exp - iat; claims {c}");
    let now = chrono::Utc::now().timestamp();
    assert!((iat - now).abs() < 120, "iat {iat} far from now {now}");
    if session {
        assert!(
            c["session"].as_str().is_some_and(|s| !s.is_empty()),
            "session claim missing: {c}"
        );
    } else {
        assert!(
            c.get("session").is_none(),
            "session claim outside session mode: {c}"
        );
    }
}

#[tokio::test]
async fn login_json_mode() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        // Default mode is json.
        let r = s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let d = data(&r, 200);
        let token = d["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access_token: {}", r.describe()));
        let refresh = d["refresh_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no refresh_token: {}", r.describe()));
        assert!(refresh.len() >= 32, "refresh token too short: {refresh:?}");
        assert_eq!(
            d["expires"],
            900000,
            "expires must be the TTL in ms: {}",
            r.describe()
        );
        assert!(
            r.cookie("directus_refresh_token").is_none(),
            "json mode must not set a cookie: {}",
            r.describe()
        );
        let me = s.me(token).await;
        assert_eq!(me["email"], ADMIN_EMAIL);
        check_admin_claims(token, &me, 900, false);

        // Explicit mode: json gives the same shape.
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "mode": "json"}),
                None,
            )
            .await;
        let d = data(&r, 200);
        assert!(
            d["access_token"].is_string() && d["refresh_token"].is_string(),
            "{}",
            r.describe()
        );
        assert_ne!(
            d["refresh_token"].as_str(),
            Some(refresh),
            "each login must create a new session"
        );
    })
    .await;
}

#[tokio::test]
async fn login_cookie_mode() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "mode": "cookie"}),
                None,
            )
            .await;
        let d = data(&r, 200);
        assert!(d["access_token"].is_string(), "{}", r.describe());
        assert_eq!(d["expires"], 900000, "{}", r.describe());
        assert!(
            d.get("refresh_token").is_none(),
            "cookie mode must not return refresh_token in the body: {}",
            r.describe()
        );
        let c = r
            .cookie("directus_refresh_token")
            .unwrap_or_else(|| panic!("no directus_refresh_token cookie: {}", r.describe()));
        assert!(c.value.len() >= 32, "refresh cookie value: {}", c.raw);
        assert!(c.has("httponly"), "refresh cookie not HttpOnly: {}", c.raw);
        assert_eq!(
            c.attr("path").as_deref(),
            Some("/"),
            "cookie path: {}",
            c.raw
        );
        assert_eq!(
            c.attr("max-age").as_deref(),
            Some("604800"),
            "cookie Max-Age (7d): {}",
            c.raw
        );
        assert_eq!(
            c.attr("samesite")
                .map(|v| v.to_ascii_lowercase())
                .as_deref(),
            Some("lax"),
            "SameSite: {}",
            c.raw
        );
        let me = s.me(d["access_token"].as_str().unwrap_or_default()).await;
        check_admin_claims(
            d["access_token"].as_str().unwrap_or_default(),
            &me,
            900,
            false,
        );
    })
    .await;
}

#[tokio::test]
async fn login_session_mode() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "mode": "session"}),
                None,
            )
            .await;
        let d = data(&r, 200);
        let keys: Vec<&String> = d
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            vec!["expires"],
            "session mode body must only have expires: {}",
            r.describe()
        );
        assert_eq!(
            d["expires"],
            86400000,
            "session expires = SESSION_COOKIE_TTL (1d) in ms: {}",
            r.describe()
        );
        let c = r
            .cookie("directus_session_token")
            .unwrap_or_else(|| panic!("no directus_session_token cookie: {}", r.describe()));
        assert!(c.has("httponly"), "session cookie not HttpOnly: {}", c.raw);
        assert_eq!(c.attr("path").as_deref(), Some("/"), "{}", c.raw);
        assert_eq!(
            c.attr("max-age").as_deref(),
            Some("86400"),
            "session cookie Max-Age (1d): {}",
            c.raw
        );
        assert!(
            r.cookie("directus_refresh_token").is_none(),
            "session mode sets no refresh cookie: {}",
            r.describe()
        );

        // The cookie alone authenticates.
        let r = s
            .send(
                s.request(Method::GET, "/users/me")
                    .header("cookie", c.pair()),
            )
            .await;
        let me = data(&r, 200);
        assert_eq!(me["email"], ADMIN_EMAIL, "{}", r.describe());
        // The cookie value is the access JWT with a session claim.
        check_admin_claims(&c.value, &me, 86400, true);
        // ... and also works as a bearer token.
        assert_eq!(s.me(&c.value).await["id"], me["id"]);
    })
    .await;
}

#[tokio::test]
async fn login_accepts_otp_field_for_user_without_tfa() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s
            .post(
                "/auth/login",
                &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "otp": "123456"}),
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
async fn wrong_credentials_are_invalid_credentials() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let r = s.login(ADMIN_EMAIL, "wrong-password").await;
        assert_error_message(&r, 401, "INVALID_CREDENTIALS", "Invalid user credentials.");
        let r = s.login("nobody@example.com", ADMIN_PASSWORD).await;
        assert_error_message(&r, 401, "INVALID_CREDENTIALS", "Invalid user credentials.");
        // Email matching is not a prefix/substring match.
        let r = s.login("admin@example.co", ADMIN_PASSWORD).await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");
        // Failed attempts do not break a correct login afterwards.
        data(&s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await, 200);
    })
    .await;
}

#[tokio::test]
async fn failed_login_is_stalled() {
    for_each_db(|db| async move {
        let s = TestServer::start_env(db, [("LOGIN_STALL_TIME", "1500")]).await;
        let t = Instant::now();
        let r = s.login(ADMIN_EMAIL, "wrong-password").await;
        let took = t.elapsed();
        assert_error(&r, 401, "INVALID_CREDENTIALS");
        assert!(
            took >= Duration::from_millis(1300),
            "wrong password answered after {took:?}, LOGIN_STALL_TIME=1500"
        );
        let t = Instant::now();
        let r = s.login("nobody@example.com", "whatever").await;
        let took = t.elapsed();
        assert_error(&r, 401, "INVALID_CREDENTIALS");
        assert!(
            took >= Duration::from_millis(1300),
            "unknown email answered after {took:?}, LOGIN_STALL_TIME=1500"
        );
    })
    .await;
}

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

/// node-argon2's test vector: "password", salt "saltsaltsaltsalt", associated data
/// "adadadadadadadad" (the Directus black-box seed stores hashes with a `data=` parameter).
pub const ARGON2_WITH_AD: &str = "$argon2id$v=19$m=65536,t=3,p=4,data=YWRhZGFkYWRhZGFkYWRhZA$c2FsdHNhbHRzYWx0c2FsdA$TEIIM4GBSUxvMLolL9ePXYP5G/qcr0vywQqqm/ILvsM";

#[tokio::test]
async fn login_accepts_argon2_hash_with_associated_data() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let n = s
            .db
            .execute(&format!("UPDATE directus_users SET password = '{ARGON2_WITH_AD}' WHERE email = '{ADMIN_EMAIL}'"))
            .await;
        assert_eq!(n, 1);
        let d = s.login_ok(ADMIN_EMAIL, "password").await;
        assert_eq!(s.me(d["access_token"].as_str().unwrap_or_default()).await["email"], ADMIN_EMAIL);
        assert_error(&s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await, 401, "INVALID_CREDENTIALS");
    })
    .await;
}

#[tokio::test]
async fn suspended_user_is_user_suspended() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        // A session opened before the suspension.
        let before = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        s.db.execute(&format!(
            "UPDATE directus_users SET status = 'suspended' WHERE email = '{ADMIN_EMAIL}'"
        ))
        .await;
        let r = s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_error_message(&r, 401, "USER_SUSPENDED", "User suspended.");
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": before["refresh_token"] }),
                None,
            )
            .await;
        assert_error(&r, 401, "USER_SUSPENDED");
    })
    .await;
}

#[tokio::test]
async fn only_active_users_are_authenticated() {
    for_each_db(|db| async move {
        let s = TestServer::start_env(db, [("ADMIN_TOKEN", "static-token-of-admin")]).await;
        let before = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        s.db.execute(&format!(
            "UPDATE directus_users SET status = 'draft' WHERE email = '{ADMIN_EMAIL}'"
        ))
        .await;
        assert_error_message(
            &s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await,
            401,
            "INVALID_CREDENTIALS",
            "Invalid user credentials.",
        );
        // Static tokens only resolve for active users.
        assert_error(
            &s.get("/users/me", Some("static-token-of-admin")).await,
            401,
            "INVALID_CREDENTIALS",
        );
        let r = s
            .post(
                "/auth/refresh",
                &json!({ "refresh_token": before["refresh_token"] }),
                None,
            )
            .await;
        assert_error(&r, 401, "INVALID_CREDENTIALS");

        s.db.execute(&format!(
            "UPDATE directus_users SET status = 'active' WHERE email = '{ADMIN_EMAIL}'"
        ))
        .await;
        s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(s.me("static-token-of-admin").await["email"], ADMIN_EMAIL);
    })
    .await;
}

#[tokio::test]
async fn login_records_session_and_last_access() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let d = s.login_ok(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let refresh = d["refresh_token"].as_str().expect("refresh_token").to_string();
        let me = s.me(d["access_token"].as_str().unwrap_or_default()).await;
        let user = me["id"].as_str().expect("id").to_string();
        let rows = s
            .db
            .scalar_i64(&format!("SELECT COUNT(*) FROM directus_sessions WHERE token = '{refresh}' AND {} = '{user}'", quote(db, "user")))
            .await;
        assert_eq!(rows, 1, "directus_sessions row for the refresh token");
        assert!(me["last_access"].is_string(), "last_access not set after login: {me}");
    })
    .await;
}

/// Quotes an identifier that is a reserved word (`user`) for the database.
fn quote(db: Db, ident: &str) -> String {
    match db {
        Db::Mysql => format!("`{ident}`"),
        _ => format!("\"{ident}\""),
    }
}

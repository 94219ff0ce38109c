//! Public registration (spec §4.4): off by default; when on, a new user gets the configured
//! role, and with verification a mail link activates the account; attempts are rate limited per
//! IP. Also `/policies/me/globals`.

use std::time::Duration;

use strata_tests::*;

#[tokio::test]
async fn registration_with_email_verification() {
    for_each_db(|db| async move {
        let mut sink = SmtpSink::start().await;
        let mut env = sink.env();
        env.push(("PUBLIC_URL".into(), "http://strata.test".into()));
        env.push(("REGISTER_STALL_TIME".into(), "10".into()));
        let s = TestServer::start_env(db, env).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let body = json!({"email": "reader@example.com", "password": "Reader-Pass-1", "first_name": "Rea"});
        assert_error(&s.post("/users/register", &body, None).await, 403, "FORBIDDEN");

        let role = data(&s.post("/roles", &json!({"name": "Readers"}), t).await, 200);
        let role_id = role["id"].as_str().expect("role id").to_string();
        s.db.execute(&format!(
            "UPDATE directus_settings SET public_registration = true, public_registration_verify_email = true, \
             public_registration_role = '{role_id}', public_registration_email_filter = '{{\"email\":{{\"_ends_with\":\"@example.com\"}}}}'"
        ))
        .await;
        let other = json!({"email": "x@elsewhere.org", "password": "Reader-Pass-1"});
        assert_error(&s.post("/users/register", &other, None).await, 403, "FORBIDDEN");
        assert_error(&s.post("/users/register", &json!({"email": "reader@example.com"}), None).await, 400, "INVALID_PAYLOAD");
        let r = s.post("/users/register", &body, None).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let mail = sink.wait_for_mail(Duration::from_secs(20)).await;
        assert_eq!(mail.subject, "Verify your email address");
        assert!(format!("{}{}", mail.text, mail.html).contains("http://strata.test/users/register/verify-email?token="), "{mail:#?}");
        // Not active until verified.
        assert_error(&s.login("reader@example.com", "Reader-Pass-1").await, 401, "INVALID_CREDENTIALS");
        // A known address gets the same answer and no account changes.
        assert_eq!(s.post("/users/register", &json!({"email": "admin@example.com", "password": "x-Other-9"}), None).await.status, 204);

        let r = s.get(&format!("/users/register/verify-email?token={}", mail.token()), None).await;
        assert_eq!(r.status, 302, "{}", r.describe());
        assert!(r.header("location").is_some_and(|l| l.starts_with("/admin/users/")), "{}", r.describe());
        let me = s.login_ok("reader@example.com", "Reader-Pass-1").await;
        let reader = s.me(me["access_token"].as_str().unwrap_or_default()).await;
        assert_eq!(reader["role"], role_id.as_str());
        assert_eq!(reader["first_name"], "Rea");
        // A used link is refused.
        let r = s.get(&format!("/users/register/verify-email?token={}", mail.token()), None).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");

        // Registration is limited per IP by default (5 per minute), whatever the outcome.
        let r = s.post("/users/register", &body, None).await;
        assert_error(&r, 429, "REQUESTS_EXCEEDED");
        assert!(r.header("retry-after").is_some(), "{}", r.describe());

        // The caller's global access flags.
        let g = data(&s.get("/policies/me/globals", t).await, 200);
        assert_eq!(g, json!({"app_access": true, "admin_access": true, "enforce_tfa": false}));
        assert_eq!(data(&s.get("/policies/me/globals", None).await, 200), json!({"app_access": false}));
    })
    .await;
}

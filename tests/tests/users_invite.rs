//! Invitations (spec §4.4): an invite mail reaches a real SMTP sink, its link's token sets the
//! password and activates the user, who can then log in; a token works once.

use std::time::Duration;

use strata_tests::*;

#[tokio::test]
async fn invited_user_accepts_and_logs_in() {
    for_each_db(|db| async move {
        let mut sink = SmtpSink::start().await;
        let mut env = sink.env();
        env.push(("PUBLIC_URL".into(), "http://strata.test".into()));
        let s = TestServer::start_env(db, env).await;
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        let role = data(&s.post("/roles", &json!({"name": "Writers"}), t).await, 200);
        let role_id = role["id"].as_str().expect("role id").to_string();

        assert_error(&s.post("/users/invite", &json!({"email": "not-an-email", "role": role_id}), t).await, 400, "INVALID_PAYLOAD");
        assert_error(&s.post("/users/invite", &json!({"email": "new@example.com", "role": role_id, "invite_url": "https://evil.test"}), t).await, 400, "INVALID_PAYLOAD");
        assert_error(&s.post("/users/invite", &json!({"email": "new@example.com", "role": role_id}), None).await, 403, "FORBIDDEN");
        let r = s.post("/users/invite", &json!({"email": "new@example.com", "role": role_id}), t).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let mail = sink.wait_for_mail(Duration::from_secs(20)).await;
        assert_eq!(mail.to, vec!["new@example.com".to_string()]);
        assert_eq!(mail.subject, "You've been invited");
        assert!(format!("{}{}", mail.text, mail.html).contains("http://strata.test/admin/accept-invite?token="), "{mail:#?}");
        let users = data(&s.get("/users?filter[email][_eq]=new@example.com&fields=status,role", t).await, 200);
        assert_eq!(users[0]["status"], "invited");
        assert_eq!(users[0]["role"], role_id.as_str());
        // An invited user cannot log in yet.
        assert_error(&s.login("new@example.com", "Chosen-Password-1").await, 401, "INVALID_CREDENTIALS");

        let invite = mail.token();
        let r = s.post("/users/invite/accept", &json!({"token": invite, "password": "Chosen-Password-1"}), None).await;
        assert_eq!(r.status, 204, "{}", r.describe());
        assert!(s.login_ok("new@example.com", "Chosen-Password-1").await["access_token"].is_string());
        // The link works once; a forged token not at all.
        let r = s.post("/users/invite/accept", &json!({"token": invite, "password": "Another-Password-2"}), None).await;
        assert_error(&r, 400, "INVALID_PAYLOAD");
        let r = s.post("/users/invite/accept", &json!({"token": "x.y.z", "password": "Another-Password-2"}), None).await;
        assert_error(&r, 403, "FORBIDDEN");
    })
    .await;
}

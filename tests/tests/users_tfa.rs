//! Two-factor authentication set-up (spec §4.4): generate a secret (password checked), enable
//! it with a current code, log in with and without `otp`, disable it.

use strata_tests::*;

fn code(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32 secret");
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes)
        .generate_current()
        .expect("clock")
}

#[tokio::test]
async fn totp_is_set_up_used_at_login_and_removed() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let (email, password) = (s.admin_email.clone(), s.admin_password.clone());
        let token = s.admin_login().await;
        let t = Some(token.as_str());
        assert_error(
            &s.post("/users/me/tfa/generate", &json!({"password": "wrong"}), t)
                .await,
            401,
            "INVALID_CREDENTIALS",
        );
        assert_error(
            &s.post("/users/me/tfa/generate", &json!({}), t).await,
            400,
            "INVALID_PAYLOAD",
        );
        let g = data(
            &s.post("/users/me/tfa/generate", &json!({"password": password}), t)
                .await,
            200,
        );
        let secret = g["secret"].as_str().expect("secret").to_string();
        assert!(
            g["otpauth_url"]
                .as_str()
                .is_some_and(|u| u.starts_with("otpauth://totp/") && u.contains(&secret)),
            "{g}"
        );
        // Not stored until a code proves the authenticator has it.
        let r = s.login(&email, &password).await;
        assert_eq!(r.status, 200, "{}", r.describe());
        assert_error(
            &s.post(
                "/users/me/tfa/enable",
                &json!({"secret": secret, "otp": "000000"}),
                t,
            )
            .await,
            400,
            "INVALID_PAYLOAD",
        );
        let r = s
            .post(
                "/users/me/tfa/enable",
                &json!({"secret": secret, "otp": code(&secret)}),
                t,
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.describe());
        assert_eq!(s.me(&token).await["tfa_secret"], "**********");

        // Login now needs the code.
        let r = s
            .post(
                "/auth/login",
                &json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_error(&r, 401, "INVALID_OTP");
        let r = s
            .post(
                "/auth/login",
                &json!({"email": email, "password": password, "otp": "000000"}),
                None,
            )
            .await;
        assert_error(&r, 401, "INVALID_OTP");
        let r = s
            .post(
                "/auth/login",
                &json!({"email": email, "password": password, "otp": code(&secret)}),
                None,
            )
            .await;
        assert!(data(&r, 200)["access_token"].is_string());

        // A second secret is refused; disabling needs a current code.
        assert_error(
            &s.post("/users/me/tfa/generate", &json!({"password": password}), t)
                .await,
            400,
            "INVALID_PAYLOAD",
        );
        assert_error(
            &s.post("/users/me/tfa/disable", &json!({"otp": "000000"}), t)
                .await,
            400,
            "INVALID_PAYLOAD",
        );
        let r = s
            .post("/users/me/tfa/disable", &json!({"otp": code(&secret)}), t)
            .await;
        assert_eq!(r.status, 204, "{}", r.describe());
        let r = s.login(&email, &password).await;
        assert_eq!(r.status, 200, "{}", r.describe());
        // Anonymous callers have no TFA to set up.
        assert_error(
            &s.post("/users/me/tfa/generate", &json!({"password": "x"}), None)
                .await,
            401,
            "INVALID_CREDENTIALS",
        );
    })
    .await;
}

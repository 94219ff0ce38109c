//! GET/PATCH /users/me: concealed secrets, field selection, profile and password changes.

use strata_tests::*;

const MASK: &str = "**********";

#[tokio::test]
async fn users_me_conceals_secrets() {
    for_each_db(|db| async move {
        let s = TestServer::start_env(db, [("ADMIN_TOKEN", "admin-static-token-123")]).await;
        let token = s.admin_login().await;
        let r = s.get("/users/me", Some(&token)).await;
        let me = data(&r, 200);
        assert_eq!(me["email"], ADMIN_EMAIL, "{}", r.describe());
        assert!(
            me["id"]
                .as_str()
                .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok()),
            "id is not a uuid: {}",
            r.describe()
        );
        assert_eq!(me["status"], "active", "{}", r.describe());
        assert_eq!(me["provider"], "default", "{}", r.describe());
        assert_eq!(
            me["password"],
            MASK,
            "password must be concealed: {}",
            r.describe()
        );
        assert_eq!(
            me["token"],
            MASK,
            "static token must be concealed: {}",
            r.describe()
        );
        assert!(
            me["tfa_secret"].is_null(),
            "unset tfa_secret must be null: {}",
            r.describe()
        );
        assert!(
            !r.body.contains("admin-static-token-123"),
            "static token leaked: {}",
            r.describe()
        );
        assert!(
            !r.body.contains("$argon2"),
            "password hash leaked: {}",
            r.describe()
        );
    })
    .await;
}

#[tokio::test]
async fn users_me_selects_fields() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let full = s.me(&token).await;
        let r = s.get("/users/me?fields=id,email", Some(&token)).await;
        let me = data(&r, 200);
        let mut keys: Vec<&str> = me
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(
            keys,
            vec!["email", "id"],
            "?fields=id,email: {}",
            r.describe()
        );
        assert_eq!(me["id"], full["id"]);
        let r = s.get("/users/me?fields=first_name", Some(&token)).await;
        let me = data(&r, 200);
        assert_eq!(me.as_object().map(|o| o.len()), Some(1), "{}", r.describe());
        assert!(me.get("first_name").is_some(), "{}", r.describe());
    })
    .await;
}

#[tokio::test]
async fn patch_users_me_changes_profile_and_password() {
    for_each_db(|db| async move {
        let s = TestServer::start(db).await;
        let token = s.admin_login().await;
        let r = s
            .patch(
                "/users/me",
                &json!({ "first_name": "Ada", "last_name": "Lovelace" }),
                Some(&token),
            )
            .await;
        let d = data(&r, 200);
        assert_eq!(d["first_name"], "Ada", "{}", r.describe());
        assert_eq!(d["last_name"], "Lovelace", "{}", r.describe());
        let me = s.me(&token).await;
        assert_eq!(me["first_name"], "Ada");

        let new_password = "A-new-password-42";
        let r = s
            .patch(
                "/users/me",
                &json!({ "password": new_password }),
                Some(&token),
            )
            .await;
        let d = data(&r, 200);
        assert_eq!(
            d["password"],
            MASK,
            "password must come back concealed: {}",
            r.describe()
        );
        assert!(
            !r.body.contains(new_password),
            "password returned in clear: {}",
            r.describe()
        );

        assert_error(
            &s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await,
            401,
            "INVALID_CREDENTIALS",
        );
        let d = s.login_ok(ADMIN_EMAIL, new_password).await;
        let me = s.me(d["access_token"].as_str().unwrap_or_default()).await;
        assert_eq!(me["first_name"], "Ada");
        assert_eq!(me["password"], MASK);

        // The stored value is a hash, never the clear password.
        let stored =
            s.db.scalar_i64(&format!(
                "SELECT COUNT(*) FROM directus_users WHERE password = '{new_password}'"
            ))
            .await;
        assert_eq!(stored, 0, "password stored in clear");
    })
    .await;
}

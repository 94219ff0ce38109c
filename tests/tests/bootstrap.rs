//! First start, `strata bootstrap`, `strata database migrate`, `strata roles/users create`, --help.

use strata_tests::*;

#[tokio::test]
async fn first_start_prints_generated_admin_credentials() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let s = TestServer::start_with(
            testdb,
            Vec::<(String, String)>::new(),
            &["ADMIN_EMAIL", "ADMIN_PASSWORD"],
        )
        .await;
        let out = s.startup_stdout.join("\n");
        let email_re = regex::Regex::new(r"(?m)^\s*email:\s+(\S+)\s*$").expect("regex");
        let pw_re = regex::Regex::new(r"(?m)^\s*password:\s+(\S+)\s*$").expect("regex");
        let email = email_re
            .captures(&out)
            .map(|c| c[1].to_string())
            .unwrap_or_else(|| {
                panic!("no `email:` line before the listening line; stdout:\n{out}")
            });
        assert_eq!(email, "admin@example.com", "stdout:\n{out}");
        let password = pw_re
            .captures(&out)
            .map(|c| c[1].to_string())
            .unwrap_or_else(|| {
                panic!("no `password:` line before the listening line; stdout:\n{out}")
            });
        assert!(
            password.len() >= 8,
            "generated password too short: {password:?}"
        );
        let d = s.login_ok(&email, &password).await;
        let me = s.me(d["access_token"].as_str().unwrap_or_default()).await;
        assert_eq!(me["email"], "admin@example.com");
        assert_eq!(
            jwt_claims(d["access_token"].as_str().unwrap_or_default())["admin_access"],
            true
        );
        assert_eq!(
            s.db.scalar_i64("SELECT COUNT(*) FROM directus_users").await,
            1
        );
    })
    .await;
}

#[tokio::test]
async fn bootstrap_twice_then_start_has_one_admin() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let env = [
            ("ADMIN_EMAIL", "boot@example.com"),
            ("ADMIN_PASSWORD", "Boot-Pass-123"),
        ];
        for round in 1..=2 {
            let out = run_cli(&testdb, &["bootstrap"], env).await;
            assert!(
                out.success,
                "`strata bootstrap` run {round} failed: {}",
                out.describe()
            );
        }
        assert_eq!(
            testdb
                .scalar_i64("SELECT COUNT(*) FROM directus_users")
                .await,
            1,
            "users after two bootstraps"
        );
        let s = TestServer::start_with(testdb, env, &[]).await;
        assert_eq!(
            s.db.scalar_i64("SELECT COUNT(*) FROM directus_users").await,
            1,
            "users after start"
        );
        let d = s.login_ok("boot@example.com", "Boot-Pass-123").await;
        let token = d["access_token"].as_str().unwrap_or_default().to_string();
        assert_eq!(jwt_claims(&token)["admin_access"], true);
        assert_eq!(s.me(&token).await["email"], "boot@example.com");
    })
    .await;
}

#[tokio::test]
async fn migrate_twice_is_a_noop() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let out = run_cli(
            &testdb,
            &["database", "migrate"],
            Vec::<(String, String)>::new(),
        )
        .await;
        assert!(out.success, "first migrate failed: {}", out.describe());
        let schema1 = testdb.columns().await;
        assert!(
            schema1.contains_key("directus_users"),
            "no directus_users after migrate: {:?}",
            schema1.keys()
        );
        let migrations1 = testdb
            .scalar_i64("SELECT COUNT(*) FROM directus_migrations")
            .await;
        assert_eq!(
            testdb
                .scalar_i64("SELECT COUNT(*) FROM directus_users")
                .await,
            0,
            "migrate must not create users"
        );

        let out = run_cli(
            &testdb,
            &["database", "migrate"],
            Vec::<(String, String)>::new(),
        )
        .await;
        assert!(out.success, "second migrate failed: {}", out.describe());
        assert_eq!(
            testdb.columns().await,
            schema1,
            "second migrate changed the schema"
        );
        assert_eq!(
            testdb
                .scalar_i64("SELECT COUNT(*) FROM directus_migrations")
                .await,
            migrations1,
            "second migrate recorded migrations"
        );
    })
    .await;
}

#[tokio::test]
async fn cli_created_role_and_user_can_log_in() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let admin_env = [
            ("ADMIN_EMAIL", ADMIN_EMAIL),
            ("ADMIN_PASSWORD", ADMIN_PASSWORD),
        ];
        let out = run_cli(&testdb, &["bootstrap"], admin_env).await;
        assert!(out.success, "bootstrap: {}", out.describe());

        let uuid_re = regex::Regex::new(
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        )
        .expect("regex");
        let out = run_cli(
            &testdb,
            &["roles", "create", "--role", "Editors"],
            admin_env,
        )
        .await;
        assert!(out.success, "roles create: {}", out.describe());
        let role = uuid_re
            .find(&out.stdout)
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_else(|| panic!("roles create printed no role id: {}", out.describe()));
        let out = run_cli(
            &testdb,
            &["roles", "create", "--role", "Admins 2", "--admin"],
            admin_env,
        )
        .await;
        assert!(out.success, "roles create --admin: {}", out.describe());
        let admin_role = uuid_re
            .find(&out.stdout)
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_else(|| {
                panic!(
                    "roles create --admin printed no role id: {}",
                    out.describe()
                )
            });
        assert_ne!(role, admin_role);

        let out = run_cli(
            &testdb,
            &[
                "users",
                "create",
                "--email",
                "editor@example.com",
                "--password",
                "Editor-Pass-1",
                "--role",
                &role,
            ],
            admin_env,
        )
        .await;
        assert!(out.success, "users create: {}", out.describe());
        let out = run_cli(
            &testdb,
            &[
                "users",
                "create",
                "--email",
                "admin2@example.com",
                "--password",
                "Admin2-Pass-1",
                "--role",
                &admin_role,
            ],
            admin_env,
        )
        .await;
        assert!(out.success, "users create (admin role): {}", out.describe());

        let s = TestServer::start_with(testdb, admin_env, &[]).await;
        let d = s.login_ok("editor@example.com", "Editor-Pass-1").await;
        let token = d["access_token"].as_str().unwrap_or_default().to_string();
        let claims = jwt_claims(&token);
        assert_eq!(
            claims["role"].as_str().map(str::to_lowercase),
            Some(role.clone()),
            "editor claims: {claims}"
        );
        assert_eq!(claims["admin_access"], false, "editor claims: {claims}");
        let me = s.me(&token).await;
        assert_eq!(me["email"], "editor@example.com");

        let d = s.login_ok("admin2@example.com", "Admin2-Pass-1").await;
        let claims = jwt_claims(d["access_token"].as_str().unwrap_or_default());
        assert_eq!(
            claims["role"].as_str().map(str::to_lowercase),
            Some(admin_role),
            "admin2 claims: {claims}"
        );
        assert_eq!(claims["admin_access"], true, "admin2 claims: {claims}");
        assert_error(
            &s.login("editor@example.com", "wrong").await,
            401,
            "INVALID_CREDENTIALS",
        );
    })
    .await;
}

#[tokio::test]
async fn cli_help() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        let none = Vec::<(String, String)>::new;
        let cases: [(&[&str], &[&str]); 6] = [
            (
                &["--help"],
                &["start", "bootstrap", "database", "users", "roles"],
            ),
            (&["start", "--help"], &[]),
            (&["bootstrap", "--help"], &[]),
            (&["database", "migrate", "--help"], &[]),
            (
                &["users", "create", "--help"],
                &["--email", "--password", "--role"],
            ),
            (&["roles", "create", "--help"], &["--role", "--admin"]),
        ];
        for (args, needles) in cases {
            let out = run_cli(&testdb, args, none()).await;
            assert!(
                out.success,
                "`strata {}` failed: {}",
                args.join(" "),
                out.describe()
            );
            for n in needles {
                assert!(
                    out.stdout.contains(n),
                    "`strata {}` does not mention {n}: {}",
                    args.join(" "),
                    out.describe()
                );
            }
        }
        // --help must not touch the database.
        if db == Db::Sqlite {
            assert!(
                !testdb.sqlite_path().exists(),
                "--help created the database file"
            );
        }
    })
    .await;
}

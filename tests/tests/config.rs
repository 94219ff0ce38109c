//! Configuration: `.env` files, invalid values stopping startup, CORS.

use reqwest::Method;
use strata_tests::*;

#[tokio::test]
async fn dotenv_file_configures_the_server() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        std::fs::write(testdb.path().join(".env"), "PROJECT_NAME=\"From Dotenv\"\n")
            .expect("write .env");
        let s = TestServer::start_with(testdb, Vec::<(String, String)>::new(), &[]).await;
        let info = data(&s.get("/server/info", None).await, 200);
        assert_eq!(info["project"]["project_name"], "From Dotenv");
    })
    .await;
}

#[tokio::test]
async fn invalid_values_stop_startup_naming_the_variable() {
    for_each_db(|db| async move {
        let testdb = TestDb::new(db).await;
        for (name, value) in [
            ("PORT", "eighty"),
            ("ACCESS_TOKEN_TTL", "forever"),
            ("DB_CLIENT", "oracle"),
            ("MAX_PAYLOAD_SIZE", "huge"),
        ] {
            let out = run_cli(&testdb, &["start"], [(name, value)]).await;
            assert!(
                !out.success,
                "{name}={value} should stop startup: {}",
                out.describe()
            );
            assert!(
                out.stderr.contains(&format!("invalid value for {name}")),
                "{name}: {}",
                out.describe()
            );
            assert!(
                !out.stderr.contains("panicked"),
                "{name}: {}",
                out.describe()
            );
        }
    })
    .await;
}

#[tokio::test]
async fn cors_answers_preflight_for_allowed_origins_only() {
    for_each_db(|db| async move {
        let s = TestServer::start_env(
            db,
            [
                ("CORS_ENABLED", "true"),
                ("CORS_ORIGIN", "http://app.example"),
            ],
        )
        .await;
        let preflight = |origin: &'static str| {
            s.request(Method::OPTIONS, "/auth/login")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
        };
        let ok = s.send(preflight("http://app.example")).await;
        assert_eq!(
            ok.header("access-control-allow-origin").as_deref(),
            Some("http://app.example"),
            "{ok:?}"
        );
        assert_eq!(
            ok.header("access-control-allow-credentials").as_deref(),
            Some("true")
        );
        let other = s.send(preflight("http://evil.example")).await;
        assert_eq!(
            other.header("access-control-allow-origin"),
            None,
            "{other:?}"
        );
        let ping = s
            .send(
                s.request(Method::GET, "/server/ping")
                    .header("Origin", "http://app.example"),
            )
            .await;
        assert_eq!(
            ping.header("access-control-allow-origin").as_deref(),
            Some("http://app.example")
        );
    })
    .await;
}

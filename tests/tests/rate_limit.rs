//! `RATE_LIMITER_*` (spec §20): the request past the limit answers 429 REQUESTS_EXCEEDED in
//! the Directus envelope with `Retry-After`; with the Redis store two server processes share
//! one limit; the global limiter counts every request together.

use strata_tests::*;

fn limited(points: u32, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env = vec![
        ("RATE_LIMITER_ENABLED".to_string(), "true".to_string()),
        ("RATE_LIMITER_POINTS".to_string(), points.to_string()),
        ("RATE_LIMITER_DURATION".to_string(), "60".to_string()),
    ];
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    env
}

fn assert_limited(r: &Resp, points: u32) {
    assert_error(r, 429, "REQUESTS_EXCEEDED");
    let body: Value = serde_json::from_str(&r.body).expect("json");
    let error = &body["errors"][0];
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Too many requests, retry after ")),
        "{}",
        r.describe()
    );
    assert_eq!(error["extensions"]["limit"], points);
    let wait: u64 = r
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
}

#[tokio::test]
async fn the_request_past_the_limit_is_refused() {
    let s = TestServer::start_env(Db::Sqlite, limited(3, &[])).await;
    for _ in 0..3 {
        assert_eq!(s.get("/server/ping", None).await.status, 200);
    }
    assert_limited(&s.get("/server/ping", None).await, 3);
    assert_limited(&s.get("/items/anything", None).await, 3);
}

#[tokio::test]
async fn two_servers_share_one_limit_through_redis() {
    let prefix = format!("strata-test-{}", uuid::Uuid::new_v4());
    let env = limited(
        4,
        &[
            ("RATE_LIMITER_STORE", "redis"),
            ("REDIS", "redis://127.0.0.1:6379"),
            ("RATE_LIMITER_KEY_PREFIX", &prefix),
        ],
    );
    let a = TestServer::start_env(Db::Sqlite, env.clone()).await;
    let b = TestServer::start_env(Db::Sqlite, env).await;
    for s in [&a, &b, &a, &b] {
        assert_eq!(s.get("/server/ping", None).await.status, 200);
    }
    assert_limited(&a.get("/server/ping", None).await, 4);
    assert_limited(&b.get("/server/ping", None).await, 4);
}

#[tokio::test]
async fn the_global_limit_counts_every_request() {
    let env = vec![
        (
            "RATE_LIMITER_GLOBAL_ENABLED".to_string(),
            "true".to_string(),
        ),
        ("RATE_LIMITER_GLOBAL_POINTS".to_string(), "2".to_string()),
        ("RATE_LIMITER_GLOBAL_DURATION".to_string(), "60".to_string()),
    ];
    let s = TestServer::start_env(Db::Sqlite, env).await;
    assert_eq!(s.get("/server/ping", None).await.status, 200);
    assert_eq!(s.get("/server/info", None).await.status, 200);
    assert_limited(&s.get("/server/ping", None).await, 2);
}

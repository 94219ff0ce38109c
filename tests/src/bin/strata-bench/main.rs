//! The project's benchmark: seeds 10k posts (m2o author, o2m comments, m2m tags) on SQLite
//! and PostgreSQL, starts the release `strata` server as a separate process, drives it over
//! HTTP with N connections and prints req/s, p50/p99 latency and the server's memory.
//!
//! `cargo run --release -p strata-tests --bin strata-bench -- [--db sqlite,postgres]
//!  [--seconds 10] [--connections 16]` (build `-p strata-server --release` first).

mod assets;
mod seed;
mod wrk;

use std::time::{Duration, Instant};
use strata_tests::{Db, TestDb, TestServer};

struct Args {
    dbs: Vec<Db>,
    seconds: u64,
    connections: usize,
    /// `--hold N`: seed, print the server's URL, keep it up N seconds for other tools, exit.
    hold: Option<u64>,
    /// `--client builtin`: the Rust client even when `wrk` is installed.
    builtin_client: bool,
}

fn args() -> Args {
    let mut a = Args {
        dbs: vec![Db::Sqlite, Db::Postgres],
        seconds: 10,
        connections: 16,
        hold: None,
        builtin_client: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--db" => {
                a.dbs = value
                    .split(',')
                    .filter_map(|d| match d.trim() {
                        "sqlite" => Some(Db::Sqlite),
                        "postgres" => Some(Db::Postgres),
                        "mysql" => Some(Db::Mysql),
                        _ => None,
                    })
                    .collect()
            }
            "--seconds" => a.seconds = value.parse().unwrap_or(10),
            "--connections" => a.connections = value.parse().unwrap_or(16),
            "--hold" => a.hold = value.parse().ok(),
            "--client" => a.builtin_client = value == "builtin",
            other => eprintln!("ignoring unknown flag {other}"),
        }
    }
    a
}

/// Resident memory of a process in MiB.
pub fn rss_mib(pid: Option<u32>) -> f64 {
    let Some(pid) = pid else { return 0.0 };
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

pub struct Outcome {
    pub requests: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub peak_rss: f64,
}

/// Runs `connections` loops sending `make()` requests until the time is up.
async fn drive(
    server: &TestServer,
    seconds: u64,
    connections: usize,
    request: impl Fn(&reqwest::Client, usize) -> reqwest::RequestBuilder + Send + Sync + Clone + 'static,
) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .expect("http client");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..connections {
        let (client, request) = (client.clone(), request.clone());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors, mut n) = (Vec::new(), 0usize, 0usize);
            while Instant::now() < deadline {
                let t = Instant::now();
                match request(&client, worker * 1_000_000 + n).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed());
                    }
                    _ => errors += 1,
                }
                n += 1;
            }
            (lat, errors)
        }));
    }
    let pid = server.pid();
    let mut peak = rss_mib(pid);
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        peak = peak.max(rss_mib(pid));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((lat, e)) = t.await {
            all.extend(lat);
            errors += e;
        }
    }
    let elapsed = start.elapsed();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Outcome {
        requests: all.len(),
        errors,
        elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        peak_rss: peak,
    }
}

#[tokio::main]
async fn main() {
    let args = args();
    if std::env::var("STRATA_BIN").is_err()
        && let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(|p| p.to_path_buf()))
    {
        // The release server sits next to this binary.
        strata_tests::set_default_binary(dir.join("strata"));
    }
    println!("| database | workload | req/s | p50 ms | p99 ms | errors | server RSS MiB (peak) |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for db in args.dbs {
        let testdb = TestDb::new(db).await;
        let env = [
            ("ADMIN_TOKEN", "bench-token"),
            ("DB_POOL__MAX", "16"),
            ("LOG_LEVEL", "error"),
            ("QUERY_LIMIT_DEFAULT", "100"),
        ];
        let server = TestServer::start_with(testdb, env, &[]).await;
        seed::seed(&server, db).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        if let Some(hold) = args.hold {
            eprintln!(
                "{db}: {} (Authorization: Bearer bench-token) for {hold} s",
                server.url("")
            );
            tokio::time::sleep(Duration::from_secs(hold)).await;
            continue;
        }
        let idle = rss_mib(server.pid());
        println!("| {db} | idle | | | | | {idle:.1} |");
        let base = server.url("");
        let auth = "Bearer bench-token";
        let workloads: Vec<(&str, String)> = vec![
            ("list 100", format!("{base}/items/posts?limit=100")),
            // `*` includes the o2m/m2m aliases as key arrays (two more statements); the columns alone:
            (
                "list 100 (columns only)",
                format!(
                    "{base}/items/posts?limit=100&fields=id,title,body,status,rating,published_at,author"
                ),
            ),
            (
                "filter+sort list 100",
                format!(
                    "{base}/items/posts?filter[status][_eq]=published&filter[rating][_gte]=3&sort=-published_at&limit=100"
                ),
            ),
            (
                "list 100 with *,author.*,tags.*,comments.*",
                format!("{base}/items/posts?fields=*,author.*,tags.*,comments.*&limit=100"),
            ),
            (
                "GraphQL list 100 (columns only)",
                format!(
                    "{base}/graphql?query={}",
                    strata_tests::fixtures::enc(
                        "{ posts(limit: 100) { id title body status rating published_at } }"
                    )
                ),
            ),
            (
                "aggregate count groupBy status",
                format!("{base}/items/posts?aggregate[count]=*&groupBy[]=status"),
            ),
        ];
        let use_wrk = !args.builtin_client && wrk::available().await;
        for (name, url) in workloads {
            let o = match use_wrk {
                true => wrk::drive(&server, args.seconds, args.connections, &url, false).await,
                false => None,
            };
            let o = match o {
                Some(o) => o,
                None => {
                    drive(&server, args.seconds, args.connections, move |c, _| {
                        c.get(&url).header("authorization", auth)
                    })
                    .await
                }
            };
            report(db, name, &o);
        }
        assets::run(&server, db, args.seconds, args.connections, use_wrk).await;
        let url = format!("{base}/items/posts");
        if use_wrk
            && let Some(o) = wrk::drive(&server, args.seconds, args.connections, &url, true).await
        {
            report(db, "single create", &o);
            continue;
        }
        let o = drive(&server, args.seconds, args.connections, move |c, n| {
            let body = serde_json::json!({ "title": format!("bench {n}"), "status": "draft", "rating": (n % 5) as i64, "author": (n % 100) as i64 + 1 });
            c.post(&url).header("authorization", auth).json(&body)
        })
        .await;
        report(db, "single create", &o);
    }
}

fn report(db: Db, name: &str, o: &Outcome) {
    let rps = o.requests as f64 / o.elapsed.as_secs_f64();
    println!(
        "| {db} | {name} | {rps:.0} | {:.2} | {:.2} | {} | {:.1} |",
        o.p50.as_secs_f64() * 1e3,
        o.p99.as_secs_f64() * 1e3,
        o.errors,
        o.peak_rss
    );
}

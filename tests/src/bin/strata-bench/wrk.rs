//! Driving the server with `wrk` (Debian package `wrk`) when it is installed: a C load
//! generator leaves more of the 2 cores to the server than the built-in Rust client does.

use super::{Outcome, rss_mib};
use std::time::{Duration, Instant};
use strata_tests::TestServer;
use tokio::process::Command;

pub async fn available() -> bool {
    Command::new("wrk").arg("--version").output().await.is_ok()
}

const CREATE_SCRIPT: &str = r#"
counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"title":"bench %d","status":"draft","rating":%d,"author":%d}', counter, counter % 5, counter % 100 + 1)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token"}, body)
end
"#;

fn millis(text: &str) -> Option<Duration> {
    let (num, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = num.parse().ok()?;
    Some(Duration::from_secs_f64(match unit {
        "us" => n / 1e6,
        "ms" => n / 1e3,
        "s" => n,
        _ => return None,
    }))
}

/// `GET url` (or creates when `create`) for `seconds` over `connections` connections.
pub async fn drive(
    server: &TestServer,
    seconds: u64,
    connections: usize,
    url: &str,
    create: bool,
) -> Option<Outcome> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
        "-H",
        "Authorization: Bearer bench-token",
    ]);
    let script = std::env::temp_dir().join(format!("strata-bench-{}.lua", std::process::id()));
    if create {
        std::fs::write(&script, CREATE_SCRIPT).ok()?;
        cmd.arg("-s").arg(&script);
    }
    cmd.arg(url)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true);
    let start = Instant::now();
    let child = cmd.spawn().ok()?;
    let pid = server.pid();
    let mut peak = rss_mib(pid);
    let waiting = child.wait_with_output();
    tokio::pin!(waiting);
    let output = loop {
        tokio::select! {
            out = &mut waiting => break out.ok()?,
            _ = tokio::time::sleep(Duration::from_millis(200)) => peak = peak.max(rss_mib(pid)),
        }
    };
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    };
    let requests: usize = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())?;
    let errors = field("Non-2xx or 3xx responses:")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
        + field("Socket errors:").map(|_| 1).unwrap_or(0);
    Some(Outcome {
        requests: requests.saturating_sub(errors),
        errors,
        elapsed: Duration::from_secs(seconds)
            .max(start.elapsed().min(Duration::from_secs(seconds))),
        p50: field("50%").and_then(|v| millis(&v)).unwrap_or_default(),
        p99: field("99%").and_then(|v| millis(&v)).unwrap_or_default(),
        peak_rss: peak,
    })
}

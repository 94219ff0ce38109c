//! A local SMTP sink (`support/smtp_sink.py`, Python `aiosmtpd`) the tests start themselves.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// One received mail, bodies already decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    /// Envelope recipients.
    pub to: Vec<String>,
    pub subject: String,
    /// Plain-text body (the HTML body when there is no text part).
    pub text: String,
    pub html: String,
}

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
    next: usize,
}

impl SmtpSink {
    /// Starts the sink; panics with install instructions when `aiosmtpd` is missing.
    pub async fn start() -> SmtpSink {
        let dir = tempfile::Builder::new()
            .prefix("strata-mail-")
            .tempdir()
            .expect("temp dir");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 {}: {e}", script.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("SMTP sink did not print its port within 20 s")
            .expect("read SMTP sink stdout")
            .unwrap_or_default();
        if line.starts_with("ERROR") || line.is_empty() {
            panic!(
                "SMTP sink failed to start: {line:?}. The tests need Python's aiosmtpd: \
                 run `pip install aiosmtpd`"
            );
        }
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("unexpected SMTP sink output: {line:?}"));
        SmtpSink {
            child,
            port,
            dir,
            next: 1,
        }
    }

    /// A sink and a server on `db` mailing to it with `PUBLIC_URL=http://strata.test`, and the
    /// admin's token.
    pub async fn with_server(db: crate::Db) -> (SmtpSink, crate::TestServer, String) {
        let sink = SmtpSink::start().await;
        let mut env = sink.env();
        env.push(("PUBLIC_URL".into(), "http://strata.test".into()));
        let s = crate::TestServer::start_env(db, env).await;
        let token = s.admin_login().await;
        (sink, s, token)
    }

    /// Environment making a Strata server send mail to this sink.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("EMAIL_TRANSPORT", "smtp".to_string()),
            ("EMAIL_SMTP_HOST", "127.0.0.1".to_string()),
            ("EMAIL_SMTP_PORT", self.port.to_string()),
            ("EMAIL_SMTP_SECURE", "false".to_string()),
            ("EMAIL_SMTP_IGNORE_TLS", "true".to_string()),
            ("EMAIL_FROM", "strata-tests@example.com".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn path(&self, n: usize) -> PathBuf {
        self.dir.path().join(format!("{n:06}.json"))
    }

    /// Waits for the next not-yet-returned mail.
    pub async fn wait_for_mail(&mut self, timeout: Duration) -> Mail {
        let path = self.path(self.next);
        let start = Instant::now();
        while !path.exists() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("SMTP sink exited early: {status}");
            }
            assert!(
                start.elapsed() < timeout,
                "no mail received within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.next += 1;
        let raw = std::fs::read_to_string(&path).expect("read mail");
        let v: Value = serde_json::from_str(&raw).expect("mail JSON");
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        Mail {
            from: s("from"),
            to: v["to"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
            subject: s("subject"),
            text: s("text"),
            html: s("html"),
        }
    }

    /// Asserts that no new mail arrives within `wait`.
    pub async fn assert_no_mail(&self, wait: Duration) {
        tokio::time::sleep(wait).await;
        let path = self.path(self.next);
        if path.exists() {
            let raw = std::fs::read_to_string(&path).unwrap_or_default();
            panic!("expected no mail, got: {raw}");
        }
    }
}

impl Mail {
    /// The `token` query parameter of the link in the mail (reset, invitation).
    pub fn token(&self) -> String {
        let re = regex::Regex::new(r"[?&]token=([A-Za-z0-9_\-.]+)").expect("regex");
        let body = format!("{}\n{}", self.text, self.html);
        re.captures(&body)
            .map(|c| c[1].to_string())
            .unwrap_or_else(|| panic!("no ?token= link in the mail: {self:#?}"))
    }
}

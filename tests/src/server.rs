//! Spawning the `strata` binary: long-running servers ([`TestServer`]) and one-shot CLI
//! commands ([`run_cli`]), always with a clean environment and the test database's cwd.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::db::{Db, TestDb};
use crate::http::{Resp, data};
use crate::{ADMIN_EMAIL, ADMIN_PASSWORD};

const READY_TIMEOUT: Duration = Duration::from_secs(60);
const CLI_TIMEOUT: Duration = Duration::from_secs(180);

static DEFAULT_BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Where programs other than the tests (the benchmark) find the server binary.
pub fn set_default_binary(path: PathBuf) {
    let _ = DEFAULT_BINARY.set(path);
}

/// Path of the `strata` binary: `<target>/debug/strata`, found from the test executable
/// (`<target>/debug/deps/<test>-<hash>`); `STRATA_BIN` overrides it.
pub fn strata_binary() -> PathBuf {
    if let Ok(p) = std::env::var("STRATA_BIN") {
        return PathBuf::from(p);
    }
    if let Some(p) = DEFAULT_BINARY.get() {
        return p.clone();
    }
    let exe = std::env::current_exe().expect("current_exe");
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join(format!("strata{}", std::env::consts::EXE_SUFFIX)))
        .expect("test executable has no <target>/<profile>/deps parent");
    assert!(
        bin.exists(),
        "strata binary not found at {}: run `cargo build -p strata-server` first \
         (`cargo test --workspace` builds it), or set STRATA_BIN",
        bin.display()
    );
    bin
}

/// A `strata` command with a clean environment: only PATH/HOME/locale/backtrace vars are kept
/// from the parent (no stray DB_*, SECRET, PORT, ...), then `env` applied, then `unset` removed.
fn command(testdb: &TestDb, args: &[&str], env: &[(String, String)], unset: &[&str]) -> Command {
    let mut cmd = Command::new(strata_binary());
    cmd.args(args).current_dir(testdb.path()).env_clear();
    for keep in [
        "PATH",
        "HOME",
        "LANG",
        "LC_ALL",
        "TZ",
        "RUST_BACKTRACE",
        "TMPDIR",
    ] {
        if let Ok(v) = std::env::var(keep) {
            cmd.env(keep, v);
        }
    }
    for (k, v) in env {
        if !unset.contains(&k.as_str()) {
            cmd.env(k, v);
        }
    }
    cmd.kill_on_drop(true);
    cmd
}

fn merge(base: Vec<(String, String)>, extra: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in base.into_iter().chain(extra) {
        out.retain(|(ek, _)| ek != &k);
        out.push((k, v));
    }
    out
}

fn to_env<K: Into<String>, V: Into<String>>(
    env: impl IntoIterator<Item = (K, V)>,
) -> Vec<(String, String)> {
    env.into_iter().map(|(k, v)| (k.into(), v.into())).collect()
}

/// Output of a one-shot CLI command.
#[derive(Debug)]
pub struct CliOutput {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl CliOutput {
    pub fn describe(&self) -> String {
        format!(
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `strata <args>` once in the database's working directory with the database's `DB_*`
/// variables, `LOG_LEVEL=warn` and `env`. Does not check the exit status.
pub async fn run_cli<K: Into<String>, V: Into<String>>(
    testdb: &TestDb,
    args: &[&str],
    env: impl IntoIterator<Item = (K, V)>,
) -> CliOutput {
    let base = merge(vec![("LOG_LEVEL".into(), "warn".into())], testdb.env());
    let env = merge(base, to_env(env));
    let mut cmd = command(testdb, args, &env, &[]);
    cmd.stdin(Stdio::null());
    let out = tokio::time::timeout(CLI_TIMEOUT, cmd.output())
        .await
        .unwrap_or_else(|_| {
            panic!(
                "`strata {}` did not finish within {CLI_TIMEOUT:?}",
                args.join(" ")
            )
        })
        .unwrap_or_else(|e| panic!("cannot run `strata {}`: {e}", args.join(" ")));
    CliOutput {
        success: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A running `strata` server on its own database. Killed (and its database dropped) on drop.
pub struct TestServer {
    child: Child,
    pub db: TestDb,
    pub port: u16,
    pub base: String,
    pub client: reqwest::Client,
    /// The `SECRET` the server signs JWTs with.
    pub secret: String,
    pub admin_email: String,
    pub admin_password: String,
    /// Stdout lines printed before the listening line.
    pub startup_stdout: Vec<String>,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr_path: PathBuf,
}

impl TestServer {
    /// Fresh database, default environment.
    pub async fn start(db: Db) -> TestServer {
        Self::start_env(db, Vec::<(String, String)>::new()).await
    }

    /// Fresh database, default environment plus `env`.
    pub async fn start_env<K: Into<String>, V: Into<String>>(
        db: Db,
        env: impl IntoIterator<Item = (K, V)>,
    ) -> TestServer {
        Self::start_with(TestDb::new(db).await, env, &[]).await
    }

    /// Starts on an existing database (e.g. one prepared with [`run_cli`]). Default environment:
    /// the database's `DB_*`, `HOST=127.0.0.1`, `PORT=0`, a random `SECRET`,
    /// `ADMIN_EMAIL`/`ADMIN_PASSWORD` = [`ADMIN_EMAIL`]/[`ADMIN_PASSWORD`], `LOGIN_STALL_TIME=0`,
    /// `LOG_LEVEL=warn`; then `env`; then the names in `unset` are removed.
    pub async fn start_with<K: Into<String>, V: Into<String>>(
        testdb: TestDb,
        env: impl IntoIterator<Item = (K, V)>,
        unset: &[&str],
    ) -> TestServer {
        let secret = format!("test-secret-{}", uuid::Uuid::new_v4().simple());
        let defaults = to_env([
            ("HOST", "127.0.0.1"),
            ("PORT", "0"),
            ("SECRET", secret.as_str()),
            ("ADMIN_EMAIL", ADMIN_EMAIL),
            ("ADMIN_PASSWORD", ADMIN_PASSWORD),
            ("LOGIN_STALL_TIME", "0"),
            ("LOG_LEVEL", "warn"),
        ]);
        let env = merge(merge(testdb.env(), defaults), to_env(env));
        let get = |k: &str| {
            env.iter()
                .find(|(ek, _)| ek == k && !unset.contains(&k))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let (secret, admin_email, admin_password) =
            (get("SECRET"), get("ADMIN_EMAIL"), get("ADMIN_PASSWORD"));

        let n = uuid::Uuid::new_v4().simple().to_string();
        let stderr_path = testdb.path().join(format!("server-{}.stderr.log", &n[..8]));
        let stderr_file = std::fs::File::create(&stderr_path).expect("create stderr log");
        let mut cmd = command(&testdb, &["start"], &env, unset);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr_file));
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot spawn strata: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();

        let mut startup = Vec::new();
        let re = regex::Regex::new(r"Strata listening on http://(\[[^\]]*\]|[^:/\s]+):(\d+)")
            .expect("regex");
        let wait = async {
            loop {
                match lines.next_line().await {
                    Ok(Some(line)) => {
                        if let Some(c) = re.captures(&line) {
                            return Ok(c[2].parse::<u16>().expect("port number"));
                        }
                        startup.push(line);
                    }
                    Ok(None) => {
                        return Err(
                            "stdout closed (server exited) before the listening line".to_string()
                        );
                    }
                    Err(e) => return Err(format!("reading stdout: {e}")),
                }
            }
        };
        let port = match tokio::time::timeout(READY_TIMEOUT, wait).await {
            Ok(Ok(port)) => port,
            outcome => {
                let why = match outcome {
                    Ok(Err(e)) => e,
                    _ => format!("no listening line within {READY_TIMEOUT:?}"),
                };
                let _ = child.start_kill();
                let status = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
                let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                panic!(
                    "strata did not start ({why}); exit: {status:?}\n--- stdout\n{}\n--- stderr (tail)\n{}",
                    startup.join("\n"),
                    tail(&stderr, 60)
                );
            }
        };

        // Keep draining stdout so the server never blocks on a full pipe.
        let stdout_lines = Arc::new(Mutex::new(Vec::new()));
        let sink = stdout_lines.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(mut v) = sink.lock() {
                    v.push(line);
                }
            }
        });

        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("reqwest client");
        TestServer {
            child,
            db: testdb,
            port,
            base: format!("http://127.0.0.1:{port}"),
            client,
            secret,
            admin_email,
            admin_password,
            startup_stdout: startup,
            stdout: stdout_lines,
            stderr_path,
        }
    }

    /// The server's process id (memory measurements in the benchmark).
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Stdout printed after the listening line so far.
    pub fn later_stdout(&self) -> Vec<String> {
        self.stdout.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// The server's stderr (logs) so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// A request builder for `path` on this server.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Sends a request and reads the whole response.
    pub async fn send(&self, rb: reqwest::RequestBuilder) -> Resp {
        let req = rb.build().expect("build request");
        let method = req.method().to_string();
        let url = req.url();
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let resp = self.client.execute(req).await.unwrap_or_else(|e| {
            panic!(
                "{method} {path}: request failed: {e}\n--- server stderr (tail)\n{}",
                tail(&self.stderr(), 40)
            )
        });
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.text().await.unwrap_or_default();
        Resp {
            method,
            path,
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        let mut rb = self.request(Method::GET, path);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        self.send(rb).await
    }

    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> Resp {
        let mut rb = self.request(Method::POST, path).json(body);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        self.send(rb).await
    }

    pub async fn patch(&self, path: &str, body: &Value, token: Option<&str>) -> Resp {
        let mut rb = self.request(Method::PATCH, path).json(body);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        self.send(rb).await
    }

    /// `POST /auth/login` with `{email, password}` (json mode).
    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.post(
            "/auth/login",
            &json!({ "email": email, "password": password }),
            None,
        )
        .await
    }

    /// Logs in and returns `data` (`access_token`, `refresh_token`, `expires`); panics unless 200.
    pub async fn login_ok(&self, email: &str, password: &str) -> Value {
        let resp = self.login(email, password).await;
        let d = data(&resp, 200);
        assert!(
            d["access_token"].is_string(),
            "login without access_token: {}",
            resp.describe()
        );
        d
    }

    /// Logs in as the bootstrap admin; returns the access token.
    pub async fn admin_login(&self) -> String {
        let (email, password) = (self.admin_email.clone(), self.admin_password.clone());
        self.login_ok(&email, &password).await["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// `GET /users/me` as `token`; returns `data` (panics unless 200).
    pub async fn me(&self, token: &str) -> Value {
        data(&self.get("/users/me", Some(token)).await, 200)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        for _ in 0..100 {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        if std::thread::panicking() {
            eprintln!(
                "--- strata stderr (tail) [db={}, port {}]\n{}",
                self.db.db,
                self.port,
                tail(&self.stderr(), 40)
            );
        }
    }
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

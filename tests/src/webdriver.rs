//! Driving the desktop app's window: a virtual X display (Xvfb), WebKitGTK's WebDriver
//! (`WebKitWebDriver`, which starts the app itself) and the few W3C WebDriver calls the tests
//! use, over plain HTTP.

use serde_json::{Value, json};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// How long a wait for the window may take before the test fails.
const WAIT: Duration = Duration::from_secs(30);

/// An X display of its own for one test; killed on drop.
pub struct Xvfb {
    _child: Child,
    pub display: String,
}

impl Xvfb {
    pub async fn start() -> Xvfb {
        let n = 100 + free_port() % 800;
        let child = Command::new("Xvfb")
            .args([
                format!(":{n}").as_str(),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("Xvfb runs (scripts/test installs the xvfb package)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let start = Instant::now();
        while !Path::new(&socket).exists() {
            assert!(start.elapsed() < WAIT, "Xvfb :{n} did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Xvfb {
            _child: child,
            display: format!(":{n}"),
        }
    }
}

/// `WebKitWebDriver` on a free port, with a D-Bus session of its own (the app's single-instance
/// guard and notifications use it); the app it launches inherits `env`. Killed on drop.
pub struct Driver {
    _child: Child,
    base: String,
    http: reqwest::Client,
}

impl Driver {
    pub async fn start(display: &str, env: &[(&str, &str)]) -> Driver {
        let port = free_port();
        let mut cmd = Command::new("dbus-run-session");
        cmd.args(["--", "WebKitWebDriver", &format!("--port={port}")])
            .env("DISPLAY", display)
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("WebKitWebDriver runs (scripts/test installs webkit2gtk-driver)");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(start.elapsed() < WAIT, "WebKitWebDriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Driver {
            _child: child,
            base,
            http,
        }
    }

    /// Launches `binary` and opens a session on its window.
    pub async fn session(&self, binary: &Path) -> Session {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "webkitgtk:browserOptions": {"binary": binary.to_string_lossy(), "args": []}
        }}});
        let resp: Value = self
            .http
            .post(format!("{}/session", self.base))
            .json(&caps)
            .send()
            .await
            .expect("POST /session")
            .json()
            .await
            .expect("session JSON");
        let id = resp["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {resp}"))
            .to_string();
        Session {
            url: format!("{}/session/{id}", self.base),
            http: self.http.clone(),
        }
    }
}

/// One WebDriver session: the app's main window.
pub struct Session {
    url: String,
    http: reqwest::Client,
}

impl Session {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.url));
        if let Some(body) = body {
            req = req.json(&body);
        }
        let value: Value = req
            .send()
            .await
            .expect("WebDriver request")
            .json()
            .await
            .expect("WebDriver JSON");
        value["value"].clone()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the window and returns its value.
    pub async fn eval(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Waits until `script` returns something truthy (not null/false/""), and returns it.
    pub async fn wait_for(&self, what: &str, script: &str, args: Value) -> Value {
        let start = Instant::now();
        loop {
            let v = self.eval(script, args.clone()).await;
            let truthy = !(v.is_null() || v == false || v == "" || v.get("error").is_some());
            if truthy {
                return v;
            }
            if start.elapsed() > WAIT {
                let page = self
                    .eval(
                        "return location.href + '\\n' + document.body.innerText",
                        json!([]),
                    )
                    .await;
                panic!(
                    "timed out waiting for {what}; the window shows:\n{}",
                    page.as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Waits for the element `css`, then sets its value the way typing would (input events fire).
    pub async fn fill(&self, css: &str, text: &str) {
        self.wait_for(
            css,
            "return document.querySelector(arguments[0])",
            json!([css]),
        )
        .await;
        let set = "const el = document.querySelector(arguments[0]);
            const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
            return true;";
        self.eval(set, json!([css, text])).await;
    }

    /// Waits for the button (or link) whose text is `text` and clicks it.
    pub async fn click_text(&self, text: &str) {
        const FIND: &str = "[...document.querySelectorAll('button, a')].find(b => b.innerText.trim() === arguments[0] && !b.disabled)";
        self.wait_for(
            &format!("a button {text:?}"),
            &format!("return {FIND} || null"),
            json!([text]),
        )
        .await;
        self.eval(&format!("{FIND}.click(); return true;"), json!([text]))
            .await;
    }

    pub async fn check(&self, css: &str) {
        self.wait_for(
            css,
            "return document.querySelector(arguments[0])",
            json!([css]),
        )
        .await;
        self.eval("const el = document.querySelector(arguments[0]); if (!el.checked) el.click(); return true;", json!([css])).await;
    }

    pub async fn navigate(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    pub async fn current_url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// A PNG of the window, once it has painted what the DOM holds (two animation frames).
    pub async fn screenshot(&self) -> Vec<u8> {
        use base64::Engine as _;
        let painted = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.call(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({"script": painted, "args": []})),
        )
        .await;
        let b64 = self.call(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or_default())
            .expect("screenshot base64")
    }

    /// Ends the session; WebKitWebDriver closes the app.
    pub async fn close(self) {
        let _ = self.http.delete(&self.url).send().await;
    }
}

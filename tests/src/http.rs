//! HTTP responses as plain data and the assertions every test uses (status, error envelope,
//! cookies).

use reqwest::header::HeaderMap;
use serde_json::Value;

/// A fully read HTTP response.
#[derive(Debug, Clone)]
pub struct Resp {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    /// One-line description used in assertion messages.
    pub fn describe(&self) -> String {
        let body = match self.body.char_indices().nth(2000) {
            Some((cut, _)) => format!("{}…", &self.body[..cut]),
            None => self.body.clone(),
        };
        format!("{} {} → {} {}", self.method, self.path, self.status, body)
    }

    /// The body parsed as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", self.describe()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }

    /// All `Set-Cookie` headers, parsed.
    pub fn cookies(&self) -> Vec<Cookie> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| Cookie::parse(&String::from_utf8_lossy(v.as_bytes())))
            .collect()
    }

    /// The `Set-Cookie` for `name`, if any.
    pub fn cookie(&self, name: &str) -> Option<Cookie> {
        self.cookies().into_iter().find(|c| c.name == name)
    }
}

/// One parsed `Set-Cookie` header.
#[derive(Debug, Clone)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    /// Attributes with lower-cased names (`httponly`, `path`, `max-age`, `samesite`, ...).
    pub attrs: Vec<(String, Option<String>)>,
    pub raw: String,
}

impl Cookie {
    pub fn parse(raw: &str) -> Cookie {
        let mut parts = raw.split(';');
        let first = parts.next().unwrap_or_default();
        let (name, value) = first.split_once('=').unwrap_or((first, ""));
        let attrs = parts
            .map(|p| {
                let p = p.trim();
                match p.split_once('=') {
                    Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.trim().to_string())),
                    None => (p.to_ascii_lowercase(), None),
                }
            })
            .collect();
        Cookie {
            name: name.trim().to_string(),
            value: value.trim().to_string(),
            attrs,
            raw: raw.to_string(),
        }
    }

    pub fn has(&self, attr: &str) -> bool {
        self.attrs
            .iter()
            .any(|(k, _)| k == &attr.to_ascii_lowercase())
    }

    pub fn attr(&self, attr: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(k, _)| k == &attr.to_ascii_lowercase())
            .and_then(|(_, v)| v.clone())
    }

    /// `name=value`, for a `Cookie:` request header.
    pub fn pair(&self) -> String {
        format!("{}={}", self.name, self.value)
    }
}

/// Asserts the status code; the message shows the whole response.
#[track_caller]
pub fn assert_status(resp: &Resp, status: u16) {
    assert_eq!(
        resp.status,
        status,
        "unexpected status: {}",
        resp.describe()
    );
}

/// Asserts a 2xx/expected status and a `{"data": ...}` envelope; returns `data`.
#[track_caller]
pub fn data(resp: &Resp, status: u16) -> Value {
    assert_status(resp, status);
    let json = resp.json();
    let obj = json
        .as_object()
        .unwrap_or_else(|| panic!("body is not an object: {}", resp.describe()));
    assert!(
        obj.contains_key("data"),
        "body has no \"data\" key: {}",
        resp.describe()
    );
    json["data"].clone()
}

/// Asserts a Directus error response: the HTTP status, a JSON content type, the envelope
/// `{"errors":[{"message": <string>, "extensions": {"code": <code>, ...}}, ...]}` with every error
/// well formed and the first one carrying `code`. Returns the first error object.
#[track_caller]
pub fn assert_error(resp: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(
        resp.status,
        status,
        "expected {status} {code}, got: {}",
        resp.describe()
    );
    let ct = resp.header("content-type").unwrap_or_default();
    assert!(
        ct.starts_with("application/json"),
        "error content-type is {ct:?}: {}",
        resp.describe()
    );
    let json = resp.json();
    let errors = json
        .get("errors")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no \"errors\" array in error body: {}", resp.describe()));
    assert!(
        !errors.is_empty(),
        "empty \"errors\" array: {}",
        resp.describe()
    );
    for e in errors {
        assert!(
            e.get("message").and_then(Value::as_str).is_some(),
            "error without string message: {}",
            resp.describe()
        );
        assert!(
            e.pointer("/extensions/code")
                .and_then(Value::as_str)
                .is_some(),
            "error without extensions.code: {}",
            resp.describe()
        );
    }
    let first = errors[0].clone();
    assert_eq!(
        first.pointer("/extensions/code").and_then(Value::as_str),
        Some(code),
        "wrong error code: {}",
        resp.describe()
    );
    first
}

/// [`assert_error`] plus the exact message of the first error.
#[track_caller]
pub fn assert_error_message(resp: &Resp, status: u16, code: &str, message: &str) -> Value {
    let first = assert_error(resp, status, code);
    assert_eq!(
        first["message"].as_str(),
        Some(message),
        "wrong error message: {}",
        resp.describe()
    );
    first
}

//! Request extractors: the caller's accountability (token from query, header or session
//! cookie), JSON bodies with Directus's INVALID_PAYLOAD errors, `fields`, and client facts.

use super::response::ApiError;
use crate::app::App;
use crate::auth::{Accountability, ClientInfo};
use crate::error::Error;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;

/// The value of cookie `name` in the request, if any.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name && !v.is_empty()).then(|| v.to_string())
        })
}

/// Query-string pairs, decoded.
pub fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    parts
        .uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
}

pub fn client_info(parts: &Parts) -> ClientInfo {
    let header = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    ClientInfo {
        ip: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_canonical()),
        user_agent: header(header::USER_AGENT),
        origin: header(header::ORIGIN),
    }
}

/// The accountability of the request (public when no token was sent).
pub struct Auth(pub Accountability);

impl FromRequestParts<Arc<App>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let client = client_info(parts);
        let from_query = query_pairs(parts)
            .into_iter()
            .find(|(k, v)| k == "access_token" && !v.is_empty())
            .map(|(_, v)| v);
        let from_header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| token.trim().to_string())
            })
            .filter(|t| !t.is_empty());
        let token = match (from_query, from_header) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_payload(
                    "The request uses more than one method for including an access token",
                )
                .into());
            }
            (Some(t), None) | (None, Some(t)) => Some((t, None)),
            (None, None) => {
                let cfg = &app.config.auth.session_cookie;
                cookie(parts, &cfg.name).map(|t| (t, Some(cfg.clone())))
            }
        };
        let key = token.as_ref().map(|(t, _)| t.as_str()).unwrap_or("");
        if let Some(mut acc) = app.accountabilities.get(key, client.ip) {
            acc.client = client;
            return Ok(Auth(acc));
        }
        let ip = client.ip;
        let acc = match &token {
            None => Accountability::public(&app.db, client).await?,
            Some((token, cookie)) => {
                Accountability::from_token(&app.db, app.secret(), token, client)
                    .await
                    .map_err(|error| ApiError {
                        error,
                        clear_cookie: cookie.clone(),
                    })?
            }
        };
        app.accountabilities.put(key, ip, &acc);
        Ok(Auth(acc))
    }
}

/// A JSON body; an empty body reads as `null`. Malformed or oversized → 400 INVALID_PAYLOAD.
pub struct JsonBody(pub Value);

impl FromRequest<Arc<App>> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &Arc<App>) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| Error::invalid_payload("request entity too large"))?;
        Ok(JsonBody::parse(&bytes)?)
    }
}

impl JsonBody {
    /// The body of a request on a route without the default body limit, read up to `limit`
    /// bytes (`MAX_PAYLOAD_SIZE`) as for any other JSON body.
    pub async fn read_limited(req: Request, limit: usize) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(req.into_body(), limit)
            .await
            .map_err(|_| Error::invalid_payload("request entity too large"))?;
        Ok(JsonBody::parse(&bytes)?)
    }

    fn parse(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Value::Null));
        }
        serde_json::from_slice(bytes).map(JsonBody).map_err(|e| {
            Error::invalid_payload(format!(
                "Unexpected token in JSON at line {} column {}",
                e.line(),
                e.column()
            ))
        })
    }

    /// The body as an object (`null` counts as `{}`), else INVALID_PAYLOAD.
    pub fn object(self) -> Result<serde_json::Map<String, Value>, Error> {
        match self.0 {
            Value::Object(m) => Ok(m),
            Value::Null => Ok(serde_json::Map::new()),
            _ => Err(Error::invalid_payload("Payload must be an object")),
        }
    }
}

/// The `fields` query parameter in any of its spellings (`a,b`, `fields[]=a`, repeated keys).
pub struct Fields(pub Vec<String>);

impl<S: Send + Sync> FromRequestParts<S> for Fields {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let mut fields = Vec::new();
        for (k, v) in query_pairs(parts) {
            if k == "fields" || k.starts_with("fields[") {
                let v = v.trim();
                if v.starts_with('[') {
                    let parsed: Vec<String> = serde_json::from_str(v).map_err(|_| {
                        Error::invalid_query("\"fields\" must be a string or an array of strings")
                    })?;
                    fields.extend(parsed);
                } else {
                    fields.extend(
                        v.split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                    );
                }
            }
        }
        Ok(Fields(fields))
    }
}

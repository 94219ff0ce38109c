//! Directus JWTs (HS256, `iss: "directus"`): access tokens with Directus's claims, and the
//! scoped tokens used by password reset.

use crate::error::{Error, ErrorCode, Result};
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::time::Duration;

pub const ISSUER: &str = "directus";

/// The claims of an access token. Role and access flags are informational: they are recomputed
/// from the database on every request.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccessClaims {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub role: Option<String>,
    pub app_access: bool,
    pub admin_access: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforce_tfa: Option<bool>,
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Signs `claims` (any JSON object) with `iat`, `exp` and `iss` added.
pub fn sign(claims: &impl Serialize, secret: &str, ttl: Duration) -> Result<String> {
    let mut body = match serde_json::to_value(claims).map_err(Error::internal)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let iat = now_secs();
    body.insert("iat".into(), iat.into());
    body.insert("exp".into(), (iat + ttl.as_secs().max(1) as i64).into());
    body.insert("iss".into(), ISSUER.into());
    encode(
        &Header::new(Algorithm::HS256),
        &body,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(Error::internal)
}

/// True when the token is a JWT whose (unverified) payload says `iss: "directus"`; anything
/// else is treated as a static token.
pub fn is_directus_jwt(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .is_some_and(|v| v.get("iss").and_then(Value::as_str) == Some(ISSUER))
}

/// Verifies signature, issuer and expiry: expired → 401 TOKEN_EXPIRED, anything else → 403
/// INVALID_TOKEN.
pub fn verify<T: for<'de> Deserialize<'de>>(token: &str, secret: &str) -> Result<T> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "iss"]);
    match decode::<T>(
        token,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    ) {
        Ok(data) => Ok(data.claims),
        Err(e) if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature) => {
            Err(Error::new(ErrorCode::TokenExpired))
        }
        Err(_) => Err(Error::new(ErrorCode::InvalidToken)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> AccessClaims {
        AccessClaims {
            id: Some("u1".into()),
            role: Some("r1".into()),
            app_access: true,
            admin_access: false,
            session: None,
            share: None,
            enforce_tfa: None,
        }
    }

    #[test]
    fn signs_and_verifies_with_directus_claims() {
        let t = sign(&claims(), "s3cret", Duration::from_secs(60)).expect("sign");
        assert!(is_directus_jwt(&t));
        let back: AccessClaims = verify(&t, "s3cret").expect("verify");
        assert_eq!(back, claims());
        let raw: Value = verify(&t, "s3cret").expect("verify raw");
        assert_eq!(raw["iss"], "directus");
        assert!(raw["exp"].as_i64() > raw["iat"].as_i64());
    }

    #[test]
    fn wrong_secret_is_invalid_token_and_static_tokens_are_not_jwts() {
        let t = sign(&claims(), "s3cret", Duration::from_secs(60)).expect("sign");
        let err = verify::<AccessClaims>(&t, "other").err().map(|e| e.code);
        assert_eq!(err, Some(ErrorCode::InvalidToken));
        assert!(!is_directus_jwt("my-static-token"));
    }
}

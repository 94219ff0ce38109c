//! Reading JWT claims without verification, and signing test tokens (HS256).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// Decodes the payload (second segment, base64url) of a JWT. Panics if it is not a JWT.
pub fn jwt_claims(token: &str) -> Value {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a JWT (expected 3 segments): {token:?}");
    let bytes = URL_SAFE_NO_PAD
        .decode(parts[1].trim_end_matches('='))
        .unwrap_or_else(|e| panic!("JWT payload is not base64url ({e}): {token:?}"));
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("JWT payload is not JSON ({e}): {token:?}"))
}

/// Signs `claims` with HS256 and `secret`.
pub fn sign_jwt(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("sign JWT")
}

/// Returns `token` with one character in the middle of its signature changed.
pub fn tamper_signature(token: &str) -> String {
    let (head, sig) = token.rsplit_once('.').expect("JWT has a signature");
    let mut chars: Vec<char> = sig.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    format!("{head}.{}", chars.into_iter().collect::<String>())
}

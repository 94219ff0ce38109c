//! The one error table: Directus error code → HTTP status → default message, and the `Error` type
//! every module converts into.

use serde_json::{Map, Value};
use std::fmt;

/// Directus error codes (spec §3). The string form is what clients match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    Forbidden,
    InvalidCredentials,
    InvalidToken,
    TokenExpired,
    InvalidOtp,
    UserSuspended,
    InvalidIp,
    InvalidPayload,
    InvalidQuery,
    InvalidPathParameter,
    FailedValidation,
    RecordNotUnique,
    NotNullViolation,
    ValueTooLong,
    ValueOutOfRange,
    InvalidForeignKey,
    ContainsNullValues,
    InvalidInvite,
    RouteNotFound,
    MethodNotAllowed,
    OutOfTime,
    ContentTooLarge,
    UnsupportedMediaType,
    UnprocessableContent,
    IllegalAssetTransformation,
    RangeNotSatisfiable,
    RequestsExceeded,
    EmailLimitExceeded,
    InternalServerError,
    ServiceUnavailable,
    InvalidProvider,
}

impl ErrorCode {
    /// (code string, HTTP status, default message)
    const fn row(self) -> (&'static str, u16, &'static str) {
        use ErrorCode::*;
        match self {
            Forbidden => (
                "FORBIDDEN",
                403,
                "You don't have permission to access this.",
            ),
            InvalidCredentials => ("INVALID_CREDENTIALS", 401, "Invalid user credentials."),
            InvalidToken => ("INVALID_TOKEN", 403, "Invalid token."),
            TokenExpired => ("TOKEN_EXPIRED", 401, "Token expired."),
            InvalidOtp => ("INVALID_OTP", 401, "Invalid user OTP."),
            UserSuspended => ("USER_SUSPENDED", 401, "User suspended."),
            InvalidIp => ("INVALID_IP", 401, "Invalid IP address."),
            InvalidPayload => ("INVALID_PAYLOAD", 400, "Invalid payload."),
            InvalidQuery => ("INVALID_QUERY", 400, "Invalid query."),
            InvalidPathParameter => ("INVALID_PATH_PARAMETER", 400, "Invalid path parameter."),
            FailedValidation => ("FAILED_VALIDATION", 400, "Validation failed."),
            RecordNotUnique => ("RECORD_NOT_UNIQUE", 400, "Value has to be unique."),
            NotNullViolation => ("NOT_NULL_VIOLATION", 400, "Value can't be null."),
            ValueTooLong => ("VALUE_TOO_LONG", 400, "Value is too long."),
            ValueOutOfRange => ("VALUE_OUT_OF_RANGE", 400, "Numeric value is out of range."),
            InvalidForeignKey => ("INVALID_FOREIGN_KEY", 400, "Invalid foreign key."),
            ContainsNullValues => ("CONTAINS_NULL_VALUES", 400, "Field contains null values."),
            InvalidInvite => ("INVALID_INVITE", 400, "This invite is no longer valid."),
            RouteNotFound => ("ROUTE_NOT_FOUND", 404, "Route doesn't exist."),
            MethodNotAllowed => ("METHOD_NOT_ALLOWED", 405, "Method not allowed."),
            OutOfTime => ("OUT_OF_TIME", 408, "Request timed out."),
            ContentTooLarge => ("CONTENT_TOO_LARGE", 413, "Uploaded content is too large."),
            UnsupportedMediaType => ("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported media type."),
            UnprocessableContent => ("UNPROCESSABLE_CONTENT", 422, "Unprocessable content."),
            IllegalAssetTransformation => (
                "ILLEGAL_ASSET_TRANSFORMATION",
                400,
                "Illegal asset transformation.",
            ),
            RangeNotSatisfiable => ("RANGE_NOT_SATISFIABLE", 416, "Range Not Satisfiable."),
            RequestsExceeded => ("REQUESTS_EXCEEDED", 429, "Too many requests."),
            EmailLimitExceeded => ("EMAIL_LIMIT_EXCEEDED", 429, "Email limit exceeded."),
            InternalServerError => (
                "INTERNAL_SERVER_ERROR",
                500,
                "An unexpected error occurred.",
            ),
            ServiceUnavailable => ("SERVICE_UNAVAILABLE", 503, "Service is unavailable."),
            InvalidProvider => ("INVALID_PROVIDER", 403, "Invalid provider."),
        }
    }

    pub const fn as_str(self) -> &'static str {
        self.row().0
    }

    pub const fn status(self) -> u16 {
        self.row().1
    }

    pub const fn default_message(self) -> &'static str {
        self.row().2
    }
}

/// An error as Directus reports it: a code, a human message and extension fields.
#[derive(Debug, Clone)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    pub extensions: Map<String, Value>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode) -> Self {
        Error {
            code,
            message: code.default_message().to_string(),
            extensions: Map::new(),
        }
    }

    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            extensions: Map::new(),
        }
    }

    pub fn extension(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extensions.insert(key.to_string(), value.into());
        self
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden)
    }

    pub fn invalid_credentials() -> Self {
        Self::new(ErrorCode::InvalidCredentials)
    }

    /// `Invalid payload. <reason>.` with `extensions.reason`.
    pub fn invalid_payload(reason: impl Into<String>) -> Self {
        Self::with_reason(ErrorCode::InvalidPayload, "Invalid payload", reason.into())
    }

    /// `Invalid query. <reason>.` with `extensions.reason`.
    pub fn invalid_query(reason: impl Into<String>) -> Self {
        Self::with_reason(ErrorCode::InvalidQuery, "Invalid query", reason.into())
    }

    /// `Validation failed for field "f". <detail>`
    pub fn failed_validation(field: &str, kind: &str, detail: &str) -> Self {
        Self::with_message(
            ErrorCode::FailedValidation,
            format!("Validation failed for field \"{field}\". {detail}"),
        )
        .extension("field", field)
        .extension("type", kind)
    }

    pub fn route_not_found(path: &str) -> Self {
        Self::with_message(
            ErrorCode::RouteNotFound,
            format!("Route {path} doesn't exist."),
        )
        .extension("path", path)
    }

    pub fn service_unavailable(service: &str, reason: &str) -> Self {
        Self::with_message(
            ErrorCode::ServiceUnavailable,
            format!(
                "Service \"{service}\" is unavailable. {}.",
                reason.trim_end_matches('.')
            ),
        )
        .extension("service", service)
        .extension("reason", reason)
    }

    /// An unexpected failure: logged in full here, reported to the client without details.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(ErrorCode::InternalServerError)
    }

    pub(crate) fn with_reason(code: ErrorCode, prefix: &str, reason: String) -> Self {
        let reason = reason.trim_end_matches('.').to_string();
        Self::with_message(code, format!("{prefix}. {reason}.")).extension("reason", reason)
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// The body Directus sends: `{"errors":[{"message","extensions":{..,"code"}}]}`.
    pub fn to_body(&self) -> Value {
        let mut extensions = self.extensions.clone();
        extensions.insert("code".into(), Value::from(self.code.as_str()));
        serde_json::json!({ "errors": [{ "message": self.message, "extensions": extensions }] })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_carries_code_last_and_extensions() {
        let body = Error::route_not_found("/nope").to_body();
        assert_eq!(body["errors"][0]["message"], "Route /nope doesn't exist.");
        assert_eq!(body["errors"][0]["extensions"]["code"], "ROUTE_NOT_FOUND");
        assert_eq!(body["errors"][0]["extensions"]["path"], "/nope");
        let keys: Vec<_> = body["errors"][0]["extensions"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(keys.last().map(String::as_str), Some("code"));
    }

    #[test]
    fn reason_messages_follow_directus() {
        let e = Error::invalid_payload("\"email\" must be a valid email");
        assert_eq!(
            e.message,
            "Invalid payload. \"email\" must be a valid email."
        );
        assert_eq!(e.status(), 400);
        assert_eq!(Error::invalid_credentials().status(), 401);
        assert_eq!(ErrorCode::InvalidToken.status(), 403);
    }
}

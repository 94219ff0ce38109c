//! Local authentication (provider `default`): login with password and optional OTP, issuing
//! access tokens and refresh sessions per mode (json, cookie, session).

pub mod password_reset;
pub mod session;

use super::{activity, settings, users};
use crate::app::App;
use crate::auth::accountability::uuid_of;
use crate::auth::jwt::{self, AccessClaims};
use crate::auth::{Accountability, ClientInfo, password};
use crate::db::values;
use crate::error::{Error, ErrorCode, Result};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::Value;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How tokens are handed back (spec §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    Json,
    Cookie,
    Session,
}

impl AuthMode {
    pub fn parse(v: &str) -> Result<AuthMode> {
        match v {
            "json" => Ok(AuthMode::Json),
            "cookie" => Ok(AuthMode::Cookie),
            "session" => Ok(AuthMode::Session),
            _ => Err(Error::invalid_payload(
                "\"mode\" must be one of [json, cookie, session]",
            )),
        }
    }
}

/// What a login or refresh produced.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    /// Access-token lifetime in milliseconds.
    pub expires_ms: u64,
    /// How long the refresh/session cookie should live.
    pub refresh_ttl: Duration,
}

pub struct LoginInput {
    pub email: String,
    pub password: String,
    pub otp: Option<String>,
    pub mode: AuthMode,
}

/// Sleeps until `min` has passed since `start`, so failures and successes take equally long.
pub(crate) async fn stall(start: Instant, min: Duration) {
    if let Some(rest) = min.checked_sub(start.elapsed()) {
        tokio::time::sleep(rest).await;
    }
}

pub async fn login(app: &App, input: LoginInput, client: ClientInfo) -> Result<Tokens> {
    let start = Instant::now();
    let result = try_login(app, input, client).await;
    stall(start, app.config.auth.login_stall_time).await;
    result
}

async fn try_login(app: &App, input: LoginInput, client: ClientInfo) -> Result<Tokens> {
    let user = users::find_by_email(&app.db, &input.email).await?;
    let hash = user
        .as_ref()
        .and_then(|u| u.get("password"))
        .and_then(Value::as_str)
        .map(str::to_string);
    // The password is checked first, and against a dummy hash when there is no such user, so
    // neither the answer nor its timing says whether an account exists or what state it is in.
    let password_ok = password::verify(input.password, hash).await;
    let Some(user) = user else {
        return Err(Error::invalid_credentials());
    };
    let user_id = uuid_of(user.get("id")).ok_or_else(Error::invalid_credentials)?;
    if !password_ok {
        note_failure(app, user_id).await?;
        return Err(Error::invalid_credentials());
    }
    match user.get("status").and_then(Value::as_str) {
        Some("active") => {}
        Some("suspended") => return Err(Error::new(ErrorCode::UserSuspended)),
        _ => return Err(Error::invalid_credentials()),
    }
    if user
        .get("provider")
        .and_then(Value::as_str)
        .unwrap_or("default")
        != "default"
    {
        return Err(Error::new(ErrorCode::InvalidProvider));
    }
    if let Some(secret) = user.get("tfa_secret").and_then(Value::as_str) {
        let otp = input
            .otp
            .as_deref()
            .ok_or_else(|| Error::new(ErrorCode::InvalidOtp))?;
        if !verify_otp(secret, otp) {
            note_failure(app, user_id).await?;
            return Err(Error::new(ErrorCode::InvalidOtp));
        }
    }
    if let Ok(mut failures) = app.login_failures.lock() {
        failures.remove(&user_id);
    }
    let mut acc = Accountability::for_user(&app.db, user_id, client)
        .await?
        .ok_or_else(Error::invalid_credentials)?;
    // The claim asks the app to set up TFA; a user who has it already is not asked.
    acc.enforce_tfa &= user.get("tfa_secret").is_none_or(Value::is_null);
    let mut tx = app.db.begin().await?;
    session::purge_expired(&mut tx).await?;
    let tokens = session::open(app, &mut tx, &acc, input.mode).await?;
    activity::record(
        &mut tx,
        &acc,
        "login",
        users::COLLECTION,
        &user_id.to_string(),
    )
    .await?;
    let touch = Query::update()
        .table(users::COLLECTION)
        .value(
            "last_access",
            sea_query::Value::ChronoDateTimeUtc(Some(chrono::Utc::now())),
        )
        .and_where(Expr::col("id").eq(user_id))
        .to_owned();
    tx.execute(&touch).await?;
    tx.commit().await?;
    Ok(tokens)
}

/// Counts a failed attempt; past `settings.auth_login_attempts` the user is suspended.
async fn note_failure(app: &App, user: Uuid) -> Result<()> {
    let limit = settings::login_attempts(&settings::read(&app.db).await?);
    let count = match app.login_failures.lock() {
        Ok(mut failures) => {
            let n = failures.entry(user).or_insert(0);
            *n += 1;
            *n
        }
        Err(_) => return Ok(()),
    };
    if limit.is_some_and(|limit| count >= limit) {
        // Start afresh, so a user an admin reactivates gets the full number of attempts again.
        if let Ok(mut failures) = app.login_failures.lock() {
            failures.remove(&user);
        }
        let mut changes = crate::db::Row::new();
        changes.insert("status".into(), "suspended".into());
        app.db
            .execute(&values::update_row(
                users::COLLECTION,
                &changes,
                "id",
                user.into(),
                values::Casts::NONE,
            )?)
            .await?;
        app.accountabilities.clear();
        session::revoke_user(&app.db, user, None).await?;
        tracing::warn!(%user, "user suspended after too many failed logins");
    }
    Ok(())
}

/// Whether `otp` is the current TOTP code of the base32 `secret` (30 s steps, one step of skew).
pub fn verify_otp(secret: &str, otp: &str) -> bool {
    let Ok(bytes) = totp_rs::Secret::Encoded(secret.to_string()).to_bytes() else {
        return false;
    };
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes)
        .check_current(otp)
        .unwrap_or(false)
}

/// Signs an access token for `acc` (and its session in session mode).
pub fn access_token(
    app: &App,
    acc: &Accountability,
    session: Option<&str>,
    ttl: Duration,
) -> Result<String> {
    let claims = AccessClaims {
        id: acc.user.map(|u| u.to_string()),
        role: acc.role.map(|r| r.to_string()),
        app_access: acc.app,
        admin_access: acc.admin,
        session: session.map(str::to_string),
        share: acc.share.map(|s| s.to_string()),
        enforce_tfa: acc.enforce_tfa.then_some(true),
    };
    jwt::sign(&claims, app.secret(), ttl)
}

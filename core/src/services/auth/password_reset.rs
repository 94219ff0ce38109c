//! Password reset by mail: a signed, one-day token bound to the current password hash (so it
//! works once), sent to the address on file; requests never reveal whether the account exists.

use super::stall;
use crate::app::App;
use crate::auth::accountability::uuid_of;
use crate::auth::jwt;
use crate::error::{Error, Result};
use crate::services::mail::Mail;
use crate::services::{settings, users};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

const SCOPE: &str = "password-reset";
const TTL: Duration = Duration::from_secs(86_400);

#[derive(Serialize, Deserialize)]
struct ResetClaims {
    email: String,
    scope: String,
    hash: String,
}

fn fingerprint(password_hash: &str) -> String {
    let digest = Sha256::digest(password_hash.as_bytes());
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// `POST /auth/password/request`.
pub async fn request(app: &App, email: &str, reset_url: Option<&str>) -> Result<()> {
    crate::services::mail::check_allowed(
        reset_url,
        &app.config.auth.password_reset_url_allow_list,
        "Url \"{url}\" can't be used to reset passwords",
    )?;
    let start = Instant::now();
    let result = send_reset(app, email, reset_url).await;
    stall(start, app.config.auth.login_stall_time).await;
    if let Err(e) = result {
        tracing::warn!(error = %e, "password reset mail not sent");
    }
    Ok(())
}

async fn send_reset(app: &App, email: &str, reset_url: Option<&str>) -> Result<()> {
    let Some(user) = users::find_by_email(&app.db, email).await? else {
        return Ok(());
    };
    if user.get("status").and_then(Value::as_str) != Some("active") {
        return Ok(());
    }
    let address = user
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or(email)
        .to_string();
    let hash = user
        .get("password")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let claims = ResetClaims {
        email: address.clone(),
        scope: SCOPE.into(),
        hash: fingerprint(hash),
    };
    let token = jwt::sign(&claims, app.secret(), TTL)?;
    let base = crate::services::mail::link_base(
        &app.config.public_url,
        reset_url,
        "/admin/reset-password",
    );
    let link = crate::services::mail::token_link(&base, &token);
    let project = settings::read(&app.db)
        .await?
        .get("project_name")
        .and_then(Value::as_str)
        .unwrap_or("Strata")
        .to_string();
    let text = format!(
        "You asked to reset your password for {project}.\n\nOpen this link to choose a new one (valid for 24 hours):\n{link}\n\nIf you did not ask for this, you can ignore this email.\n"
    );
    // Sent in the background: waiting for the mail server would tell the requester, by timing,
    // that the account exists.
    let mail = Mail {
        to: address,
        subject: "Password Reset Request".into(),
        text,
    };
    crate::services::mail::send_in_background(app.mailer.clone(), mail, "password reset");
    Ok(())
}

/// `POST /auth/password/reset`.
pub async fn reset(app: &App, token: &str, new_password: &str) -> Result<()> {
    let claims: ResetClaims = jwt::verify(token, app.secret()).map_err(|_| Error::forbidden())?;
    if claims.scope != SCOPE {
        return Err(Error::forbidden());
    }
    let user = users::find_by_email(&app.db, &claims.email)
        .await?
        .ok_or_else(Error::forbidden)?;
    let hash = user
        .get("password")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if user.get("status").and_then(Value::as_str) != Some("active")
        || fingerprint(hash) != claims.hash
    {
        return Err(Error::forbidden());
    }
    let id = uuid_of(user.get("id")).ok_or_else(Error::forbidden)?;
    users::set_password(app, id, new_password, false).await?;
    super::session::revoke_user(&app.db, id, None).await?;
    Ok(())
}

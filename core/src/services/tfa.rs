//! Two-factor authentication set-up (`/users/me/tfa/*`, spec §4.4): a TOTP secret offered to
//! the user (not stored), stored once a code from it proves the authenticator has it, and
//! removed with a current code (or by an administrator).

use crate::app::App;
use crate::auth::{Accountability, password};
use crate::db::Row;
use crate::error::{Error, Result};
use crate::services::auth::verify_otp;
use crate::services::{settings, users};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use uuid::Uuid;

fn me(acc: &Accountability) -> Result<Uuid> {
    acc.user.ok_or_else(Error::invalid_credentials)
}

async fn user(app: &App, id: Uuid) -> Result<Row> {
    users::find_by_id(&app.db, id)
        .await?
        .ok_or_else(Error::invalid_credentials)
}

fn text<'r>(row: &'r Row, key: &str) -> Option<&'r str> {
    row.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A new secret and its `otpauth://` URL for the caller, after checking their password.
pub async fn generate(app: &App, acc: &Accountability, password: Option<&str>) -> Result<Value> {
    let row = user(app, me(acc)?).await?;
    let local = text(&row, "provider").is_none_or(|p| p == "default");
    if local {
        let password =
            password.ok_or_else(|| Error::invalid_payload("\"password\" is required"))?;
        let hash = text(&row, "password").map(str::to_string);
        if !password::verify(password.to_string(), hash).await {
            return Err(Error::invalid_credentials());
        }
    }
    if text(&row, "tfa_secret").is_some() {
        return Err(Error::invalid_payload(
            "TFA Secret is already set for this user",
        ));
    }
    let account = match (text(&row, "email"), text(&row, "external_identifier")) {
        (Some(e), _) => e.to_string(),
        (None, Some(x)) => x.to_string(),
        (None, None) if local => {
            return Err(Error::invalid_payload(
                "User must have a valid email to enable TFA",
            ));
        }
        (None, None) => format!("user_{}", me(acc)?),
    };
    let settings = settings::read(&app.db).await?;
    let issuer = settings
        .get("project_name")
        .and_then(Value::as_str)
        .unwrap_or("Directus")
        .to_string();
    let bytes: [u8; 20] = rand::random();
    let secret = totp_rs::Secret::Raw(bytes.to_vec())
        .to_encoded()
        .to_string();
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let url = format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}",
        enc(&issuer),
        enc(&account),
        enc(&issuer)
    );
    Ok(json!({"secret": secret, "otpauth_url": url}))
}

async fn set_secret(app: &App, id: Uuid, secret: Option<&str>) -> Result<()> {
    let stmt = Query::update()
        .table("directus_users")
        .value(
            "tfa_secret",
            sea_query::Value::String(secret.map(str::to_string)),
        )
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    app.db.execute(&stmt).await?;
    app.accountabilities.clear();
    Ok(())
}

fn required<'v>(body: &'v Value, key: &str) -> Result<&'v str> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_payload(format!("\"{key}\" is required")))
}

/// Stores `secret` once `otp` shows the authenticator produces its codes.
pub async fn enable(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    let (secret, otp) = (required(body, "secret")?, required(body, "otp")?);
    let id = me(acc)?;
    if text(&user(app, id).await?, "tfa_secret").is_some() {
        return Err(Error::invalid_payload(
            "TFA Secret is already set for this user",
        ));
    }
    if !verify_otp(secret, otp) {
        return Err(Error::invalid_payload("\"otp\" is invalid"));
    }
    set_secret(app, id, Some(secret)).await
}

/// Removes the caller's secret, given a current code.
pub async fn disable(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    let otp = required(body, "otp")?;
    let id = me(acc)?;
    let row = user(app, id).await?;
    let Some(secret) = text(&row, "tfa_secret") else {
        return Err(Error::invalid_payload(format!(
            "User \"{id}\" doesn't have TFA enabled"
        )));
    };
    if !verify_otp(secret, otp) {
        return Err(Error::invalid_payload("\"otp\" is invalid"));
    }
    set_secret(app, id, None).await
}

/// An administrator removes another user's secret (lost device).
pub async fn disable_for(app: &App, acc: &Accountability, id: Uuid) -> Result<()> {
    if !acc.admin {
        return Err(Error::forbidden());
    }
    user(app, id).await.map_err(|_| Error::forbidden())?;
    set_secret(app, id, None).await
}

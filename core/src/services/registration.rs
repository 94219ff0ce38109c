//! Public registration (`/users/register`, spec §4.4) when `settings.public_registration` is
//! on: a new user with the configured role, active at once or `unverified` until the link in a
//! verification mail is opened. Answers never reveal whether an address is known.

use super::auth::stall;
use crate::app::App;
use crate::auth::accountability::uuid_of;
use crate::auth::jwt;
use crate::error::{Error, Result};
use crate::services::mail::{Mail, send_in_background, token_link};
use crate::services::{settings, users};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::Value;
use std::time::Instant;

const SCOPE: &str = "pending-registration";

fn text<'v>(body: &'v Value, key: &str) -> Option<&'v str> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// `public_registration_email_filter`: a filter on `{email}` (the string operators, `_in`,
/// `_nin`, `_and`, `_or`).
fn email_allowed(filter: &Value, email: &str) -> bool {
    let Value::Object(map) = filter else {
        return true;
    };
    map.iter().all(|(k, v)| match k.as_str() {
        "_and" => v
            .as_array()
            .is_some_and(|a| a.iter().all(|f| email_allowed(f, email))),
        "_or" => v
            .as_array()
            .is_some_and(|a| a.iter().any(|f| email_allowed(f, email))),
        "email" => v.as_object().is_some_and(|ops| {
            ops.iter().all(|(op, arg)| {
                let s = arg.as_str().unwrap_or_default();
                let list = || {
                    arg.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                };
                match op.as_str() {
                    "_eq" => email == s,
                    "_neq" => email != s,
                    "_contains" => email.contains(s),
                    "_ncontains" => !email.contains(s),
                    "_starts_with" => email.starts_with(s),
                    "_ends_with" => email.ends_with(s),
                    "_nends_with" => !email.ends_with(s),
                    "_in" => list().any(|x| x == email),
                    "_nin" => !list().any(|x| x == email),
                    _ => false,
                }
            })
        }),
        _ => false,
    })
}

/// `POST /users/register`.
pub async fn register(app: &App, body: &Value) -> Result<()> {
    let settings = settings::read(&app.db).await?;
    if settings.get("public_registration") != Some(&Value::Bool(true))
        && settings.get("public_registration").and_then(Value::as_i64) != Some(1)
    {
        return Err(Error::forbidden());
    }
    let email =
        text(body, "email").ok_or_else(|| Error::invalid_payload("\"email\" is required"))?;
    let password =
        text(body, "password").ok_or_else(|| Error::invalid_payload("\"password\" is required"))?;
    if !users::is_valid_email(email) {
        return Err(Error::invalid_payload("\"email\" must be a valid email"));
    }
    let url = text(body, "verification_url");
    crate::services::mail::check_allowed(
        url,
        &app.config.auth.user_register_url_allow_list,
        "URL \"{url}\" can't be used to verify registered users",
    )?;
    let start = Instant::now();
    let filter = settings
        .get("public_registration_email_filter")
        .cloned()
        .unwrap_or(Value::Null);
    let filter = match filter {
        Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::Null),
        other => other,
    };
    if !email_allowed(&filter, email) {
        stall(start, app.config.auth.register_stall_time).await;
        return Err(Error::forbidden());
    }
    let verify = matches!(
        settings.get("public_registration_verify_email"),
        Some(Value::Bool(true))
    ) || settings
        .get("public_registration_verify_email")
        .and_then(Value::as_i64)
        == Some(1);
    let existing = users::find_by_email(&app.db, email).await?;
    let state = existing
        .as_ref()
        .and_then(|u| u.get("status"))
        .and_then(Value::as_str);
    match state {
        None => {
            users::check_password_policy(&app.db, password).await?;
            let role = uuid_of(settings.get("public_registration_role"));
            let mut tx = app.db.begin().await?;
            let new = users::NewUser {
                email: email.to_string(),
                password: Some(password.to_string()),
                role,
                token: None,
                first_name: text(body, "first_name").map(str::to_string),
                last_name: text(body, "last_name").map(str::to_string),
            };
            let id = users::create_in(&mut tx, new).await?;
            if verify {
                tx.execute(&set_status(id, "unverified")).await?;
            }
            tx.commit().await?;
            if verify {
                send(app, email, url)?;
            }
        }
        Some("unverified") => send(app, email, url)?,
        // Known addresses get the same answer as new ones.
        Some(_) => {}
    }
    stall(start, app.config.auth.register_stall_time).await;
    Ok(())
}

fn set_status(id: uuid::Uuid, to: &str) -> sea_query::UpdateStatement {
    Query::update()
        .table(users::COLLECTION)
        .value("status", to)
        .and_where(Expr::col("id").eq(id))
        .to_owned()
}

fn send(app: &App, email: &str, url: Option<&str>) -> Result<()> {
    let claims = users::LinkClaims {
        email: email.to_string(),
        scope: SCOPE.into(),
    };
    let token = jwt::sign(
        &claims,
        app.secret(),
        app.config.auth.email_verification_token_ttl,
    )?;
    let base = crate::services::mail::link_base(
        &app.config.public_url,
        url,
        "/users/register/verify-email",
    );
    let mail = Mail {
        to: email.to_string(),
        subject: "Verify your email address".into(),
        text: format!(
            "Open this link to verify your email address:\n{}\n",
            token_link(&base, &token)
        ),
    };
    send_in_background(app.mailer.clone(), mail, "registration");
    Ok(())
}

/// `GET /users/register/verify-email?token=`: activates the user; returns their id.
pub async fn verify(app: &App, token: &str) -> Result<uuid::Uuid> {
    let (_, id) = users::from_link(&app.db, app.secret(), token, SCOPE, "unverified").await?;
    let id = id.ok_or_else(|| Error::invalid_payload("Invalid verification code"))?;
    app.db.execute(&set_status(id, "active")).await?;
    app.accountabilities.clear();
    Ok(id)
}

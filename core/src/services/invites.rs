//! User invitations (spec §4.4): an administrator invites addresses with a role; each new one
//! becomes an `invited` user and gets a mail with a signed link (scope `invite`, valid
//! `USER_INVITE_TOKEN_TTL`); accepting the link sets the password and activates the user.

use crate::app::App;
use crate::auth::accountability::uuid_of;
use crate::auth::{Accountability, jwt};
use crate::db::Row;
use crate::error::{Error, Result};
use crate::services::mail::Mail;
use crate::services::{settings, users};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::Value;
use uuid::Uuid;

const SCOPE: &str = "invite";

fn emails(body: &Value) -> Result<Vec<String>> {
    let list: Vec<String> = match body.get("email") {
        Some(Value::String(e)) => vec![e.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return Err(Error::invalid_payload("\"email\" is required")),
    };
    if list.is_empty() || !list.iter().all(|e| users::is_valid_email(e)) {
        return Err(Error::invalid_payload("\"email\" must be a valid email"));
    }
    Ok(list)
}

/// `POST /users/invite`.
pub async fn invite(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    if !acc.admin {
        return Err(Error::forbidden());
    }
    let addresses = emails(body)?;
    let role = body
        .get("role")
        .and_then(Value::as_str)
        .and_then(|r| Uuid::parse_str(r).ok())
        .ok_or_else(|| Error::invalid_payload("\"role\" must be a valid GUID"))?;
    let invite_url = body.get("invite_url").and_then(Value::as_str);
    crate::services::mail::check_allowed(
        invite_url,
        &app.config.auth.user_invite_url_allow_list,
        "URL \"{url}\" can't be used to invite users",
    )?;
    let project = settings::read(&app.db)
        .await?
        .get("project_name")
        .and_then(Value::as_str)
        .unwrap_or("Strata")
        .to_string();
    for email in addresses {
        let existing = users::find_by_email(&app.db, &email).await?;
        match existing
            .as_ref()
            .and_then(|u| u.get("status"))
            .and_then(Value::as_str)
        {
            None => create_invited(app, &email, role).await?,
            Some("invited") => set_role(app, existing.as_ref(), role).await?,
            // Active (or otherwise settled) accounts are left alone, without a mail.
            Some(_) => continue,
        }
        send(app, &project, &email, invite_url).await?;
    }
    Ok(())
}

async fn create_invited(app: &App, email: &str, role: Uuid) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let user = users::NewUser {
        email: email.to_string(),
        password: None,
        role: Some(role),
        token: None,
        first_name: None,
        last_name: None,
    };
    let id = users::create_in(&mut tx, user).await?;
    tx.execute(&status(id, "invited")).await?;
    tx.commit().await
}

fn status(id: Uuid, to: &str) -> sea_query::UpdateStatement {
    Query::update()
        .table(users::COLLECTION)
        .value("status", to)
        .and_where(Expr::col("id").eq(id))
        .to_owned()
}

async fn set_role(app: &App, user: Option<&Row>, role: Uuid) -> Result<()> {
    let Some(id) = uuid_of(user.and_then(|u| u.get("id"))) else {
        return Ok(());
    };
    let stmt = Query::update()
        .table(users::COLLECTION)
        .value("role", role)
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    app.db.execute(&stmt).await?;
    Ok(())
}

async fn send(app: &App, project: &str, email: &str, invite_url: Option<&str>) -> Result<()> {
    let claims = users::LinkClaims {
        email: email.to_string(),
        scope: SCOPE.into(),
    };
    let token = jwt::sign(&claims, app.secret(), app.config.auth.user_invite_token_ttl)?;
    let base = crate::services::mail::link_base(
        &app.config.public_url,
        invite_url,
        "/admin/accept-invite",
    );
    let link = crate::services::mail::token_link(&base, &token);
    let mail = Mail {
        to: email.to_string(),
        subject: "You've been invited".into(),
        text: format!(
            "You have been invited to {project}.\n\nOpen this link to choose your password and sign in:\n{link}\n"
        ),
    };
    crate::services::mail::send_in_background(app.mailer.clone(), mail, "invitation");
    Ok(())
}

/// `POST /users/invite/accept`: the password of an invited user, who becomes active.
pub async fn accept(app: &App, body: &Value) -> Result<()> {
    let field = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::invalid_payload(format!("\"{k}\" is required")))
    };
    let (token, new_password) = (field("token")?, field("password")?);
    let (email, id) = users::from_link(&app.db, app.secret(), token, SCOPE, "invited").await?;
    let Some(id) = id else {
        return Err(Error::invalid_payload(format!(
            "Email address {email} hasn't been invited"
        )));
    };
    users::set_password(app, id, new_password, true).await
}

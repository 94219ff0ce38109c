//! Users: lookups for authentication, `/users/me` reads and updates, and creation from the CLI
//! and bootstrap. Hashes, static tokens and TFA secrets never leave the server in clear.

use super::activity;
use crate::auth::{Accountability, password};
use crate::db::{Db, Row, Tx, values};
use crate::error::{Error, Result};
use sea_query::{Asterisk, Expr, ExprTrait, Func, Query};
use serde_json::Value;
use uuid::Uuid;

pub const COLLECTION: &str = "directus_users";
const CONCEALED: &str = "**********";
const CONCEALED_FIELDS: &[&str] = &["password", "token", "tfa_secret"];
const JSON_FIELDS: &[&str] = &[
    "tags",
    "auth_data",
    "theme_light_overrides",
    "theme_dark_overrides",
];
const UUID_FIELDS: &[&str] = &["id", "role", "avatar"];
const CASTS: values::Casts<'static> = values::Casts {
    uuid: UUID_FIELDS,
    json: JSON_FIELDS,
};
/// What a user with app access may change on their own record (Directus's app-access minimum).
const SELF_EDITABLE: &[&str] = &[
    "first_name",
    "last_name",
    "email",
    "password",
    "location",
    "title",
    "description",
    "tags",
    "avatar",
    "language",
    "appearance",
    "theme_light",
    "theme_dark",
    "theme_light_overrides",
    "theme_dark_overrides",
    "email_notifications",
    "text_direction",
    "last_page",
];

/// A user as authentication needs it: every column, found by email regardless of case.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Row>> {
    let q = Query::select()
        .column(Asterisk)
        .from(COLLECTION)
        .and_where(Expr::expr(Func::lower(Expr::col("email"))).eq(email.to_lowercase()))
        .limit(1)
        .to_owned();
    db.fetch_optional(&q).await
}

pub async fn find_by_id(db: &Db, id: Uuid) -> Result<Option<Row>> {
    let q = Query::select()
        .column(Asterisk)
        .from(COLLECTION)
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await
}

/// The row as the API shows it: secrets concealed, JSON columns parsed, `fields` applied
/// (top-level names; `*` for all; a dotted path selects its first segment).
pub fn present(mut row: Row, fields: &[String]) -> Result<Row> {
    for f in CONCEALED_FIELDS {
        if let Some(v) = row.get_mut(*f)
            && !Value::is_null(v)
        {
            *v = Value::from(CONCEALED);
        }
    }
    for f in JSON_FIELDS {
        if let Some(v) = row.get_mut(*f)
            && let Value::String(s) = v
            && let Ok(parsed) = serde_json::from_str::<Value>(s)
        {
            *v = parsed;
        }
    }
    if fields.is_empty() || fields.iter().any(|f| f == "*") {
        return Ok(row);
    }
    let mut out = Row::new();
    for f in fields {
        let top = f.split('.').next().unwrap_or(f);
        match row.get(top) {
            Some(v) => {
                out.insert(top.to_string(), v.clone());
            }
            None => return Err(field_forbidden(top)),
        }
    }
    Ok(out)
}

fn field_forbidden(field: &str) -> Error {
    Error::with_message(
        crate::ErrorCode::Forbidden,
        format!("You don't have permission to access field \"{field}\" in collection \"{COLLECTION}\" or it does not exist. Queried in root."),
    )
    .extension("reason", format!("You don't have permission to access field \"{field}\" in collection \"{COLLECTION}\" or it does not exist. Queried in root."))
}

/// `GET /users/me`.
pub async fn read_me(db: &Db, acc: &Accountability, fields: &[String]) -> Result<Row> {
    let user = acc.user.ok_or_else(Error::invalid_credentials)?;
    let row = find_by_id(db, user).await?.ok_or_else(Error::forbidden)?;
    present(row, fields)
}

/// `PATCH /users/me`: checks each field against what the caller may edit, hashes a new
/// password, writes the change with its activity and revision in one transaction.
pub async fn update_me(
    db: &Db,
    acc: &Accountability,
    payload: Value,
    fields: &[String],
) -> Result<Row> {
    let user = acc.user.ok_or_else(Error::invalid_credentials)?;
    let Value::Object(mut changes) = payload else {
        return Err(Error::invalid_payload("Payload must be an object"));
    };
    let current = find_by_id(db, user).await?.ok_or_else(Error::forbidden)?;
    for field in changes.keys() {
        let known = current.contains_key(field) && field != "id";
        let allowed = acc.admin || (acc.app && SELF_EDITABLE.contains(&field.as_str()));
        if !known || !allowed {
            return Err(field_forbidden(field));
        }
    }
    if let Some(email) = changes.get("email")
        && !email.as_str().is_some_and(is_valid_email)
    {
        return Err(Error::failed_validation(
            "email",
            "email",
            "Value has to be a valid email address.",
        ));
    }
    if let Some(pw) = changes.get("password").cloned() {
        let Value::String(pw) = pw else {
            return Err(Error::failed_validation(
                "password",
                "required",
                "Value is required.",
            ));
        };
        check_password_policy(db, &pw).await?;
        changes.insert("password".into(), Value::from(password::hash(pw).await?));
    }
    let password_changed = changes.contains_key("password");
    if !changes.is_empty() {
        let mut tx = db.begin().await?;
        tx.execute(&values::update_row(
            COLLECTION,
            &changes,
            "id",
            user.into(),
            CASTS,
        )?)
        .await?;
        if let Some(activity_id) =
            activity::record(&mut tx, acc, "update", COLLECTION, &user.to_string()).await?
        {
            let mut data = current.clone();
            data.extend(changes.clone());
            let data = present(data, &[])?;
            let delta = present(changes, &[])?;
            activity::revision(
                &mut tx,
                activity_id,
                COLLECTION,
                &user.to_string(),
                &data,
                &delta,
            )
            .await?;
        }
        tx.commit().await?;
    }
    if password_changed {
        // A new password ends every other session of the user.
        super::auth::session::revoke_user(db, user, acc.session.as_deref()).await?;
    }
    read_me(db, acc, fields).await
}

pub struct NewUser {
    pub email: String,
    pub password: Option<String>,
    pub role: Option<Uuid>,
    pub token: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// Creates an active user with the `default` provider; the password is hashed here.
pub async fn create(db: &Db, user: NewUser) -> Result<Uuid> {
    let mut tx = db.begin().await?;
    let id = create_in(&mut tx, user).await?;
    tx.commit().await?;
    Ok(id)
}

/// `create` inside a caller's transaction (bootstrap creates role, policy and user together).
pub async fn create_in(tx: &mut Tx, user: NewUser) -> Result<Uuid> {
    if !is_valid_email(&user.email) {
        return Err(Error::failed_validation(
            "email",
            "email",
            "Value has to be a valid email address.",
        ));
    }
    let id = Uuid::new_v4();
    let hash = match user.password {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };
    let mut row = Row::new();
    row.insert("id".into(), id.to_string().into());
    row.insert("email".into(), user.email.into());
    row.insert("password".into(), hash.into());
    row.insert("role".into(), user.role.map(|r| r.to_string()).into());
    row.insert("token".into(), user.token.into());
    row.insert("first_name".into(), user.first_name.into());
    row.insert("last_name".into(), user.last_name.into());
    row.insert("status".into(), "active".into());
    row.insert("provider".into(), "default".into());
    tx.execute(&values::insert_row(COLLECTION, &row, CASTS)?)
        .await?;
    Ok(id)
}

/// `settings.auth_password_policy` (a JavaScript regex literal such as `/^.{8,}$/`) and a
/// non-empty password, as Directus checks on every password write.
pub async fn check_password_policy(db: &Db, candidate: &str) -> Result<()> {
    let settings = super::settings::read(db).await?;
    let policy = settings.get("auth_password_policy").and_then(Value::as_str);
    if candidate.is_empty() || !password::satisfies_policy(policy, candidate) {
        return Err(Error::failed_validation(
            "password",
            "pattern",
            "Provided password doesn't match password policy.",
        ));
    }
    Ok(())
}

pub async fn count(db: &Db) -> Result<i64> {
    let q = Query::select()
        .expr_as(Func::count(Expr::col(Asterisk)), "n")
        .from(COLLECTION)
        .to_owned();
    Ok(db
        .fetch_optional(&q)
        .await?
        .and_then(|r| {
            r.get("n").and_then(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
        })
        .unwrap_or(0))
}

/// The shape Joi's `.email()` accepts, closely enough: one `@`, a dotted domain, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c == ',')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_concealed_and_fields_selected() {
        let mut row = Row::new();
        row.insert("id".into(), "u".into());
        row.insert("password".into(), "$argon2id$...".into());
        row.insert("token".into(), Value::Null);
        row.insert("tags".into(), "[\"a\"]".into());
        let all = present(row.clone(), &[]).expect("present");
        assert_eq!(all["password"], CONCEALED);
        assert_eq!(all["token"], Value::Null);
        assert_eq!(all["tags"], serde_json::json!(["a"]));
        let some = present(row.clone(), &["id".into()]).expect("present");
        assert_eq!(some.keys().collect::<Vec<_>>(), vec!["id"]);
        assert!(present(row, &["nope".into()]).is_err());
    }

    #[test]
    fn email_shapes() {
        assert!(is_valid_email("admin@example.com"));
        assert!(!is_valid_email("admin"));
        assert!(!is_valid_email("a b@example.com"));
        assert!(!is_valid_email("a@localhost"));
    }
}

/// What a mailed link's token (invitation, registration) says: an address, for one purpose.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct LinkClaims {
    pub email: String,
    pub scope: String,
}

/// The id and address of the user a link's token names, when the token is valid for `scope`
/// (else 403) and the user's status is `status` (else `None`).
pub async fn from_link(
    db: &Db,
    secret: &str,
    token: &str,
    scope: &str,
    status: &str,
) -> Result<(String, Option<Uuid>)> {
    let claims: LinkClaims =
        crate::auth::jwt::verify(token, secret).map_err(|_| Error::forbidden())?;
    if claims.scope != scope {
        return Err(Error::forbidden());
    }
    let user = find_by_email(db, &claims.email).await?;
    let id = user
        .filter(|u| u.get("status").and_then(serde_json::Value::as_str) == Some(status))
        .and_then(|u| crate::auth::accountability::uuid_of(u.get("id")));
    Ok((claims.email, id))
}

/// Sets a user's password (policy checked, argon2-hashed), optionally activating them, and
/// drops cached accountabilities: reset and invitation acceptance end here.
pub async fn set_password(
    app: &crate::app::App,
    id: Uuid,
    new_password: &str,
    activate: bool,
) -> Result<()> {
    check_password_policy(&app.db, new_password).await?;
    let mut changes = Row::new();
    changes.insert(
        "password".into(),
        password::hash(new_password.to_string()).await?.into(),
    );
    if activate {
        changes.insert("status".into(), "active".into());
    }
    app.db
        .execute(&values::update_row(
            COLLECTION,
            &changes,
            "id",
            id.into(),
            values::Casts::NONE,
        )?)
        .await?;
    app.accountabilities.clear();
    Ok(())
}

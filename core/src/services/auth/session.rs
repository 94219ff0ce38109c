//! Refresh sessions in `directus_sessions`: opened at login, rotated on refresh (the old token
//! dies at once; in session mode it lingers for the grace period so parallel tabs agree on the
//! next token), deleted on logout.

use super::{AuthMode, Tokens, access_token};
use crate::app::App;
use crate::auth::accountability::{live_session, uuid_of};
use crate::auth::{Accountability, ClientInfo};
use crate::db::{Db, Row, Tx, dialect};
use crate::error::{Error, ErrorCode, Result};
use sea_query::{Expr, ExprTrait, Query, Value as SeaValue};
use serde_json::Value;
use std::time::Duration;
use uuid::Uuid;

const TABLE: &str = "directus_sessions";

fn new_token() -> String {
    const ALPHABET: [char; 64] = [
        '_', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x',
        'y', 'z', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P',
        'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z',
    ];
    nanoid::nanoid!(64, &ALPHABET)
}

fn session_ttl(app: &App, mode: AuthMode) -> Duration {
    match mode {
        AuthMode::Session => app.config.auth.session_cookie_ttl,
        _ => app.config.auth.refresh_token_ttl,
    }
}

fn access_ttl(app: &App, mode: AuthMode) -> Duration {
    match mode {
        AuthMode::Session => app.config.auth.session_cookie_ttl,
        _ => app.config.auth.access_token_ttl,
    }
}

fn expiry(ttl: Duration) -> SeaValue {
    let ttl = chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::days(3650));
    SeaValue::ChronoDateTimeUtc(Some(chrono::Utc::now() + ttl))
}

fn issue(app: &App, acc: &Accountability, token: String, mode: AuthMode) -> Result<Tokens> {
    let ttl = access_ttl(app, mode);
    let session = (mode == AuthMode::Session).then_some(token.as_str());
    Ok(Tokens {
        access_token: access_token(app, acc, session, ttl)?,
        expires_ms: ttl.as_millis() as u64,
        refresh_ttl: session_ttl(app, mode),
        refresh_token: token,
    })
}

fn insert_session(
    token: &str,
    user: Option<uuid::Uuid>,
    share: Option<uuid::Uuid>,
    client: &ClientInfo,
    ttl: Duration,
) -> sea_query::InsertStatement {
    Query::insert()
        .into_table(TABLE)
        .columns([
            "token",
            "user",
            "share",
            "expires",
            "ip",
            "user_agent",
            "origin",
        ])
        .values_panic(<[SeaValue; 7]>::map(
            [
                token.into(),
                SeaValue::Uuid(user),
                SeaValue::Uuid(share),
                expiry(ttl),
                client.ip.map(|ip| ip.to_string()).into(),
                client.user_agent.clone().into(),
                client.origin.clone().into(),
            ],
            Expr::val,
        ))
        .to_owned()
}

/// Opens a session for a freshly authenticated user, inside the login's transaction.
pub async fn open(app: &App, tx: &mut Tx, acc: &Accountability, mode: AuthMode) -> Result<Tokens> {
    let token = new_token();
    tx.execute(&insert_session(
        &token,
        acc.user,
        acc.share,
        &acc.client,
        session_ttl(app, mode),
    ))
    .await?;
    issue(app, acc, token, mode)
}

/// Drops sessions that have expired (Directus does this on login and refresh too).
pub async fn purge_expired(tx: &mut Tx) -> Result<()> {
    let now = SeaValue::ChronoDateTimeUtc(Some(chrono::Utc::now()));
    tx.execute(
        &Query::delete()
            .from_table(TABLE)
            .and_where(Expr::col("expires").lt(now))
            .to_owned(),
    )
    .await?;
    Ok(())
}

/// Ends every session of `user` except `keep` (after a suspension or a password change).
pub async fn revoke_user(db: &Db, user: Uuid, keep: Option<&str>) -> Result<()> {
    let mut q = Query::delete();
    q.from_table(TABLE).and_where(Expr::col("user").eq(user));
    if let Some(keep) = keep {
        q.and_where(Expr::col("token").ne(keep));
    }
    db.execute(&q.to_owned()).await?;
    Ok(())
}

async fn delete(app: &App, token: &str) -> Result<u64> {
    app.db
        .execute(
            &Query::delete()
                .from_table(TABLE)
                .and_where(Expr::col("token").eq(token))
                .to_owned(),
        )
        .await
}

/// The accountability a session row stands for: an active user, or a share inside its dates.
async fn session_owner(
    app: &App,
    token: &str,
    row: &Row,
    client: &ClientInfo,
) -> Result<Accountability> {
    match (uuid_of(row.get("user")), uuid_of(row.get("share"))) {
        (Some(user), _) => {
            let status = super::users::find_by_id(&app.db, user)
                .await?
                .and_then(|u| u.get("status").and_then(Value::as_str).map(str::to_string));
            if status.as_deref() != Some("active") {
                delete(app, token).await?;
                return Err(match status.as_deref() {
                    Some("suspended") => Error::new(ErrorCode::UserSuspended),
                    _ => Error::invalid_credentials(),
                });
            }
            Accountability::for_user(&app.db, user, client.clone())
                .await?
                .ok_or_else(Error::invalid_credentials)
        }
        (None, Some(share)) => {
            let q = Query::select()
                .columns(["date_start", "date_end"])
                .from("directus_shares")
                .and_where(Expr::col("id").eq(share))
                .to_owned();
            let row = app
                .db
                .fetch_optional(&q)
                .await?
                .ok_or_else(Error::invalid_credentials)?;
            let now = chrono::Utc::now();
            let started = row
                .get("date_start")
                .and_then(dialect::parse_timestamp)
                .is_none_or(|t| t <= now);
            let not_ended = row
                .get("date_end")
                .and_then(dialect::parse_timestamp)
                .is_none_or(|t| t >= now);
            if !(started && not_ended) {
                return Err(Error::invalid_credentials());
            }
            Ok(Accountability {
                share: Some(share),
                client: client.clone(),
                ..Default::default()
            })
        }
        (None, None) => Err(Error::invalid_credentials()),
    }
}

/// Exchanges a refresh token for new tokens, rotating it.
pub async fn refresh(app: &App, token: &str, mode: AuthMode, client: ClientInfo) -> Result<Tokens> {
    app.accountabilities.clear();
    let row = live_session(&app.db, token).await?;
    let acc = session_owner(app, token, &row, &client).await?;
    // A concurrent refresh in session mode already rotated this token: hand out the same next one.
    if let Some(next) = row.get("next_token").and_then(Value::as_str) {
        return issue(app, &acc, next.to_string(), mode);
    }
    let next = new_token();
    let mut tx = app.db.begin().await?;
    purge_expired(&mut tx).await?;
    if mode == AuthMode::Session {
        // Claim the rotation; whoever loses the race returns the winner's token.
        let claim = Query::update()
            .table(TABLE)
            .value("next_token", next.as_str())
            .value(
                "expires",
                expiry(app.config.auth.session_refresh_grace_period),
            )
            .and_where(Expr::col("token").eq(token))
            .and_where(Expr::col("next_token").is_null())
            .to_owned();
        if tx.execute(&claim).await? == 0 {
            let q = Query::select()
                .column("next_token")
                .from(TABLE)
                .and_where(Expr::col("token").eq(token))
                .to_owned();
            let winner = tx.fetch_optional(&q).await?.and_then(|r| {
                r.get("next_token")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            tx.commit().await?;
            return issue(
                app,
                &acc,
                winner.ok_or_else(Error::invalid_credentials)?,
                mode,
            );
        }
        tx.execute(&insert_session(
            &next,
            acc.user,
            acc.share,
            &client,
            session_ttl(app, mode),
        ))
        .await?;
    } else {
        let rotate = Query::update()
            .table(TABLE)
            .value("token", next.as_str())
            .value("expires", expiry(session_ttl(app, mode)))
            .and_where(Expr::col("token").eq(token))
            .to_owned();
        if tx.execute(&rotate).await? == 0 {
            return Err(Error::invalid_credentials());
        }
    }
    tx.commit().await?;
    issue(app, &acc, next, mode)
}

/// Ends a session; an unknown token is refused like Directus does.
pub async fn logout(app: &App, token: &str) -> Result<()> {
    // Session JWTs of this session must stop working now, not when cached answers expire.
    app.accountabilities.clear();
    if delete(app, token).await? == 0 {
        return Err(Error::invalid_credentials());
    }
    Ok(())
}

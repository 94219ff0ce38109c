//! Shares: one item made readable through a link. `/shares/auth` checks the share (dates, uses,
//! password) and opens a session whose token carries it; such callers read that item — only
//! it, with the fields its role may read — and nothing else. `/shares/info` tells the public
//! what a share needs.

use crate::app::App;
use crate::auth::{Accountability, ClientInfo, password};
use crate::db::{Row, dialect};
use crate::error::{Error, Result};
use crate::permissions::{Action, FieldSet, Permission};
use crate::services::auth::{AuthMode, Tokens, session};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Value, json};
use uuid::Uuid;

async fn row(app: &App, id: Uuid) -> Result<Option<Row>> {
    let q = Query::select()
        .column(sea_query::Asterisk)
        .from("directus_shares")
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    app.db.fetch_optional(&q).await
}

fn number(row: &Row, key: &str) -> Option<i64> {
    match row.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Whether the share is in its time window (sessions of it work while it is).
fn active(row: &Row) -> bool {
    let now = chrono::Utc::now();
    let started = row
        .get("date_start")
        .and_then(dialect::parse_timestamp)
        .is_none_or(|t| t <= now);
    let open = row
        .get("date_end")
        .and_then(dialect::parse_timestamp)
        .is_none_or(|t| t > now);
    started && open
}

/// Whether a new session may be opened: active, with uses left.
fn usable(row: &Row) -> bool {
    active(row)
        && number(row, "max_uses").is_none_or(|max| number(row, "times_used").unwrap_or(0) < max)
}

/// `POST /shares/auth`: a session for the share when it is usable and the password matches.
pub async fn auth(
    app: &App,
    share: &str,
    given: Option<String>,
    mode: AuthMode,
    client: ClientInfo,
) -> Result<Tokens> {
    let id = Uuid::parse_str(share).map_err(|_| Error::invalid_credentials())?;
    let row = row(app, id).await?.ok_or_else(Error::invalid_credentials)?;
    if !usable(&row) {
        return Err(Error::invalid_credentials());
    }
    if let Some(hash) = row
        .get("password")
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty())
    {
        let ok = match given {
            Some(p) => password::verify(p, Some(hash.to_string())).await,
            None => false,
        };
        if !ok {
            return Err(Error::invalid_credentials());
        }
    }
    let mut tx = app.db.begin().await?;
    tx.execute(
        &Query::update()
            .table("directus_shares")
            .value("times_used", Expr::col("times_used").add(1))
            .and_where(Expr::col("id").eq(id))
            .to_owned(),
    )
    .await?;
    let acc = Accountability {
        share: Some(id),
        client,
        ..Default::default()
    };
    let tokens = session::open(app, &mut tx, &acc, mode).await?;
    tx.commit().await?;
    Ok(tokens)
}

/// `GET /shares/info/:id`: what the link needs (the password only as whether there is one).
pub async fn info(app: &App, share: &str) -> Result<Value> {
    let id = Uuid::parse_str(share).map_err(|_| Error::forbidden())?;
    let row = row(app, id).await?.ok_or_else(Error::forbidden)?;
    let has_password = row
        .get("password")
        .and_then(Value::as_str)
        .is_some_and(|h| !h.is_empty());
    Ok(json!({
        "id": id.to_string(),
        "collection": row.get("collection"),
        "item": row.get("item"),
        "password": if has_password { Value::from("**********") } else { Value::Null },
        "max_uses": number(&row, "max_uses"),
        "times_used": number(&row, "times_used").unwrap_or(0),
        "date_start": row.get("date_start"),
        "date_end": row.get("date_end"),
    }))
}

/// What a share's session may do: read the shared item with the fields its role may read
/// (all of them without a role), nothing more; nothing outside the share's time window.
pub async fn permissions(
    app: &App,
    share: Uuid,
    primary_key: impl Fn(&str) -> Option<String>,
) -> Result<Vec<Permission>> {
    let Some(row) = row(app, share).await? else {
        return Ok(Vec::new());
    };
    let text = |k: &str| row.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(collection), Some(item)) = (text("collection"), text("item")) else {
        return Ok(Vec::new());
    };
    let Some(pk) = primary_key(&collection).filter(|_| active(&row)) else {
        return Ok(Vec::new());
    };
    let only_item = json!({ pk: { "_eq": item } });
    let fields = match text("role").and_then(|r| Uuid::parse_str(&r).ok()) {
        None => vec![FieldSet::All],
        Some(role) => role_read_fields(app, role, &collection).await?,
    };
    Ok(fields
        .into_iter()
        .map(|fields| Permission {
            collection: collection.clone(),
            action: Action::Read,
            rule: Some(only_item.clone()),
            validation: None,
            presets: None,
            fields,
        })
        .collect())
}

/// The field lists the role's policies grant for reading `collection` (all for admins).
async fn role_read_fields(app: &App, role: Uuid, collection: &str) -> Result<Vec<FieldSet>> {
    let q = Query::select()
        .column(("directus_access", "policy"))
        .column(("directus_policies", "admin_access"))
        .from("directus_access")
        .inner_join(
            "directus_policies",
            Expr::col(("directus_policies", "id")).equals(("directus_access", "policy")),
        )
        .and_where(Expr::col(("directus_access", "role")).eq(role))
        .to_owned();
    let rows = app.db.fetch_all(&q).await?;
    if rows
        .iter()
        .any(|r| crate::auth::accountability::truthy(r, "admin_access"))
    {
        return Ok(vec![FieldSet::All]);
    }
    let policies: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| crate::auth::accountability::uuid_of(r.get("policy")))
        .collect();
    Ok(app
        .policies
        .permissions(&app.db, &policies)
        .await?
        .iter()
        .filter(|p| p.collection == collection && p.action == Action::Read)
        .map(|p| p.fields.clone())
        .collect())
}

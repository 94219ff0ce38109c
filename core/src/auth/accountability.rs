//! Who is asking: the accountability of a request, resolved from an access token, a session
//! JWT or a static token, with roles and policies recomputed from the database every time.

use super::jwt::{self, AccessClaims};
use crate::db::{Db, Row, dialect};
use crate::error::{Error, ErrorCode, Result};
use sea_query::{Cond, Expr, ExprTrait, JoinType, Query};
use serde_json::Value;
use std::net::IpAddr;
use uuid::Uuid;

/// Facts about the client connection, recorded on sessions and activity.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    pub origin: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Accountability {
    pub user: Option<Uuid>,
    pub role: Option<Uuid>,
    /// The user's role and all its ancestors.
    pub roles: Vec<Uuid>,
    pub policies: Vec<Uuid>,
    pub admin: bool,
    pub app: bool,
    pub enforce_tfa: bool,
    pub session: Option<String>,
    pub share: Option<Uuid>,
    pub client: ClientInfo,
}

pub fn uuid_of(v: Option<&Value>) -> Option<Uuid> {
    v.and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

impl Accountability {
    /// No token: the Public policy only.
    pub async fn public(db: &Db, client: ClientInfo) -> Result<Accountability> {
        let mut acc = Accountability {
            client,
            ..Default::default()
        };
        acc.load_policies(db).await?;
        Ok(acc)
    }

    /// Resolves a bearer / query / cookie token (spec §4.1).
    pub async fn from_token(
        db: &Db,
        secret: &str,
        token: &str,
        client: ClientInfo,
    ) -> Result<Accountability> {
        if jwt::is_directus_jwt(token) {
            let claims: AccessClaims = jwt::verify(token, secret)?;
            if let Some(share) = &claims.share {
                let share =
                    Uuid::parse_str(share).map_err(|_| Error::new(ErrorCode::InvalidToken))?;
                if let Some(session) = &claims.session {
                    check_session(db, session, None).await?;
                }
                return Ok(Accountability {
                    share: Some(share),
                    session: claims.session,
                    client,
                    ..Default::default()
                });
            }
            let user = claims
                .id
                .as_deref()
                .and_then(|s| Uuid::parse_str(s).ok())
                .ok_or_else(|| Error::new(ErrorCode::InvalidToken))?;
            if let Some(session) = &claims.session {
                check_session(db, session, Some(user)).await?;
            }
            let mut acc = Accountability::for_user(db, user, client)
                .await?
                .ok_or_else(Error::invalid_credentials)?;
            acc.session = claims.session;
            return Ok(acc);
        }
        Accountability::resolve(db, Expr::col(("u", "token")).eq(token), client)
            .await?
            .ok_or_else(Error::invalid_credentials)
    }

    /// The accountability of an existing user (None when the user does not exist or is not
    /// active).
    pub async fn for_user(
        db: &Db,
        user: Uuid,
        client: ClientInfo,
    ) -> Result<Option<Accountability>> {
        Accountability::resolve(db, Expr::col(("u", "id")).eq(user), client).await
    }

    /// One statement for the common case: the user, its role's parent, and every policy of the
    /// user or its role. Only roles nested under other roles need two more (ancestry, their
    /// policies).
    async fn resolve(db: &Db, which: Expr, client: ClientInfo) -> Result<Option<Accountability>> {
        let q = Query::select()
            .expr_as(Expr::col(("u", "id")), "user_id")
            .expr_as(Expr::col(("u", "status")), "status")
            .expr_as(Expr::col(("u", "role")), "role")
            .expr_as(Expr::col(("r", "parent")), "role_parent")
            .expr_as(Expr::col(("a", "policy")), "policy")
            .columns([
                ("p", "admin_access"),
                ("p", "app_access"),
                ("p", "enforce_tfa"),
                ("p", "ip_access"),
            ])
            .from_as("directus_users", "u")
            .join_as(
                JoinType::LeftJoin,
                "directus_roles",
                "r",
                Expr::col(("r", "id")).equals(("u", "role")),
            )
            .join_as(
                JoinType::LeftJoin,
                "directus_access",
                "a",
                Expr::col(("a", "user"))
                    .equals(("u", "id"))
                    .or(Expr::col(("a", "role")).equals(("u", "role"))),
            )
            .join_as(
                JoinType::LeftJoin,
                "directus_policies",
                "p",
                Expr::col(("p", "id")).equals(("a", "policy")),
            )
            .and_where(which)
            .to_owned();
        let rows = db.fetch_all(&q).await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        // Suspended, archived, invited… users lose access at once, whatever token they hold.
        if first.get("status").and_then(Value::as_str) != Some("active") {
            return Ok(None);
        }
        let Some(user) = uuid_of(first.get("user_id")) else {
            return Ok(None);
        };
        let role = uuid_of(first.get("role"));
        let mut acc = Accountability {
            user: Some(user),
            role,
            client,
            ..Default::default()
        };
        if uuid_of(first.get("role_parent")).is_some() {
            if let Some(role) = role {
                acc.roles = role_ancestry(db, role).await?;
            }
            acc.load_policies(db).await?;
            return Ok(Some(acc));
        }
        acc.roles = role.into_iter().collect();
        for row in rows
            .iter()
            .filter(|r| r.get("policy").is_some_and(|p| !p.is_null()))
        {
            acc.add_policy(row);
        }
        Ok(Some(acc))
    }

    fn add_policy(&mut self, row: &Row) {
        if !ip_allowed(row.get("ip_access"), self.client.ip) {
            return;
        }
        if let Some(p) = uuid_of(row.get("policy"))
            && !self.policies.contains(&p)
        {
            self.policies.push(p);
        }
        self.admin |= truthy(row, "admin_access");
        self.app |= truthy(row, "app_access");
        self.enforce_tfa |= truthy(row, "enforce_tfa");
    }

    /// Policies from access rows of the roles or the user (Public policy when neither), minus
    /// those whose `ip_access` excludes the client; admin/app access are ORed over them.
    async fn load_policies(&mut self, db: &Db) -> Result<()> {
        let mut q = Query::select();
        q.column(("directus_access", "policy"))
            .columns([
                ("directus_policies", "admin_access"),
                ("directus_policies", "app_access"),
                ("directus_policies", "enforce_tfa"),
                ("directus_policies", "ip_access"),
            ])
            .from("directus_access")
            .inner_join(
                "directus_policies",
                Expr::col(("directus_policies", "id")).equals(("directus_access", "policy")),
            );
        match self.user {
            Some(user) => {
                let mut cond = Cond::any().add(Expr::col(("directus_access", "user")).eq(user));
                if !self.roles.is_empty() {
                    cond = cond.add(
                        Expr::col(("directus_access", "role")).is_in(self.roles.iter().copied()),
                    );
                }
                q.cond_where(cond);
            }
            None => {
                q.and_where(Expr::col(("directus_access", "role")).is_null())
                    .and_where(Expr::col(("directus_access", "user")).is_null());
            }
        }
        for row in db.fetch_all(&q.to_owned()).await? {
            self.add_policy(&row);
        }
        Ok(())
    }
}

/// A boolean column however the driver returns it (bool, 0/1, "true").
pub(crate) fn truthy(row: &Row, key: &str) -> bool {
    match row.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s == "true",
        _ => false,
    }
}

/// The role and its parents, nearest first (cycles and depth beyond 100 are cut).
async fn role_ancestry(db: &Db, role: Uuid) -> Result<Vec<Uuid>> {
    let rows = db
        .fetch_all(
            &Query::select()
                .columns(["id", "parent"])
                .from("directus_roles")
                .to_owned(),
        )
        .await?;
    let parent_of: std::collections::HashMap<Uuid, Option<Uuid>> = rows
        .iter()
        .filter_map(|r| uuid_of(r.get("id")).map(|id| (id, uuid_of(r.get("parent")))))
        .collect();
    let mut chain = vec![role];
    let mut current = role;
    while let Some(Some(parent)) = parent_of.get(&current) {
        if chain.contains(parent) || chain.len() > 100 {
            break;
        }
        chain.push(*parent);
        current = *parent;
    }
    Ok(chain)
}

/// The `directus_sessions` row of `token` while it is alive; otherwise INVALID_CREDENTIALS.
pub async fn live_session(db: &Db, token: &str) -> Result<Row> {
    let q = Query::select()
        .column(sea_query::Asterisk)
        .from("directus_sessions")
        .and_where(Expr::col("token").eq(token))
        .to_owned();
    let row = db
        .fetch_optional(&q)
        .await?
        .ok_or_else(Error::invalid_credentials)?;
    let expires = row
        .get("expires")
        .and_then(dialect::parse_timestamp)
        .ok_or_else(Error::invalid_credentials)?;
    if expires < chrono::Utc::now() {
        return Err(Error::invalid_credentials());
    }
    Ok(row)
}

/// A session JWT is only good while its `directus_sessions` row lives (logout ends it at once).
async fn check_session(db: &Db, token: &str, user: Option<Uuid>) -> Result<()> {
    let row = live_session(db, token).await?;
    if user.is_some() && uuid_of(row.get("user")) != user {
        return Err(Error::invalid_credentials());
    }
    Ok(())
}

/// `ip_access` is a CSV of addresses or CIDR ranges; empty means everywhere.
fn ip_allowed(list: Option<&Value>, ip: Option<IpAddr>) -> bool {
    let entries = crate::schema::parse_list(list);
    if entries.is_empty() {
        return true;
    }
    let Some(ip) = ip else { return false };
    entries.iter().any(|entry| in_range(ip, entry))
}

fn in_range(ip: IpAddr, entry: &str) -> bool {
    let (addr, bits) = match entry.split_once('/') {
        Some((a, b)) => (a, b.parse::<u32>().ok()),
        None => (entry, None),
    };
    let Ok(net) = addr.parse::<IpAddr>() else {
        return false;
    };
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let bits = Ord::min(bits.unwrap_or(32), 32);
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let bits = Ord::min(bits.unwrap_or(128), 128);
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_access_matches_addresses_and_ranges() {
        let ip: IpAddr = "10.1.2.3".parse().expect("ip");
        assert!(ip_allowed(None, Some(ip)));
        assert!(ip_allowed(Some(&Value::from("10.0.0.0/8")), Some(ip)));
        assert!(ip_allowed(
            Some(&Value::from("192.168.0.1, 10.1.2.3")),
            Some(ip)
        ));
        assert!(!ip_allowed(Some(&Value::from("192.168.0.0/16")), Some(ip)));
        assert!(!ip_allowed(Some(&Value::from("10.0.0.0/8")), None));
        assert!(ip_allowed(Some(&Value::from("::1")), "::1".parse().ok()));
    }
}

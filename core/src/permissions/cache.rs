//! The permission rows of a policy set, read once and kept until any role, policy, access or
//! permission changes through Strata (`clear`). Changes made behind Strata's back are seen after
//! a restart or the next such write.

use super::Permission;
use crate::db::Db;
use crate::error::Result;
use sea_query::{Expr, ExprTrait, Order, Query};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// Bounds memory: past this many policy sets the cache starts afresh.
const MAX_ENTRIES: usize = 1_000;

#[derive(Default)]
pub struct PolicyCache {
    entries: Mutex<HashMap<Vec<Uuid>, Arc<Vec<Permission>>>>,
}

impl PolicyCache {
    /// The permissions of `policies`, in policy order (later policies' presets win).
    pub async fn permissions(&self, db: &Db, policies: &[Uuid]) -> Result<Arc<Vec<Permission>>> {
        if let Some(hit) = self
            .entries
            .lock()
            .ok()
            .and_then(|e| e.get(policies).cloned())
        {
            return Ok(hit);
        }
        let loaded = Arc::new(load(db, policies).await?);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(policies.to_vec(), loaded.clone());
        }
        Ok(loaded)
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

async fn load(db: &Db, policies: &[Uuid]) -> Result<Vec<Permission>> {
    if policies.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns([
            "policy",
            "collection",
            "action",
            "permissions",
            "validation",
            "presets",
            "fields",
        ])
        .from("directus_permissions")
        .and_where(Expr::col("policy").is_in(policies.iter().copied()))
        .order_by("id", Order::Asc)
        .to_owned();
    let rows = db.fetch_all(&q).await?;
    let mut out: Vec<(usize, Permission)> = rows
        .iter()
        .filter_map(|row| {
            let policy = crate::auth::accountability::uuid_of(row.get("policy"))?;
            let rank = policies.iter().position(|p| *p == policy)?;
            Some((rank, Permission::from_row(row)?))
        })
        .collect();
    out.sort_by_key(|(rank, _)| *rank);
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

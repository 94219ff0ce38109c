//! Permission checks of a write, at every level of a nested payload: the payload through
//! `permissions::payload::process`, and the target rows of updates and deletes re-read under the
//! action's item rule (one missing key is a 403 for the whole request, nothing written).

use super::{WriteCtx, info};
use crate::error::{Error, Result};
use crate::permissions::{Action, payload};
use crate::query::filter::{self, FilterCtx};
use crate::query::{cast, col, tbl};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The payload as the caller may write it (presets added), unchanged for administrators.
pub fn payload<'p>(
    ctx: &WriteCtx<'_>,
    collection: &str,
    action: Action,
    payload: &'p Map<String, Value>,
) -> Result<Cow<'p, Map<String, Value>>> {
    crate::permissions::validate::check_fields(info(ctx.schema, collection)?, payload)?;
    match ctx.access {
        None => Ok(Cow::Borrowed(payload)),
        Some(access) => Ok(Cow::Owned(payload::process(
            access, collection, action, payload,
        )?)),
    }
}

/// 403 unless every key names an existing item of `collection` that the caller may `action`.
pub async fn check_keys(
    ctx: &mut WriteCtx<'_>,
    collection: &str,
    keys: &[Value],
    action: Action,
) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let rule = match ctx.access {
        None => None,
        Some(access) => access.require(collection, action)?.rows.clone(),
    };
    let info = info(ctx.schema, collection)?;
    let pk = info
        .primary_key_field()
        .ok_or_else(|| Error::internal(format!("collection {collection} has no primary key")))?;
    let params = keys
        .iter()
        .map(|k| cast::input(pk, k).map(Expr::val))
        .collect::<Result<Vec<_>>>()
        .map_err(|_| Error::forbidden())?;
    let mut q = Query::select()
        .expr(col(collection, &pk.name))
        .from(tbl(collection))
        .and_where(col(collection, &pk.name).is_in(params))
        .to_owned();
    if let Some(rule) = rule {
        let unrestricted = FilterCtx {
            schema: ctx.schema,
            backend: ctx.tx.backend(),
            access: None,
        };
        q.cond_where(filter::compile(&unrestricted, collection, &rule)?);
    }
    let found = ctx.tx.fetch_all(&q).await?.len();
    let distinct: std::collections::HashSet<String> = keys.iter().map(super::key_text).collect();
    if found < distinct.len() {
        return Err(Error::forbidden());
    }
    if action == Action::Update {
        ctx.updatable
            .extend(distinct.into_iter().map(|k| (collection.to_string(), k)));
    }
    Ok(())
}

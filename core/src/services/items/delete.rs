//! Deletes: by key, by keys, by query; one transaction, activity per item.

use super::ItemsService;
use crate::error::Result;
use crate::permissions::Action;
use crate::query::{cast, col, tbl};
use crate::services::activity;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::Value;

impl ItemsService<'_> {
    /// Deletes every key (403 when one does not exist; nothing is deleted then).
    pub async fn delete_keys(&self, keys: &[Value]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let pk = self.primary_key_field()?.clone();
        let mut ctx = self.write_ctx().await?;
        self.check_keys_exist(&mut ctx, keys, Action::Delete)
            .await?;
        let params = keys
            .iter()
            .map(|k| cast::input(&pk, k).map(Expr::val))
            .collect::<Result<Vec<_>>>()?;
        if self.info()?.accountability.is_some() {
            for k in keys {
                ctx.mutations += 1;
                let item = match k {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                activity::record(&mut ctx.tx, self.acc, "delete", &self.collection, &item).await?;
            }
        }
        let stmt = Query::delete()
            .from_table(tbl(&self.collection))
            .and_where(col(&self.collection, &pk.name).is_in(params))
            .to_owned();
        ctx.tx.execute(&stmt).await?;
        ctx.tx.commit().await?;
        self.written("delete", keys);
        Ok(())
    }
}

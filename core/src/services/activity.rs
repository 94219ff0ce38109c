//! Activity and revision rows (`directus_activity`, `directus_revisions`).

use crate::auth::Accountability;
use crate::db::{Row, Tx, values};
use crate::error::Result;
use sea_query::{Expr, Query, Value as SeaValue};
use serde_json::json;

/// Records one action and returns the new activity id (used by revisions).
pub async fn record(
    tx: &mut Tx,
    acc: &Accountability,
    action: &str,
    collection: &str,
    item: &str,
) -> Result<Option<i64>> {
    let insert = Query::insert()
        .into_table("directus_activity")
        .columns([
            "action",
            "user",
            "timestamp",
            "ip",
            "user_agent",
            "origin",
            "collection",
            "item",
        ])
        .values_panic(<[SeaValue; 8]>::map(
            [
                action.into(),
                SeaValue::Uuid(acc.user),
                SeaValue::ChronoDateTimeUtc(Some(chrono::Utc::now())),
                acc.client.ip.map(|ip| ip.to_string()).into(),
                acc.client.user_agent.clone().into(),
                acc.client.origin.clone().into(),
                collection.into(),
                item.into(),
            ],
            Expr::val,
        ))
        .to_owned();
    tx.insert_returning_id(insert, "id").await
}

/// A revision for an update: the full row after the change and the changed fields.
pub async fn revision(
    tx: &mut Tx,
    activity: i64,
    collection: &str,
    item: &str,
    data: &Row,
    delta: &Row,
) -> Result<Option<i64>> {
    let mut row = Row::new();
    row.insert("activity".into(), activity.into());
    row.insert("collection".into(), collection.into());
    row.insert("item".into(), item.into());
    row.insert("data".into(), json!(data));
    row.insert("delta".into(), json!(delta));
    tx.insert_returning_id(
        values::insert_row("directus_revisions", &row, values::Casts::NONE)?,
        "id",
    )
    .await
}

/// Makes `children` (revisions of nested items) point at the revision of their parent item.
pub async fn adopt_revisions(tx: &mut Tx, parent: i64, children: &[i64]) -> Result<()> {
    if children.is_empty() {
        return Ok(());
    }
    let q = sea_query::Query::update()
        .table("directus_revisions")
        .value("parent", parent)
        .and_where(sea_query::ExprTrait::is_in(
            sea_query::Expr::col("id"),
            children.iter().copied(),
        ))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

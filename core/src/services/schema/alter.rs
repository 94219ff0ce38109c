//! Altering a field's column: refusing changes that would damage rows (unless forced), the
//! statement per backend (SQLite rebuilds the table), and its unique and plain indexes.

use crate::db::dialect::ddl::{self, ColumnSpec};
use crate::db::dialect::lossy;
use crate::db::dialect::sqlite_rebuild::{self, Change};
use crate::db::{Backend, Tx};
use crate::error::{Error, Result};
use serde_json::Value;

/// Refuses a change that would damage rows (values cut, not convertible, or NULL where NULL
/// is no longer allowed) unless `force`, which first makes those rows fit.
pub async fn guard(
    tx: &mut Tx,
    backend: Backend,
    table: &str,
    old: &ColumnSpec,
    new: &ColumnSpec,
    force: bool,
) -> Result<()> {
    let t = ddl::quote(backend, table);
    let col = ddl::quote(backend, &new.name);
    let count = |condition: String| format!("SELECT COUNT(*) AS n FROM {t} WHERE {condition}");
    if let Some(damage) = lossy::damage(backend, old, new) {
        let rows = tx.fetch_sql(&count(damage.condition.clone())).await?;
        let n = rows
            .first()
            .and_then(|r| r.get("n"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if n > 0 && !force {
            return Err(Error::invalid_payload(format!(
                "Changing field \"{}\" would lose data: {} in {n} row(s). Pass \"force\" to change it anyway",
                new.name, damage.reason
            )));
        }
        if n > 0 {
            let sql = format!(
                "UPDATE {t} SET {col} = {} WHERE {}",
                damage.repair, damage.condition
            );
            tx.ddl(&sql).await?;
        }
    }
    if old.nullable && !new.nullable {
        let rows = tx.fetch_sql(&count(format!("{col} IS NULL"))).await?;
        let n = rows
            .first()
            .and_then(|r| r.get("n"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if n > 0 {
            return Err(Error::with_message(
                crate::error::ErrorCode::ContainsNullValues,
                format!("Field \"{}\" contains null values in {n} row(s).", new.name),
            ));
        }
    }
    Ok(())
}

pub async fn alter(
    tx: &mut Tx,
    backend: Backend,
    table: &str,
    old: &ColumnSpec,
    new: &ColumnSpec,
) -> Result<()> {
    let column_changed = ColumnSpec {
        is_unique: old.is_unique,
        is_indexed: old.is_indexed,
        ..new.clone()
    } != *old;
    if column_changed {
        match backend {
            Backend::Sqlite => sqlite_rebuild::rebuild(tx, table, Change::Replace(new)).await?,
            _ => {
                for sql in ddl::alter_column(backend, table, old, new)? {
                    tx.ddl(&sql).await?;
                }
            }
        }
    }
    for (was, is, kind) in [
        (old.is_unique, new.is_unique, "unique"),
        (old.is_indexed, new.is_indexed, "index"),
    ] {
        if was == is || new.is_primary_key {
            continue;
        }
        if is {
            let only = ColumnSpec {
                is_unique: kind == "unique",
                is_indexed: kind == "index",
                ..new.clone()
            };
            for sql in ddl::index_statements(backend, table, &only) {
                tx.ddl(&sql).await?;
            }
        } else {
            let name = existing_index(tx, backend, table, &new.name, kind == "unique")
                .await?
                .unwrap_or_else(|| ddl::index_name(table, &new.name, kind));
            tx.ddl(&ddl::drop_index(backend, table, &name)).await?;
        }
    }
    Ok(())
}

/// The name of the single-column (unique) index on `table.column`, whoever made it.
async fn existing_index(
    tx: &mut Tx,
    backend: Backend,
    table: &str,
    column: &str,
    unique: bool,
) -> Result<Option<String>> {
    let (t, c) = (
        ddl::string_literal(backend, table),
        ddl::string_literal(backend, column),
    );
    let sql = match backend {
        Backend::Sqlite => format!(
            "SELECT l.name AS name FROM pragma_index_list({t}) l WHERE l.\"unique\" = {} AND l.origin = 'c' \
             AND (SELECT group_concat(name) FROM pragma_index_info(l.name)) = {c}",
            u8::from(unique)
        ),
        Backend::Postgres => format!(
            "SELECT ic.relname::text AS name FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid \
             JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_attribute a ON a.attrelid = cl.oid \
             AND a.attnum = i.indkey[0] WHERE cl.relname = {t} AND a.attname = {c} \
             AND i.indnatts = 1 AND i.indisunique = {unique} AND NOT i.indisprimary"
        ),
        Backend::MySql => format!(
            "SELECT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() \
             AND table_name = {t} AND column_name = {c} AND non_unique = {} AND index_name <> 'PRIMARY'",
            u8::from(!unique)
        ),
    };
    Ok(tx
        .fetch_sql(&sql)
        .await?
        .first()
        .and_then(|r| r.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string))
}

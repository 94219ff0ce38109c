//! Brings a database up to Strata's system schema: creates missing system tables, adds missing
//! columns to existing ones (so a database Directus bootstrapped opens unchanged), inserts the
//! seed rows, and records what was applied. Running it again changes nothing.

use super::{Backend, Db, dialect};
use crate::error::{Error, Result};
use sea_query::{Expr, ExprTrait, Query};
use std::collections::{HashMap, HashSet};
use strata_migrations as m;

/// What one run changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    pub tables_created: Vec<String>,
    pub columns_added: Vec<String>,
    pub seeds_inserted: usize,
    pub versions_recorded: usize,
}

impl MigrationReport {
    pub fn is_noop(&self) -> bool {
        *self == MigrationReport::default()
    }
}

const STRATA_MIGRATIONS: &str = "strata_migrations";
/// Recorded when Strata created `directus_migrations` itself (see the history rule in `run`).
const OWNS_DIRECTUS_HISTORY: &str = "0000-owns-directus-history";

fn strata_migrations_ddl(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "CREATE TABLE IF NOT EXISTS strata_migrations (version varchar(255) NOT NULL PRIMARY KEY, \
             name varchar(255) NOT NULL, timestamp datetime DEFAULT CURRENT_TIMESTAMP)"
        }
        Backend::Postgres => {
            "CREATE TABLE IF NOT EXISTS strata_migrations (version varchar(255) NOT NULL PRIMARY KEY, \
             name varchar(255) NOT NULL, timestamp timestamp with time zone DEFAULT CURRENT_TIMESTAMP)"
        }
        Backend::MySql => {
            "CREATE TABLE IF NOT EXISTS strata_migrations (version varchar(255) NOT NULL PRIMARY KEY, \
             name varchar(255) NOT NULL, timestamp timestamp NULL DEFAULT CURRENT_TIMESTAMP)"
        }
    }
}

/// Every (table → columns) in the connected database.
pub async fn existing_columns(db: &Db) -> Result<HashMap<String, HashSet<String>>> {
    let rows = db.fetch_sql(dialect::columns_sql(db.backend())).await?;
    let mut map: HashMap<String, HashSet<String>> = HashMap::new();
    for row in rows {
        let (Some(t), Some(c)) = (
            row.get("table_name").and_then(|v| v.as_str()),
            row.get("column_name").and_then(|v| v.as_str()),
        ) else {
            continue;
        };
        map.entry(t.to_string()).or_default().insert(c.to_string());
    }
    Ok(map)
}

pub async fn run(db: &Db) -> Result<MigrationReport> {
    let backend = db.backend();
    let existing = existing_columns(db).await?;
    let mut report = MigrationReport::default();
    let mut tx = db.begin().await?;
    if !existing.contains_key(STRATA_MIGRATIONS) {
        tx.execute_sql(strata_migrations_ddl(backend)).await?;
    }
    let mut created = Vec::new();
    for table in m::system_tables() {
        match existing.get(table.name) {
            None => {
                for sql in m::create_table(table, backend) {
                    tx.execute_sql(&sql)
                        .await
                        .map_err(|e| ddl_error(table.name, &sql, e))?;
                }
                created.push(table);
                report.tables_created.push(table.name.to_string());
            }
            Some(columns) => {
                for column in table.columns.iter().filter(|c| !columns.contains(c.name)) {
                    for sql in m::add_column(table, column, backend) {
                        tx.execute_sql(&sql)
                            .await
                            .map_err(|e| ddl_error(table.name, &sql, e))?;
                    }
                    report
                        .columns_added
                        .push(format!("{}.{}", table.name, column.name));
                }
            }
        }
    }
    for table in created {
        for sql in m::add_foreign_keys(table, backend) {
            tx.execute_sql(&sql)
                .await
                .map_err(|e| ddl_error(table.name, &sql, e))?;
        }
    }
    for seed in m::seed_rows() {
        if tx
            .fetch_sql(&m::seed_exists_sql(seed, backend))
            .await?
            .is_empty()
        {
            tx.execute_sql(&m::insert_seed(seed, backend)).await?;
            report.seeds_inserted += 1;
        }
    }
    let owns_history = report
        .tables_created
        .iter()
        .any(|t| t == "directus_migrations")
        || !tx
            .fetch_all(
                &Query::select()
                    .column("version")
                    .from(STRATA_MIGRATIONS)
                    .and_where(Expr::col("version").eq(OWNS_DIRECTUS_HISTORY))
                    .to_owned(),
            )
            .await?
            .is_empty();
    let mut own = vec![(m::STRATA_SCHEMA_VERSION, "Directus system tables")];
    if owns_history {
        own.push((
            OWNS_DIRECTUS_HISTORY,
            "Strata installed the Directus system tables",
        ));
    }
    for (table, versions) in [
        (STRATA_MIGRATIONS, &own[..]),
        ("directus_migrations", m::DIRECTUS_MIGRATIONS),
    ] {
        let recorded: HashSet<String> = tx
            .fetch_all(&Query::select().column("version").from(table).to_owned())
            .await?
            .into_iter()
            .filter_map(|r| {
                r.get("version")
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .collect();
        // A database that Directus migrated keeps its own history: Directus runs its newer
        // migrations itself (some are not additive). Only when Strata installed the system tables
        // does it record the history of the Directus release whose schema it reproduces.
        if table == "directus_migrations" && !owns_history {
            continue;
        }
        for (version, name) in versions.iter().filter(|(v, _)| !recorded.contains(*v)) {
            let insert = Query::insert()
                .into_table(table)
                .columns(["version", "name"])
                .values_panic([Expr::val(*version), Expr::val(*name)])
                .to_owned();
            tx.execute(&insert).await?;
            report.versions_recorded += 1;
        }
    }
    tx.commit().await?;
    Ok(report)
}

fn ddl_error(table: &str, sql: &str, e: Error) -> Error {
    tracing::error!(table, sql, "migration statement failed");
    e
}

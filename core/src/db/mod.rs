//! Connection pools (SQLite: one writer + a read pool in WAL mode; PostgreSQL; MySQL/MariaDB),
//! transactions, and running sea-query statements with results as JSON rows.

pub mod dialect;
pub mod migrate;
pub mod values;

use crate::config::{DbClient, DbConfig};
use crate::error::{Error, Result};
use dialect::params::Params;
use sea_query::{QueryStatementWriter, Values};
use serde_json::{Map, Value};
use sqlx::{MySqlPool, PgPool, SqlitePool};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub use strata_migrations::Backend;

/// One result row: column name → JSON value, in select order.
pub type Row = Map<String, Value>;

#[derive(Clone)]
enum Pools {
    Sqlite {
        writer: SqlitePool,
        reader: SqlitePool,
    },
    Postgres(PgPool),
    MySql(MySqlPool),
}

/// The database of one Strata instance. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pools: Pools,
}

/// Runs `$body` with `$conn` bound to the right executor and `$be` to the backend, for each
/// backend; the body is written once and type-checked per driver.
macro_rules! on_pool {
    ($self:expr, $write:expr, |$conn:ident, $be:ident| $body:expr) => {
        match &$self.pools {
            Pools::Sqlite { writer, reader } => {
                let $conn = if $write { writer } else { reader };
                let $be = Backend::Sqlite;
                $body
            }
            Pools::Postgres(pool) => {
                let $conn = pool;
                let $be = Backend::Postgres;
                $body
            }
            Pools::MySql(pool) => {
                let $conn = pool;
                let $be = Backend::MySql;
                $body
            }
        }
    };
}

macro_rules! on_tx {
    ($self:expr, |$conn:ident, $be:ident| $body:expr) => {
        match &mut $self.inner {
            TxInner::Sqlite(tx) => {
                let $conn = &mut **tx;
                let $be = Backend::Sqlite;
                $body
            }
            TxInner::Postgres(tx) => {
                let $conn = &mut **tx;
                let $be = Backend::Postgres;
                $body
            }
            TxInner::MySql(tx) => {
                let $conn = &mut **tx;
                let $be = Backend::MySql;
                $body
            }
        }
    };
}

tokio::task_local! {
    /// Statements run by the current request, when something counts them (see `count_statements`).
    static STATEMENTS: Arc<AtomicU32>;
}

/// Runs `fut` counting the SQL statements it executes on its own task.
pub async fn count_statements<F: std::future::Future>(fut: F) -> (F::Output, u32) {
    let counter = Arc::new(AtomicU32::new(0));
    let out = STATEMENTS.scope(counter.clone(), fut).await;
    (out, counter.load(Ordering::Relaxed))
}

fn note_statement() {
    let _ = STATEMENTS.try_with(|c| c.fetch_add(1, Ordering::Relaxed));
}

/// Builds SQL and values for `backend`, with values adapted to how Directus stores them there.
pub fn build(stmt: &impl QueryStatementWriter, backend: Backend) -> (String, Params) {
    let (sql, values) = match backend {
        Backend::Sqlite => stmt.build(sea_query::SqliteQueryBuilder),
        Backend::Postgres => stmt.build(sea_query::PostgresQueryBuilder),
        Backend::MySql => stmt.build(sea_query::MysqlQueryBuilder),
    };
    (sql, Params(dialect::adapt_values(values, backend)))
}

async fn fetch_rows<'c, DB, E>(exec: E, sql: &str, values: Params) -> Result<Vec<Row>>
where
    DB: sqlx::Database,
    DB::Row: dialect::ToJsonRow,
    E: sqlx::Executor<'c, Database = DB>,
    Params: for<'q> sqlx::IntoArguments<'q, DB>,
{
    note_statement();
    let rows = sqlx::query_with(sql, values)
        .fetch_all(exec)
        .await
        .map_err(dialect::translate_error)?;
    rows.iter().map(dialect::ToJsonRow::to_json_row).collect()
}

async fn execute_stmt<'c, DB, E>(exec: E, sql: &str, values: Params) -> Result<u64>
where
    DB: sqlx::Database,
    DB::QueryResult: dialect::RowsAffected,
    E: sqlx::Executor<'c, Database = DB>,
    Params: for<'q> sqlx::IntoArguments<'q, DB>,
{
    note_statement();
    let done = sqlx::query_with(sql, values)
        .execute(exec)
        .await
        .map_err(dialect::translate_error)?;
    Ok(dialect::RowsAffected::count(&done))
}

async fn execute_raw<'c, DB, E>(exec: E, sql: &'c str) -> Result<()>
where
    DB: sqlx::Database,
    E: sqlx::Executor<'c, Database = DB>,
{
    note_statement();
    sqlx::raw_sql(sql)
        .execute(exec)
        .await
        .map_err(dialect::translate_error)?;
    Ok(())
}

impl Db {
    pub async fn connect(cfg: &DbConfig) -> Result<Db> {
        let pools = match cfg.client {
            DbClient::Sqlite => {
                let (writer, reader) = dialect::sqlite::connect(cfg).await?;
                Pools::Sqlite { writer, reader }
            }
            DbClient::Postgres => Pools::Postgres(dialect::postgres::connect(cfg).await?),
            DbClient::MySql => Pools::MySql(dialect::mysql::connect(cfg).await?),
        };
        Ok(Db { pools })
    }

    pub fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
            Pools::MySql(_) => Backend::MySql,
        }
    }

    /// The `DB_CLIENT` name Directus uses in health checks.
    pub fn client_name(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => "sqlite3",
            Backend::Postgres => "pg",
            Backend::MySql => "mysql",
        }
    }

    pub async fn fetch_all(&self, stmt: &impl QueryStatementWriter) -> Result<Vec<Row>> {
        on_pool!(self, false, |conn, be| {
            let (sql, values) = build(stmt, be);
            fetch_rows(conn, &sql, values).await
        })
    }

    pub async fn fetch_optional(&self, stmt: &impl QueryStatementWriter) -> Result<Option<Row>> {
        Ok(self.fetch_all(stmt).await?.into_iter().next())
    }

    pub async fn execute(&self, stmt: &impl QueryStatementWriter) -> Result<u64> {
        on_pool!(self, true, |conn, be| {
            let (sql, values) = build(stmt, be);
            execute_stmt(conn, &sql, values).await
        })
    }

    /// Runs trusted SQL text (DDL from the migrations crate, introspection); never user input.
    pub async fn execute_sql(&self, sql: &str) -> Result<()> {
        // Owned here so the caller's borrow does not meet sqlx's lifetimes (futures stay Send).
        let sql = sql.to_string();
        on_pool!(self, true, |conn, _be| execute_raw(conn, &sql).await)
    }

    /// Runs a trusted SELECT (introspection) and returns its rows.
    pub async fn fetch_sql(&self, sql: &str) -> Result<Vec<Row>> {
        let sql = sql.to_string();
        on_pool!(self, false, |conn, _be| fetch_rows(
            conn,
            &sql,
            Params(Values(Vec::new()))
        )
        .await)
    }

    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.pools {
            Pools::Sqlite { writer, .. } => {
                TxInner::Sqlite(writer.begin().await.map_err(dialect::translate_error)?)
            }
            Pools::Postgres(p) => {
                TxInner::Postgres(p.begin().await.map_err(dialect::translate_error)?)
            }
            Pools::MySql(p) => TxInner::MySql(p.begin().await.map_err(dialect::translate_error)?),
        };
        Ok(Tx {
            inner,
            changed_schema: false,
        })
    }

    /// A transaction for changes to the data model. On SQLite it runs with foreign keys off:
    /// a table rebuild renames and drops the old table, and with foreign keys on SQLite would
    /// point other tables' references at the renamed copy and cascade the drop into their rows.
    /// The writer pool turns them back on when the connection is released; the rebuild checks
    /// the references itself before it commits.
    pub async fn begin_schema_change(&self) -> Result<Tx> {
        let Pools::Sqlite { writer, .. } = &self.pools else {
            return self.begin().await;
        };
        let mut conn = writer.acquire().await.map_err(dialect::translate_error)?;
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await
            .map_err(dialect::translate_error)?;
        let tx = sqlx::Transaction::begin(conn, None)
            .await
            .map_err(dialect::translate_error)?;
        Ok(Tx {
            inner: TxInner::Sqlite(tx),
            changed_schema: false,
        })
    }

    /// Round-trip time of a trivial query, for `/server/health`.
    pub async fn ping(&self) -> Result<Duration> {
        let start = Instant::now();
        self.fetch_sql("SELECT 1 AS one").await?;
        Ok(start.elapsed())
    }

    /// (connections open, connections idle) across the pools.
    pub fn pool_usage(&self) -> (u32, usize) {
        on_pool!(self, false, |pool, _be| (pool.size(), pool.num_idle()))
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { writer, reader } => {
                reader.close().await;
                writer.close().await;
            }
            Pools::Postgres(p) => p.close().await,
            Pools::MySql(p) => p.close().await,
        }
    }
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
    MySql(sqlx::Transaction<'static, sqlx::MySql>),
}

/// An open transaction; dropped without `commit` it rolls back.
pub struct Tx {
    inner: TxInner,
    /// Ran DDL: PostgreSQL connections older than the commit must not be reused.
    changed_schema: bool,
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
            TxInner::MySql(_) => Backend::MySql,
        }
    }

    pub async fn fetch_all(&mut self, stmt: &impl QueryStatementWriter) -> Result<Vec<Row>> {
        on_tx!(self, |conn, be| {
            let (sql, values) = build(stmt, be);
            fetch_rows(conn, &sql, values).await
        })
    }

    pub async fn fetch_optional(
        &mut self,
        stmt: &impl QueryStatementWriter,
    ) -> Result<Option<Row>> {
        Ok(self.fetch_all(stmt).await?.into_iter().next())
    }

    pub async fn execute(&mut self, stmt: &impl QueryStatementWriter) -> Result<u64> {
        on_tx!(self, |conn, be| {
            let (sql, values) = build(stmt, be);
            execute_stmt(conn, &sql, values).await
        })
    }

    /// Inserts one row and returns its generated integer key.
    pub async fn insert_returning_id(
        &mut self,
        mut stmt: sea_query::InsertStatement,
        pk: &str,
    ) -> Result<Option<i64>> {
        let row = match self.backend() {
            Backend::MySql => {
                self.execute(&stmt).await?;
                let last = sea_query::Query::select()
                    .expr_as(
                        sea_query::Expr::cust("LAST_INSERT_ID()"),
                        sea_query::Alias::new(pk),
                    )
                    .to_owned();
                self.fetch_optional(&last).await?
            }
            _ => {
                stmt.returning_col(sea_query::Alias::new(pk));
                self.fetch_optional(&stmt).await?
            }
        };
        Ok(row.and_then(|r| r.get(pk).and_then(Value::as_i64)))
    }

    /// Runs a trusted SELECT inside the transaction.
    pub async fn fetch_sql(&mut self, sql: &str) -> Result<Vec<Row>> {
        let sql = sql.to_string();
        on_tx!(self, |conn, _be| fetch_rows(
            conn,
            &sql,
            Params(Values(Vec::new()))
        )
        .await)
    }

    pub async fn execute_sql(&mut self, sql: &str) -> Result<()> {
        let sql = sql.to_string();
        on_tx!(self, |conn, _be| execute_raw(conn, &sql).await)
    }

    /// Runs one trusted statement without parameters (a schema change built by
    /// `db::dialect::ddl`); unlike `execute_sql`, usable from request handlers.
    pub async fn ddl(&mut self, sql: &str) -> Result<()> {
        if self.backend() == Backend::Postgres {
            dialect::postgres::schema_changed();
            self.changed_schema = true;
        }
        on_tx!(self, |conn, _be| execute_stmt(
            conn,
            sql,
            Params(Values(Vec::new()))
        )
        .await)?;
        Ok(())
    }

    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await,
            TxInner::Postgres(tx) => tx.commit().await,
            TxInner::MySql(tx) => tx.commit().await,
        }
        .map_err(dialect::translate_error)?;
        if self.changed_schema {
            // Plans cached by connections made while the change was in flight are stale too.
            dialect::postgres::schema_changed();
        }
        Ok(())
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        dialect::translate_error(e)
    }
}

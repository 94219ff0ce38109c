//! Databases under test: which ones (`TEST_DB`), creating a fresh one per server, dropping it
//! afterwards, and a little direct SQL for assertions (row counts, schema introspection).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use sqlx::{Connection, Executor};

/// Admin connection used to create/drop PostgreSQL test databases.
pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
/// Admin connection used to create/drop MySQL/MariaDB test databases.
pub const MYSQL_ADMIN_URL: &str = "mysql://root@127.0.0.1:3306/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
    Mysql,
}

impl fmt::Display for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Db::Sqlite => "sqlite",
            Db::Postgres => "postgres",
            Db::Mysql => "mysql",
        })
    }
}

/// The databases listed in `TEST_DB` (comma separated: sqlite, postgres, mysql; default sqlite).
pub fn dbs() -> Vec<Db> {
    let raw = std::env::var("TEST_DB").unwrap_or_default();
    let mut out = Vec::new();
    for part in raw.split(',').map(|s| s.trim().to_ascii_lowercase()) {
        let db = match part.as_str() {
            "" => continue,
            "sqlite" | "sqlite3" => Db::Sqlite,
            "postgres" | "pg" | "postgresql" => Db::Postgres,
            "mysql" | "mariadb" => Db::Mysql,
            other => panic!("TEST_DB: unknown database {other:?} (use sqlite, postgres, mysql)"),
        };
        if !out.contains(&db) {
            out.push(db);
        }
    }
    if out.is_empty() {
        out.push(Db::Sqlite);
    }
    out
}

/// Runs `body` once per database of [`dbs`], each in its own task. All databases are run even
/// if one fails; the final panic names every failing database with its message.
pub async fn for_each_db<F, Fut>(body: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut failures = Vec::new();
    for db in dbs() {
        if let Err(err) = tokio::spawn(body(db)).await {
            let msg = if err.is_panic() {
                let payload = err.into_panic();
                if let Some(s) = payload.downcast_ref::<String>() {
                    s.clone()
                } else if let Some(s) = payload.downcast_ref::<&str>() {
                    (*s).to_string()
                } else {
                    "panic with a non-string payload".to_string()
                }
            } else {
                format!("task cancelled: {err}")
            };
            failures.push(format!("[db={db}] {msg}"));
        }
    }
    if !failures.is_empty() {
        panic!("{}", failures.join("\n\n"));
    }
}

/// Boxed `Send` future. sqlx futures are boxed at their definition so that the `Send` proof is made
/// on a concrete type (avoids "implementation of `Executor` is not general enough" inside
/// [`for_each_db`] bodies).
type BoxFut<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// One fresh database and a temporary working directory (the server's cwd).
pub struct TestDb {
    pub db: Db,
    /// Server working directory (holds `./data`, the SQLite file, server logs).
    pub dir: tempfile::TempDir,
    /// Database name (PostgreSQL/MySQL) or file name (SQLite).
    pub name: String,
}

impl TestDb {
    pub async fn new(db: Db) -> TestDb {
        let dir = tempfile::Builder::new()
            .prefix("strata-test-")
            .tempdir()
            .expect("create temp dir");
        let suffix = uuid::Uuid::new_v4().simple().to_string();
        let name = match db {
            Db::Sqlite => "test.db".to_string(),
            Db::Postgres | Db::Mysql => format!("strata_t_{}", &suffix[..16]),
        };
        create_database(db, name.clone()).await;
        TestDb { db, dir, name }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Absolute path of the SQLite file (only meaningful for [`Db::Sqlite`]).
    pub fn sqlite_path(&self) -> PathBuf {
        self.dir.path().join(&self.name)
    }

    /// The `DB_*` environment variables pointing the server at this database.
    pub fn env(&self) -> Vec<(String, String)> {
        let kv = |k: &str, v: &str| (k.to_string(), v.to_string());
        match self.db {
            Db::Sqlite => vec![
                kv("DB_CLIENT", "sqlite3"),
                kv("DB_FILENAME", &self.sqlite_path().to_string_lossy()),
            ],
            Db::Postgres => vec![
                kv("DB_CLIENT", "pg"),
                kv("DB_HOST", "127.0.0.1"),
                kv("DB_PORT", "5432"),
                kv("DB_DATABASE", &self.name),
                kv("DB_USER", "postgres"),
            ],
            Db::Mysql => vec![
                kv("DB_CLIENT", "mysql"),
                kv("DB_HOST", "127.0.0.1"),
                kv("DB_PORT", "3306"),
                kv("DB_DATABASE", &self.name),
                kv("DB_USER", "root"),
            ],
        }
    }

    /// A URL for the database (`sqlite://`, `postgres://`, `mysql://`).
    pub fn url(&self) -> String {
        match self.db {
            Db::Sqlite => format!("sqlite://{}", self.sqlite_path().display()),
            Db::Postgres => format!("postgres://postgres@127.0.0.1:5432/{}", self.name),
            Db::Mysql => format!("mysql://root@127.0.0.1:3306/{}", self.name),
        }
    }

    /// Runs one statement (e.g. an `UPDATE` seeding a state the API cannot reach); returns the
    /// number of affected rows.
    pub fn execute(&self, sql: &str) -> BoxFut<u64> {
        let (url, sql, dbk) = (self.url(), sql.to_string(), self.db);
        Box::pin(async move {
            let res = match dbk {
                Db::Sqlite => {
                    let mut c = sqlx::SqliteConnection::connect(&url)
                        .await
                        .expect("connect sqlite");
                    c.execute(sql.as_str()).await.map(|r| r.rows_affected())
                }
                Db::Postgres => {
                    let mut c = sqlx::PgConnection::connect(&url)
                        .await
                        .expect("connect postgres");
                    c.execute(sql.as_str()).await.map(|r| r.rows_affected())
                }
                Db::Mysql => {
                    let mut c = sqlx::MySqlConnection::connect(&url)
                        .await
                        .expect("connect mysql");
                    c.execute(sql.as_str()).await.map(|r| r.rows_affected())
                }
            };
            res.unwrap_or_else(|e| panic!("[{dbk}] statement {sql:?} failed: {e}"))
        })
    }

    /// Runs a query returning one integer (e.g. `SELECT COUNT(*) FROM directus_users`).
    pub fn scalar_i64(&self, sql: &str) -> BoxFut<i64> {
        let (url, sql, dbk) = (self.url(), sql.to_string(), self.db);
        Box::pin(async move {
            let sql = sql.as_str();
            let res = match dbk {
                Db::Sqlite => {
                    let mut c = sqlx::SqliteConnection::connect(&url)
                        .await
                        .expect("connect sqlite");
                    sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut c).await
                }
                Db::Postgres => {
                    let mut c = sqlx::PgConnection::connect(&url)
                        .await
                        .expect("connect postgres");
                    sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut c).await
                }
                Db::Mysql => {
                    let mut c = sqlx::MySqlConnection::connect(&url)
                        .await
                        .expect("connect mysql");
                    sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut c).await
                }
            };
            res.unwrap_or_else(|e| panic!("[{dbk}] query {sql:?} failed: {e}"))
        })
    }

    /// Every table of the database with its column names.
    pub fn columns(&self) -> BoxFut<BTreeMap<String, BTreeSet<String>>> {
        let (url, dbk) = (self.url(), self.db);
        Box::pin(async move {
            let rows: Vec<(String, String)> = match dbk {
                Db::Sqlite => {
                    let mut c = sqlx::SqliteConnection::connect(&url)
                        .await
                        .expect("connect sqlite");
                    sqlx::query_as(
                        "SELECT m.name, p.name FROM sqlite_master m \
                     JOIN pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
                    )
                    .fetch_all(&mut c)
                    .await
                    .expect("sqlite introspection")
                }
                Db::Postgres => {
                    let mut c = sqlx::PgConnection::connect(&url)
                        .await
                        .expect("connect postgres");
                    sqlx::query_as(
                        "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema()",
                    )
                    .fetch_all(&mut c)
                    .await
                    .expect("postgres introspection")
                }
                Db::Mysql => {
                    let mut c = sqlx::MySqlConnection::connect(&url)
                        .await
                        .expect("connect mysql");
                    sqlx::query_as(
                        "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR) \
                     FROM information_schema.columns WHERE TABLE_SCHEMA = DATABASE()",
                    )
                    .fetch_all(&mut c)
                    .await
                    .expect("mysql introspection")
                }
            };
            let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (table, column) in rows {
                out.entry(table).or_default().insert(column);
            }
            out
        })
    }
}

/// `CREATE DATABASE` for PostgreSQL/MySQL (no-op for SQLite).
fn create_database(db: Db, name: String) -> BoxFut<()> {
    Box::pin(async move {
        match db {
            Db::Sqlite => {}
            Db::Postgres => {
                let mut conn = sqlx::PgConnection::connect(PG_ADMIN_URL)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("cannot connect to PostgreSQL at {PG_ADMIN_URL}: {e}")
                    });
                conn.execute(format!("CREATE DATABASE \"{name}\"").as_str())
                    .await
                    .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
                let _ = conn.close().await;
            }
            Db::Mysql => {
                let mut conn = sqlx::MySqlConnection::connect(MYSQL_ADMIN_URL)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("cannot connect to MySQL at {MYSQL_ADMIN_URL}: {e}")
                    });
                conn.execute(
                    format!(
                        "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                    )
                    .as_str(),
                )
                .await
                .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
                let _ = conn.close().await;
            }
        }
    })
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (db, name) = (self.db, self.name.clone());
        if db == Db::Sqlite {
            return;
        }
        // Drop from a separate thread with its own runtime: Drop cannot be async and may run
        // inside a runtime. Best effort.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                match db {
                    Db::Postgres => {
                        if let Ok(mut c) = sqlx::PgConnection::connect(PG_ADMIN_URL).await {
                            let _ = c
                                .execute(
                                    format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")
                                        .as_str(),
                                )
                                .await;
                        }
                    }
                    Db::Mysql => {
                        if let Ok(mut c) = sqlx::MySqlConnection::connect(MYSQL_ADMIN_URL).await {
                            let _ = c
                                .execute(format!("DROP DATABASE IF EXISTS `{name}`").as_str())
                                .await;
                        }
                    }
                    Db::Sqlite => {}
                }
            });
        })
        .join();
    }
}

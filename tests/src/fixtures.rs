//! Shared fixture for the `/items` tests: a small blog made with plain SQL plus the Directus
//! metadata rows a Directus project would hold for its o2m/m2m/m2a alias fields.
//!
//! Tables (ids 1.. in insertion order):
//! - `authors` (id, name, age, active): 1 Alice 30 true, 2 Bob 45 false, 3 Carol null true
//! - `posts` (id, title, body, views, rating, published, published_at, pub_date, meta, author → authors)
//!   1 "Hello World" (Alice), 2 "Rust Tips" (Alice), 3 "Draft" (Bob, body ''), 4 "hello again" (no author)
//! - `comments` (id, body, approved, post → posts), o2m `posts.comments`:
//!   1 Great (p1, approved), 2 Meh (p1), 3 Nice tips (p2, approved), 4 orphan (no post)
//! - `tags` (1 rust, 2 web, 3 news), junction `posts_tags` (posts_id, tags_id), m2m `posts.tags`:
//!   post 1 → rust, web; post 2 → rust
//! - `headings` (1 Intro, 2 Outro), `texts` (1 Lorem), junction `posts_sections`
//!   (posts_id, item, collection), m2a `posts.sections`: post 1 → headings 1, texts 1; post 2 → headings 2
//!
//! `posts.author` is an m2o known only from its foreign key (no `directus_relations` row).

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::db::Db;
use crate::http::{Resp, data};
use crate::server::TestServer;

/// Expands the type placeholders of a `CREATE TABLE` for `db`:
/// `{pk}` auto-increment integer primary key, `{fk}` integer column referencing such a key,
/// `{bool}`, `{ts}` (timestamp), `{json}`, `{uuid}`.
pub fn ddl(db: Db, sql: &str) -> String {
    let (pk, fk, boolean, ts, json, uuid) = match db {
        Db::Sqlite => (
            "integer primary key autoincrement",
            "integer",
            "boolean",
            "timestamp",
            "json",
            "char(36)",
        ),
        Db::Postgres => (
            "serial primary key",
            "integer",
            "boolean",
            "timestamptz",
            "json",
            "uuid",
        ),
        Db::Mysql => (
            "int unsigned auto_increment primary key",
            "int unsigned",
            "tinyint(1)",
            "timestamp NULL",
            "json",
            "char(36)",
        ),
    };
    sql.replace("{pk}", pk)
        .replace("{fk}", fk)
        .replace("{bool}", boolean)
        .replace("{ts}", ts)
        .replace("{json}", json)
        .replace("{uuid}", uuid)
}

/// A SQL literal for the UTC timestamp `YYYY-MM-DD HH:MM:SS` on `db`. SQLite stores timestamps
/// the way Directus (and Strata) write them there: epoch milliseconds.
pub fn ts(db: Db, v: &str) -> String {
    match db {
        Db::Postgres => format!("'{v}+00'"),
        Db::Mysql => format!("'{v}'"),
        Db::Sqlite => {
            let t = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S")
                .expect("timestamp literal");
            t.and_utc().timestamp_millis().to_string()
        }
    }
}

/// SQL for "now" as a timestamp value on `db` (epoch milliseconds on SQLite).
pub fn now_sql(db: Db) -> &'static str {
    match db {
        Db::Postgres => "now()",
        Db::Mysql => "CURRENT_TIMESTAMP",
        Db::Sqlite => "(CAST(strftime('%s','now') AS INTEGER) * 1000)",
    }
}

/// Percent-encodes a query-string value (JSON filters, values with spaces, ...).
pub fn enc(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A running server with the blog schema and seed data, and an admin token.
pub struct Blog {
    pub s: TestServer,
    pub db: Db,
    pub token: String,
}

const TABLES: &[&str] = &[
    "CREATE TABLE authors (id {pk}, name varchar(255) NOT NULL, age integer NULL, active {bool} NULL)",
    "CREATE TABLE posts (id {pk}, title varchar(255) NOT NULL, body text NULL, views integer NULL, \
     rating float NULL, published {bool} NULL, published_at {ts}, pub_date date NULL, meta {json} NULL, \
     author {fk} NULL REFERENCES authors(id))",
    "CREATE TABLE comments (id {pk}, body varchar(255) NULL, approved {bool} NULL, \
     post {fk} NULL REFERENCES posts(id))",
    "CREATE TABLE tags (id {pk}, name varchar(255) NULL)",
    "CREATE TABLE posts_tags (id {pk}, posts_id {fk} NULL REFERENCES posts(id), \
     tags_id {fk} NULL REFERENCES tags(id))",
    "CREATE TABLE headings (id {pk}, title varchar(255) NULL)",
    "CREATE TABLE texts (id {pk}, body varchar(255) NULL)",
    "CREATE TABLE posts_sections (id {pk}, posts_id {fk} NULL REFERENCES posts(id), \
     item varchar(255) NULL, collection varchar(255) NULL)",
];

const METADATA: &[&str] = &[
    "INSERT INTO directus_fields (collection, field, special, interface) VALUES \
     ('posts', 'comments', 'o2m', 'list-o2m'), ('posts', 'tags', 'm2m', 'list-m2m'), \
     ('posts', 'sections', 'm2a', 'list-m2a'), ('posts', 'meta', 'cast-json', 'input-code')",
    "INSERT INTO directus_relations (many_collection, many_field, one_collection, one_field, \
     junction_field, one_collection_field, one_allowed_collections, sort_field, one_deselect_action) VALUES \
     ('comments', 'post', 'posts', 'comments', NULL, NULL, NULL, NULL, 'nullify'), \
     ('posts_tags', 'posts_id', 'posts', 'tags', 'tags_id', NULL, NULL, NULL, 'nullify'), \
     ('posts_tags', 'tags_id', 'tags', NULL, 'posts_id', NULL, NULL, NULL, 'nullify'), \
     ('posts_sections', 'item', NULL, NULL, 'posts_id', 'collection', 'headings,texts', NULL, 'nullify'), \
     ('posts_sections', 'posts_id', 'posts', 'sections', 'item', NULL, NULL, NULL, 'nullify')",
];

impl Blog {
    /// Server (with `STRATA_COUNT_STATEMENTS=true`) + blog schema, metadata and seed rows.
    pub async fn start(db: Db) -> Blog {
        Self::start_env(db, Vec::<(String, String)>::new()).await
    }

    pub async fn start_env(db: Db, extra: Vec<(String, String)>) -> Blog {
        let mut env = vec![("STRATA_COUNT_STATEMENTS".to_string(), "true".to_string())];
        env.extend(extra);
        let s = TestServer::start_env(db, env).await;
        for t in TABLES {
            s.db.execute(&ddl(db, t)).await;
        }
        for m in METADATA {
            s.db.execute(m).await;
        }
        let t = |v: &str| ts(db, v);
        let seed = [
            "INSERT INTO authors (name, age, active) VALUES ('Alice', 30, true), ('Bob', 45, false), \
             ('Carol', NULL, true)"
                .to_string(),
            format!(
                "INSERT INTO posts (title, body, views, rating, published, published_at, pub_date, meta, author) VALUES \
                 ('Hello World', 'first post', 10, 4.5, true, {}, '2024-05-01', '{{\"a\":1,\"tags\":[\"x\"]}}', 1)",
                t("2024-05-01 10:00:00")
            ),
            format!(
                "INSERT INTO posts (title, body, views, rating, published, published_at, pub_date, meta, author) VALUES \
                 ('Rust Tips', 'about rust', 20, 3.5, true, {}, '2023-01-15', NULL, 1)",
                t("2023-01-15 08:30:00")
            ),
            "INSERT INTO posts (title, body, views, rating, published, published_at, pub_date, meta, author) VALUES \
             ('Draft', '', 0, NULL, false, NULL, NULL, NULL, 2)"
                .to_string(),
            format!(
                "INSERT INTO posts (title, body, views, rating, published, published_at, pub_date, meta, author) VALUES \
                 ('hello again', 'second hello', 5, 2.5, true, {}, '2024-12-31', '[1,2]', NULL)",
                t("2024-12-31 23:59:59")
            ),
            "INSERT INTO comments (body, approved, post) VALUES ('Great', true, 1), ('Meh', false, 1), \
             ('Nice tips', true, 2), ('orphan', false, NULL)"
                .to_string(),
            "INSERT INTO tags (name) VALUES ('rust'), ('web'), ('news')".to_string(),
            "INSERT INTO posts_tags (posts_id, tags_id) VALUES (1, 1), (1, 2), (2, 1)".to_string(),
            "INSERT INTO headings (title) VALUES ('Intro'), ('Outro')".to_string(),
            "INSERT INTO texts (body) VALUES ('Lorem')".to_string(),
            "INSERT INTO posts_sections (posts_id, item, collection) VALUES (1, '1', 'headings'), \
             (1, '1', 'texts'), (2, '2', 'headings')"
                .to_string(),
        ];
        for sql in &seed {
            s.db.execute(sql).await;
        }
        let token = s.admin_login().await;
        // The server reloads its schema on an unknown collection at most once per second.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        Blog { s, db, token }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.s.get(path, Some(&self.token)).await
    }

    /// `GET path` as admin, asserting 200 and returning `data`.
    pub async fn data(&self, path: &str) -> Value {
        data(&self.get(path).await, 200)
    }

    /// `data` of `GET path` as a list of the values of `key` (e.g. ids), in order.
    pub async fn col(&self, path: &str, key: &str) -> Vec<Value> {
        let d = self.data(path).await;
        d.as_array()
            .unwrap_or_else(|| panic!("GET {path}: data is not an array: {d}"))
            .iter()
            .map(|r| r[key].clone())
            .collect()
    }

    /// Sorted integer ids of `GET path` (adds nothing to the query: pass `fields=id`).
    pub async fn ids(&self, path: &str) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .col(path, "id")
            .await
            .iter()
            .map(|x| {
                x.as_i64()
                    .unwrap_or_else(|| panic!("GET {path}: id {x} not an integer"))
            })
            .collect();
        v.sort_unstable();
        v
    }

    pub async fn post(&self, path: &str, body: &Value) -> Resp {
        self.s.post(path, body, Some(&self.token)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Resp {
        self.s.patch(path, body, Some(&self.token)).await
    }

    pub async fn delete(&self, path: &str, body: Option<&Value>) -> Resp {
        let mut rb = self
            .s
            .request(Method::DELETE, path)
            .bearer_auth(&self.token);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        self.s.send(rb).await
    }

    pub async fn search(&self, path: &str, body: &Value) -> Resp {
        let method = Method::from_bytes(b"SEARCH").expect("SEARCH method");
        let rb = self
            .s
            .request(method, path)
            .bearer_auth(&self.token)
            .json(body);
        self.s.send(rb).await
    }

    /// `SELECT COUNT(*) FROM <table> [WHERE ...]`.
    pub async fn count(&self, table_and_where: &str) -> i64 {
        self.s
            .db
            .scalar_i64(&format!("SELECT COUNT(*) FROM {table_and_where}"))
            .await
    }

    /// The `x-strata-statements` header of a response.
    pub fn statements(r: &Resp) -> i64 {
        r.header("x-strata-statements")
            .unwrap_or_else(|| panic!("no x-strata-statements header: {}", r.describe()))
            .parse()
            .expect("x-strata-statements is an integer")
    }
}

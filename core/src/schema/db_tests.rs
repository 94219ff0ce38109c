//! Loads the overview from real databases (SQLite file, PostgreSQL, MariaDB/MySQL): a scratch
//! database per backend, migrated, plus tables made with plain SQL and no Directus metadata.
//! A backend whose server is unreachable is skipped with a note on stdout.

use super::*;
use crate::config::{DbClient, DbConfig, Secret};
use crate::db::Backend;
use sea_query::{Expr, Query};
use serde_json::json;
use std::path::PathBuf;

fn config(client: DbClient, database: &str, filename: PathBuf) -> DbConfig {
    let mysql = client == DbClient::MySql;
    DbConfig {
        client,
        filename,
        host: "127.0.0.1".into(),
        port: None,
        database: database.into(),
        user: (if mysql { "root" } else { "postgres" }).into(),
        password: Secret(String::new()),
        connection_string: None,
        pool_max: 2,
    }
}

/// A scratch database and what it takes to remove it.
struct Scratch {
    db: Db,
    name: String,
    admin: Option<Db>,
    file: Option<PathBuf>,
}

async fn scratch(client: DbClient) -> Option<Scratch> {
    let skip = |why: &str, e: crate::Error| println!("skipping {client:?}: {why} ({})", e.message);
    let name = format!(
        "schema_scratch_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    if client == DbClient::Sqlite {
        let file = std::env::temp_dir().join(format!("{name}.db"));
        let db = (Db::connect(&config(client, "", file.clone())).await)
            .map_err(|e| skip("cannot open a file", e))
            .ok()?;
        let (admin, file) = (None, Some(file));
        return Some(Scratch {
            db,
            name,
            admin,
            file,
        });
    }
    let mysql = client == DbClient::MySql;
    let admin_db = if mysql { "mysql" } else { "postgres" };
    let admin = (Db::connect(&config(client, admin_db, PathBuf::new())).await)
        .map_err(|e| skip("server unreachable", e))
        .ok()?;
    let quoted = if mysql {
        format!("`{name}`")
    } else {
        format!("\"{name}\"")
    };
    (admin
        .execute_sql(&format!("CREATE DATABASE {quoted}"))
        .await)
        .map_err(|e| skip("cannot create a scratch database", e))
        .ok()?;
    let db = Db::connect(&config(client, &name, PathBuf::new())).await;
    let (admin, file) = (Some(admin), None);
    match db {
        Ok(db) => Some(Scratch {
            db,
            name,
            admin,
            file,
        }),
        Err(e) => panic!("cannot connect to {name}: {}", e.message),
    }
}

async fn remove(scratch: Scratch) {
    scratch.db.close().await;
    if let Some(file) = scratch.file {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    if let Some(admin) = scratch.admin {
        let sql = match admin.backend() {
            Backend::MySql => format!("DROP DATABASE `{}`", scratch.name),
            _ => format!("DROP DATABASE \"{}\" WITH (FORCE)", scratch.name),
        };
        if let Err(e) = admin.execute_sql(&sql).await {
            println!("could not drop {}: {}", scratch.name, e.message);
        }
        admin.close().await;
    }
}

fn tables_sql(backend: Backend) -> [&'static str; 4] {
    match backend {
        Backend::Sqlite => [
            "CREATE TABLE authors (id integer PRIMARY KEY AUTOINCREMENT, name varchar(100) NOT NULL, born date)",
            "CREATE TABLE posts (id char(36) PRIMARY KEY NOT NULL, title text, author integer REFERENCES authors(id), \
             published boolean DEFAULT false, meta json, created timestamp, tags text)",
            "CREATE TABLE tags (code varchar(20) PRIMARY KEY NOT NULL, label varchar(50) DEFAULT 'new' UNIQUE, \
             weight decimal(10,2) DEFAULT 1.5, big bigint, ratio double)",
            "CREATE TABLE nopk (a integer)",
        ],
        Backend::Postgres => [
            "CREATE TABLE authors (id serial PRIMARY KEY, name varchar(100) NOT NULL, born date)",
            "CREATE TABLE posts (id uuid PRIMARY KEY, title text, author integer REFERENCES authors(id), \
             published boolean DEFAULT false, meta json, created timestamp, tags text)",
            "CREATE TABLE tags (code varchar(20) PRIMARY KEY, label varchar(50) DEFAULT 'new' UNIQUE, \
             weight decimal(10,2) DEFAULT 1.5, big bigint, ratio double precision)",
            "CREATE TABLE nopk (a integer)",
        ],
        Backend::MySql => [
            "CREATE TABLE authors (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL, born date NULL)",
            "CREATE TABLE posts (id char(36) NOT NULL PRIMARY KEY, title text NULL, author int unsigned NULL, \
             published boolean DEFAULT false, meta json NULL, created timestamp NULL, tags text NULL, \
             CONSTRAINT posts_author_foreign FOREIGN KEY (author) REFERENCES authors (id))",
            "CREATE TABLE tags (code varchar(20) NOT NULL PRIMARY KEY, label varchar(50) DEFAULT 'new' UNIQUE, \
             weight decimal(10,2) DEFAULT 1.5, big bigint NULL, ratio double NULL)",
            "CREATE TABLE nopk (a int NULL)",
        ],
    }
}

fn field<'a>(schema: &'a SchemaOverview, collection: &str, name: &str) -> &'a FieldInfo {
    schema
        .field(collection, name)
        .unwrap_or_else(|| panic!("{collection}.{name} missing"))
}

async fn scenario(db: Db) {
    let backend = db.backend();
    for sql in tables_sql(backend) {
        db.execute_sql(sql).await.expect(sql);
    }

    // Plain SQL, no metadata: types, keys, defaults, and the foreign key as an m2o.
    let cache = SchemaCache::default();
    assert!(cache.get().collections.is_empty());
    let s = cache.reload(&db).await.expect("load");
    let authors = s.collection("authors").expect("authors");
    assert_eq!(authors.primary_key, "id");
    assert_eq!(authors.accountability.as_deref(), Some("all"));
    assert!(!authors.singleton);
    assert_eq!(
        authors.column_names().collect::<Vec<_>>(),
        ["id", "name", "born"]
    );
    let id = field(&s, "authors", "id");
    assert_eq!(id.field_type, FieldType::Integer);
    assert!(id.is_primary_key && id.has_auto_increment && !id.nullable);
    assert_eq!(id.default_value, None);
    let name = field(&s, "authors", "name");
    assert_eq!(
        (name.field_type, name.max_length, name.nullable),
        (FieldType::String, Some(100), false)
    );
    assert!(!name.has_auto_increment && !name.is_primary_key && name.searchable);
    let ty = |collection: &str, name: &str| field(&s, collection, name).field_type;
    assert_eq!(ty("authors", "born"), FieldType::Date);
    assert!(field(&s, "authors", "born").nullable);

    let post_id = field(&s, "posts", "id");
    assert_eq!(post_id.field_type, FieldType::Uuid);
    assert!(post_id.is_primary_key && !post_id.has_auto_increment && !post_id.nullable);
    assert_eq!(ty("posts", "title"), FieldType::Text);
    let author = field(&s, "posts", "author");
    assert_eq!(
        (author.field_type, author.nullable),
        (FieldType::Integer, true)
    );
    let published = field(&s, "posts", "published");
    assert_eq!(published.field_type, FieldType::Boolean);
    assert_eq!(published.default_value, Some(json!(false)));
    assert_eq!(ty("posts", "meta"), FieldType::Json);
    let created = if backend == Backend::Postgres {
        FieldType::DateTime
    } else {
        FieldType::Timestamp
    };
    assert_eq!(ty("posts", "created"), created);
    assert_eq!(ty("posts", "tags"), FieldType::Text);

    let code = field(&s, "tags", "code");
    assert!(code.is_primary_key && !code.has_auto_increment);
    assert_eq!(
        s.collection("tags").map(|c| c.primary_key.as_str()),
        Some("code")
    );
    let label = field(&s, "tags", "label");
    assert!(label.is_unique && label.nullable);
    assert_eq!(label.default_value, Some(json!("new")));
    let weight = field(&s, "tags", "weight");
    assert_eq!(weight.field_type, FieldType::Decimal);
    assert_eq!(
        (weight.numeric_precision, weight.numeric_scale),
        (Some(10), Some(2))
    );
    assert_eq!(weight.default_value, Some(json!(1.5)));
    assert_eq!(ty("tags", "big"), FieldType::BigInteger);
    assert_eq!(ty("tags", "ratio"), FieldType::Float);
    assert!(
        s.collection("nopk").is_none(),
        "a table without a primary key is left out"
    );

    let fk = s
        .relation_by_many("posts", "author")
        .expect("posts.author relation");
    assert_eq!(fk.one_collection.as_deref(), Some("authors"));
    assert_eq!(fk.one_field, None);
    assert!(!fk.has_meta);
    assert_eq!(
        fk.foreign_key
            .as_ref()
            .map(|f| f.foreign_key_column.as_str()),
        Some("id")
    );
    assert_eq!(
        s.relation_for("posts", "author"),
        Some(Relation::M2O {
            related_collection: "authors".into(),
            related_field: "id".into()
        })
    );
    assert_eq!(s.relation_for("authors", "posts"), None);

    // System tables are there, Strata's own are not.
    assert_eq!(
        s.collection("directus_users")
            .map(|c| c.primary_key.as_str()),
        Some("id")
    );
    assert_eq!(ty("directus_users", "id"), FieldType::Uuid);
    assert_eq!(ty("directus_activity", "timestamp"), FieldType::Timestamp);
    assert!(field(&s, "directus_activity", "id").has_auto_increment);
    assert!(matches!(
        s.relation_for("directus_users", "role"),
        Some(Relation::M2O { related_collection, .. }) if related_collection == "directus_roles"
    ));
    assert!(s.collections.keys().all(|c| !c.starts_with("strata_")));
    let unknown: Vec<String> = (s.collections.values())
        .flat_map(|c| c.fields.iter().map(move |f| (c, f)))
        .filter(|(_, f)| f.field_type == FieldType::Unknown)
        .map(|(c, f)| format!("{}.{} ({})", c.name, f.name, f.db_type))
        .collect();
    assert!(unknown.is_empty(), "unmapped types: {unknown:?}");

    // Metadata: an o2m alias on authors, a csv cast on posts.tags, collection settings.
    let insert_field = |collection: &str, field: &str, special: &str| {
        Query::insert()
            .into_table("directus_fields")
            .columns(["collection", "field", "special"])
            .values_panic([Expr::val(collection), Expr::val(field), Expr::val(special)])
            .to_owned()
    };
    db.execute(&insert_field("authors", "posts", "o2m"))
        .await
        .expect("field");
    db.execute(&insert_field("posts", "tags", "cast-csv"))
        .await
        .expect("field");
    db.execute(
        &Query::insert()
            .into_table("directus_relations")
            .columns([
                "many_collection",
                "many_field",
                "one_collection",
                "one_field",
            ])
            .values_panic([
                Expr::val("posts"),
                Expr::val("author"),
                Expr::val("authors"),
                Expr::val("posts"),
            ])
            .to_owned(),
    )
    .await
    .expect("relation");
    db.execute(
        &Query::insert()
            .into_table("directus_collections")
            .columns(["collection", "singleton", "accountability", "note"])
            .values_panic([
                Expr::val("tags"),
                Expr::val(true),
                Expr::val("activity"),
                Expr::val("Tags"),
            ])
            .to_owned(),
    )
    .await
    .expect("collection");

    let s = cache.reload(&db).await.expect("reload");
    assert!(Arc::ptr_eq(&s, &cache.get()));
    let alias = field(&s, "authors", "posts");
    assert!(alias.alias);
    assert_eq!(
        (alias.field_type, alias.special.clone()),
        (FieldType::Alias, vec!["o2m".to_string()])
    );
    assert_eq!(s.collection("authors").map(|c| c.fields.len()), Some(4));
    let tags = field(&s, "posts", "tags");
    assert_eq!((tags.field_type, tags.alias), (FieldType::Csv, false));
    let tags_collection = s.collection("tags").expect("tags");
    assert!(tags_collection.singleton);
    assert_eq!(tags_collection.accountability.as_deref(), Some("activity"));
    assert_eq!(tags_collection.note.as_deref(), Some("Tags"));

    let merged = s
        .relation_by_many("posts", "author")
        .expect("merged relation");
    assert!(merged.has_meta && merged.foreign_key.is_some());
    assert_eq!(merged.one_field.as_deref(), Some("posts"));
    assert_eq!(merged.one_deselect_action, "nullify");
    assert_eq!(
        s.relations
            .iter()
            .filter(|r| r.many_collection == "posts")
            .count(),
        1
    );
    assert_eq!(
        s.relation_for("posts", "author"),
        Some(Relation::M2O {
            related_collection: "authors".into(),
            related_field: "id".into()
        })
    );
    assert_eq!(
        s.relation_for("authors", "posts"),
        Some(Relation::O2M {
            related_collection: "posts".into(),
            related_field: "author".into(),
            sort_field: None,
            deselect_action: "nullify".into(),
        })
    );
}

async fn run(client: DbClient) {
    let Some(scratch) = scratch(client).await else {
        return;
    };
    // `migrate::run`'s future is not `Send`, so it runs here; the rest runs in a task so that
    // a failed assertion still drops the scratch database.
    if let Err(e) = crate::db::migrate::run(&scratch.db).await {
        remove(scratch).await;
        panic!("migrate: {}", e.message);
    }
    let outcome = tokio::spawn(scenario(scratch.db.clone())).await;
    remove(scratch).await;
    if let Err(e) = outcome {
        match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => panic!("{e}"),
        }
    }
}

#[tokio::test]
async fn sqlite_overview() {
    run(DbClient::Sqlite).await;
}

#[tokio::test]
async fn postgres_overview() {
    run(DbClient::Postgres).await;
}

#[tokio::test]
async fn mysql_overview() {
    run(DbClient::MySql).await;
}

/// Compile-time check: loading can run in a spawned task (schema-change listeners do).
#[allow(dead_code)]
fn load_futures_are_send(db: &'static Db, cache: &'static SchemaCache) {
    fn assert_send<T: Send>(_: T) {}
    assert_send(load(db));
    assert_send(cache.reload(db));
}

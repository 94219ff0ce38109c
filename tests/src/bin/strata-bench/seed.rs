//! The benchmark's data: 100 authors, 10,000 posts (m2o author), 20,000 comments (o2m), 20
//! tags (m2m through posts_tags, 2 per post), with the Directus metadata that makes comments
//! and tags alias fields. Inserted with plain SQL, as a project migrating into Strata would.

use strata_tests::{Db, TestServer};

const AUTHORS: usize = 100;
const POSTS: usize = 10_000;
const TAGS: usize = 20;

fn ddl(db: Db) -> Vec<String> {
    let (pk, fk, ts) = match db {
        Db::Sqlite => ("integer primary key autoincrement", "integer", "timestamp"),
        Db::Postgres => ("serial primary key", "integer", "timestamptz"),
        Db::Mysql => (
            "int unsigned auto_increment primary key",
            "int unsigned",
            "timestamp NULL",
        ),
    };
    vec![
        format!("create table authors (id {pk}, name varchar(100) not null, email varchar(100))"),
        format!("create table tags (id {pk}, name varchar(50) not null)"),
        format!(
            "create table posts (id {pk}, title varchar(200) not null, body text, status varchar(20) not null, \
             rating integer, published_at {ts}, author {fk} references authors(id))"
        ),
        format!("create table comments (id {pk}, post {fk} references posts(id), text varchar(200))"),
        format!("create table posts_tags (id {pk}, posts_id {fk} references posts(id), tags_id {fk} references tags(id))"),
        "create index posts_status on posts(status)".into(),
        "create index comments_post on comments(post)".into(),
        "create index posts_tags_post on posts_tags(posts_id)".into(),
        "insert into directus_fields (collection, field, special) values ('posts', 'comments', 'o2m'), ('posts', 'tags', 'm2m')".into(),
        "insert into directus_relations (many_collection, many_field, one_collection, one_field, one_deselect_action) \
         values ('comments', 'post', 'posts', 'comments', 'nullify')"
            .into(),
        "insert into directus_relations (many_collection, many_field, one_collection, one_field, junction_field, one_deselect_action) \
         values ('posts_tags', 'posts_id', 'posts', 'tags', 'tags_id', 'nullify'), ('posts_tags', 'tags_id', 'tags', NULL, 'posts_id', 'nullify')"
            .into(),
    ]
}

/// Multi-row INSERTs of at most 1,000 rows (values are generated here, not user input).
fn batches(table: &str, columns: &str, rows: impl Iterator<Item = String>) -> Vec<String> {
    let rows: Vec<String> = rows.collect();
    rows.chunks(1000)
        .map(|chunk| format!("insert into {table} ({columns}) values {}", chunk.join(",")))
        .collect()
}

pub async fn seed(server: &TestServer, db: Db) {
    let statuses = ["published", "draft", "archived"];
    let mut sql = ddl(db);
    sql.extend(batches(
        "authors",
        "name, email",
        (1..=AUTHORS).map(|i| format!("('Author {i}', 'author{i}@example.com')")),
    ));
    sql.extend(batches(
        "tags",
        "name",
        (1..=TAGS).map(|i| format!("('tag {i}')")),
    ));
    sql.extend(batches(
        "posts",
        "title, body, status, rating, published_at, author",
        (1..=POSTS).map(|i| {
            let day = 1 + i % 28;
            format!(
                "('Post {i}', 'Body of post {i}, long enough to look like content.', '{}', {}, '2026-{:02}-{day:02} 10:00:00', {})",
                statuses[i % 3],
                i % 6,
                1 + i % 12,
                1 + i % AUTHORS
            )
        }),
    ));
    sql.extend(batches(
        "comments",
        "post, text",
        (1..=POSTS * 2).map(|i| format!("({}, 'Comment {i}')", 1 + i % POSTS)),
    ));
    sql.extend(batches(
        "posts_tags",
        "posts_id, tags_id",
        (1..=POSTS * 2).map(|i| format!("({}, {})", 1 + i / 2 % POSTS, 1 + i % TAGS)),
    ));
    // Planner statistics, as a database in use has them (autovacuum would gather them soon).
    sql.push(match db {
        Db::Mysql => "analyze table authors, tags, posts, comments, posts_tags".into(),
        _ => "analyze".into(),
    });
    for statement in sql {
        server.db.execute(&statement).await;
    }
}

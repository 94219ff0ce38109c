//! Rows Directus's migrations insert and the API relies on, and their INSERT statements.
//!
//! - the Public policy and its access row (role NULL, user NULL) from 20240806A: anonymous
//!   requests and users without a role get their permissions through it;
//! - the settings singleton (id 1) from 20250613A with a fresh UUIDv7 `project_id`, and the AI
//!   model allow-lists 20260110A writes into it.
//!
//! The first administrator (role, policy, user) is not a migration's row: Directus's
//! `bootstrap` command makes it from `ADMIN_EMAIL`/`ADMIN_PASSWORD`, and so does Strata's CLI.

use sea_query::{
    Expr, ExprTrait, MysqlQueryBuilder, PostgresQueryBuilder, Query, SimpleExpr, SqliteQueryBuilder,
};

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::{Backend, SeedRow, SeedValue};

/// Id of the Public policy (fixed by Directus).
pub const PUBLIC_POLICY_ID: &str = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";

/// Id Strata gives the Public policy's access row. Directus draws a random one; the seed is
/// keyed on `policy`, so a database Directus created keeps its own row.
pub const PUBLIC_ACCESS_ID: &str = "7f4b6a1e-3c52-4d8e-9a61-0b2f5e8c9d14";

static SEED_ROWS: [SeedRow; 3] = [
    SeedRow {
        table: "directus_policies",
        key_column: "id",
        values: &[
            ("id", SeedValue::Str(PUBLIC_POLICY_ID)),
            ("name", SeedValue::Str("$t:public_label")),
            ("icon", SeedValue::Str("public")),
            ("description", SeedValue::Str("$t:public_description")),
            ("ip_access", SeedValue::Null),
            ("enforce_tfa", SeedValue::Bool(false)),
            ("admin_access", SeedValue::Bool(false)),
            ("app_access", SeedValue::Bool(false)),
        ],
    },
    SeedRow {
        table: "directus_access",
        key_column: "policy",
        values: &[
            ("id", SeedValue::Str(PUBLIC_ACCESS_ID)),
            ("role", SeedValue::Null),
            ("user", SeedValue::Null),
            ("policy", SeedValue::Str(PUBLIC_POLICY_ID)),
            ("sort", SeedValue::Int(1)),
        ],
    },
    SeedRow {
        table: "directus_settings",
        key_column: "id",
        values: &[
            ("id", SeedValue::Int(1)),
            ("project_id", SeedValue::NewUuidV7),
            (
                "ai_openai_allowed_models",
                SeedValue::Str(r#"["gpt-5.4-nano","gpt-5.4-mini","gpt-5.4"]"#),
            ),
            (
                "ai_anthropic_allowed_models",
                SeedValue::Str(r#"["claude-haiku-4-5","claude-sonnet-4-6"]"#),
            ),
            (
                "ai_google_allowed_models",
                SeedValue::Str(
                    r#"["gemini-3-pro-preview","gemini-3-flash-preview","gemini-2.5-pro","gemini-2.5-flash"]"#,
                ),
            ),
        ],
    },
];

/// The seed rows, in insertion order (the policy before the access row that points at it).
pub fn seed_rows() -> &'static [SeedRow] {
    &SEED_ROWS
}

fn literal(value: SeedValue) -> SimpleExpr {
    match value {
        SeedValue::Str(s) => Expr::val(s),
        SeedValue::Int(i) => Expr::val(i),
        SeedValue::Bool(b) => Expr::val(b),
        SeedValue::Null => Expr::val(Option::<String>::None),
        SeedValue::NewUuidV7 => Expr::val(new_uuid_v7()),
    }
}

/// The row's INSERT with literal values (they are constants, not user input).
pub fn insert_seed(row: &SeedRow, backend: Backend) -> String {
    let mut insert = Query::insert();
    insert
        .into_table(row.table)
        .columns(row.values.iter().map(|(column, _)| *column));
    // Same number of columns and values by construction, so this cannot fail; an error would
    // leave the statement without VALUES and the database would reject it loudly.
    let _ = insert.values(row.values.iter().map(|(_, value)| literal(*value)));
    match backend {
        Backend::Sqlite => insert.to_string(SqliteQueryBuilder),
        Backend::Postgres => insert.to_string(PostgresQueryBuilder),
        Backend::MySql => insert.to_string(MysqlQueryBuilder),
    }
}

/// `SELECT 1 ... WHERE <key_column> = <value> LIMIT 1`: a row means the seed is already there.
pub fn seed_exists_sql(row: &SeedRow, backend: Backend) -> String {
    let key = row
        .value(row.key_column)
        .map_or(Expr::val(Option::<String>::None), literal);
    let mut select = Query::select();
    select
        .expr(Expr::val(1))
        .from(row.table)
        .and_where(Expr::col(row.key_column).eq(key))
        .limit(1);
    match backend {
        Backend::Sqlite => select.to_string(SqliteQueryBuilder),
        Backend::Postgres => select.to_string(PostgresQueryBuilder),
        Backend::MySql => select.to_string(MysqlQueryBuilder),
    }
}

// A dependency-free UUIDv7 (RFC 9562) for `project_id`. The random bits come from std's
// per-process random SipHash keys mixed with the clock and a counter: unique enough for a project
// id, not meant for secrets.

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn random_u64(salt: u64) -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    hasher.write_u64(salt);
    hasher.write_u32(nanos);
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

/// A new UUIDv7 in its canonical lower-case hyphenated form.
fn new_uuid_v7() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let a = random_u64(1).to_be_bytes();
    let b = random_u64(2).to_be_bytes();
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&[a[0], a[1], b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::new_uuid_v7;

    #[test]
    fn has_version_7_and_rfc_variant() {
        let id = new_uuid_v7();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "7");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(new_uuid_v7(), new_uuid_v7());
    }
}

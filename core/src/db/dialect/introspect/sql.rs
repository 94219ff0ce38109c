//! What each backend says: the two introspection statements (columns; keys and foreign keys)
//! for SQLite, PostgreSQL and MySQL/MariaDB, and how each reports column defaults.

use crate::db::Backend;
use serde_json::Value;

const SQLITE_COLUMNS: &str = "SELECT m.name AS table_name, p.name AS column_name, \
 p.type AS column_type, NULL AS max_length, NULL AS numeric_precision, NULL AS numeric_scale, \
 (p.\"notnull\" = 0 AND p.pk = 0) AS is_nullable, p.dflt_value AS default_value, \
 p.pk > 0 AS is_primary_key, \
 (p.pk = 1 AND (SELECT count(*) FROM pragma_table_info(m.name) q WHERE q.pk > 0) = 1 \
  AND ((upper(p.type) = 'INTEGER' AND m.sql NOT LIKE '%WITHOUT ROWID%') \
  OR m.sql LIKE '%AUTOINCREMENT%')) AS has_auto_increment, \
 0 AS is_unique, p.hidden IN (2, 3) AS is_generated, 0 AS is_json, NULL AS comment \
 FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p \
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND p.hidden <> 1 \
 ORDER BY m.name, p.cid";

const SQLITE_KEYS: &str = "SELECT m.name AS table_name, f.\"from\" AS column_name, 'f' AS kind, \
 f.\"table\" AS foreign_table, f.\"to\" AS foreign_column, NULL AS constraint_name, \
 f.on_update AS on_update, f.on_delete AS on_delete \
 FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
 AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) g WHERE g.id = f.id AND g.seq > 0) \
 UNION ALL \
 SELECT m.name, ii.name, CASE WHEN il.\"unique\" = 1 THEN 'u' ELSE 'i' END, NULL, NULL, il.name, \
 NULL, NULL \
 FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii \
 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
 AND il.origin <> 'pk' AND il.partial = 0 \
 AND (SELECT count(*) FROM pragma_index_info(il.name)) = 1";

const POSTGRES_COLUMNS: &str = "SELECT c.relname::text AS table_name, a.attname::text AS column_name, \
 format_type(a.atttypid, NULL) AS data_type, format_type(a.atttypid, a.atttypmod) AS column_type, \
 CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS max_length, \
 NULL::int AS numeric_precision, NULL::int AS numeric_scale, \
 NOT a.attnotnull AS is_nullable, pg_get_expr(d.adbin, d.adrelid) AS default_value, \
 false AS is_primary_key, \
 (a.attidentity::text <> '' OR COALESCE(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)) \
  AS has_auto_increment, \
 false AS is_unique, a.attgenerated::text <> '' AS is_generated, false AS is_json, \
 col_description(c.oid, a.attnum) AS comment \
 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
 JOIN pg_type t ON t.oid = a.atttypid \
 LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum \
 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
 ORDER BY c.relname, a.attnum";

const PG_ACTION: &str = "WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
 WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END";

fn postgres_keys() -> String {
    format!(
        "SELECT cl.relname::text AS table_name, a.attname::text AS column_name, \
 CASE WHEN i.indisprimary THEN 'p' WHEN i.indisunique THEN 'u' ELSE 'i' END AS kind, NULL::text AS foreign_table, \
 NULL::text AS foreign_column, ic.relname::text AS constraint_name, NULL::text AS on_update, \
 NULL::text AS on_delete \
 FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid \
 JOIN pg_namespace n ON n.oid = cl.relnamespace \
 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
 WHERE n.nspname = current_schema() AND (i.indisprimary OR (i.indnatts = 1 \
 AND i.indpred IS NULL AND i.indexprs IS NULL)) \
 UNION ALL \
 SELECT cl.relname::text, a.attname::text, 'f', fcl.relname::text, fa.attname::text, \
 con.conname::text, CASE con.confupdtype {PG_ACTION}, CASE con.confdeltype {PG_ACTION} \
 FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid \
 JOIN pg_namespace n ON n.oid = cl.relnamespace \
 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] \
 JOIN pg_class fcl ON fcl.oid = con.confrelid \
 JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1] \
 WHERE n.nspname = current_schema() AND con.contype = 'f' AND cardinality(con.conkey) = 1"
    )
}

/// MariaDB stores `json` as `longtext` plus a `json_valid` check; MySQL < 8.0.16 has no
/// `CHECK_CONSTRAINTS` table, hence the variant without it.
const MYSQL_JSON_CHECK: &str = "(c.DATA_TYPE = 'longtext' AND EXISTS (SELECT 1 \
 FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.CHECK_CONSTRAINTS cc \
 ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
 WHERE tc.TABLE_SCHEMA = c.TABLE_SCHEMA AND tc.TABLE_NAME = c.TABLE_NAME \
 AND tc.CONSTRAINT_TYPE = 'CHECK' \
 AND cc.CHECK_CLAUSE LIKE CONCAT('%json_valid(`', c.COLUMN_NAME, '`)%')))";

pub(super) fn mysql_columns(json_check: &str) -> String {
    format!(
        "SELECT CAST(c.TABLE_NAME AS CHAR) AS table_name, CAST(c.COLUMN_NAME AS CHAR) AS column_name, \
 CAST(c.DATA_TYPE AS CHAR) AS data_type, CAST(c.COLUMN_TYPE AS CHAR) AS column_type, \
 c.CHARACTER_MAXIMUM_LENGTH AS max_length, c.NUMERIC_PRECISION AS numeric_precision, \
 c.NUMERIC_SCALE AS numeric_scale, c.IS_NULLABLE = 'YES' AS is_nullable, \
 CAST(c.COLUMN_DEFAULT AS CHAR) AS default_value, c.COLUMN_KEY = 'PRI' AS is_primary_key, \
 c.EXTRA LIKE '%auto_increment%' AS has_auto_increment, c.COLUMN_KEY = 'UNI' AS is_unique, \
 (c.EXTRA LIKE '%VIRTUAL%' OR c.EXTRA LIKE '%STORED%' OR c.EXTRA LIKE '%PERSISTENT%') AS is_generated, \
 {json_check} AS is_json, CAST(NULLIF(c.COLUMN_COMMENT, '') AS CHAR) AS comment \
 FROM information_schema.COLUMNS c JOIN information_schema.TABLES t \
 ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
 WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' \
 ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION"
    )
}

const MYSQL_KEYS: &str = "SELECT CAST(s.TABLE_NAME AS CHAR) AS table_name, \
 CAST(s.COLUMN_NAME AS CHAR) AS column_name, 'i' AS kind, NULL AS foreign_table, \
 NULL AS foreign_column, CAST(s.INDEX_NAME AS CHAR) AS constraint_name, NULL AS on_update, \
 NULL AS on_delete \
 FROM information_schema.STATISTICS s \
 WHERE s.TABLE_SCHEMA = DATABASE() AND s.NON_UNIQUE = 1 AND s.SEQ_IN_INDEX = 1 \
 AND NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS s2 WHERE s2.TABLE_SCHEMA = s.TABLE_SCHEMA \
 AND s2.TABLE_NAME = s.TABLE_NAME AND s2.INDEX_NAME = s.INDEX_NAME AND s2.SEQ_IN_INDEX > 1) \
 AND NOT EXISTS (SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS r \
 WHERE r.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA AND r.TABLE_NAME = s.TABLE_NAME \
 AND r.CONSTRAINT_NAME = s.INDEX_NAME) \
 UNION ALL \
 SELECT CAST(k.TABLE_NAME AS CHAR) AS table_name, \
 CAST(k.COLUMN_NAME AS CHAR) AS column_name, 'f' AS kind, \
 CAST(k.REFERENCED_TABLE_NAME AS CHAR) AS foreign_table, \
 CAST(k.REFERENCED_COLUMN_NAME AS CHAR) AS foreign_column, \
 CAST(k.CONSTRAINT_NAME AS CHAR) AS constraint_name, CAST(r.UPDATE_RULE AS CHAR) AS on_update, \
 CAST(r.DELETE_RULE AS CHAR) AS on_delete \
 FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
 ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
 AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
 WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
 AND NOT EXISTS (SELECT 1 FROM information_schema.KEY_COLUMN_USAGE k2 \
 WHERE k2.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND k2.TABLE_NAME = k.TABLE_NAME \
 AND k2.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND k2.ORDINAL_POSITION > 1)";

/// The statement listing every column of the connected database/schema.
pub fn columns_sql(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => SQLITE_COLUMNS.to_string(),
        Backend::Postgres => POSTGRES_COLUMNS.to_string(),
        Backend::MySql => mysql_columns(MYSQL_JSON_CHECK),
    }
}

/// The statement listing primary keys, single-column indexes (unique or not) and foreign keys.
pub fn keys_sql(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => SQLITE_KEYS.to_string(),
        Backend::Postgres => postgres_keys(),
        Backend::MySql => MYSQL_KEYS.to_string(),
    }
}

/// Reads a column default as the database reports it (SQLite `dflt_value`, PostgreSQL
/// `pg_get_expr`, MySQL/MariaDB `COLUMN_DEFAULT`).
pub fn parse_default(backend: Backend, raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    while let Some(inner) = strip_parens(s) {
        s = inner.trim();
    }
    if let Some(rest) = s.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    out.push('\'');
                }
                '\'' => {
                    let tail: String = chars.collect();
                    // `'42'::integer` and friends: the cast only says what the column says.
                    return (tail.is_empty() || tail.starts_with("::"))
                        .then_some(Value::String(out));
                }
                '\\' if backend == Backend::MySql => out.extend(chars.next()),
                _ => out.push(ch),
            }
        }
        return Some(Value::String(raw.to_string()));
    }
    if backend == Backend::Postgres
        && let Some((value, _cast)) = s.split_once("::")
    {
        s = value.trim_matches(|c| c == '(' || c == ')');
    }
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        "null" => None,
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        "now()" | "current_timestamp" | "current_timestamp()" | "localtimestamp" => {
            Some(Value::String("CURRENT_TIMESTAMP".into()))
        }
        l if l.starts_with("current_timestamp(") => Some(Value::String("CURRENT_TIMESTAMP".into())),
        _ => Some(
            s.parse::<i64>()
                .map(Value::from)
                .ok()
                .or_else(|| {
                    s.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                })
                .unwrap_or_else(|| Value::String(s.to_string())),
        ),
    }
}

/// `(x)` → `x` when the first parenthesis closes at the very end (not for `(a) + (b)`).
fn strip_parens(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0i32;
    for ch in inner.chars() {
        match ch {
            '(' => depth += 1,
            ')' if depth == 0 => return None,
            ')' => depth -= 1,
            _ => {}
        }
    }
    Some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_per_backend() {
        let pg = |s| parse_default(Backend::Postgres, s);
        assert_eq!(pg("'x''y'::character varying"), Some(json!("x'y")));
        assert_eq!(pg("'-1.5'::numeric"), Some(json!("-1.5")));
        assert_eq!(pg("(-1)"), Some(json!(-1)));
        assert_eq!(pg("(now())"), Some(json!("CURRENT_TIMESTAMP")));
        assert_eq!(pg("(1) + (2)"), Some(json!("(1) + (2)")));
        assert_eq!(pg("false"), Some(json!(false)));
        assert_eq!(pg("now()"), Some(json!("CURRENT_TIMESTAMP")));
        assert_eq!(pg("NULL::character varying"), None);
        assert_eq!(pg("'{}'::jsonb"), Some(json!("{}")));
        assert_eq!(pg("gen_random_uuid()"), Some(json!("gen_random_uuid()")));
        let my = |s| parse_default(Backend::MySql, s);
        assert_eq!(my("NULL"), None);
        assert_eq!(my("'x''y'"), Some(json!("x'y")));
        assert_eq!(my("current_timestamp()"), Some(json!("CURRENT_TIMESTAMP")));
        assert_eq!(my("42"), Some(json!(42)));
        assert_eq!(my("abc"), Some(json!("abc")));
        let lite = |s| parse_default(Backend::Sqlite, s);
        assert_eq!(lite("'0'"), Some(json!("0")));
        assert_eq!(lite("-1.5"), Some(json!(-1.5)));
        assert_eq!(lite("CURRENT_TIMESTAMP"), Some(json!("CURRENT_TIMESTAMP")));
    }
}

//! Schema changes per backend: the column type of each Directus field type, column definitions
//! with defaults, and the statements that create, alter and drop tables, columns, indexes and
//! foreign keys. Names are quoted here; defaults are rendered as escaped literals because DDL
//! takes no bound parameters.

use super::super::Backend;
use crate::error::{Error, Result};
use crate::schema::{FieldType, GeometryKind};
use serde_json::Value;

/// A column as the data model describes it (the `schema` part of a field).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    pub name: String,
    pub field_type: FieldType,
    pub max_length: Option<u32>,
    pub numeric_precision: Option<u32>,
    pub numeric_scale: Option<u32>,
    pub nullable: bool,
    /// The default as Directus carries it: a JSON literal, or `"now()"` / `"CURRENT_TIMESTAMP"`.
    pub default_value: Option<Value>,
    pub is_primary_key: bool,
    pub has_auto_increment: bool,
    pub is_unique: bool,
    pub is_indexed: bool,
}

pub fn quote(backend: Backend, ident: &str) -> String {
    match backend {
        Backend::MySql => format!("`{}`", ident.replace('`', "``")),
        _ => format!("\"{}\"", ident.replace('"', "\"\"")),
    }
}

/// `<table>_<column>_<kind>` like Directus (`articles_slug_unique`), lower-case, at most 60
/// characters (longer names keep a prefix and a hash).
pub fn index_name(table: &str, column: &str, kind: &str) -> String {
    let name = format!("{}_{}_{}", table.replace(['.', '-'], "_"), column, kind).to_lowercase();
    if name.len() <= 60 {
        return name;
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    let keep = 60 - kind.len() - hash.len() - 3;
    let prefix: String = name.chars().take(keep).collect();
    format!("{prefix}__{hash}_{kind}")
}

fn geometry_name(kind: Option<GeometryKind>) -> &'static str {
    match kind {
        None => "geometry",
        Some(GeometryKind::Point) => "point",
        Some(GeometryKind::LineString) => "linestring",
        Some(GeometryKind::Polygon) => "polygon",
        Some(GeometryKind::MultiPoint) => "multipoint",
        Some(GeometryKind::MultiLineString) => "multilinestring",
        Some(GeometryKind::MultiPolygon) => "multipolygon",
    }
}

/// The column type of a Directus type (as knex creates it for Directus, with SQLite keeping
/// declared types that read back as the same Directus type).
pub fn column_type(backend: Backend, c: &ColumnSpec) -> Result<String> {
    use Backend::*;
    use FieldType as T;
    let precision = c.numeric_precision.unwrap_or(10);
    let scale = c.numeric_scale.unwrap_or(5);
    if c.has_auto_increment {
        return Ok(match (backend, c.field_type) {
            (Postgres, T::BigInteger) => "bigserial",
            (Postgres, _) => "serial",
            (MySql, T::BigInteger) => "bigint unsigned auto_increment",
            (MySql, _) => "int unsigned auto_increment",
            (Sqlite, _) => "integer",
        }
        .to_string());
    }
    Ok(match c.field_type {
        T::String => format!("varchar({})", c.max_length.unwrap_or(255)),
        T::Hash => "varchar(255)".into(),
        T::Text | T::Csv => "text".into(),
        T::Integer => if backend == MySql { "int" } else { "integer" }.into(),
        T::BigInteger => "bigint".into(),
        T::Float => match backend {
            Postgres => "real".into(),
            MySql => format!("float({precision}, {scale})"),
            Sqlite => "float".into(),
        },
        T::Decimal => match backend {
            Postgres => format!("numeric({precision}, {scale})"),
            _ => format!("decimal({precision}, {scale})"),
        },
        T::Boolean => if backend == MySql {
            "tinyint(1)"
        } else {
            "boolean"
        }
        .into(),
        T::Date => "date".into(),
        T::DateTime => match backend {
            Postgres => "timestamp without time zone".into(),
            _ => "datetime".into(),
        },
        T::Time => "time".into(),
        T::Timestamp => match backend {
            Postgres => "timestamp with time zone".into(),
            _ => "timestamp".into(),
        },
        T::Json => "json".into(),
        T::Uuid => if backend == Postgres {
            "uuid"
        } else {
            "char(36)"
        }
        .into(),
        T::Binary => match backend {
            Postgres => "bytea".into(),
            _ => "blob".into(),
        },
        T::Geometry(kind) => match (backend, kind) {
            (Postgres, None) => "geometry".into(),
            (Postgres, Some(_)) => format!("geometry({}, 4326)", geometry_name(kind)),
            _ => geometry_name(kind).into(),
        },
        T::Alias | T::Unknown => {
            return Err(Error::invalid_payload(format!(
                "Illegal type passed: \"{}\"",
                c.field_type
            )));
        }
    })
}

/// A string literal, escaped for the backend.
pub fn string_literal(backend: Backend, s: &str) -> String {
    let mut escaped = s.replace('\'', "''");
    if backend == Backend::MySql {
        escaped = escaped.replace('\\', "\\\\");
    }
    format!("'{escaped}'")
}

/// The `DEFAULT` clause of a column, if any.
fn default_clause(backend: Backend, c: &ColumnSpec) -> Option<String> {
    let v = c.default_value.as_ref()?;
    let literal = match v {
        Value::Null => "NULL".to_string(),
        Value::Bool(b) => match backend {
            Backend::Postgres => b.to_string(),
            _ => u8::from(*b).to_string(),
        },
        Value::Number(n) => n.to_string(),
        Value::String(s)
            if s.eq_ignore_ascii_case("now()") || s.eq_ignore_ascii_case("CURRENT_TIMESTAMP") =>
        {
            "CURRENT_TIMESTAMP".to_string()
        }
        Value::String(s) if backend == Backend::Postgres && s == "gen_random_uuid()" => s.clone(),
        Value::String(s) => string_literal(backend, s),
        other => string_literal(backend, &other.to_string()),
    };
    Some(format!("DEFAULT {literal}"))
}

/// `name type [NOT NULL] [DEFAULT ..] [PRIMARY KEY ..]`.
pub fn column_definition(backend: Backend, c: &ColumnSpec) -> Result<String> {
    let mut sql = format!("{} {}", quote(backend, &c.name), column_type(backend, c)?);
    if c.is_primary_key {
        sql.push_str(" NOT NULL PRIMARY KEY");
        if c.has_auto_increment && backend == Backend::Sqlite {
            sql.push_str(" AUTOINCREMENT");
        }
        return Ok(sql);
    }
    if c.has_auto_increment && backend == Backend::MySql {
        // MySQL wants an auto-increment column to be a key.
        sql.push_str(" UNIQUE");
    }
    if let Some(default) = default_clause(backend, c) {
        sql.push(' ');
        sql.push_str(&default);
    }
    sql.push_str(if c.nullable { " NULL" } else { " NOT NULL" });
    Ok(sql)
}

/// The statements creating `table` with `columns` (and their unique and plain indexes).
pub fn create_table(backend: Backend, table: &str, columns: &[ColumnSpec]) -> Result<Vec<String>> {
    let defs = columns
        .iter()
        .map(|c| column_definition(backend, c))
        .collect::<Result<Vec<_>>>()?;
    let mut out = postgis(backend, columns);
    out.push(format!(
        "CREATE TABLE {} ({})",
        quote(backend, table),
        defs.join(", ")
    ));
    for c in columns.iter().filter(|c| !c.is_primary_key) {
        out.extend(index_statements(backend, table, c));
    }
    Ok(out)
}

/// PostgreSQL's geometry type comes with the PostGIS extension: enabled on first use.
fn postgis(backend: Backend, columns: &[ColumnSpec]) -> Vec<String> {
    let geometry = columns
        .iter()
        .any(|c| matches!(c.field_type, FieldType::Geometry(_)));
    if backend == Backend::Postgres && geometry {
        vec!["CREATE EXTENSION IF NOT EXISTS postgis".to_string()]
    } else {
        Vec::new()
    }
}

/// `CREATE [UNIQUE] INDEX` for a column's unique and index flags.
pub fn index_statements(backend: Backend, table: &str, c: &ColumnSpec) -> Vec<String> {
    let mut out = Vec::new();
    for (flag, kind, unique) in [
        (c.is_unique, "unique", "UNIQUE "),
        (c.is_indexed, "index", ""),
    ] {
        if flag {
            out.push(format!(
                "CREATE {unique}INDEX {} ON {} ({})",
                quote(backend, &index_name(table, &c.name, kind)),
                quote(backend, table),
                quote(backend, &c.name)
            ));
        }
    }
    out
}

pub fn drop_index(backend: Backend, table: &str, name: &str) -> String {
    match backend {
        Backend::MySql => format!(
            "DROP INDEX {} ON {}",
            quote(backend, name),
            quote(backend, table)
        ),
        _ => format!("DROP INDEX {}", quote(backend, name)),
    }
}

pub fn add_column(backend: Backend, table: &str, c: &ColumnSpec) -> Result<Vec<String>> {
    let mut out = postgis(backend, std::slice::from_ref(c));
    out.push(format!(
        "ALTER TABLE {} ADD COLUMN {}",
        quote(backend, table),
        column_definition(backend, c)?
    ));
    out.extend(index_statements(backend, table, c));
    Ok(out)
}

pub fn drop_column(backend: Backend, table: &str, column: &str) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {}",
        quote(backend, table),
        quote(backend, column)
    )
}

pub fn drop_table(backend: Backend, table: &str) -> String {
    format!("DROP TABLE {}", quote(backend, table))
}

/// Statements turning column `old` into `new` on PostgreSQL or MySQL (SQLite rebuilds the
/// table instead, see `sqlite_rebuild`). Index flags are handled by the caller.
pub fn alter_column(
    backend: Backend,
    table: &str,
    old: &ColumnSpec,
    new: &ColumnSpec,
) -> Result<Vec<String>> {
    let t = quote(backend, table);
    let col = quote(backend, &new.name);
    match backend {
        Backend::MySql => Ok(vec![format!(
            "ALTER TABLE {t} MODIFY COLUMN {}",
            column_definition(backend, new)?
        )]),
        Backend::Postgres => {
            let mut parts = Vec::new();
            let (old_type, new_type) = (column_type(backend, old)?, column_type(backend, new)?);
            if old_type != new_type && !new.has_auto_increment {
                parts.push(format!(
                    "ALTER COLUMN {col} TYPE {new_type} USING {col}::{}",
                    new_type.split('(').next().unwrap_or(&new_type)
                ));
            }
            if old.default_value != new.default_value {
                parts.push(match default_clause(backend, new) {
                    Some(d) => format!("ALTER COLUMN {col} SET {d}"),
                    None => format!("ALTER COLUMN {col} DROP DEFAULT"),
                });
            }
            if old.nullable != new.nullable && !new.is_primary_key {
                parts.push(format!(
                    "ALTER COLUMN {col} {} NOT NULL",
                    if new.nullable { "DROP" } else { "SET" }
                ));
            }
            if parts.is_empty() {
                return Ok(Vec::new());
            }
            Ok(vec![format!("ALTER TABLE {t} {}", parts.join(", "))])
        }
        Backend::Sqlite => Err(Error::internal("SQLite columns are altered by rebuilding")),
    }
}

/// `ALTER TABLE .. ADD CONSTRAINT .. FOREIGN KEY` (PostgreSQL, MySQL).
pub fn add_foreign_key(
    backend: Backend,
    table: &str,
    column: &str,
    target: (&str, &str),
    on_delete: Option<&str>,
    on_update: Option<&str>,
) -> String {
    let mut sql = format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        quote(backend, table),
        quote(backend, &index_name(table, column, "foreign")),
        quote(backend, column),
        quote(backend, target.0),
        quote(backend, target.1)
    );
    for (clause, action) in [("ON DELETE", on_delete), ("ON UPDATE", on_update)] {
        if let Some(a) = action {
            sql.push_str(&format!(" {clause} {a}"));
        }
    }
    sql
}

pub fn drop_foreign_key(backend: Backend, table: &str, constraint: &str) -> String {
    match backend {
        Backend::MySql => format!(
            "ALTER TABLE {} DROP FOREIGN KEY {}",
            quote(backend, table),
            quote(backend, constraint)
        ),
        _ => format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            quote(backend, table),
            quote(backend, constraint)
        ),
    }
}

/// MySQL: `table.column` as an unsigned integer, to reference an auto-increment key.
pub fn mysql_unsigned(table: &str, column: &str, big: bool, nullable: bool) -> String {
    format!(
        "ALTER TABLE {} MODIFY COLUMN {} {} {}",
        quote(Backend::MySql, table),
        quote(Backend::MySql, column),
        if big {
            "bigint unsigned"
        } else {
            "int unsigned"
        },
        if nullable { "NULL" } else { "NOT NULL" }
    )
}

/// The referential actions Directus accepts.
pub const ACTIONS: &[&str] = &[
    "NO ACTION",
    "SET NULL",
    "SET DEFAULT",
    "CASCADE",
    "RESTRICT",
];

//! The data model through the API (spec §10): collections, fields and relations. Shared here:
//! the admin gate, the metadata rows of `directus_collections` / `directus_fields` as Directus
//! returns them, and the column a field payload describes.

pub mod alter;
pub mod apply;
pub mod collections;
pub mod fields;
pub mod relations;
pub mod snapshot;

use crate::auth::Accountability;
use crate::db::dialect::ddl::ColumnSpec;
use crate::db::{Db, Row};
use crate::error::{Error, Result};
use crate::schema::{FieldInfo, FieldType};
use sea_query::{Expr, ExprTrait, Order, Query};
use serde_json::{Map, Value};

/// Changing the data model is for administrators only (Directus answers 403 to others).
pub fn require_admin(acc: &Accountability) -> Result<()> {
    if acc.admin {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}

/// What a non-administrator may see of the data model: the caller's access after checking it
/// may read `system` (`directus_collections`, `directus_fields`, `directus_relations`; app
/// access grants them); `None` for administrators, who see everything. Lists keep only the
/// collections (and fields) the caller may read, as Directus does.
pub async fn model_access(
    app: &crate::app::App,
    acc: &Accountability,
    system: &str,
) -> Result<Option<std::sync::Arc<crate::permissions::Access>>> {
    if acc.admin {
        return Ok(None);
    }
    let svc = crate::services::items::ItemsService::new(app, acc, system).await?;
    let access = svc.access.clone();
    if let Some(a) = &access {
        a.require(system, crate::permissions::Action::Read)?;
    }
    Ok(access)
}

/// Keeps the rows of a data-model list (`{collection, field?}`) that `access` (see
/// `model_access`) lets the caller read; with `by_field`, the field must be readable too.
pub fn keep_visible(
    rows: &mut Vec<Value>,
    access: Option<&crate::permissions::Access>,
    by_field: bool,
) {
    let Some(access) = access else { return };
    rows.retain(|row| {
        let collection = row["collection"].as_str().unwrap_or_default();
        access
            .rules(collection, crate::permissions::Action::Read)
            .is_some_and(|r| {
                !by_field || row["field"].as_str().is_some_and(|f| r.fields.contains(f))
            })
    });
}

/// Columns of a metadata table that hold JSON, booleans or CSV lists.
pub struct MetaColumns {
    pub json: &'static [&'static str],
    pub boolean: &'static [&'static str],
    pub csv: &'static [&'static str],
}

pub const COLLECTION_META: MetaColumns = MetaColumns {
    json: &["translations", "item_duplication_fields"],
    boolean: &["hidden", "singleton", "archive_app_filter", "versioning"],
    csv: &[],
};

pub const FIELD_META: MetaColumns = MetaColumns {
    json: &[
        "options",
        "display_options",
        "translations",
        "conditions",
        "validation",
    ],
    boolean: &["readonly", "hidden", "required", "searchable"],
    csv: &["special"],
};

/// A stored metadata row as the API returns it: JSON parsed, booleans as booleans, CSV lists
/// as arrays.
pub fn meta_json(row: Row, columns: &MetaColumns) -> Value {
    let mut out = Map::new();
    for (k, v) in row {
        let v = if columns.json.contains(&k.as_str()) {
            match v {
                Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
                other => other,
            }
        } else if columns.boolean.contains(&k.as_str()) {
            match v {
                Value::Number(n) => Value::Bool(n.as_i64().unwrap_or(0) != 0),
                other => other,
            }
        } else if columns.csv.contains(&k.as_str()) {
            match v {
                Value::String(s) if s.is_empty() => Value::Null,
                Value::String(s) => s.split(',').map(|p| Value::from(p.trim())).collect(),
                other => other,
            }
        } else {
            v
        };
        out.insert(k, v);
    }
    Value::Object(out)
}

/// A payload's meta object as a row to store: only known columns, JSON kept as JSON, lists as
/// CSV text.
pub fn meta_row(meta: &Map<String, Value>, allowed: &[&str], columns: &MetaColumns) -> Row {
    let mut row = Row::new();
    for (k, v) in meta {
        if !allowed.contains(&k.as_str()) {
            continue;
        }
        let v = if columns.csv.contains(&k.as_str()) {
            match v {
                Value::Array(items) => Value::from(
                    items
                        .iter()
                        .map(crate::query::cast::scalar_text)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                other => other.clone(),
            }
        } else {
            v.clone()
        };
        row.insert(k.clone(), v);
    }
    row
}

/// Inserting leaves null columns to their defaults (and PostgreSQL refuses a NULL bound as
/// text for an integer or boolean column).
pub fn without_nulls(mut row: Row) -> Row {
    row.retain(|_, v| !Value::is_null(v));
    row
}

/// `UPDATE table SET ... WHERE k = v AND ...` for a metadata row; nulls are written as the
/// untyped `NULL` literal, which every column type takes.
pub fn meta_update(
    table: &str,
    keys: &[(&str, &str)],
    row: &Row,
    casts: crate::db::values::Casts<'_>,
) -> Result<sea_query::UpdateStatement> {
    let mut stmt = Query::update();
    stmt.table(sea_query::Alias::new(table));
    for (k, v) in keys {
        stmt.and_where(Expr::col(sea_query::Alias::new(*k)).eq(*v));
    }
    for (k, v) in row {
        let value = if Value::is_null(v) {
            Expr::cust("NULL")
        } else {
            Expr::val(casts.bind(k, v)?)
        };
        stmt.value(sea_query::Alias::new(k.as_str()), value);
    }
    Ok(stmt)
}

/// The metadata rows of `table` for `collection` (all collections when `None`), by id.
pub async fn meta_rows(
    db: &Db,
    table: &str,
    collection: Option<&str>,
    order_by_id: bool,
) -> Result<Vec<Row>> {
    let mut q = Query::select();
    q.expr(Expr::col(sea_query::Asterisk))
        .from(table.to_string());
    if let Some(c) = collection {
        q.and_where(Expr::col("collection").eq(c));
    }
    if order_by_id {
        q.order_by("id", Order::Asc);
    }
    db.fetch_all(&q).await
}

/// The column an existing field has, as a spec to alter from.
pub fn column_of(f: &FieldInfo) -> ColumnSpec {
    ColumnSpec {
        name: f.name.clone(),
        field_type: f.field_type,
        max_length: f.max_length,
        numeric_precision: f.numeric_precision,
        numeric_scale: f.numeric_scale,
        nullable: f.nullable,
        default_value: f.default_value.clone(),
        is_primary_key: f.is_primary_key,
        has_auto_increment: f.has_auto_increment,
        is_unique: f.is_unique,
        is_indexed: f.is_indexed,
    }
}

fn flag(schema: &Map<String, Value>, key: &str) -> Option<bool> {
    schema.get(key).and_then(Value::as_bool)
}

fn number(schema: &Map<String, Value>, key: &str) -> Option<u32> {
    match schema.get(key) {
        Some(Value::Number(n)) => n.as_u64().map(|n| n as u32),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// The column described by a field's `type` and `schema`, over `existing` when altering.
pub fn column_from(
    name: &str,
    field_type: FieldType,
    schema: &Map<String, Value>,
    existing: Option<&ColumnSpec>,
) -> ColumnSpec {
    let base = existing.cloned().unwrap_or(ColumnSpec {
        name: name.to_string(),
        field_type,
        max_length: None,
        numeric_precision: None,
        numeric_scale: None,
        nullable: true,
        default_value: None,
        is_primary_key: false,
        has_auto_increment: false,
        is_unique: false,
        is_indexed: false,
    });
    ColumnSpec {
        name: name.to_string(),
        field_type,
        max_length: number(schema, "max_length").or(base.max_length),
        numeric_precision: number(schema, "numeric_precision").or(base.numeric_precision),
        numeric_scale: number(schema, "numeric_scale").or(base.numeric_scale),
        nullable: flag(schema, "is_nullable").unwrap_or(base.nullable),
        default_value: match schema.get("default_value") {
            Some(Value::Null) => None,
            Some(v) => Some(v.clone()),
            None => base.default_value,
        },
        // An auto-increment column is its table's key (knex's `increments`).
        is_primary_key: flag(schema, "is_primary_key")
            .or(flag(schema, "has_auto_increment").filter(|a| *a))
            .unwrap_or(base.is_primary_key),
        has_auto_increment: flag(schema, "has_auto_increment").unwrap_or(base.has_auto_increment),
        is_unique: flag(schema, "is_unique").unwrap_or(base.is_unique),
        is_indexed: flag(schema, "is_indexed").unwrap_or(base.is_indexed),
    }
}

/// A Directus type name (`string`, `geometry.Point`, `alias`, ...).
pub fn parse_type(name: &str) -> Option<FieldType> {
    use crate::schema::GeometryKind as G;
    use FieldType as T;
    Some(match name {
        "bigInteger" => T::BigInteger,
        "boolean" => T::Boolean,
        "date" => T::Date,
        "dateTime" => T::DateTime,
        "decimal" => T::Decimal,
        "float" => T::Float,
        "integer" => T::Integer,
        "json" => T::Json,
        "string" => T::String,
        "text" => T::Text,
        "time" => T::Time,
        "timestamp" => T::Timestamp,
        "binary" => T::Binary,
        "uuid" => T::Uuid,
        "alias" => T::Alias,
        "hash" => T::Hash,
        "csv" => T::Csv,
        "unknown" => T::Unknown,
        "geometry" => T::Geometry(None),
        "geometry.Point" => T::Geometry(Some(G::Point)),
        "geometry.LineString" => T::Geometry(Some(G::LineString)),
        "geometry.Polygon" => T::Geometry(Some(G::Polygon)),
        "geometry.MultiPoint" => T::Geometry(Some(G::MultiPoint)),
        "geometry.MultiLineString" => T::Geometry(Some(G::MultiLineString)),
        "geometry.MultiPolygon" => T::Geometry(Some(G::MultiPolygon)),
        _ => return None,
    })
}

/// Names that would break SQL or the API's paths: letters, digits, `_` and `-`, at most 64.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_payload(format!(
            "{what} name \"{name}\" is invalid: use 1 to 64 letters, digits, \"_\" or \"-\""
        )))
    }
}

//! Builds a `SchemaOverview` from the introspected columns and foreign keys plus the rows of
//! `directus_collections`, `directus_fields` and `directus_relations`. Pure: no I/O.

use super::special::{ALIAS_SPECIALS, apply_special, normalise_default, parse_list};
use super::types::{FieldType, map_db_type};
use super::{CollectionInfo, FieldInfo, ForeignKeyInfo, RelationInfo, SchemaOverview};
use crate::db::dialect::introspect::{IntrospectedColumn, Introspection};
use crate::db::{Backend, Row};
use serde_json::Value;
use std::collections::HashMap;

/// `DB_EXCLUDE_TABLES` default: tables that are never collections.
pub const DEFAULT_EXCLUDED_TABLES: &[&str] = &["spatial_ref_sys", "sysdiagrams"];

/// The rows of the three metadata tables (empty when a table does not exist).
#[derive(Debug, Clone, Default)]
pub struct MetadataRows {
    pub collections: Vec<Row>,
    pub fields: Vec<Row>,
    pub relations: Vec<Row>,
}

/// Whether `table` is left out of the overview: Strata's own tables, SQLite internals and the
/// configured exclusions.
pub fn is_excluded(table: &str, excluded: &[&str]) -> bool {
    table.starts_with("strata_") || table.starts_with("sqlite_") || excluded.contains(&table)
}

/// Merges the introspection with the metadata rows: one collection per table with a primary key
/// (left out: `strata_*`, `sqlite_*`, `excluded`), and the relations between them.
pub fn build(
    backend: Backend,
    introspection: &Introspection,
    meta: &MetadataRows,
    excluded: &[&str],
) -> SchemaOverview {
    let mut tables: Vec<(&str, Vec<&IntrospectedColumn>)> = Vec::new();
    let mut table_index: HashMap<&str, usize> = HashMap::new();
    for column in &introspection.columns {
        if is_excluded(&column.table, excluded) {
            continue;
        }
        let i = *table_index.entry(&column.table).or_insert_with(|| {
            tables.push((&column.table, Vec::new()));
            tables.len() - 1
        });
        tables[i].1.push(column);
    }
    let mut field_meta: HashMap<&str, Vec<&Row>> = HashMap::new();
    for row in &meta.fields {
        if let (Some(collection), Some(_)) = (str_of(row, "collection"), str_of(row, "field")) {
            field_meta.entry(collection).or_default().push(row);
        }
    }
    let collection_meta: HashMap<&str, &Row> = meta
        .collections
        .iter()
        .filter_map(|r| Some((str_of(r, "collection")?, r)))
        .collect();

    let mut collections = HashMap::new();
    for (table, columns) in tables {
        let Some(primary_key) = columns.iter().find(|c| c.is_primary_key) else {
            tracing::warn!(
                collection = table,
                "table has no primary key column and is left out of the schema"
            );
            continue;
        };
        let metas = field_meta.get(table).map(Vec::as_slice).unwrap_or_default();
        let meta_of = |name: &str| {
            metas
                .iter()
                .copied()
                .find(|r| str_of(r, "field") == Some(name))
        };
        let mut fields: Vec<FieldInfo> = columns
            .iter()
            .map(|c| column_field(backend, c, meta_of(&c.name)))
            .collect();
        for row in metas {
            let column = str_of(row, "field").is_some_and(|f| fields.iter().any(|x| x.name == f));
            if let Some(alias) = alias_field(row).filter(|_| !column) {
                fields.push(alias);
            }
        }
        let cmeta = collection_meta.get(table).copied();
        let info = CollectionInfo {
            name: table.to_string(),
            primary_key: primary_key.name.clone(),
            // Directus's own settings table is a singleton without saying so in its meta.
            singleton: table == "directus_settings"
                || cmeta.and_then(|r| bool_of(r, "singleton")).unwrap_or(false),
            sort_field: cmeta
                .and_then(|r| str_of(r, "sort_field"))
                .map(str::to_string),
            accountability: match cmeta {
                Some(r) => str_of(r, "accountability").map(str::to_string),
                None => Some("all".to_string()),
            },
            note: cmeta.and_then(|r| str_of(r, "note")).map(str::to_string),
            fields,
        };
        collections.insert(table.to_string(), info);
    }
    let relations = relations(introspection, &meta.relations, &collections);
    SchemaOverview {
        collections,
        relations,
    }
}

fn column_field(backend: Backend, c: &IntrospectedColumn, meta: Option<&Row>) -> FieldInfo {
    let special = parse_list(meta.and_then(|r| r.get("special")));
    let mut column_type = if c.is_json {
        FieldType::Json
    } else {
        map_db_type(backend, &c.data_type, &c.column_type, c.max_length)
    };
    // SQLite spells knex `timestamp` as `datetime`; the system tables say which ones are.
    if column_type == FieldType::DateTime
        && strata_migrations::system_table(&c.table)
            .and_then(|t| t.column(&c.name))
            .is_some_and(|d| d.ty == strata_migrations::ColType::Timestamp)
    {
        column_type = FieldType::Timestamp;
    }
    let field_type = apply_special(column_type, &special);
    FieldInfo {
        name: c.name.clone(),
        field_type,
        db_type: c.data_type.clone(),
        nullable: c.nullable,
        default_value: normalise_default(field_type, c.default_value.clone()),
        max_length: c.max_length,
        numeric_precision: c.numeric_precision,
        numeric_scale: c.numeric_scale,
        is_primary_key: c.is_primary_key,
        has_auto_increment: c.has_auto_increment,
        is_unique: c.is_unique,
        is_indexed: c.is_indexed,
        is_generated: c.is_generated,
        special,
        searchable: meta.and_then(|r| bool_of(r, "searchable")).unwrap_or(true),
        note: meta.and_then(|r| str_of(r, "note")).map(str::to_string),
        alias: false,
        validation: meta.and_then(|r| json_of(r, "validation")),
        validation_message: meta
            .and_then(|r| str_of(r, "validation_message"))
            .map(str::to_string),
    }
}

/// A `directus_fields` row without a column becomes a field only when its `special` marks it
/// as an alias (o2m, m2m, group, ...).
fn alias_field(row: &Row) -> Option<FieldInfo> {
    let special = parse_list(row.get("special"));
    if !special.iter().any(|s| ALIAS_SPECIALS.contains(&s.as_str())) {
        return None;
    }
    Some(FieldInfo {
        special,
        searchable: bool_of(row, "searchable").unwrap_or(true),
        note: str_of(row, "note").map(str::to_string),
        alias: true,
        validation: json_of(row, "validation"),
        validation_message: str_of(row, "validation_message").map(str::to_string),
        ..FieldInfo::new(str_of(row, "field")?, FieldType::Alias)
    })
}

/// Foreign keys between known collections become m2o relations; `directus_relations` rows add
/// the one side, junction and m2a details (and win where both exist).
fn relations(
    introspection: &Introspection,
    meta_rows: &[Row],
    collections: &HashMap<String, CollectionInfo>,
) -> Vec<RelationInfo> {
    let mut out: Vec<RelationInfo> = Vec::new();
    for fk in &introspection.foreign_keys {
        let (Some(_), Some(one)) = (
            collections.get(&fk.table),
            collections.get(&fk.foreign_table),
        ) else {
            continue;
        };
        out.push(RelationInfo {
            many_collection: fk.table.clone(),
            many_field: fk.column.clone(),
            one_collection: Some(fk.foreign_table.clone()),
            one_field: None,
            one_collection_field: None,
            one_allowed_collections: Vec::new(),
            junction_field: None,
            sort_field: None,
            one_deselect_action: "nullify".to_string(),
            foreign_key: Some(ForeignKeyInfo {
                foreign_key_column: fk
                    .foreign_column
                    .clone()
                    .unwrap_or_else(|| one.primary_key.clone()),
                constraint_name: fk.constraint_name.clone(),
                on_update: fk.on_update.clone(),
                on_delete: fk.on_delete.clone(),
            }),
            has_meta: false,
        });
    }
    for row in meta_rows {
        let (Some(many_collection), Some(many_field)) =
            (str_of(row, "many_collection"), str_of(row, "many_field"))
        else {
            continue;
        };
        if !collections.contains_key(many_collection) {
            continue;
        }
        let text = |k: &str| str_of(row, k).map(str::to_string);
        let index = out
            .iter()
            .position(|r| r.many_collection == many_collection && r.many_field == many_field);
        let relation = match index {
            Some(i) => &mut out[i],
            None => {
                out.push(RelationInfo {
                    many_collection: many_collection.to_string(),
                    many_field: many_field.to_string(),
                    one_collection: None,
                    one_field: None,
                    one_collection_field: None,
                    one_allowed_collections: Vec::new(),
                    junction_field: None,
                    sort_field: None,
                    one_deselect_action: String::new(),
                    foreign_key: None,
                    has_meta: false,
                });
                let last = out.len() - 1;
                &mut out[last]
            }
        };
        if let Some(one) = text("one_collection") {
            relation.one_collection = Some(one);
        }
        relation.one_field = text("one_field");
        relation.one_collection_field = text("one_collection_field");
        relation.one_allowed_collections = parse_list(row.get("one_allowed_collections"));
        relation.junction_field = text("junction_field");
        relation.sort_field = text("sort_field");
        relation.one_deselect_action =
            text("one_deselect_action").unwrap_or_else(|| "nullify".into());
        relation.has_meta = true;
    }
    out.sort_by(|a, b| {
        (&a.many_collection, &a.many_field).cmp(&(&b.many_collection, &b.many_field))
    });
    out
}

/// A non-empty string value.
/// A JSON column's value (stored as JSON or as its text); none for null or empty.
fn json_of(row: &Row, key: &str) -> Option<Value> {
    match row.get(key)? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        other => Some(other.clone()),
    }
}

pub(super) fn str_of<'a>(row: &'a Row, key: &str) -> Option<&'a str> {
    row.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// A boolean stored as a boolean, `0`/`1`, or text.
pub(super) fn bool_of(row: &Row, key: &str) -> Option<bool> {
    match row.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|n| n != 0.0),
        Value::String(s) => Some(matches!(s.as_str(), "1" | "true" | "t")),
        _ => None,
    }
}

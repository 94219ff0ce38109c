//! The schema overview: introspected tables, columns and foreign keys merged with
//! `directus_collections`, `directus_fields` and `directus_relations`, held in memory for the
//! query engine and the services (`SchemaCache`), rebuilt after every schema change.

mod build;
mod relation;
pub mod snapshot;
mod special;
mod system;
mod types;

#[cfg(test)]
mod build_tests;
#[cfg(test)]
mod db_tests;

pub use build::{DEFAULT_EXCLUDED_TABLES, MetadataRows, build, is_excluded};
pub use relation::Relation;
pub use special::{ALIAS_SPECIALS, apply_special, normalise_default, parse_list};
pub use types::{FieldType, GeometryKind, map_db_type};

use crate::db::dialect::introspect::{self, Introspection};
use crate::db::{Db, Row};
use crate::error::Result;
use arc_swap::ArcSwap;
use sea_query::{Order, Query};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Every collection (table) and relation of the connected database.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SchemaOverview {
    pub collections: HashMap<String, CollectionInfo>,
    pub relations: Vec<RelationInfo>,
}

/// One table with its Directus metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectionInfo {
    pub name: String,
    pub primary_key: String,
    pub singleton: bool,
    pub sort_field: Option<String>,
    /// `"all"` (the default without a `directus_collections` row), `"activity"`, or `None`.
    pub accountability: Option<String>,
    pub note: Option<String>,
    /// Columns in table order, then alias fields (in `directus_fields` id order).
    pub fields: Vec<FieldInfo>,
}

/// One field: a column (possibly with `directus_fields` metadata) or an alias field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldInfo {
    pub name: String,
    pub field_type: FieldType,
    /// The database's type name (`character varying`, `varchar`, `int`); empty for aliases.
    pub db_type: String,
    pub nullable: bool,
    pub default_value: Option<Value>,
    pub max_length: Option<u32>,
    pub numeric_precision: Option<u32>,
    pub numeric_scale: Option<u32>,
    pub is_primary_key: bool,
    pub has_auto_increment: bool,
    pub is_unique: bool,
    /// Has a single-column index of its own.
    pub is_indexed: bool,
    pub is_generated: bool,
    pub special: Vec<String>,
    pub searchable: bool,
    pub note: Option<String>,
    /// Exists only in `directus_fields` (o2m, m2m, m2a, files, translations, group, ...).
    pub alias: bool,
    /// `meta.validation`: a filter every write of the field must meet, and its message.
    pub validation: Option<Value>,
    pub validation_message: Option<String>,
}

/// The foreign-key constraint behind a relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForeignKeyInfo {
    pub foreign_key_column: String,
    pub constraint_name: Option<String>,
    pub on_update: Option<String>,
    pub on_delete: Option<String>,
}

/// One relation, seen from its many side (`many_collection.many_field` holds the key), from a
/// foreign key, a `directus_relations` row, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationInfo {
    pub many_collection: String,
    pub many_field: String,
    /// `None` for the "any" side of an m2a (see `one_allowed_collections`).
    pub one_collection: Option<String>,
    /// The alias field on the one side (o2m), when there is one.
    pub one_field: Option<String>,
    pub one_collection_field: Option<String>,
    pub one_allowed_collections: Vec<String>,
    pub junction_field: Option<String>,
    pub sort_field: Option<String>,
    pub one_deselect_action: String,
    /// The constraint, when the relation is backed by a real foreign key.
    pub foreign_key: Option<ForeignKeyInfo>,
    /// Whether a `directus_relations` row describes it.
    pub has_meta: bool,
}

impl FieldInfo {
    /// A nullable, searchable field of `field_type` with nothing else set.
    pub fn new(name: impl Into<String>, field_type: FieldType) -> FieldInfo {
        FieldInfo {
            name: name.into(),
            field_type,
            db_type: String::new(),
            nullable: true,
            default_value: None,
            max_length: None,
            numeric_precision: None,
            numeric_scale: None,
            is_primary_key: false,
            has_auto_increment: false,
            is_unique: false,
            is_indexed: false,
            is_generated: false,
            special: Vec::new(),
            searchable: true,
            note: None,
            alias: false,
            validation: None,
            validation_message: None,
        }
    }
}

impl SchemaOverview {
    pub fn collection(&self, name: &str) -> Option<&CollectionInfo> {
        self.collections.get(name)
    }

    /// The field `collection.field`, column or alias.
    pub fn field(&self, collection: &str, field: &str) -> Option<&FieldInfo> {
        self.collection(collection)?.field(field)
    }

    /// The relation whose many side is `collection.field` (the field holds the key).
    pub fn relation_by_many(&self, collection: &str, field: &str) -> Option<&RelationInfo> {
        self.relations
            .iter()
            .find(|r| r.many_collection == collection && r.many_field == field)
    }

    /// The relation whose one side is the alias field `collection.field`.
    pub fn relation_by_one(&self, collection: &str, field: &str) -> Option<&RelationInfo> {
        self.relations.iter().find(|r| {
            r.one_collection.as_deref() == Some(collection) && r.one_field.as_deref() == Some(field)
        })
    }

    /// What `collection.field` points at, from that field's point of view; `None` for a
    /// plain field.
    pub fn relation_for(&self, collection: &str, field: &str) -> Option<Relation> {
        relation::classify(self, collection, field)
    }
}

impl CollectionInfo {
    /// Linear in the number of fields, which stays small; keeps column order without a map.
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn has_field(&self, name: &str) -> bool {
        self.field(name).is_some()
    }

    pub fn primary_key_field(&self) -> Option<&FieldInfo> {
        self.field(&self.primary_key)
    }

    /// The names of the fields backed by a column, in table order.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .filter(|f| !f.alias)
            .map(|f| f.name.as_str())
    }
}

const COLLECTION_COLUMNS: &[&str] = &[
    "collection",
    "singleton",
    "sort_field",
    "accountability",
    "note",
];
const FIELD_COLUMNS: &[&str] = &[
    "id",
    "collection",
    "field",
    "special",
    "searchable",
    "note",
    "validation",
    "validation_message",
];
const RELATION_COLUMNS: &[&str] = &[
    "id",
    "many_collection",
    "many_field",
    "one_collection",
    "one_field",
    "one_collection_field",
    "one_allowed_collections",
    "junction_field",
    "sort_field",
    "one_deselect_action",
];

/// Reads the whole schema: two introspection statements, then one select per metadata table
/// that exists (five statements on a migrated database), skipping [`DEFAULT_EXCLUDED_TABLES`].
pub async fn load(db: &Db) -> Result<SchemaOverview> {
    load_excluding(db, DEFAULT_EXCLUDED_TABLES).await
}

/// [`load`] with another `DB_EXCLUDE_TABLES` list.
pub async fn load_excluding(db: &Db, excluded: &[&str]) -> Result<SchemaOverview> {
    let introspection = introspect::introspect(db).await?;
    let mut meta = MetadataRows {
        collections: metadata(
            db,
            &introspection,
            "directus_collections",
            COLLECTION_COLUMNS,
        )
        .await?,
        fields: metadata(db, &introspection, "directus_fields", FIELD_COLUMNS).await?,
        relations: metadata(db, &introspection, "directus_relations", RELATION_COLUMNS).await?,
    };
    system::add_defaults(&mut meta);
    Ok(build(db.backend(), &introspection, &meta, excluded))
}

/// The rows of a metadata table, with the columns it has of `wanted` (an older Directus
/// database may lack recent ones); none when the table does not exist.
async fn metadata(
    db: &Db,
    introspection: &Introspection,
    table: &str,
    wanted: &[&'static str],
) -> Result<Vec<Row>> {
    let present: Vec<&'static str> = wanted
        .iter()
        .copied()
        .filter(|w| {
            introspection
                .columns
                .iter()
                .any(|c| c.table == table && c.name == *w)
        })
        .collect();
    if present.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = Query::select();
    select
        .columns(present.iter().copied())
        .from(table.to_string());
    if present.contains(&"id") {
        select.order_by("id", Order::Asc);
    }
    db.fetch_all(&select).await
}

/// The current overview, swapped whole on reload: readers never wait and keep the version
/// they loaded for the rest of their request.
pub struct SchemaCache {
    current: ArcSwap<SchemaOverview>,
}

impl SchemaCache {
    pub fn new(overview: SchemaOverview) -> Self {
        SchemaCache {
            current: ArcSwap::from_pointee(overview),
        }
    }

    pub fn get(&self) -> Arc<SchemaOverview> {
        self.current.load_full()
    }

    /// Reads the schema again and publishes it; on error the previous overview stays.
    pub async fn reload(&self, db: &Db) -> Result<Arc<SchemaOverview>> {
        let overview = Arc::new(load(db).await?);
        self.current.store(Arc::clone(&overview));
        Ok(overview)
    }
}

impl Default for SchemaCache {
    fn default() -> Self {
        SchemaCache::new(SchemaOverview::default())
    }
}

//! Directus schema snapshots and their diffs (`/schema/snapshot`, `/schema/diff`,
//! `/schema/apply`) as pure data: the snapshot and diff types, the `sanitize*` key filters,
//! a stable hash, validation of an uploaded snapshot, deep-diff and the snapshot diff itself.
//! Reading the schema and applying a diff to a database live elsewhere.

pub mod deep_diff;
mod diff;
mod validate;

pub use deep_diff::{DiffKind, DiffRecord, PathSegment, apply_change};
pub use diff::snapshot_diff;
pub use validate::validate;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// `GET /schema/snapshot`'s data. Items stay JSON: they are compared and diffed as JSON, and
/// Directus keeps every `directus_*` meta column in them, whatever its version adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub directus: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default)]
    pub collections: Vec<Value>,
    #[serde(default)]
    pub fields: Vec<Value>,
    /// Indexed system fields (`{collection, field, schema: {is_indexed}}`); older snapshots
    /// lack the key, which Directus reads as empty.
    #[serde(rename = "systemFields", default)]
    pub system_fields: Vec<Value>,
    #[serde(default)]
    pub relations: Vec<Value>,
}

/// What `POST /schema/diff` returns under `diff`, and `/schema/apply` takes back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SnapshotDiff {
    pub collections: Vec<CollectionDiff>,
    pub fields: Vec<FieldDiff>,
    #[serde(rename = "systemFields", default)]
    pub system_fields: Vec<FieldDiff>,
    pub relations: Vec<RelationDiff>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionDiff {
    pub collection: String,
    pub diff: Vec<DiffRecord>,
}

/// A field or system-field entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDiff {
    pub collection: String,
    pub field: String,
    pub diff: Vec<DiffRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationDiff {
    pub collection: String,
    pub field: String,
    /// `null` for the "any" side of an m2a.
    #[serde(default)]
    pub related_collection: Option<String>,
    pub diff: Vec<DiffRecord>,
}

impl SnapshotDiff {
    /// No change at all: `/schema/diff` answers 204 and `/schema/apply` does nothing.
    pub fn is_empty(&self) -> bool {
        self.collections.is_empty()
            && self.fields.is_empty()
            && self.system_fields.is_empty()
            && self.relations.is_empty()
    }
}

impl Snapshot {
    /// The snapshot as JSON, keys in Directus's order.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("version".into(), Value::from(self.version));
        map.insert("directus".into(), Value::from(self.directus.clone()));
        if let Some(vendor) = &self.vendor {
            map.insert("vendor".into(), Value::from(vendor.clone()));
        }
        map.insert("collections".into(), Value::from(self.collections.clone()));
        map.insert("fields".into(), Value::from(self.fields.clone()));
        map.insert(
            "systemFields".into(),
            Value::from(self.system_fields.clone()),
        );
        map.insert("relations".into(), Value::from(self.relations.clone()));
        Value::Object(map)
    }
}

/// A SHA-256 hex digest of the snapshot's canonical JSON (keys sorted at every level), so it
/// does not depend on key order. Directus uses npm `object-hash` (SHA-1 over its own
/// encoding); `/schema/apply` only compares a hash with one this server produced, so the
/// digest need not match Directus's bit for bit.
pub fn hash(snapshot: &Snapshot) -> String {
    let canonical = sort_deep(&snapshot.to_value()).to_string();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Directus's `sortDeep`: every object's keys sorted, recursively; arrays keep their order.
/// The order is the one a JavaScript object ends up with: integer-like keys numerically
/// first, then the others by UTF-16 code units (lodash `sortBy` compares JS strings).
pub fn sort_deep(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|(a, _), (b, _)| js_key_cmp(a, b));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(key, item)| (key.clone(), sort_deep(item)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_deep).collect()),
        other => other.clone(),
    }
}

fn js_key_cmp(a: &str, b: &str) -> Ordering {
    match (deep_diff::array_index(a), deep_diff::array_index(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.encode_utf16().cmp(b.encode_utf16()),
    }
}

const COLLECTION_PATHS: &[&str] = &["collection", "fields", "meta", "schema.name"];
const FIELD_PATHS: &[&str] = &["collection", "field", "type", "meta", "name", "children"];
const FIELD_SCHEMA_PATHS: &[&str] = &[
    "schema.name",
    "schema.table",
    "schema.data_type",
    "schema.default_value",
    "schema.max_length",
    "schema.numeric_precision",
    "schema.numeric_scale",
    "schema.is_nullable",
    "schema.is_unique",
    "schema.is_indexed",
    "schema.is_primary_key",
    "schema.is_generated",
    "schema.generation_expression",
    "schema.has_auto_increment",
    "schema.foreign_key_table",
    "schema.foreign_key_column",
];
const RELATION_PATHS: &[&str] = &[
    "collection",
    "field",
    "related_collection",
    "meta",
    "schema.table",
    "schema.column",
    "schema.foreign_key_table",
    "schema.foreign_key_column",
    "schema.constraint_name",
    "schema.on_update",
    "schema.on_delete",
];
const SYSTEM_FIELD_PATHS: &[&str] = &["collection", "field", "schema.is_indexed"];

/// `sanitizeCollection`: `collection`, `fields`, `meta` and `schema.name`.
pub fn sanitize_collection(collection: &Value) -> Value {
    pick(collection, COLLECTION_PATHS)
}

/// `sanitizeField(field, sanitizeAllSchema)`: the field's identity, type and meta, plus the
/// portable `schema.*` keys unless `all_schema` (used for auto-increment primary keys, whose
/// column details differ between vendors and must never be altered).
pub fn sanitize_field(field: &Value, all_schema: bool) -> Value {
    if all_schema {
        return pick(field, FIELD_PATHS);
    }
    pick(field, &[FIELD_PATHS, FIELD_SCHEMA_PATHS].concat())
}

/// `sanitizeRelation`: the relation's identity, meta and the portable foreign-key keys.
pub fn sanitize_relation(relation: &Value) -> Value {
    pick(relation, RELATION_PATHS)
}

/// `sanitizeSystemField`: `collection`, `field` and `schema.is_indexed`.
pub fn sanitize_system_field(field: &Value) -> Value {
    pick(field, SYSTEM_FIELD_PATHS)
}

/// lodash `pick(value, paths)` after `sortDeep`, which is what a Directus snapshot item is:
/// picked keys come in `paths` order (so a field reads `collection, field, type, meta,
/// schema`), and everything below them (meta columns, options) is key-sorted. A dotted path
/// is kept only when its parent is an object holding the key, so a folder collection or an
/// alias field (`schema: null`) has no `schema` key at all.
fn pick(value: &Value, paths: &[&str]) -> Value {
    let mut out = Map::new();
    let Some(source) = value.as_object() else {
        return Value::Object(out);
    };
    for path in paths {
        match path.split_once('.') {
            None => {
                if let Some(item) = source.get(*path) {
                    out.insert((*path).to_string(), sort_deep(item));
                }
            }
            Some((parent, key)) => {
                let Some(item) = source.get(parent).and_then(|p| p.as_object()?.get(key)) else {
                    continue;
                };
                let entry = out
                    .entry(parent.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(nested) = entry {
                    nested.insert(key.to_string(), sort_deep(item));
                }
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn sanitize_keeps_directus_keys_in_pick_order_with_sorted_meta() {
        let field = json!({
            "schema": {"comment": "x", "is_nullable": true, "data_type": "varchar", "name": "title"},
            "meta": {"width": "full", "id": 3, "options": {"b": 1, "a": 2}},
            "type": "string", "field": "title", "collection": "articles", "extra": 1,
        });
        let sanitized = sanitize_field(&field, false);
        assert_eq!(
            keys(&sanitized),
            ["collection", "field", "type", "meta", "schema"]
        );
        assert_eq!(
            keys(&sanitized["schema"]),
            ["name", "data_type", "is_nullable"]
        );
        assert_eq!(keys(&sanitized["meta"]), ["id", "options", "width"]);
        assert_eq!(keys(&sanitized["meta"]["options"]), ["a", "b"]);
        assert_eq!(
            keys(&sanitize_field(&field, true)),
            ["collection", "field", "type", "meta"]
        );

        let alias = json!({"collection": "a", "field": "items", "type": "alias", "meta": null, "schema": null});
        assert_eq!(
            keys(&sanitize_field(&alias, false)),
            ["collection", "field", "type", "meta"]
        );

        let folder = json!({"collection": "folder", "meta": {"icon": "folder"}, "schema": null});
        assert_eq!(
            sanitize_collection(&folder),
            json!({"collection": "folder", "meta": {"icon": "folder"}})
        );
        let table = json!({"schema": {"name": "a", "sql": "CREATE TABLE"}, "collection": "a", "meta": null});
        assert_eq!(
            sanitize_collection(&table),
            json!({"collection": "a", "meta": null, "schema": {"name": "a"}})
        );

        let relation = json!({
            "collection": "a", "field": "author", "related_collection": "directus_users", "meta": null,
            "schema": {"table": "a", "column": "author", "foreign_key_schema": "public", "on_delete": "SET NULL"},
        });
        assert_eq!(
            sanitize_relation(&relation)["schema"],
            json!({"table": "a", "column": "author", "on_delete": "SET NULL"})
        );
        let system = json!({"collection": "directus_users", "field": "email", "type": "string", "schema": {"is_indexed": true, "name": "email"}});
        assert_eq!(
            sanitize_system_field(&system),
            json!({"collection": "directus_users", "field": "email", "schema": {"is_indexed": true}})
        );
    }

    #[test]
    fn sort_deep_uses_javascript_key_order() {
        let sorted = sort_deep(&json!({"b": [{"z": 1, "y": 2}], "10": 0, "a": 0, "2": 0, "_": 0}));
        assert_eq!(keys(&sorted), ["2", "10", "_", "a", "b"]);
        assert_eq!(keys(&sorted["b"][0]), ["y", "z"]);
    }

    #[test]
    fn hash_is_stable_under_key_reordering() {
        let one: Snapshot = serde_json::from_value(json!({
            "version": 1, "directus": "11.5.1", "vendor": "sqlite",
            "collections": [{"collection": "a", "meta": {"icon": "x", "note": null}, "schema": {"name": "a"}}],
            "fields": [], "systemFields": [], "relations": [],
        }))
        .expect("snapshot");
        let two: Snapshot = serde_json::from_value(json!({
            "relations": [], "fields": [], "vendor": "sqlite",
            "collections": [{"schema": {"name": "a"}, "meta": {"note": null, "icon": "x"}, "collection": "a"}],
            "directus": "11.5.1", "version": 1,
        }))
        .expect("snapshot");
        assert_eq!(hash(&one), hash(&two));
        assert_eq!(hash(&one).len(), 64);
        let mut three = one.clone();
        three.collections[0]["meta"]["icon"] = json!("y");
        assert_ne!(hash(&one), hash(&three));
        assert_eq!(keys(&one.to_value())[5], "systemFields");
    }

    #[test]
    fn diff_serializes_with_directus_keys() {
        let mut diff = SnapshotDiff::default();
        assert!(diff.is_empty());
        diff.relations.push(RelationDiff {
            collection: "a".into(),
            field: "item".into(),
            related_collection: None,
            diff: vec![DiffRecord::new(vec![], json!({"collection": "a"}))],
        });
        assert!(!diff.is_empty());
        let value = serde_json::to_value(&diff).expect("serialize");
        assert_eq!(
            keys(&value),
            ["collections", "fields", "systemFields", "relations"]
        );
        assert_eq!(
            value["relations"][0],
            json!({"collection": "a", "field": "item", "related_collection": null, "diff": [{"kind": "N", "rhs": {"collection": "a"}}]})
        );
        let back: SnapshotDiff = serde_json::from_value(value).expect("deserialize");
        assert_eq!(back, diff);
    }
}

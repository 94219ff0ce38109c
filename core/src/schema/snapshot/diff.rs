//! `snapshot_diff`: Directus's `getSnapshotDiff(current, after)` (v11, the `mirror` mode):
//! every sanitized item of the current snapshot deep-diffed against its match in the other,
//! then the items only the other has, as whole-entity `N` records.

use super::deep_diff::{DiffKind, DiffRecord, diff_opt};
use super::{
    CollectionDiff, FieldDiff, RelationDiff, Snapshot, SnapshotDiff, sanitize_collection,
    sanitize_field, sanitize_relation, sanitize_system_field,
};
use serde_json::{Map, Value};

/// What must change to turn `current` into `after`. Collections match by name, fields,
/// system fields and relations by `(collection, field)`; entries without change are left
/// out; current-side entries come first, in snapshot order, then the new ones.
pub fn snapshot_diff(current: &Snapshot, after: &Snapshot) -> SnapshotDiff {
    let mut out = SnapshotDiff {
        collections: collections(current, after),
        fields: fields(current, after),
        system_fields: system_fields(current, after),
        relations: relations(current, after),
    };
    // Deleting a collection drops its fields and relations with it. Directus tests only
    // `diff[0].kind === 'D'`, which a nested meta deletion (`path: ['meta', x]`) also
    // passes and would lose that collection's field changes; a whole-entity delete has no path.
    let deleted: Vec<String> = out
        .collections
        .iter()
        .filter(|c| is_entity(&c.diff, DiffKind::Deleted))
        .map(|c| c.collection.clone())
        .collect();
    out.fields.retain(|f| !deleted.contains(&f.collection));
    out.relations.retain(|r| !deleted.contains(&r.collection));
    out
}

fn is_entity(diff: &[DiffRecord], kind: DiffKind) -> bool {
    diff.first()
        .is_some_and(|d| d.kind == kind && d.path.is_empty())
}

/// `a.collection === b.collection` (an absent name matches an absent name, as in JS).
fn same_collection(a: &Value, b: &Value) -> bool {
    a.get("collection") == b.get("collection")
}

fn same_field(a: &Value, b: &Value) -> bool {
    same_collection(a, b) && a.get("field") == b.get("field")
}

fn text(item: &Value, key: &str) -> String {
    item.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// An item read with `includeUntracked` (a table without `directus_*` row, `meta: null`)
/// that the other snapshot lacks is left alone rather than deleted.
fn untracked(item: &Value) -> bool {
    item.get("meta").is_some_and(Value::is_null)
}

/// JavaScript truthiness of an optional value.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

fn collections(current: &Snapshot, after: &Snapshot) -> Vec<CollectionDiff> {
    let mut out = Vec::new();
    let mut push = |item: &Value, diff: Vec<DiffRecord>| {
        if !diff.is_empty() {
            out.push(CollectionDiff {
                collection: text(item, "collection"),
                diff,
            });
        }
    };
    for cur in &current.collections {
        let aft = after.collections.iter().find(|a| same_collection(a, cur));
        if untracked(cur) && aft.is_none() {
            continue;
        }
        let aft = aft.map(sanitize_collection);
        push(cur, diff_opt(Some(&sanitize_collection(cur)), aft.as_ref()));
    }
    for aft in &after.collections {
        if !current.collections.iter().any(|c| same_collection(c, aft)) {
            push(aft, diff_opt(None, Some(&sanitize_collection(aft))));
        }
    }
    out
}

/// A type change to or from `alias` cannot be an update: one is a column, the other is not.
fn alias_change(cur: &Value, aft: &Value) -> bool {
    let alias = |v: &Value| v.get("type").and_then(Value::as_str) == Some("alias");
    cur.get("type") != aft.get("type") && (alias(cur) || alias(aft))
}

fn fields(current: &Snapshot, after: &Snapshot) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    let mut push = |item: &Value, diff: Vec<DiffRecord>| {
        if !diff.is_empty() {
            let (collection, field) = (text(item, "collection"), text(item, "field"));
            out.push(FieldDiff {
                collection,
                field,
                diff,
            });
        }
    };
    for cur in &current.fields {
        let aft = after.fields.iter().find(|a| same_field(a, cur));
        if untracked(cur) && aft.is_none() {
            continue;
        }
        // An auto-increment key's column is compared without its schema: vendors describe it
        // differently and Directus never alters it.
        let schema = cur.get("schema");
        let auto_increment_pk = truthy(schema.and_then(|s| s.get("is_primary_key")))
            && truthy(schema.and_then(|s| s.get("has_auto_increment")));
        let lhs = sanitize_field(cur, auto_increment_pk);
        let rhs = match aft {
            Some(aft) if alias_change(cur, aft) => None,
            Some(aft) => Some(sanitize_field(aft, auto_increment_pk)),
            None => None,
        };
        push(cur, diff_opt(Some(&lhs), rhs.as_ref()));
    }
    for aft in &after.fields {
        let matched = current
            .fields
            .iter()
            .find(|c| same_field(c, aft))
            .filter(|cur| !alias_change(cur, aft));
        if matched.is_none() {
            push(aft, diff_opt(None, Some(&sanitize_field(aft, false))));
        }
    }
    out
}

/// `invertIndexed`: the item with `schema.is_indexed` negated (when it has one). It stands for
/// the missing side, so a system field present on one side only diffs as an index toggle.
fn invert_indexed(item: &Value) -> Value {
    let mut schema = item
        .get("schema")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_else(Map::new);
    if schema.contains_key("is_indexed") {
        let indexed = truthy(schema.get("is_indexed"));
        schema.insert("is_indexed".into(), Value::Bool(!indexed));
    }
    let mut out = item.as_object().cloned().unwrap_or_else(Map::new);
    out.insert("schema".into(), Value::Object(schema));
    Value::Object(out)
}

fn system_fields(current: &Snapshot, after: &Snapshot) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    let mut push = |item: &Value, diff: Vec<DiffRecord>| {
        if !diff.is_empty() {
            let (collection, field) = (text(item, "collection"), text(item, "field"));
            out.push(FieldDiff {
                collection,
                field,
                diff,
            });
        }
    };
    for cur in &current.system_fields {
        let rhs = match after.system_fields.iter().find(|a| same_field(a, cur)) {
            Some(aft) => sanitize_system_field(aft),
            None => invert_indexed(cur),
        };
        push(cur, diff_opt(Some(&sanitize_system_field(cur)), Some(&rhs)));
    }
    for aft in &after.system_fields {
        let indexed = truthy(aft.get("schema").and_then(|s| s.get("is_indexed")));
        if indexed && !current.system_fields.iter().any(|c| same_field(c, aft)) {
            let lhs = invert_indexed(aft);
            push(aft, diff_opt(Some(&lhs), Some(&sanitize_system_field(aft))));
        }
    }
    out
}

fn relations(current: &Snapshot, after: &Snapshot) -> Vec<RelationDiff> {
    let mut out = Vec::new();
    let mut push = |item: &Value, diff: Vec<DiffRecord>| {
        if !diff.is_empty() {
            out.push(RelationDiff {
                collection: text(item, "collection"),
                field: text(item, "field"),
                related_collection: item
                    .get("related_collection")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                diff,
            });
        }
    };
    for cur in &current.relations {
        let aft = after.relations.iter().find(|a| same_field(a, cur));
        if untracked(cur) && aft.is_none() {
            continue;
        }
        let aft = aft.map(sanitize_relation);
        push(cur, diff_opt(Some(&sanitize_relation(cur)), aft.as_ref()));
    }
    for aft in &after.relations {
        if !current.relations.iter().any(|c| same_field(c, aft)) {
            push(aft, diff_opt(None, Some(&sanitize_relation(aft))));
        }
    }
    out
}

#[cfg(test)]
mod tests;

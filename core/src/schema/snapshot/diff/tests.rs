//! Tests of `snapshot_diff` against small article/author snapshots.

use super::super::apply_change;
use super::*;
use serde_json::json;

fn snapshot(collections: Value, fields: Value, relations: Value) -> Snapshot {
    serde_json::from_value(json!({
        "version": 1, "directus": "11.5.1", "vendor": "sqlite",
        "collections": collections, "fields": fields, "systemFields": [], "relations": relations,
    }))
    .expect("snapshot")
}

fn collection(name: &str, note: Value) -> Value {
    json!({"collection": name, "meta": {"collection": name, "icon": null, "note": note}, "schema": {"name": name}})
}

fn field(collection: &str, name: &str, kind: &str, data_type: Value) -> Value {
    let schema = if data_type.is_null() {
        Value::Null
    } else {
        json!({"name": name, "table": collection, "data_type": data_type, "is_nullable": true})
    };
    json!({"collection": collection, "field": name, "type": kind,
           "meta": {"collection": collection, "field": name, "hidden": false}, "schema": schema})
}

fn id(collection: &str, data_type: &str) -> Value {
    json!({"collection": collection, "field": "id", "type": "integer", "meta": null,
           "schema": {"name": "id", "table": collection, "data_type": data_type,
                      "is_primary_key": true, "has_auto_increment": true}})
}

fn relation(collection: &str, field: &str, related: &str) -> Value {
    json!({"collection": collection, "field": field, "related_collection": related, "meta": null,
           "schema": {"table": collection, "column": field, "foreign_key_table": related,
                      "foreign_key_column": "id", "on_delete": "SET NULL"}})
}

fn kinds(diff: &[DiffRecord]) -> Vec<(DiffKind, String)> {
    diff.iter().map(|d| (d.kind, d.path_string())).collect()
}

fn articles() -> Snapshot {
    snapshot(
        json!([
            collection("articles", json!("a")),
            collection("authors", Value::Null)
        ]),
        json!([
            id("articles", "integer"),
            field("articles", "title", "string", json!("varchar")),
            field("articles", "author", "integer", json!("integer")),
            field("authors", "name", "string", json!("varchar")),
        ]),
        json!([relation("articles", "author", "authors")]),
    )
}

#[test]
fn identical_snapshots_have_an_empty_diff() {
    let diff = snapshot_diff(&articles(), &articles());
    assert!(diff.is_empty(), "{diff:?}");
    let empty = snapshot(json!([]), json!([]), json!([]));
    assert!(snapshot_diff(&empty, &empty).is_empty());
}

#[test]
fn new_collection_with_fields_and_relation() {
    let empty = snapshot(json!([]), json!([]), json!([]));
    let diff = snapshot_diff(&empty, &articles());
    let names: Vec<&str> = diff
        .collections
        .iter()
        .map(|c| c.collection.as_str())
        .collect();
    assert_eq!(names, ["articles", "authors"]);
    assert_eq!(
        diff.collections[0].diff,
        vec![DiffRecord::new(
            vec![],
            sanitize_collection(&collection("articles", json!("a")))
        )]
    );
    let fields: Vec<String> = diff
        .fields
        .iter()
        .map(|f| format!("{}.{}", f.collection, f.field))
        .collect();
    assert_eq!(
        fields,
        [
            "articles.id",
            "articles.title",
            "articles.author",
            "authors.name"
        ]
    );
    // New fields are sanitized in full, even an auto-increment key.
    let id_rhs = diff.fields[0].diff[0].rhs.as_ref().expect("rhs");
    assert_eq!(id_rhs["schema"]["has_auto_increment"], json!(true));
    assert_eq!(
        diff.relations[0].related_collection.as_deref(),
        Some("authors")
    );
    assert!(is_entity(&diff.relations[0].diff, DiffKind::New));
}

#[test]
fn deleted_collection_drops_its_fields_and_relations() {
    let mut after = articles();
    after.collections.retain(|c| c["collection"] != "articles");
    after
        .fields
        .retain(|f| f["collection"] != "articles" && f["field"] != "name");
    after.relations.clear();
    let diff = snapshot_diff(&articles(), &after);
    assert_eq!(diff.collections.len(), 1);
    assert_eq!(diff.collections[0].collection, "articles");
    assert_eq!(
        kinds(&diff.collections[0].diff),
        [(DiffKind::Deleted, String::new())]
    );
    // Only the other collection's field deletion survives.
    assert_eq!(diff.fields.len(), 1);
    assert_eq!(
        (
            diff.fields[0].collection.as_str(),
            diff.fields[0].field.as_str()
        ),
        ("authors", "name")
    );
    assert!(diff.relations.is_empty());
}

#[test]
fn meta_edits_are_path_records_that_apply_back() {
    let mut after = articles();
    after.collections[0]["meta"]["note"] = json!("b");
    after.collections[0]["meta"]["icon"] = json!("article");
    after.fields[1]["meta"]["hidden"] = json!(true);
    after.fields[1]["meta"]["width"] = json!("half");
    let diff = snapshot_diff(&articles(), &after);
    assert_eq!(
        serde_json::to_value(&diff.collections).expect("json"),
        json!([{"collection": "articles", "diff": [
            {"kind": "E", "path": ["meta", "icon"], "lhs": null, "rhs": "article"},
            {"kind": "E", "path": ["meta", "note"], "lhs": "a", "rhs": "b"},
        ]}])
    );
    assert_eq!(
        kinds(&diff.fields[0].diff),
        [
            (DiffKind::Edited, "meta.hidden".into()),
            (DiffKind::New, "meta.width".into())
        ]
    );
    let mut field = sanitize_field(&articles().fields[1], false);
    for change in &diff.fields[0].diff {
        apply_change(&mut field, change).expect("applies");
    }
    assert_eq!(field, sanitize_field(&after.fields[1], false));
}

#[test]
fn type_change_is_an_update_but_alias_change_is_delete_then_create() {
    let mut after = articles();
    after.fields[1] = field("articles", "title", "text", json!("text"));
    let diff = snapshot_diff(&articles(), &after);
    assert_eq!(diff.fields.len(), 1);
    assert_eq!(
        kinds(&diff.fields[0].diff),
        [
            (DiffKind::Edited, "type".into()),
            (DiffKind::Edited, "schema.data_type".into())
        ]
    );

    after.fields[1] = field("articles", "title", "alias", Value::Null);
    let diff = snapshot_diff(&articles(), &after);
    let entries: Vec<(String, Vec<(DiffKind, String)>)> = diff
        .fields
        .iter()
        .map(|f| (f.field.clone(), kinds(&f.diff)))
        .collect();
    assert_eq!(
        entries,
        [
            (
                "title".to_string(),
                vec![(DiffKind::Deleted, String::new())]
            ),
            ("title".to_string(), vec![(DiffKind::New, String::new())]),
        ]
    );
    // And back from alias to a column.
    let back = snapshot_diff(&after, &articles());
    assert_eq!(back.fields.len(), 2);
    assert!(
        is_entity(&back.fields[0].diff, DiffKind::Deleted)
            && is_entity(&back.fields[1].diff, DiffKind::New)
    );
}

#[test]
fn auto_increment_key_ignores_schema_and_untracked_items_stay() {
    let mut after = articles();
    after.fields[0] = id("articles", "bigint");
    assert!(snapshot_diff(&articles(), &after).is_empty());
    after.fields[0]["meta"] = json!({"hidden": true});
    let diff = snapshot_diff(&articles(), &after);
    assert_eq!(
        kinds(&diff.fields[0].diff),
        [(DiffKind::Edited, "meta".into())]
    );

    // `meta: null` on the current side and absent from the other: not a deletion.
    let mut untracked = articles();
    untracked
        .collections
        .push(json!({"collection": "legacy", "meta": null, "schema": {"name": "legacy"}}));
    untracked.fields.push(json!({"collection": "legacy", "field": "x", "type": "string", "meta": null, "schema": null}));
    assert!(snapshot_diff(&untracked, &articles()).is_empty());
}

#[test]
fn system_fields_diff_as_index_toggles() {
    let indexed = |on: bool| json!({"collection": "directus_users", "field": "email", "schema": {"is_indexed": on}});
    let mut current = articles();
    current.system_fields = vec![indexed(true)];
    let diff = snapshot_diff(&current, &articles());
    assert_eq!(
        serde_json::to_value(&diff.system_fields).expect("json"),
        json!([{"collection": "directus_users", "field": "email", "diff": [
            {"kind": "E", "path": ["schema", "is_indexed"], "lhs": true, "rhs": false}]}])
    );
    let diff = snapshot_diff(&articles(), &current);
    assert_eq!(
        kinds(&diff.system_fields[0].diff),
        [(DiffKind::Edited, "schema.is_indexed".into())]
    );
    let mut after = articles();
    after.system_fields = vec![indexed(false)];
    assert!(snapshot_diff(&articles(), &after).is_empty());
}

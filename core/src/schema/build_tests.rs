//! Unit tests for `build`: exclusions, key-less tables, metadata overrides, alias fields, and
//! foreign keys merged with `directus_relations` rows.

use super::FieldType;
use super::build::{DEFAULT_EXCLUDED_TABLES, MetadataRows, build};
use crate::db::dialect::introspect::{IntrospectedColumn, IntrospectedForeignKey, Introspection};
use crate::db::{Backend, Row};
use serde_json::json;

fn column(table: &str, name: &str, declared: &str, pk: bool) -> IntrospectedColumn {
    IntrospectedColumn {
        table: table.into(),
        name: name.into(),
        data_type: declared.split('(').next().unwrap_or_default().into(),
        column_type: declared.into(),
        max_length: None,
        numeric_precision: None,
        numeric_scale: None,
        nullable: !pk,
        default_value: None,
        is_primary_key: pk,
        has_auto_increment: false,
        is_unique: false,
        is_indexed: false,
        is_generated: false,
        is_json: false,
        comment: None,
    }
}

fn row(value: serde_json::Value) -> Row {
    value.as_object().cloned().unwrap_or_default()
}

fn introspection() -> Introspection {
    let mut flag = column("things", "flag", "integer", false);
    flag.default_value = Some(json!(1));
    Introspection {
        columns: vec![
            column("things", "id", "integer", true),
            column("things", "list", "text", false),
            flag,
            column("things", "owner", "integer", false),
            column("strata_sync", "id", "integer", true),
            column("spatial_ref_sys", "srid", "integer", true),
            column("no_key", "a", "integer", false),
            column("owners", "id", "integer", true),
        ],
        foreign_keys: vec![
            IntrospectedForeignKey {
                table: "things".into(),
                column: "owner".into(),
                foreign_table: "owners".into(),
                foreign_column: None,
                constraint_name: None,
                on_update: None,
                on_delete: Some("SET NULL".into()),
            },
            IntrospectedForeignKey {
                table: "owners".into(),
                column: "id".into(),
                foreign_table: "strata_sync".into(),
                foreign_column: Some("id".into()),
                constraint_name: None,
                on_update: None,
                on_delete: None,
            },
        ],
    }
}

fn metadata() -> MetadataRows {
    MetadataRows {
        collections: vec![row(json!({"collection": "owners", "accountability": null,
                "singleton": 1, "sort_field": "id"}))],
        fields: vec![
            row(
                json!({"collection": "things", "field": "list", "special": "cast-csv",
                    "searchable": false}),
            ),
            row(json!({"collection": "things", "field": "flag", "special": "cast-boolean"})),
            row(
                json!({"collection": "owners", "field": "things", "special": "o2m",
                    "note": "Owned things"}),
            ),
            row(json!({"collection": "owners", "field": "ghost", "special": "cast-json"})),
            row(
                json!({"collection": "owners", "field": "layout", "special": "alias,no-data,group"}),
            ),
        ],
        relations: vec![
            row(json!({"many_collection": "things", "many_field": "owner",
                    "one_collection": "owners", "one_field": "things", "sort_field": "sort"})),
            row(json!({"many_collection": "missing", "many_field": "x",
                    "one_collection": "owners"})),
        ],
    }
}

#[test]
fn tables_fields_and_exclusions() {
    let s = build(
        Backend::Postgres,
        &introspection(),
        &metadata(),
        DEFAULT_EXCLUDED_TABLES,
    );
    let mut names: Vec<&str> = s.collections.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["owners", "things"],
        "strata_*, excluded and key-less tables left out"
    );
    let things = &s.collections["things"];
    assert_eq!(things.accountability.as_deref(), Some("all"));
    let list = things.field("list").map(|f| (f.field_type, f.searchable));
    assert_eq!(list, Some((FieldType::Csv, false)));
    let flag = things
        .field("flag")
        .map(|f| (f.field_type, f.default_value.clone()));
    assert_eq!(flag, Some((FieldType::Boolean, Some(json!(true)))));
    let owners = &s.collections["owners"];
    assert_eq!(
        (owners.accountability.clone(), owners.singleton),
        (None, true)
    );
    assert_eq!(owners.sort_field.as_deref(), Some("id"));
    let fields: Vec<(&str, bool)> = owners
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.alias))
        .collect();
    assert_eq!(fields, [("id", false), ("things", true), ("layout", true)]);
    assert_eq!(
        owners.field("things").and_then(|f| f.note.as_deref()),
        Some("Owned things")
    );
}

#[test]
fn foreign_keys_merge_with_relation_rows() {
    let s = build(
        Backend::Sqlite,
        &introspection(),
        &metadata(),
        DEFAULT_EXCLUDED_TABLES,
    );
    assert_eq!(
        s.relations.len(),
        1,
        "relations to excluded or unknown tables are dropped"
    );
    let r = &s.relations[0];
    assert_eq!(
        (r.many_collection.as_str(), r.many_field.as_str()),
        ("things", "owner")
    );
    assert_eq!(r.one_field.as_deref(), Some("things"));
    assert_eq!(r.sort_field.as_deref(), Some("sort"));
    assert!(r.has_meta);
    let fk = r
        .foreign_key
        .as_ref()
        .map(|f| (f.foreign_key_column.as_str(), f.on_delete.as_deref()));
    assert_eq!(
        fk,
        Some(("id", Some("SET NULL"))),
        "an implicit target is the primary key"
    );
}

#[test]
fn system_timestamps_keep_their_type_on_sqlite() {
    let mut ts = column("directus_activity", "timestamp", "datetime", false);
    ts.default_value = Some(json!("CURRENT_TIMESTAMP"));
    let introspection = Introspection {
        columns: vec![column("directus_activity", "id", "integer", true), ts],
        foreign_keys: Vec::new(),
    };
    let s = build(
        Backend::Sqlite,
        &introspection,
        &MetadataRows::default(),
        &[],
    );
    let f = s
        .field("directus_activity", "timestamp")
        .map(|f| f.field_type);
    assert_eq!(f, Some(FieldType::Timestamp));
}

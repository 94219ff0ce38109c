//! What Directus knows about its own tables without `directus_fields` / `directus_relations`
//! rows (its "system data"): the specials that make system columns read as lists, hashes or
//! concealed values, and the o2m / m2m alias fields between roles, policies, permissions and
//! users. Added to the metadata rows when the database does not describe them itself.

use super::MetadataRows;
use crate::db::Row;
use serde_json::Value;

/// `(collection, field, special)` for system columns.
const FIELDS: &[(&str, &str, &str)] = &[
    ("directus_users", "password", "hash"),
    ("directus_users", "token", "conceal"),
    ("directus_users", "tfa_secret", "conceal"),
    ("directus_users", "tags", "cast-json"),
    ("directus_users", "auth_data", "cast-json"),
    ("directus_users", "policies", "m2m"),
    ("directus_roles", "users", "o2m"),
    ("directus_roles", "children", "o2m"),
    ("directus_roles", "policies", "m2m"),
    ("directus_policies", "ip_access", "cast-csv"),
    ("directus_policies", "permissions", "o2m"),
    ("directus_permissions", "fields", "cast-csv"),
    ("directus_permissions", "permissions", "cast-json"),
    ("directus_permissions", "validation", "cast-json"),
    ("directus_permissions", "presets", "cast-json"),
    ("directus_presets", "layout_query", "cast-json"),
    ("directus_presets", "layout_options", "cast-json"),
    ("directus_presets", "filter", "cast-json"),
    ("directus_revisions", "data", "cast-json"),
    ("directus_revisions", "delta", "cast-json"),
    ("directus_versions", "delta", "cast-json"),
    ("directus_shares", "password", "hash"),
    ("directus_files", "tags", "cast-json"),
    ("directus_files", "metadata", "cast-json"),
    ("directus_files", "tus_data", "cast-json"),
    ("directus_files", "uploaded_by", "user-created"),
    ("directus_files", "created_on", "date-created"),
    ("directus_files", "modified_by", "user-updated"),
    ("directus_files", "modified_on", "date-updated"),
];

/// `(many_collection, many_field, one_collection, one_field, junction_field)`.
type SystemRelation = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

const RELATIONS: &[SystemRelation] = &[
    (
        "directus_users",
        "role",
        "directus_roles",
        Some("users"),
        None,
    ),
    (
        "directus_roles",
        "parent",
        "directus_roles",
        Some("children"),
        None,
    ),
    (
        "directus_permissions",
        "policy",
        "directus_policies",
        Some("permissions"),
        None,
    ),
    (
        "directus_access",
        "role",
        "directus_roles",
        Some("policies"),
        Some("policy"),
    ),
    (
        "directus_access",
        "user",
        "directus_users",
        Some("policies"),
        Some("policy"),
    ),
    ("directus_access", "policy", "directus_policies", None, None),
    // Who did what, as the studio's activity log and revisions show it.
    ("directus_activity", "user", "directus_users", None, None),
    (
        "directus_revisions",
        "activity",
        "directus_activity",
        None,
        None,
    ),
    (
        "directus_notifications",
        "recipient",
        "directus_users",
        None,
        None,
    ),
    (
        "directus_notifications",
        "sender",
        "directus_users",
        None,
        None,
    ),
    ("directus_files", "folder", "directus_folders", None, None),
    (
        "directus_files",
        "uploaded_by",
        "directus_users",
        None,
        None,
    ),
    ("directus_folders", "parent", "directus_folders", None, None),
];

fn text(row: &Row, key: &str) -> Option<String> {
    row.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Adds the system rows the database lacks.
pub fn add_defaults(meta: &mut MetadataRows) {
    for (collection, field, special) in FIELDS {
        let known = meta.fields.iter().any(|r| {
            text(r, "collection").as_deref() == Some(collection)
                && text(r, "field").as_deref() == Some(field)
        });
        if !known {
            let mut row = Row::new();
            row.insert("collection".into(), Value::from(*collection));
            row.insert("field".into(), Value::from(*field));
            row.insert("special".into(), Value::from(*special));
            meta.fields.push(row);
        }
    }
    for (many, field, one, one_field, junction) in RELATIONS {
        let known = meta.relations.iter().any(|r| {
            text(r, "many_collection").as_deref() == Some(many)
                && text(r, "many_field").as_deref() == Some(field)
        });
        if !known {
            let mut row = Row::new();
            row.insert("many_collection".into(), Value::from(*many));
            row.insert("many_field".into(), Value::from(*field));
            row.insert("one_collection".into(), Value::from(*one));
            row.insert(
                "one_field".into(),
                one_field.map(Value::from).unwrap_or(Value::Null),
            );
            row.insert(
                "junction_field".into(),
                junction.map(Value::from).unwrap_or(Value::Null),
            );
            row.insert("one_deselect_action".into(), Value::from("nullify"));
            meta.relations.push(row);
        }
    }
}

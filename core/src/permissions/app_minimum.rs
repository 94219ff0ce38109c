//! The permissions every caller with app access has on top of its policies, as in Directus: the
//! schema, its own user, role, presets, notifications, comments and shares, settings and
//! translations — what the admin studio needs to start.

use super::{Action, FieldSet, Permission};
use serde_json::{Value, json};
use std::sync::OnceLock;

/// `(collection, action, item rule, validation, fields)`; no fields means all of them.
fn table() -> Vec<(
    &'static str,
    &'static str,
    Value,
    Value,
    &'static [&'static str],
)> {
    let mine = |field: &str| json!({ field: { "_eq": "$CURRENT_USER" } });
    let none = Value::Null;
    vec![
        (
            "directus_collections",
            "read",
            none.clone(),
            none.clone(),
            &[],
        ),
        ("directus_fields", "read", none.clone(), none.clone(), &[]),
        (
            "directus_relations",
            "read",
            none.clone(),
            none.clone(),
            &[],
        ),
        ("directus_activity", "read", mine("user"), none.clone(), &[]),
        (
            "directus_comments",
            "read",
            mine("user_created"),
            none.clone(),
            &[],
        ),
        (
            "directus_comments",
            "create",
            none.clone(),
            json!({"comment": {"_nnull": true}}),
            &[],
        ),
        (
            "directus_comments",
            "update",
            mine("user_created"),
            none.clone(),
            &["comment"],
        ),
        (
            "directus_comments",
            "delete",
            mine("user_created"),
            none.clone(),
            &[],
        ),
        (
            "directus_presets",
            "read",
            json!({"_or": [
                {"user": {"_eq": "$CURRENT_USER"}},
                {"_and": [{"user": {"_null": true}}, {"role": {"_eq": "$CURRENT_ROLE"}}]},
                {"_and": [{"user": {"_null": true}}, {"role": {"_null": true}}]}
            ]}),
            none.clone(),
            &[],
        ),
        (
            "directus_presets",
            "create",
            none.clone(),
            mine("user"),
            &[],
        ),
        (
            "directus_presets",
            "update",
            mine("user"),
            mine("user"),
            &[],
        ),
        (
            "directus_presets",
            "delete",
            mine("user"),
            none.clone(),
            &[],
        ),
        (
            "directus_roles",
            "read",
            json!({"id": {"_in": "$CURRENT_ROLES"}}),
            none.clone(),
            &[],
        ),
        ("directus_settings", "read", none.clone(), none.clone(), &[]),
        (
            "directus_translations",
            "read",
            none.clone(),
            none.clone(),
            &[],
        ),
        (
            "directus_notifications",
            "read",
            mine("recipient"),
            none.clone(),
            &[],
        ),
        (
            "directus_notifications",
            "update",
            mine("recipient"),
            none.clone(),
            &["status"],
        ),
        (
            "directus_shares",
            "read",
            mine("user_created"),
            none.clone(),
            &[],
        ),
        (
            "directus_users",
            "read",
            mine("id"),
            none,
            &[
                "id",
                "first_name",
                "last_name",
                "last_page",
                "email",
                "password",
                "location",
                "title",
                "description",
                "tags",
                "preferences_divider",
                "avatar",
                "language",
                "appearance",
                "theme_light",
                "theme_dark",
                "tfa_secret",
                "status",
                "role",
            ],
        ),
    ]
}

/// The app-access permissions (built once).
pub fn permissions() -> &'static [Permission] {
    static ROWS: OnceLock<Vec<Permission>> = OnceLock::new();
    ROWS.get_or_init(|| {
        table()
            .into_iter()
            .filter_map(|(collection, action, rule, validation, fields)| {
                Some(Permission {
                    collection: collection.to_string(),
                    action: Action::parse(action)?,
                    rule: Some(rule).filter(|r| !r.is_null()),
                    validation: Some(validation).filter(|v| !v.is_null()),
                    presets: None,
                    fields: if fields.is_empty() {
                        FieldSet::All
                    } else {
                        FieldSet::from_list(fields.iter().map(|f| f.to_string()).collect())
                    },
                })
            })
            .collect()
    })
}

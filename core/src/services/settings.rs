//! The project settings singleton (`directus_settings`, one row) as the server reads it.

use crate::db::{Db, Row};
use crate::error::Result;
use sea_query::{Asterisk, Query};
use serde_json::Value;

/// Fields of `/server/info`'s public `project` block, in Directus's order.
pub const PUBLIC_PROJECT_FIELDS: &[&str] = &[
    "project_name",
    "project_descriptor",
    "project_logo",
    "project_color",
    "default_appearance",
    "default_theme_light",
    "default_theme_dark",
    "theme_light_overrides",
    "theme_dark_overrides",
    "default_language",
    "public_foreground",
    "public_background",
    "public_favicon",
    "public_note",
    "custom_css",
    "public_registration",
    "public_registration_verify_email",
];

/// The settings row, or an empty row when none was written yet (Directus then uses defaults).
pub async fn read(db: &Db) -> Result<Row> {
    let q = Query::select()
        .column(Asterisk)
        .from("directus_settings")
        .limit(1)
        .to_owned();
    Ok(db.fetch_optional(&q).await?.unwrap_or_default())
}

/// `auth_login_attempts` (default 25; null = unlimited).
pub fn login_attempts(settings: &Row) -> Option<u32> {
    match settings.get("auth_login_attempts") {
        None => Some(25),
        Some(Value::Null) => None,
        Some(v) => v.as_u64().map(|n| n as u32).or(Some(25)),
    }
}

/// The public project block of `/server/info`.
pub fn public_project(settings: &Row) -> Value {
    let mut project = serde_json::Map::new();
    for field in PUBLIC_PROJECT_FIELDS {
        let mut value = settings.get(*field).cloned().unwrap_or(Value::Null);
        if *field == "project_name" && value.is_null() {
            value = Value::from("Strata");
        }
        if *field == "default_language" && value.is_null() {
            value = Value::from("en-US");
        }
        if *field == "public_background" {
            value = match value {
                Value::Null => Value::Null,
                id => serde_json::json!({ "id": id, "type": Value::Null }),
            };
        }
        if (*field == "theme_light_overrides" || *field == "theme_dark_overrides")
            && value.is_string()
        {
            value = value
                .as_str()
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or(Value::Null);
        }
        project.insert(field.to_string(), value);
    }
    Value::Object(project)
}

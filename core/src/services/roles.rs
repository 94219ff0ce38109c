//! Roles and the policies attached to them through `directus_access`.

use crate::db::{Tx, values};
use crate::error::Result;
use serde_json::json;
use uuid::Uuid;

pub struct NewRole<'a> {
    pub name: &'a str,
    pub admin_access: bool,
    pub app_access: bool,
    pub icon: &'a str,
    pub description: Option<&'a str>,
}

/// Creates a role with a policy of the same name granting the requested access, linked by an
/// access row (how Directus 11 models "an admin role"). Returns the role id.
pub async fn create_with_policy(tx: &mut Tx, role: NewRole<'_>) -> Result<Uuid> {
    let role_id = Uuid::new_v4();
    let policy_id = Uuid::new_v4();
    let role_row = json!({ "id": role_id.to_string(), "name": role.name, "icon": role.icon, "description": role.description });
    let policy_row = json!({
        "id": policy_id.to_string(), "name": role.name, "icon": role.icon, "description": role.description,
        "admin_access": role.admin_access, "app_access": role.app_access, "enforce_tfa": false,
    });
    let access_row = json!({ "id": Uuid::new_v4().to_string(), "role": role_id.to_string(), "policy": policy_id.to_string() });
    for (table, row, uuids) in [
        ("directus_roles", role_row, &["id"][..]),
        ("directus_policies", policy_row, &["id"][..]),
        ("directus_access", access_row, &["id", "role", "policy"][..]),
    ] {
        if let serde_json::Value::Object(row) = row {
            tx.execute(&values::insert_row(
                table,
                &row,
                values::Casts::uuid(uuids),
            )?)
            .await?;
        }
    }
    Ok(role_id)
}

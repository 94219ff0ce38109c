//! `/schema/snapshot` and `/schema/diff`: the data model of this database in Directus's
//! snapshot format (user collections, fields and relations with metadata), and the diff from
//! it to an uploaded snapshot (`apply` carries a diff out).

use super::{collections, fields, relations, require_admin};
use crate::app::App;
use crate::auth::Accountability;
use crate::db::Backend;
use crate::error::{Error, Result};
use crate::schema::snapshot::{self, Snapshot, SnapshotDiff};
use serde_json::Value;

/// The Directus version snapshots name (the API level Strata follows).
pub const DIRECTUS_VERSION: &str = "12.4.1";

pub fn vendor(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
        Backend::MySql => "mysql",
    }
}

/// Tracked (has metadata) and not a system item.
fn managed(item: &Value) -> bool {
    !item["meta"].is_null()
        && item["meta"]["system"] != true
        && !item["collection"]
            .as_str()
            .is_some_and(|c| c.starts_with("directus_"))
}

fn meta_id(item: &Value) -> i64 {
    item["meta"]["id"].as_i64().unwrap_or(i64::MAX)
}

fn by_collection_then_id(items: &mut [Value]) {
    items.sort_by(|a, b| {
        (a["collection"].as_str(), meta_id(a)).cmp(&(b["collection"].as_str(), meta_id(b)))
    });
}

fn without_meta_id(mut item: Value) -> Value {
    if let Some(meta) = item.get_mut("meta").and_then(Value::as_object_mut) {
        meta.remove("id");
    }
    item
}

pub async fn take(app: &App, acc: &Accountability) -> Result<Snapshot> {
    require_admin(acc)?;
    // One schema read for the three lists.
    let schema = app.reload_schema().await?;
    let mut cols: Vec<Value> = collections::list_in(app, &schema).await?;
    cols.retain(managed);
    cols.sort_by(|a, b| a["collection"].as_str().cmp(&b["collection"].as_str()));
    let mut fields: Vec<Value> = fields::list_in(app, &schema, None).await?;
    fields.retain(managed);
    by_collection_then_id(&mut fields);
    let mut rels: Vec<Value> = relations::list_in(app, &schema, None).await?;
    rels.retain(managed);
    by_collection_then_id(&mut rels);
    Ok(Snapshot {
        version: 1,
        directus: DIRECTUS_VERSION.to_string(),
        vendor: Some(vendor(app.db.backend()).to_string()),
        collections: cols.iter().map(snapshot::sanitize_collection).collect(),
        fields: fields
            .into_iter()
            .map(|f| snapshot::sanitize_field(&without_meta_id(f), false))
            .collect(),
        system_fields: Vec::new(),
        relations: rels
            .into_iter()
            .map(|r| snapshot::sanitize_relation(&without_meta_id(r)))
            .collect(),
    })
}

/// The diff from this database to `uploaded`, with the hash of the current snapshot; `None`
/// when nothing differs. Version and vendor must match unless `force`.
pub async fn diff(
    app: &App,
    acc: &Accountability,
    uploaded: &Value,
    force: bool,
) -> Result<Option<(String, SnapshotDiff)>> {
    require_admin(acc)?;
    let after = snapshot::validate(uploaded).map_err(Error::invalid_payload)?;
    let bypass = "You can bypass this check by passing the \"force\" query parameter";
    if !force {
        if after.directus != DIRECTUS_VERSION {
            return Err(Error::invalid_payload(format!(
                "Provided snapshot's directus version {} does not match the current instance's version {DIRECTUS_VERSION}. {bypass}",
                after.directus
            )));
        }
        let here = vendor(app.db.backend());
        match after.vendor.as_deref() {
            None => {
                return Err(Error::invalid_payload(format!(
                    "Provided snapshot does not contain the \"vendor\" property. {bypass}"
                )));
            }
            Some(v) if v != here => {
                return Err(Error::invalid_payload(format!(
                    "Provided snapshot's vendor {v} does not match the current instance's vendor {here}. {bypass}"
                )));
            }
            _ => {}
        }
    }
    let current = take(app, acc).await?;
    let hash = snapshot::hash(&current);
    let diff = if after.vendor == current.vendor {
        snapshot::snapshot_diff(&current, &after)
    } else {
        snapshot::snapshot_diff(&portable(&current), &portable(&after))
    };
    Ok((!diff.is_empty()).then_some((hash, diff)))
}

/// What one database names its own way is left out when snapshots of two vendors are
/// compared: column type names (`varchar` / `character varying`) and constraint names.
fn portable(s: &Snapshot) -> Snapshot {
    let strip = |items: &[Value], keys: &[&str]| -> Vec<Value> {
        items
            .iter()
            .map(|i| {
                let mut i = i.clone();
                if let Some(schema) = i.get_mut("schema").and_then(Value::as_object_mut) {
                    for k in keys {
                        schema.remove(*k);
                    }
                }
                i
            })
            .collect()
    };
    Snapshot {
        fields: strip(&s.fields, &["data_type"]),
        relations: strip(&s.relations, &["constraint_name"]),
        ..s.clone()
    }
}

//! `/schema/apply` (and `strata schema apply`): carries out a snapshot diff in Directus's
//! order: new collections (parents before their group children, each with its new fields),
//! deleted collections, collection meta, then fields, then relations. A diff made against
//! another state of the schema (its hash differs) is checked entry by entry first.

use super::{collections, fields, relations, snapshot as snap};
use crate::app::App;
use crate::auth::Accountability;
use crate::error::{Error, Result};
use crate::schema::snapshot::{self, DiffKind, DiffRecord, Snapshot, SnapshotDiff, apply_change};
use serde_json::{Map, Value, json};

/// A whole-item addition or removal (no path), as opposed to an edit inside it.
fn root(diff: &[DiffRecord], kind: DiffKind) -> bool {
    diff.first()
        .is_some_and(|d| d.kind == kind && d.path.is_empty())
}

fn rhs(diff: &[DiffRecord]) -> Value {
    diff.first()
        .and_then(|d| d.rhs.clone())
        .unwrap_or(Value::Null)
}

fn find<'a>(items: &'a [Value], collection: &str, field: Option<&str>) -> Option<&'a Value> {
    items
        .iter()
        .find(|i| i["collection"] == collection && field.is_none_or(|f| i["field"] == f))
}

fn stale(action: &str, what: &str, name: &str, exists: bool) -> Error {
    let state = if exists {
        "already exists"
    } else {
        "does not exist"
    };
    Error::invalid_payload(format!(
        "Provided diff is trying to {action} {what} \"{name}\" but it {state}. Please generate a new diff and try again"
    ))
}

/// Checks a diff made against another schema state: what it creates must not exist yet, what
/// it changes or deletes must.
fn check(current: &Snapshot, diff: &SnapshotDiff) -> Result<()> {
    for c in &diff.collections {
        let exists = find(&current.collections, &c.collection, None).is_some();
        if root(&c.diff, DiffKind::New) && exists {
            return Err(stale("create", "collection", &c.collection, true));
        }
        if !root(&c.diff, DiffKind::New) && !exists {
            return Err(stale(
                "update or delete",
                "collection",
                &c.collection,
                false,
            ));
        }
    }
    for f in &diff.fields {
        let name = format!("{}.{}", f.collection, f.field);
        let exists = find(&current.fields, &f.collection, Some(&f.field)).is_some();
        if root(&f.diff, DiffKind::New) && exists {
            return Err(stale("create", "field", &name, true));
        }
        if !root(&f.diff, DiffKind::New) && !exists {
            return Err(stale("update or delete", "field", &name, false));
        }
    }
    for r in &diff.relations {
        let name = format!("{}.{}", r.collection, r.field);
        let exists = find(&current.relations, &r.collection, Some(&r.field)).is_some();
        if root(&r.diff, DiffKind::New) && exists {
            return Err(stale("create", "relation", &name, true));
        }
        if !root(&r.diff, DiffKind::New) && !exists {
            return Err(stale("update or delete", "relation", &name, false));
        }
    }
    Ok(())
}

/// `current` with every change of `diff` applied.
fn changed(current: &Value, diff: &[DiffRecord]) -> Result<Value> {
    let mut value = current.clone();
    for d in diff {
        apply_change(&mut value, d).map_err(Error::invalid_payload)?;
    }
    Ok(value)
}

/// Parses `/schema/apply`'s body.
pub fn parse(body: &Value) -> Result<(String, SnapshotDiff)> {
    let hash = body
        .get("hash")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_payload("\"hash\" is required"))?;
    let diff = body
        .get("diff")
        .ok_or_else(|| Error::invalid_payload("\"diff\" is required"))?;
    let diff: SnapshotDiff = serde_json::from_value(diff.clone())
        .map_err(|e| Error::invalid_payload(format!("\"diff\" is invalid: {e}")))?;
    Ok((hash.to_string(), diff))
}

/// Applies `diff`; `hash` is the one `/schema/diff` returned. Progress is reported per step.
pub async fn apply(
    app: &App,
    acc: &Accountability,
    hash: &str,
    diff: &SnapshotDiff,
    force: bool,
    progress: &mut (dyn FnMut(&str) + Send),
) -> Result<()> {
    super::require_admin(acc)?;
    if diff.is_empty() {
        return Ok(());
    }
    let current = snap::take(app, acc).await?;
    if !force && snapshot::hash(&current) != hash {
        check(&current, diff)?;
    }
    let mut new_fields: Vec<&snapshot::FieldDiff> = diff
        .fields
        .iter()
        .filter(|f| root(&f.diff, DiffKind::New))
        .collect();

    // New collections, parents first: a group must exist before its children.
    let mut pending: Vec<Value> = diff
        .collections
        .iter()
        .filter(|c| root(&c.diff, DiffKind::New))
        .map(|c| rhs(&c.diff))
        .collect();
    while !pending.is_empty() {
        let ready = pending.iter().position(|c| {
            let group = &c["meta"]["group"];
            group.is_null() || !pending.iter().any(|p| p["collection"] == *group)
        });
        let Some(i) = ready else {
            return Err(Error::invalid_payload("Collection groups form a cycle"));
        };
        let c = pending.remove(i);
        let name = c["collection"].as_str().unwrap_or_default().to_string();
        progress(&format!("create collection {name}"));
        let mut payload: Map<String, Value> = c.as_object().cloned().unwrap_or_default();
        if c.get("schema").is_none_or(Value::is_null) {
            payload.remove("schema");
        } else {
            let own: Vec<Value> = new_fields
                .iter()
                .filter(|f| f.collection == name)
                .map(|f| rhs(&f.diff))
                .collect();
            new_fields.retain(|f| f.collection != name);
            payload.insert("fields".into(), Value::Array(own));
        }
        if payload.get("meta").is_none_or(Value::is_null) {
            payload.insert("meta".into(), json!({}));
        }
        collections::create(app, acc, &payload).await?;
    }
    for c in diff
        .collections
        .iter()
        .filter(|c| root(&c.diff, DiffKind::Deleted))
    {
        progress(&format!("delete collection {}", c.collection));
        collections::delete(app, acc, &c.collection).await?;
    }
    for c in diff
        .collections
        .iter()
        .filter(|c| !root(&c.diff, DiffKind::New) && !root(&c.diff, DiffKind::Deleted))
    {
        progress(&format!("update collection {}", c.collection));
        let base = find(&current.collections, &c.collection, None)
            .cloned()
            .unwrap_or(Value::Null);
        let value = changed(&base, &c.diff)?;
        let payload = json!({"meta": value["meta"]});
        collections::update(
            app,
            acc,
            &c.collection,
            payload.as_object().unwrap_or(&Map::new()),
        )
        .await?;
    }
    for f in &diff.fields {
        let name = format!("{}.{}", f.collection, f.field);
        if root(&f.diff, DiffKind::New) {
            if new_fields
                .iter()
                .any(|n| n.collection == f.collection && n.field == f.field)
            {
                progress(&format!("create field {name}"));
                fields::create(app, acc, &f.collection, &rhs(&f.diff)).await?;
            }
        } else if root(&f.diff, DiffKind::Deleted) {
            progress(&format!("delete field {name}"));
            fields::delete(app, acc, &f.collection, &f.field).await?;
        } else {
            progress(&format!("update field {name}"));
            let base = find(&current.fields, &f.collection, Some(&f.field))
                .cloned()
                .unwrap_or(Value::Null);
            let value = changed(&base, &f.diff)?;
            fields::update(app, acc, &f.collection, &f.field, &value, force).await?;
        }
    }
    for r in &diff.relations {
        let name = format!("{}.{}", r.collection, r.field);
        if root(&r.diff, DiffKind::New) {
            progress(&format!("create relation {name}"));
            let value = rhs(&r.diff);
            relations::create(app, acc, value.as_object().unwrap_or(&Map::new())).await?;
        } else if root(&r.diff, DiffKind::Deleted) {
            progress(&format!("delete relation {name}"));
            relations::delete(app, acc, &r.collection, &r.field).await?;
        } else {
            progress(&format!("update relation {name}"));
            let base = find(&current.relations, &r.collection, Some(&r.field))
                .cloned()
                .unwrap_or(Value::Null);
            let value = changed(&base, &r.diff)?;
            relations::update(
                app,
                acc,
                &r.collection,
                &r.field,
                value.as_object().unwrap_or(&Map::new()),
            )
            .await?;
        }
    }
    Ok(())
}

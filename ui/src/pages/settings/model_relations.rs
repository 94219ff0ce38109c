//! Creating a field with what it stands on: the foreign key's relation for a many-to-one, file or
//! image; the foreign key (made or reused) for a one-to-many; the junction collection and its two
//! relations for a many-to-many. A failed step takes back the steps before it, so the user can
//! correct the dialog and try again on a clean model.

use crate::api::{self, ApiResult, enc};
use serde_json::{Value, json};

/// What a new field needs besides itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    Plain,
    /// `collection.field` becomes a foreign key to `related`.
    ManyToOne {
        related: String,
    },
    /// `related.back` (made when `create_back`, of type `back_type`) points at this collection.
    OneToMany {
        related: String,
        back: String,
        back_type: String,
        create_back: bool,
    },
    /// A junction collection with a foreign key to each side.
    ManyToMany {
        related: String,
        junction: String,
        here_key: String,
        here_type: String,
        there_key: String,
        there_type: String,
    },
}

/// The junction's name and its two foreign keys (`<c>_id`, `<related>_id`; the second becomes
/// `related_<related>_id` when a collection is related to itself).
pub fn junction_names(collection: &str, related: &str) -> (String, String, String) {
    let here = format!("{collection}_id");
    let mut there = format!("{related}_id");
    if there == here {
        there = format!("related_{related}_id");
    }
    (format!("{collection}_{related}"), here, there)
}

/// Creates the field `body` in `collection` and what `plan` says it stands on.
pub async fn create(collection: &str, body: &Value, plan: &Plan) -> ApiResult<()> {
    let mut undo = Vec::new();
    let result = steps(collection, body, plan, &mut undo).await;
    if result.is_err() {
        for path in undo.iter().rev() {
            // Best effort: the first error is the one worth showing.
            let _ = api::delete(path, None).await;
        }
    }
    result
}

fn field_path(collection: &str, field: &str) -> String {
    format!("/fields/{}/{}", enc(collection), enc(field))
}

/// A many-to-one relation from `collection.field` to `related`.
fn relation(collection: &str, field: &str, related: &str, meta: Value) -> Value {
    let mut meta = meta;
    meta["sort_field"] = Value::Null;
    json!({
        "collection": collection,
        "field": field,
        "related_collection": related,
        "meta": meta,
        "schema": { "on_delete": "SET NULL" },
    })
}

/// POSTs the field `body` to `collection`, remembering how to take it back.
async fn post_field(collection: &str, body: &Value, undo: &mut Vec<String>) -> ApiResult<()> {
    api::post(&format!("/fields/{}", enc(collection)), body).await?;
    undo.push(field_path(
        collection,
        body["field"].as_str().unwrap_or_default(),
    ));
    Ok(())
}

async fn steps(
    collection: &str,
    body: &Value,
    plan: &Plan,
    undo: &mut Vec<String>,
) -> ApiResult<()> {
    let field = body["field"].as_str().unwrap_or_default();
    match plan {
        Plan::Plain => post_field(collection, body, undo).await,
        Plan::ManyToOne { related } => {
            post_field(collection, body, undo).await?;
            api::post(
                "/relations",
                &relation(collection, field, related, json!({})),
            )
            .await?;
            Ok(())
        }
        Plan::OneToMany {
            related,
            back,
            back_type,
            create_back,
        } => {
            if *create_back {
                let key = json!({
                    "field": back,
                    "type": back_type,
                    "meta": { "hidden": true, "interface": "select-dropdown-m2o", "special": ["m2o"] },
                    "schema": { "is_nullable": true },
                });
                api::post(&format!("/fields/{}", enc(related)), &key).await?;
                undo.push(field_path(related, back));
            }
            post_field(collection, body, undo).await?;
            if *create_back {
                let rel = relation(related, back, collection, json!({ "one_field": field }));
                api::post("/relations", &rel).await?;
            } else {
                let path = format!("/relations/{}/{}", enc(related), enc(back));
                api::patch(&path, &json!({ "meta": { "one_field": field } })).await?;
            }
            Ok(())
        }
        Plan::ManyToMany {
            related,
            junction,
            here_key,
            here_type,
            there_key,
            there_type,
        } => {
            let key = |name: &str, kind: &str| json!({ "field": name, "type": kind, "meta": { "hidden": true }, "schema": { "is_nullable": true } });
            let table = json!({
                "collection": junction,
                "meta": { "hidden": true, "icon": "link" },
                "schema": {},
                "fields": [
                    {
                        "field": "id", "type": "integer", "meta": { "hidden": true },
                        "schema": { "is_primary_key": true, "has_auto_increment": true },
                    },
                    key(here_key, here_type),
                    key(there_key, there_type),
                ],
            });
            api::post("/collections", &table).await?;
            undo.push(format!("/collections/{}", enc(junction)));
            post_field(collection, body, undo).await?;
            let here = json!({ "one_field": field, "junction_field": there_key });
            api::post(
                "/relations",
                &relation(junction, here_key, collection, here),
            )
            .await?;
            let there = json!({ "one_field": null, "junction_field": here_key });
            api::post("/relations", &relation(junction, there_key, related, there)).await?;
            Ok(())
        }
    }
}

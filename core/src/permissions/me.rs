//! `/permissions/me`: per collection and action, whether the caller has no, partial (some rows)
//! or full access, with the fields and presets that apply.

use super::{Access, Action};
use crate::schema::SchemaOverview;
use serde_json::{Map, Value, json};

/// `{collection: {action: {access, fields?, presets?}}}`; `access` is `None` for an
/// administrator, who has full access to every collection.
pub fn collection_access(schema: &SchemaOverview, access: Option<&Access>) -> Value {
    let mut out = Map::new();
    let Some(access) = access else {
        let mut names: Vec<&String> = schema.collections.keys().collect();
        names.sort();
        for name in names {
            let actions: Map<String, Value> = Action::ALL
                .iter()
                .map(|a| {
                    (
                        a.as_str().to_string(),
                        json!({"access": "full", "fields": ["*"]}),
                    )
                })
                .collect();
            out.insert(name.clone(), Value::Object(actions));
        }
        return Value::Object(out);
    };
    let mut collections: Vec<&str> = access.entries().map(|(c, _, _)| c).collect();
    collections.sort();
    collections.dedup();
    for collection in collections {
        let mut actions = Map::new();
        for action in Action::ALL {
            let entry = match access.rules(collection, action) {
                None => json!({"access": "none"}),
                Some(rules) => json!({
                    "access": if rules.full() { "full" } else { "partial" },
                    "fields": rules.fields.to_json(),
                    "presets": rules.presets,
                }),
            };
            actions.insert(action.as_str().to_string(), entry);
        }
        out.insert(collection.to_string(), Value::Object(actions));
    }
    Value::Object(out)
}

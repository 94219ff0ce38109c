//! The permissions of one request merged per collection and action, as Directus merges them
//! over policies: item rules ORed, field lists united, a field granted by only some permissions
//! masked to the rows their rules match, validation rules ANDed, presets merged in order.

use super::Permission;
use crate::error::{Error, ErrorCode, Result};
use crate::schema::SchemaOverview;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Create,
    Read,
    Update,
    Delete,
    Share,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Create,
        Action::Read,
        Action::Update,
        Action::Delete,
        Action::Share,
    ];

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Share => "share",
        }
    }
}

/// A permission's `fields`: `*`, or a list (possibly empty).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSet {
    All,
    Only(Vec<String>),
}

impl FieldSet {
    pub fn from_list(list: Vec<String>) -> FieldSet {
        if list.iter().any(|f| f == "*") {
            FieldSet::All
        } else {
            FieldSet::Only(list)
        }
    }

    pub fn contains(&self, field: &str) -> bool {
        match self {
            FieldSet::All => true,
            FieldSet::Only(list) => list.iter().any(|f| f == field),
        }
    }

    fn union(&mut self, other: &FieldSet) {
        match (&mut *self, other) {
            (FieldSet::All, _) => {}
            (_, FieldSet::All) => *self = FieldSet::All,
            (FieldSet::Only(mine), FieldSet::Only(theirs)) => {
                for f in theirs {
                    if !mine.contains(f) {
                        mine.push(f.clone());
                    }
                }
            }
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            FieldSet::All => json!(["*"]),
            FieldSet::Only(list) => json!(list),
        }
    }
}

/// What one action on one collection allows.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The rows it applies to; `None` when every row.
    pub rows: Option<Value>,
    pub fields: FieldSet,
    /// Fields granted only by some of the permissions: readable where this filter holds.
    pub masks: HashMap<String, Value>,
    pub validation: Vec<Value>,
    pub presets: Map<String, Value>,
}

impl Rules {
    fn merge(schema: &SchemaOverview, collection: &str, perms: &[&Permission]) -> Rules {
        let mut fields = FieldSet::Only(Vec::new());
        let mut presets = Map::new();
        for p in perms {
            fields.union(&p.fields);
            for (k, v) in p.presets.iter().flatten() {
                presets.insert(k.clone(), v.clone());
            }
        }
        let rows = any_of(perms.iter().map(|p| p.rule.as_ref()));
        let mut masks = HashMap::new();
        if rows.is_some() || perms.iter().any(|p| p.rule.is_some()) {
            for f in schema
                .collection(collection)
                .map(|c| c.fields.as_slice())
                .unwrap_or_default()
            {
                let granting: Vec<&&Permission> = perms
                    .iter()
                    .filter(|p| p.fields.contains(&f.name))
                    .collect();
                if granting.is_empty() || granting.len() == perms.len() {
                    continue;
                }
                if let Some(mask) = any_of(granting.iter().map(|p| p.rule.as_ref())) {
                    masks.insert(f.name.clone(), mask);
                }
            }
        }
        Rules {
            rows,
            fields,
            masks,
            validation: perms.iter().filter_map(|p| p.validation.clone()).collect(),
            presets,
        }
    }

    /// Whether every row is covered (Directus's "full" access).
    pub fn full(&self) -> bool {
        self.rows.is_none()
    }
}

/// The OR of item rules; `None` (every row) as soon as one rule is absent.
fn any_of<'a>(rules: impl Iterator<Item = Option<&'a Value>>) -> Option<Value> {
    let mut all = Vec::new();
    for r in rules {
        all.push(r?.clone());
    }
    match all.len() {
        0 => None,
        1 => all.pop(),
        _ => Some(json!({ "_or": all })),
    }
}

/// A request's access: `None` rules for an administrator, who may do everything.
#[derive(Debug, Clone, Default)]
pub struct Access {
    rules: HashMap<(String, Action), Rules>,
}

impl Access {
    /// `permissions` with their dynamic variables already resolved.
    pub fn new(schema: &SchemaOverview, permissions: &[Permission]) -> Access {
        let mut grouped: HashMap<(String, Action), Vec<&Permission>> = HashMap::new();
        for p in permissions {
            grouped
                .entry((p.collection.clone(), p.action))
                .or_default()
                .push(p);
        }
        let rules = grouped
            .into_iter()
            .map(|((collection, action), perms)| {
                let merged = Rules::merge(schema, &collection, &perms);
                ((collection, action), merged)
            })
            .collect();
        Access { rules }
    }

    pub fn rules(&self, collection: &str, action: Action) -> Option<&Rules> {
        self.rules.get(&(collection.to_string(), action))
    }

    /// The rules, or the 403 Directus gives when there are none.
    pub fn require(&self, collection: &str, action: Action) -> Result<&Rules> {
        self.rules(collection, action).ok_or_else(|| {
            if action == Action::Read {
                crate::query::ast::forbidden_collection(collection)
            } else {
                let msg = format!(
                    "You don't have permission to \"{}\" from collection \"{collection}\" or it does not exist.",
                    action.as_str()
                );
                Error::with_message(ErrorCode::Forbidden, msg.clone()).extension("reason", msg)
            }
        })
    }

    /// Every (collection, action) with at least one permission.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Action, &Rules)> {
        self.rules.iter().map(|((c, a), r)| (c.as_str(), *a, r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perm(rule: Option<Value>, fields: &[&str]) -> Permission {
        Permission {
            collection: "posts".into(),
            action: Action::Read,
            rule,
            validation: None,
            presets: None,
            fields: FieldSet::from_list(fields.iter().map(|s| s.to_string()).collect()),
        }
    }

    fn posts() -> SchemaOverview {
        use crate::schema::{CollectionInfo, FieldInfo, FieldType};
        let mut schema = SchemaOverview::default();
        let info = CollectionInfo {
            name: "posts".into(),
            primary_key: "id".into(),
            singleton: false,
            sort_field: None,
            accountability: None,
            note: None,
            fields: ["id", "title", "secret"]
                .iter()
                .map(|f| FieldInfo::new(*f, FieldType::String))
                .collect(),
        };
        schema.collections.insert("posts".into(), info);
        schema
    }

    #[test]
    fn rules_are_ored_and_partial_fields_masked() {
        let schema = posts();
        let mine = json!({"author": {"_eq": "u"}});
        let access = Access::new(
            &schema,
            &[
                perm(
                    Some(json!({"status": {"_eq": "published"}})),
                    &["id", "title"],
                ),
                perm(Some(mine.clone()), &["*"]),
            ],
        );
        let r = access.rules("posts", Action::Read).expect("rules");
        assert_eq!(
            r.rows,
            Some(json!({"_or": [{"status": {"_eq": "published"}}, mine.clone()]}))
        );
        assert_eq!(r.fields, FieldSet::All);
        assert_eq!(r.masks.get("secret"), Some(&mine));
        assert!(!r.masks.contains_key("title"));
        assert!(access.rules("posts", Action::Update).is_none());
    }

    #[test]
    fn a_permission_without_rule_opens_every_row() {
        let schema = posts();
        let access = Access::new(
            &schema,
            &[
                perm(None, &["id", "title"]),
                perm(Some(json!({"id": {"_eq": 1}})), &["id", "title", "secret"]),
            ],
        );
        let r = access.rules("posts", Action::Read).expect("rules");
        assert!(r.full());
        assert_eq!(r.masks.get("secret"), Some(&json!({"id": {"_eq": 1}})));
    }
}

//! The read plan: `fields` (with `*`, dot paths, m2a scopes and functions) and `deep` resolved
//! against the schema into a tree of collection levels, one SQL statement each.

use super::functions;
use crate::error::{Error, ErrorCode, Result};
use crate::schema::{Relation, SchemaOverview};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Per-level query options (the root's come from the request, nested ones from `deep`).
#[derive(Debug, Clone, Default)]
pub struct LevelQuery {
    pub filter: Option<Value>,
    pub search: Option<String>,
    pub sort: Vec<String>,
    /// `None` = the default limit; `Some(-1)` = no limit.
    pub limit: Option<i64>,
    pub offset: i64,
}

#[derive(Debug, Clone)]
pub enum Output {
    /// A column, returned under its own name or an `alias`.
    Column { key: String, field: String },
    /// `func(field)` returned under `field_func`.
    Function {
        key: String,
        func: String,
        field: String,
    },
    /// The child at this index of `children`.
    Child(usize),
}

#[derive(Debug, Clone)]
pub enum ChildKind {
    /// The parent's `field` holds the key of `related_field` in the child collection.
    M2O { related_field: String },
    /// Child rows whose `related_field` holds the parent's primary key; `keys_only` when the
    /// field came from a wildcard and returns an array of keys.
    O2M {
        related_field: String,
        sort_field: Option<String>,
        keys_only: bool,
    },
    /// The parent's `field` holds a key of the collection named in `collection_field`.
    A2O {
        collection_field: String,
        scopes: Vec<(String, Node)>,
    },
}

#[derive(Debug, Clone)]
pub struct Child {
    /// The output key: the field's name, or its `alias`.
    pub key: String,
    pub field: String,
    pub kind: ChildKind,
    pub node: Node,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub collection: String,
    /// `root`, `root.author`, … for error messages.
    pub path: String,
    pub outputs: Vec<Output>,
    pub children: Vec<Child>,
    pub query: LevelQuery,
}

pub fn forbidden_collection(collection: &str) -> Error {
    let msg = format!(
        "You don't have permission to access collection \"{collection}\" or it does not exist. Queried in root."
    );
    Error::with_message(ErrorCode::Forbidden, msg.clone()).extension("reason", msg)
}

pub fn forbidden_field(field: &str, collection: &str) -> Error {
    forbidden_field_at(field, collection, "root")
}

fn forbidden_field_at(field: &str, collection: &str, path: &str) -> Error {
    let msg = format!(
        "You don't have permission to access field \"{field}\" in collection \"{collection}\" or it does not exist. Queried in {path}."
    );
    Error::with_message(ErrorCode::Forbidden, msg.clone()).extension("reason", msg)
}

/// An m2a item's scopes: (collection, fields requested in it).
type ScopedFields = Vec<(String, Vec<String>)>;

pub struct Limits<'a> {
    pub max_depth: usize,
    /// The caller's permissions: `*` expands to readable fields only, naming another field or
    /// an unreadable collection is a 403. `None` for administrators.
    pub access: Option<&'a crate::permissions::Access>,
}

impl Limits<'_> {
    fn may_read(&self, collection: &str, field: &str) -> bool {
        self.access.is_none_or(|a| {
            a.rules(collection, crate::permissions::Action::Read)
                .is_some_and(|r| r.fields.contains(field))
        })
    }

    fn may_read_collection(&self, collection: &str) -> bool {
        self.access.is_none_or(|a| {
            a.rules(collection, crate::permissions::Action::Read)
                .is_some()
        })
    }

    /// Whether `*` includes the field: readable, and for o2m-like aliases (read as key arrays)
    /// the related collection readable too.
    fn in_wildcard(&self, schema: &SchemaOverview, collection: &str, field: &str) -> bool {
        if !self.may_read(collection, field) {
            return false;
        }
        match schema.relation_for(collection, field) {
            Some(rel) if rel.is_alias() => self.may_read_collection(&o2m_target(&rel).0),
            _ => true,
        }
    }
}

/// Builds the tree for `fields` (default `*`) on `collection`; `aliases` (`alias[new]=field`)
/// name extra keys of the root level.
pub fn build(
    schema: &SchemaOverview,
    collection: &str,
    fields: &[String],
    deep: Option<&Map<String, Value>>,
    aliases: &BTreeMap<String, String>,
    query: LevelQuery,
    limits: &Limits,
) -> Result<Node> {
    let default = ["*".to_string()];
    let fields = if fields.is_empty() {
        &default[..]
    } else {
        fields
    };
    build_level(
        schema, collection, fields, deep, aliases, query, "root", limits,
    )
}

#[allow(clippy::too_many_arguments)]
fn build_level(
    schema: &SchemaOverview,
    collection: &str,
    fields: &[String],
    deep: Option<&Map<String, Value>>,
    aliases: &BTreeMap<String, String>,
    query: LevelQuery,
    path: &str,
    limits: &Limits,
) -> Result<Node> {
    if path.split('.').count() > limits.max_depth {
        return Err(Error::invalid_query("Max relational depth exceeded"));
    }
    let info = schema
        .collection(collection)
        .ok_or_else(|| forbidden_collection(collection))?;
    if let Some(access) = limits.access {
        access.require(collection, crate::permissions::Action::Read)?;
    }
    let wildcard = || {
        info.fields
            .iter()
            .filter(|fi| limits.in_wildcard(schema, collection, &fi.name))
            .map(|fi| fi.name.clone())
    };
    let mut node = Node {
        collection: collection.to_string(),
        path: path.to_string(),
        outputs: Vec::new(),
        children: Vec::new(),
        query,
    };
    let mut plain: Vec<String> = Vec::new();
    let mut nested: Vec<(String, Vec<String>)> = Vec::new();
    let mut wildcard_rest: Vec<String> = Vec::new();
    for f in fields {
        match f.split_once('.') {
            Some(("*", rest)) => {
                // `*.*` is the root's fields plus one relational level.
                if wildcard_rest.is_empty() {
                    plain.extend(wildcard());
                }
                wildcard_rest.push(rest.to_string());
            }
            Some((head, rest)) => match nested.iter_mut().find(|(h, _)| h == head) {
                Some((_, rests)) => rests.push(rest.to_string()),
                None => nested.push((head.to_string(), vec![rest.to_string()])),
            },
            None if f == "*" => plain.extend(wildcard()),
            None => plain.push(f.clone()),
        }
    }
    if !wildcard_rest.is_empty() {
        for fi in &info.fields {
            if schema
                .relation_for(collection, &fi.name)
                .is_some_and(|r| !matches!(r, Relation::A2O { .. }))
                && limits.in_wildcard(schema, collection, &fi.name)
                && match schema.relation_for(collection, &fi.name) {
                    Some(Relation::M2O {
                        related_collection, ..
                    }) => limits.may_read_collection(&related_collection),
                    _ => true,
                }
            {
                match nested.iter_mut().find(|(h, _)| *h == fi.name) {
                    Some((_, rests)) => rests.extend(wildcard_rest.iter().cloned()),
                    None => nested.push((fi.name.clone(), wildcard_rest.clone())),
                }
            }
        }
    }
    let unknown: Vec<&String> = plain
        .iter()
        .filter(|k| {
            let f = aliases.get(*k).map(String::as_str).unwrap_or(k.as_str());
            functions::parse_call(f).is_none()
                && (!info.has_field(f) || !limits.may_read(collection, f))
        })
        .collect();
    if unknown.len() > 1 {
        let names: Vec<String> = unknown.iter().map(|k| format!("\"{k}\"")).collect();
        let msg = format!(
            "You don't have permission to access fields {} in collection \"{collection}\" or they do not exist. Queried in {path}.",
            names.join(", ")
        );
        return Err(Error::with_message(ErrorCode::Forbidden, msg.clone()).extension("reason", msg));
    }
    let mut seen = std::collections::HashSet::new();
    for key in plain {
        if !seen.insert(key.clone())
            || nested
                .iter()
                .any(|(h, _)| h.split(':').next() == Some(key.as_str()))
        {
            continue;
        }
        let f = aliases.get(&key).cloned().unwrap_or_else(|| key.clone());
        if let Some((func, inner)) = functions::parse_call(&f) {
            if !info.has_field(inner) || !limits.may_read(collection, inner) {
                return Err(forbidden_field_at(inner, collection, path));
            }
            let out_key = if key == f {
                functions::output_key(func, inner)
            } else {
                key.clone()
            };
            node.outputs.push(Output::Function {
                key: out_key,
                func: func.to_string(),
                field: inner.to_string(),
            });
            continue;
        }
        let field = info
            .field(&f)
            .filter(|_| limits.may_read(collection, &f))
            .ok_or_else(|| forbidden_field_at(&f, collection, path))?;
        match schema.relation_for(collection, &f) {
            Some(rel) if rel.is_alias() => {
                let (many, related_field, sort_field) = o2m_target(&rel);
                let pk = schema
                    .collection(&many)
                    .map(|c| c.primary_key.clone())
                    .unwrap_or_default();
                let child_query = deep
                    .and_then(|d| d.get(&key))
                    .and_then(Value::as_object)
                    .map(level_query_from_deep)
                    .transpose()?
                    .unwrap_or_default();
                let child = build_level(
                    schema,
                    &many,
                    &[pk],
                    None,
                    &BTreeMap::new(),
                    child_query,
                    &format!("{path}.{f}"),
                    limits,
                )?;
                push_child(
                    &mut node,
                    Child {
                        key,
                        field: field.name.clone(),
                        kind: ChildKind::O2M {
                            related_field,
                            sort_field,
                            keys_only: true,
                        },
                        node: child,
                    },
                );
            }
            _ if field.alias => {}
            _ => node.outputs.push(Output::Column {
                key,
                field: f.clone(),
            }),
        }
    }
    // m2a items: field → (collection field, [(scope collection, fields)]).
    let mut a2o: Vec<(String, String, ScopedFields)> = Vec::new();
    for (head, rests) in nested {
        let (key, scope) = match head.split_once(':') {
            Some((n, s)) => (n.to_string(), Some(s.to_string())),
            None => (head.clone(), None),
        };
        let name = aliases.get(&key).cloned().unwrap_or_else(|| key.clone());
        if !info.has_field(&name) || !limits.may_read(collection, &name) {
            return Err(forbidden_field_at(&name, collection, path));
        }
        let child_path = format!("{path}.{key}");
        let child_deep = deep
            .and_then(|d| d.get(&head).or_else(|| d.get(&key)))
            .and_then(Value::as_object);
        let none = BTreeMap::new();
        let child_query = child_deep
            .map(level_query_from_deep)
            .transpose()?
            .unwrap_or_default();
        match (schema.relation_for(collection, &name), scope) {
            (
                Some(Relation::M2O {
                    related_collection,
                    related_field,
                }),
                _,
            ) => {
                let child = build_level(
                    schema,
                    &related_collection,
                    &rests,
                    child_deep,
                    &none,
                    LevelQuery::default(),
                    &child_path,
                    limits,
                )?;
                push_child(
                    &mut node,
                    Child {
                        key,
                        field: name,
                        kind: ChildKind::M2O { related_field },
                        node: child,
                    },
                );
            }
            (Some(rel), _) if rel.is_alias() => {
                let (many, related_field, sort_field) = o2m_target(&rel);
                let child = build_level(
                    schema,
                    &many,
                    &rests,
                    child_deep,
                    &none,
                    child_query,
                    &child_path,
                    limits,
                )?;
                push_child(
                    &mut node,
                    Child {
                        key,
                        field: name,
                        kind: ChildKind::O2M {
                            related_field,
                            sort_field,
                            keys_only: false,
                        },
                        node: child,
                    },
                );
            }
            (
                Some(Relation::A2O {
                    collection_field,
                    allowed_collections,
                }),
                Some(scope),
            ) => {
                if !allowed_collections.contains(&scope) {
                    return Err(forbidden_collection(&scope));
                }
                match a2o.iter_mut().find(|(n, _, _)| *n == name) {
                    Some((_, _, scopes)) => scopes.push((scope, rests)),
                    None => a2o.push((name, collection_field, vec![(scope, rests)])),
                }
            }
            _ => return Err(forbidden_field_at(&name, collection, path)),
        }
    }
    for (name, collection_field, scopes) in a2o {
        let mut built = Vec::new();
        for (scope, rests) in scopes {
            let child = build_level(
                schema,
                &scope,
                &rests,
                None,
                &BTreeMap::new(),
                LevelQuery::default(),
                &format!("{path}.{name}:{scope}"),
                limits,
            )?;
            built.push((scope, child));
        }
        // The a2o child has no collection of its own: its scopes are the levels.
        let holder = Node {
            collection: String::new(),
            path: format!("{path}.{name}"),
            outputs: Vec::new(),
            children: Vec::new(),
            query: LevelQuery::default(),
        };
        push_child(
            &mut node,
            Child {
                key: name.clone(),
                field: name,
                kind: ChildKind::A2O {
                    collection_field,
                    scopes: built,
                },
                node: holder,
            },
        );
    }
    Ok(node)
}

fn push_child(node: &mut Node, child: Child) {
    node.outputs
        .retain(|o| !matches!(o, Output::Column { key, .. } if *key == child.key));
    node.children.push(child);
    node.outputs.push(Output::Child(node.children.len() - 1));
}

/// (many collection, its field pointing back, sort field) for o2m, m2m and m2a aliases (the
/// latter two read their junction rows).
fn o2m_target(rel: &Relation) -> (String, String, Option<String>) {
    match rel {
        Relation::O2M {
            related_collection,
            related_field,
            sort_field,
            ..
        } => (
            related_collection.clone(),
            related_field.clone(),
            sort_field.clone(),
        ),
        Relation::M2M {
            junction_collection,
            junction_field,
            sort_field,
            ..
        }
        | Relation::M2A {
            junction_collection,
            junction_field,
            sort_field,
            ..
        } => (
            junction_collection.clone(),
            junction_field.clone(),
            sort_field.clone(),
        ),
        _ => (String::new(), String::new(), None),
    }
}

/// `deep[rel][_filter|_sort|_limit|_offset|_page|_search]` (already validated by the parser).
fn level_query_from_deep(deep: &Map<String, Value>) -> Result<LevelQuery> {
    let int = |k: &str| {
        deep.get(k).and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
    };
    let sort = crate::schema::parse_list(deep.get("_sort"));
    let limit = int("_limit");
    let offset = match (int("_offset"), int("_page"), limit) {
        (Some(o), _, _) => o,
        (None, Some(p), Some(l)) if l > 0 && p > 1 => l * (p - 1),
        _ => 0,
    };
    Ok(LevelQuery {
        filter: deep.get("_filter").cloned(),
        search: deep
            .get("_search")
            .and_then(Value::as_str)
            .map(str::to_string),
        sort,
        limit,
        offset,
    })
}

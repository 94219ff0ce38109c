//! What a field points at, from that field's point of view: m2o (it holds the key), a2o (it
//! holds a key into one of several collections), o2m (alias; children point back), m2m and m2a
//! (alias; an o2m to a junction whose other key points at one, or any, collection).

use super::{RelationInfo, SchemaOverview};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// The field holds the key of `related_collection.related_field` (usually its primary key).
    M2O {
        related_collection: String,
        related_field: String,
    },
    /// The field holds a key of the collection named in `collection_field` of the same row: the
    /// junction side of an m2a.
    A2O {
        collection_field: String,
        allowed_collections: Vec<String>,
    },
    /// Alias field: the children are the rows of `related_collection` whose `related_field`
    /// holds this row's primary key.
    O2M {
        related_collection: String,
        related_field: String,
        sort_field: Option<String>,
        deselect_action: String,
    },
    /// Alias field: rows of `junction_collection` whose `junction_field` holds this row's key,
    /// each pointing through `junction_related_field` at `related_collection.related_field`.
    M2M {
        junction_collection: String,
        junction_field: String,
        junction_related_field: String,
        related_collection: String,
        related_field: String,
        sort_field: Option<String>,
        deselect_action: String,
    },
    /// Alias field: rows of `junction_collection` whose `junction_field` holds this row's key,
    /// each pointing through `junction_item_field` at a row of the collection named in
    /// `junction_collection_field` (one of `allowed_collections`).
    M2A {
        junction_collection: String,
        junction_field: String,
        junction_item_field: String,
        junction_collection_field: String,
        allowed_collections: Vec<String>,
        sort_field: Option<String>,
        deselect_action: String,
    },
}

impl Relation {
    /// Whether the field is an alias (its values live in other rows).
    pub fn is_alias(&self) -> bool {
        matches!(
            self,
            Relation::O2M { .. } | Relation::M2M { .. } | Relation::M2A { .. }
        )
    }
}

/// The key column a relation's many side points at: the foreign key's target, else the one
/// collection's primary key.
fn target_field(schema: &SchemaOverview, relation: &RelationInfo) -> Option<String> {
    if let Some(fk) = &relation.foreign_key {
        return Some(fk.foreign_key_column.clone());
    }
    let one = relation.one_collection.as_deref()?;
    Some(schema.collection(one)?.primary_key.clone())
}

pub(super) fn classify(schema: &SchemaOverview, collection: &str, field: &str) -> Option<Relation> {
    if let Some(r) = schema.relation_by_many(collection, field) {
        return match (&r.one_collection, &r.one_collection_field) {
            (Some(one), _) => Some(Relation::M2O {
                related_collection: one.clone(),
                related_field: target_field(schema, r)?,
            }),
            (None, Some(collection_field)) => Some(Relation::A2O {
                collection_field: collection_field.clone(),
                allowed_collections: r.one_allowed_collections.clone(),
            }),
            (None, None) => None,
        };
    }
    let r = schema.relation_by_one(collection, field)?;
    let junction = r
        .junction_field
        .as_deref()
        .and_then(|jf| schema.relation_by_many(&r.many_collection, jf));
    if let Some(j) = junction {
        match (&j.one_collection, &j.one_collection_field) {
            (Some(other), _) => {
                if let Some(related_field) = target_field(schema, j) {
                    return Some(Relation::M2M {
                        junction_collection: r.many_collection.clone(),
                        junction_field: r.many_field.clone(),
                        junction_related_field: j.many_field.clone(),
                        related_collection: other.clone(),
                        related_field,
                        sort_field: r.sort_field.clone(),
                        deselect_action: r.one_deselect_action.clone(),
                    });
                }
            }
            (None, Some(collection_field)) => {
                return Some(Relation::M2A {
                    junction_collection: r.many_collection.clone(),
                    junction_field: r.many_field.clone(),
                    junction_item_field: j.many_field.clone(),
                    junction_collection_field: collection_field.clone(),
                    allowed_collections: j.one_allowed_collections.clone(),
                    sort_field: r.sort_field.clone(),
                    deselect_action: r.one_deselect_action.clone(),
                });
            }
            (None, None) => {}
        }
    }
    Some(Relation::O2M {
        related_collection: r.many_collection.clone(),
        related_field: r.many_field.clone(),
        sort_field: r.sort_field.clone(),
        deselect_action: r.one_deselect_action.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Backend;
    use crate::db::Row;
    use crate::db::dialect::introspect::{
        IntrospectedColumn, IntrospectedForeignKey, Introspection,
    };
    use crate::schema::{MetadataRows, build};
    use serde_json::json;

    fn column(table: &str, name: &str, pk: bool) -> IntrospectedColumn {
        IntrospectedColumn {
            table: table.into(),
            name: name.into(),
            data_type: "integer".into(),
            column_type: "integer".into(),
            max_length: None,
            numeric_precision: None,
            numeric_scale: None,
            nullable: !pk,
            default_value: None,
            is_primary_key: pk,
            has_auto_increment: pk,
            is_unique: false,
            is_indexed: false,
            is_generated: false,
            is_json: false,
            comment: None,
        }
    }

    fn fk(table: &str, column: &str, target: &str) -> IntrospectedForeignKey {
        IntrospectedForeignKey {
            table: table.into(),
            column: column.into(),
            foreign_table: target.into(),
            foreign_column: Some("id".into()),
            constraint_name: None,
            on_update: None,
            on_delete: None,
        }
    }

    fn relation_row(fields: serde_json::Value) -> Row {
        fields.as_object().cloned().unwrap_or_default()
    }

    /// authors ←m2o posts; posts ↔ tags through posts_tags; posts → blocks through
    /// posts_blocks (m2a over text_blocks and images); categories.parent self-reference.
    fn schema() -> SchemaOverview {
        let tables: &[(&str, &[&str])] = &[
            ("authors", &["id"]),
            ("posts", &["id", "author", "title"]),
            ("tags", &["id"]),
            ("posts_tags", &["id", "posts_id", "tags_id"]),
            ("posts_blocks", &["id", "posts_id", "item", "collection"]),
            ("text_blocks", &["id"]),
            ("images", &["id"]),
        ];
        let columns = tables
            .iter()
            .flat_map(|(t, cols)| cols.iter().map(|c| column(t, c, *c == "id")))
            .collect();
        let introspection = Introspection {
            columns,
            foreign_keys: vec![
                fk("posts", "author", "authors"),
                fk("posts_tags", "posts_id", "posts"),
                fk("posts_tags", "tags_id", "tags"),
                fk("posts_blocks", "posts_id", "posts"),
            ],
        };
        let meta = MetadataRows {
            relations: vec![
                relation_row(json!({"many_collection": "posts", "many_field": "author",
                    "one_collection": "authors", "one_field": "posts"})),
                relation_row(
                    json!({"many_collection": "posts_tags", "many_field": "posts_id",
                    "one_collection": "posts", "one_field": "tags", "junction_field": "tags_id",
                    "one_deselect_action": "delete"}),
                ),
                relation_row(
                    json!({"many_collection": "posts_tags", "many_field": "tags_id",
                    "one_collection": "tags", "junction_field": "posts_id"}),
                ),
                relation_row(
                    json!({"many_collection": "posts_blocks", "many_field": "posts_id",
                    "one_collection": "posts", "one_field": "blocks", "junction_field": "item"}),
                ),
                relation_row(
                    json!({"many_collection": "posts_blocks", "many_field": "item",
                    "one_collection_field": "collection",
                    "one_allowed_collections": "text_blocks,images", "junction_field": "posts_id"}),
                ),
            ],
            ..MetadataRows::default()
        };
        build(Backend::Sqlite, &introspection, &meta, &[])
    }

    #[test]
    fn m2o_and_o2m_sides() {
        let s = schema();
        assert_eq!(
            s.relation_for("posts", "author"),
            Some(Relation::M2O {
                related_collection: "authors".into(),
                related_field: "id".into()
            })
        );
        assert_eq!(
            s.relation_for("authors", "posts"),
            Some(Relation::O2M {
                related_collection: "posts".into(),
                related_field: "author".into(),
                sort_field: None,
                deselect_action: "nullify".into(),
            })
        );
        assert_eq!(s.relation_for("posts", "title"), None);
        assert_eq!(s.relation_for("posts", "missing"), None);
    }

    #[test]
    fn m2m_through_a_junction() {
        let s = schema();
        assert_eq!(
            s.relation_for("posts", "tags"),
            Some(Relation::M2M {
                junction_collection: "posts_tags".into(),
                junction_field: "posts_id".into(),
                junction_related_field: "tags_id".into(),
                related_collection: "tags".into(),
                related_field: "id".into(),
                sort_field: None,
                deselect_action: "delete".into(),
            })
        );
        // The junction's own fields are plain m2o relations.
        assert!(matches!(
            s.relation_for("posts_tags", "tags_id"),
            Some(Relation::M2O { related_collection, .. }) if related_collection == "tags"
        ));
    }

    #[test]
    fn m2a_and_its_any_side() {
        let s = schema();
        let m2a = s.relation_for("posts", "blocks");
        assert_eq!(
            m2a,
            Some(Relation::M2A {
                junction_collection: "posts_blocks".into(),
                junction_field: "posts_id".into(),
                junction_item_field: "item".into(),
                junction_collection_field: "collection".into(),
                allowed_collections: vec!["text_blocks".into(), "images".into()],
                sort_field: None,
                deselect_action: "nullify".into(),
            })
        );
        assert!(m2a.is_some_and(|r| r.is_alias()));
        assert_eq!(
            s.relation_for("posts_blocks", "item"),
            Some(Relation::A2O {
                collection_field: "collection".into(),
                allowed_collections: vec!["text_blocks".into(), "images".into()],
            })
        );
    }
}

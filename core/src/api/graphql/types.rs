//! GraphQL types for the collections a caller may read: one object type per collection (its
//! readable fields; relations as nested objects and lists with query arguments), its filter
//! input, aggregate type and mutation inputs — named as Directus names them.

use super::resolve::{self, Kind};
use crate::permissions::{Access, Action};
use crate::schema::{CollectionInfo, FieldInfo, FieldType, Relation, SchemaOverview};
use async_graphql::dynamic::{
    Field, FieldFuture, InputObject, InputValue, Object, SchemaBuilder, TypeRef,
};

/// Custom scalars; all accept any JSON-like value.
pub const SCALARS: &[&str] = &[
    "JSON",
    "Date",
    "GraphQLBigInt",
    "GraphQLStringOrFloat",
    "Hash",
    "GeoJSON",
];

/// Names GraphQL or this schema already uses; collections named so are skipped.
const RESERVED: &[&str] = &[
    "Query",
    "Mutation",
    "Subscription",
    "String",
    "Int",
    "Float",
    "Boolean",
    "ID",
    "JSON",
    "Date",
    "Hash",
    "GeoJSON",
    "GraphQLBigInt",
    "GraphQLStringOrFloat",
    "Void",
    "delete_one",
    "delete_many",
];

/// System collections served by their own resolvers (or not at all) rather than as items.
const NOT_ITEMS: &[&str] = &[
    "directus_collections",
    "directus_fields",
    "directus_relations",
    "directus_migrations",
    "directus_sessions",
    "directus_extensions",
];

/// What the types are built for: the caller's access (`None` = administrator) and the scope.
pub struct Names<'a> {
    pub schema: &'a SchemaOverview,
    pub access: Option<&'a Access>,
    /// `/graphql/system`: `directus_users` is `users` there.
    pub system: bool,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !name.starts_with("__")
        && !RESERVED.contains(&name)
}

impl Names<'_> {
    pub fn type_name(&self, collection: &str) -> String {
        match collection.strip_prefix("directus_") {
            Some(rest) if self.system => rest.to_string(),
            _ => collection.to_string(),
        }
    }

    pub fn may(&self, collection: &str, action: Action) -> bool {
        self.access
            .is_none_or(|a| a.rules(collection, action).is_some())
    }

    fn may_field(&self, collection: &str, action: Action, field: &str) -> bool {
        self.access.is_none_or(|a| {
            a.rules(collection, action)
                .is_some_and(|r| r.fields.contains(field))
        })
    }

    /// Collections with a type: readable, with a usable name.
    pub fn typed(&self, collection: &str) -> bool {
        valid_name(&self.type_name(collection))
            && !NOT_ITEMS.contains(&collection)
            && self.may(collection, Action::Read)
            && self
                .schema
                .collection(collection)
                .is_some_and(|c| !c.primary_key.is_empty())
    }

    /// Collections with root fields in this scope.
    pub fn rooted(&self, collection: &str) -> bool {
        self.typed(collection) && collection.starts_with("directus_") == self.system
    }

    /// The collection a relational field reads (m2o target, o2m / junction rows), if typed.
    pub fn target(&self, collection: &str, field: &str) -> Option<(String, bool)> {
        let (target, many) = match self.schema.relation_for(collection, field)? {
            Relation::M2O {
                related_collection, ..
            } => (related_collection, false),
            Relation::O2M {
                related_collection, ..
            } => (related_collection, true),
            Relation::M2M {
                junction_collection,
                ..
            }
            | Relation::M2A {
                junction_collection,
                ..
            } => (junction_collection, true),
            Relation::A2O { .. } => return None,
        };
        self.typed(&target).then_some((target, many))
    }

    /// The readable fields of a collection that have a GraphQL form.
    pub fn fields<'c>(&self, info: &'c CollectionInfo, action: Action) -> Vec<&'c FieldInfo> {
        info.fields
            .iter()
            .filter(|f| valid_name(&f.name) && self.may_field(&info.name, action, &f.name))
            .filter(|f| !f.alias || self.target(&info.name, &f.name).is_some())
            .collect()
    }
}

/// The GraphQL type of a stored value.
pub fn scalar_of(f: &FieldInfo) -> &'static str {
    if f.is_primary_key {
        return TypeRef::ID;
    }
    match f.field_type {
        FieldType::Integer => TypeRef::INT,
        FieldType::BigInteger => "GraphQLBigInt",
        FieldType::Float | FieldType::Decimal => TypeRef::FLOAT,
        FieldType::Boolean => TypeRef::BOOLEAN,
        FieldType::Date | FieldType::DateTime | FieldType::Time | FieldType::Timestamp => "Date",
        FieldType::Json | FieldType::Alias | FieldType::Unknown | FieldType::Binary => "JSON",
        FieldType::Hash => "Hash",
        FieldType::Geometry(_) => "GeoJSON",
        FieldType::Csv => "[String]",
        FieldType::String | FieldType::Text | FieldType::Uuid => TypeRef::STRING,
    }
}

fn type_ref(name: &str) -> TypeRef {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(inner) => TypeRef::named_list(inner),
        None => TypeRef::named(name),
    }
}

/// The operator input a field is filtered with.
fn operators_of(f: &FieldInfo) -> &'static str {
    if f.is_primary_key {
        return "id_filter_operators";
    }
    match f.field_type {
        FieldType::Integer | FieldType::Float | FieldType::Decimal => "number_filter_operators",
        FieldType::BigInteger => "big_int_filter_operators",
        FieldType::Boolean => "boolean_filter_operators",
        FieldType::Date | FieldType::DateTime | FieldType::Time | FieldType::Timestamp => {
            "date_filter_operators"
        }
        FieldType::Hash => "hash_filter_operators",
        FieldType::Geometry(_) => "geometry_filter_operators",
        FieldType::Json | FieldType::Alias | FieldType::Unknown | FieldType::Binary => {
            "json_filter_operators"
        }
        _ => "string_filter_operators",
    }
}

/// Arguments every list of items takes.
pub fn list_arguments(field: Field, filter_type: &str) -> Field {
    field
        .argument(InputValue::new("filter", TypeRef::named(filter_type)))
        .argument(InputValue::new(
            "sort",
            TypeRef::named_list(TypeRef::STRING),
        ))
        .argument(InputValue::new("limit", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("offset", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("page", TypeRef::named(TypeRef::INT)))
        .argument(InputValue::new("search", TypeRef::named(TypeRef::STRING)))
}

/// The object, filter, aggregate and input types of one collection.
pub fn register_collection(
    names: &Names,
    mut builder: SchemaBuilder,
    info: &CollectionInfo,
) -> SchemaBuilder {
    let c = &info.name;
    let tn = names.type_name(c);
    let mut object = Object::new(tn.clone());
    let mut filter = InputObject::new(format!("{tn}_filter"))
        .field(InputValue::new(
            "_and",
            TypeRef::named_list(format!("{tn}_filter")),
        ))
        .field(InputValue::new(
            "_or",
            TypeRef::named_list(format!("{tn}_filter")),
        ));
    for f in names.fields(info, Action::Read) {
        let name = f.name.clone();
        match names.target(c, &f.name) {
            Some((target, many)) => {
                let target_tn = names.type_name(&target);
                let field = if many {
                    list_arguments(
                        Field::new(name.clone(), TypeRef::named_list(target_tn.clone()), {
                            let name = name.clone();
                            move |ctx| {
                                let name = name.clone();
                                FieldFuture::new(async move {
                                    resolve::pluck(&ctx, &name, Kind::Objects)
                                })
                            }
                        }),
                        &format!("{target_tn}_filter"),
                    )
                } else {
                    Field::new(name.clone(), TypeRef::named(target_tn.clone()), {
                        let name = name.clone();
                        move |ctx| {
                            let name = name.clone();
                            FieldFuture::new(
                                async move { resolve::pluck(&ctx, &name, Kind::Object) },
                            )
                        }
                    })
                };
                object = object.field(field);
                filter = filter.field(InputValue::new(
                    name,
                    TypeRef::named(format!("{target_tn}_filter")),
                ));
            }
            None => {
                let kind = if f.is_primary_key {
                    Kind::Id
                } else {
                    Kind::Scalar(f.field_type)
                };
                object = object.field(Field::new(name.clone(), type_ref(scalar_of(f)), {
                    let name = name.clone();
                    move |ctx| {
                        let name = name.clone();
                        FieldFuture::new(async move { resolve::pluck(&ctx, &name, kind) })
                    }
                }));
                filter = filter.field(InputValue::new(name, TypeRef::named(operators_of(f))));
            }
        }
    }
    builder = builder.register(object).register(filter);
    builder = super::aggregate::register(names, builder, info);
    for (action, prefix) in [(Action::Create, "create"), (Action::Update, "update")] {
        if !names.may(c, action) {
            continue;
        }
        let mut input = InputObject::new(format!("{prefix}_{tn}_input"));
        let fields = names.fields(info, action);
        for f in &fields {
            let ty = match names.target(c, &f.name) {
                Some(_) => "JSON",
                None if f.is_primary_key => TypeRef::ID,
                None => scalar_of(f),
            };
            input = input.field(InputValue::new(f.name.clone(), type_ref(ty)));
        }
        if !fields.is_empty() {
            builder = builder.register(input);
        }
    }
    builder
}

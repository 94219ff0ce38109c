//! The dynamic schema of one caller and scope: the collection types, the root queries of
//! each collection, the mutations it may run and, for items, the subscriptions.

use super::types::{self, Names};
use super::{aggregate, resolve, subscription};
use crate::permissions::Action;
use async_graphql::dynamic::{Field, FieldFuture, InputValue, Object, Schema, TypeRef};

/// What a mutation answers with.
enum Returns {
    Item,
    Items,
    Deleted(&'static str),
}

/// A mutation argument: a key, keys, the item's input, or a list of inputs.
enum Arg {
    Id,
    Ids,
    Data,
    DataList,
}

/// Every item mutation: `<verb>_<collection>_<suffix>` from the operation's name.
type Mutation = (
    Action,
    &'static str,
    Returns,
    &'static [(&'static str, Arg)],
);
const MUTATIONS: &[Mutation] = &[
    (
        Action::Create,
        "create_item",
        Returns::Item,
        &[("data", Arg::Data)],
    ),
    (
        Action::Create,
        "create_items",
        Returns::Items,
        &[("data", Arg::DataList)],
    ),
    (
        Action::Update,
        "update_item",
        Returns::Item,
        &[("id", Arg::Id), ("data", Arg::Data)],
    ),
    (
        Action::Update,
        "update_items",
        Returns::Items,
        &[("ids", Arg::Ids), ("data", Arg::Data)],
    ),
    (
        Action::Update,
        "update_batch",
        Returns::Items,
        &[("data", Arg::DataList)],
    ),
    (
        Action::Delete,
        "delete_item",
        Returns::Deleted("delete_one"),
        &[("id", Arg::Id)],
    ),
    (
        Action::Delete,
        "delete_items",
        Returns::Deleted("delete_many"),
        &[("ids", Arg::Ids)],
    ),
];

fn root(name: String, ty: TypeRef, collection: &str, op: resolve::Op) -> Field {
    let c = collection.to_string();
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move { resolve::root(&ctx, &c, op).await })
    })
}

pub(super) fn build(names: &Names) -> Result<Schema, async_graphql::dynamic::SchemaError> {
    let mut collections: Vec<&String> = names.schema.collections.keys().collect();
    collections.sort();
    let writable = |c: &str, action| {
        names.may(c, action)
            && names
                .schema
                .collection(c)
                .is_some_and(|info| !names.fields(info, action).is_empty())
    };
    let has_mutations = collections.iter().any(|c| {
        names.rooted(c)
            && (writable(c, Action::Create)
                || writable(c, Action::Update)
                || names.may(c, Action::Delete))
    });
    let has_subscriptions = !names.system && collections.iter().any(|c| names.rooted(c));
    let mut builder = Schema::build(
        "Query",
        has_mutations.then_some("Mutation"),
        has_subscriptions.then_some("Subscription"),
    );
    builder = super::common::register_common(builder);
    let mut query = Object::new("Query");
    let mut mutation = Object::new("Mutation");
    let mut queries = 0;
    for c in collections {
        let Some(info) = names.schema.collection(c) else {
            continue;
        };
        if !names.typed(c) {
            continue;
        }
        builder = types::register_collection(names, builder, info);
        if !names.rooted(c) {
            continue;
        }
        let tn = names.type_name(c);
        let filter = format!("{tn}_filter");
        queries += 3;
        query = query
            .field(types::list_arguments(
                root(
                    tn.clone(),
                    TypeRef::named_nn_list_nn(tn.clone()),
                    c,
                    resolve::Op::List,
                ),
                &filter,
            ))
            .field(
                root(
                    format!("{tn}_by_id"),
                    TypeRef::named(tn.clone()),
                    c,
                    resolve::Op::ById,
                )
                .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
            )
            .field(aggregate::root_field(names, c));
        for (action, op, result, args) in MUTATIONS {
            let allowed = match action {
                Action::Delete => names.may(c, Action::Delete),
                _ => writable(c, *action),
            };
            if !allowed {
                continue;
            }
            let (verb, suffix) = op.split_once('_').unwrap_or((op, ""));
            let ty = match result {
                Returns::Item => TypeRef::named(tn.clone()),
                Returns::Items => TypeRef::named_nn_list_nn(tn.clone()),
                Returns::Deleted(name) => TypeRef::named(*name),
            };
            let mut field = root(
                format!("{verb}_{tn}_{suffix}"),
                ty,
                c,
                resolve::Op::Mutate(op),
            );
            for (name, arg) in *args {
                let input = format!("{verb}_{tn}_input");
                let ty = match arg {
                    Arg::Id => TypeRef::named_nn(TypeRef::ID),
                    Arg::Ids => TypeRef::named_nn_list(TypeRef::ID),
                    Arg::Data => TypeRef::named_nn(input),
                    Arg::DataList => TypeRef::named_nn_list(input),
                };
                field = field.argument(InputValue::new(*name, ty));
            }
            mutation = mutation.field(field);
        }
    }
    if names.system {
        queries += 1;
        query = query.field(Field::new("server_ping", TypeRef::named("String"), |_| {
            FieldFuture::new(async { Ok(Some(async_graphql::Value::from("pong"))) })
        }));
        if names.typed("directus_users") {
            queries += 1;
            query = query.field(Field::new("users_me", TypeRef::named("users"), |ctx| {
                FieldFuture::new(async move { resolve::me(&ctx).await })
            }));
        }
    }
    if queries == 0 {
        // A schema needs a query field; Directus answers this one with null too.
        query = query.field(Field::new(
            "_empty",
            TypeRef::named(TypeRef::BOOLEAN),
            |_| FieldFuture::new(async { Ok(None::<async_graphql::Value>) }),
        ));
    }
    let (with_types, subscriptions) = subscription::register(names, builder);
    builder = with_types.register(query);
    if let Some(root) = subscriptions {
        builder = builder.register(root);
    }
    if has_mutations {
        builder = builder.register(mutation);
    }
    builder.finish()
}

//! `<collection>_aggregated`: its types (`group`, `countAll`, `count {…}`, `sum {…}`, …) and the
//! translation of a selection into the REST `aggregate` / `groupBy` query it runs.

use super::resolve::{self, Kind};
use super::types::{Names, list_arguments};
use crate::model::query::AggregateFn;
use crate::permissions::Action;
use crate::schema::CollectionInfo;
use async_graphql::dynamic::{Field, FieldFuture, InputValue, Object, SchemaBuilder, TypeRef};
use serde_json::{Map, Value};

/// The aggregate functions whose result is one number per field: (GraphQL name, numeric only).
const PER_FIELD: &[(AggregateFn, bool)] = &[
    (AggregateFn::Count, false),
    (AggregateFn::CountDistinct, false),
    (AggregateFn::Avg, true),
    (AggregateFn::Sum, true),
    (AggregateFn::AvgDistinct, true),
    (AggregateFn::SumDistinct, true),
    (AggregateFn::Min, true),
    (AggregateFn::Max, true),
];

fn child(name: &str, ty: TypeRef, kind: Kind) -> Field {
    let name = name.to_string();
    Field::new(name.clone(), ty, move |ctx| {
        let name = name.clone();
        FieldFuture::new(async move { resolve::pluck(&ctx, &name, kind) })
    })
}

pub fn register(names: &Names, mut builder: SchemaBuilder, info: &CollectionInfo) -> SchemaBuilder {
    let tn = names.type_name(&info.name);
    let fields: Vec<_> = names
        .fields(info, Action::Read)
        .into_iter()
        .filter(|f| !f.alias)
        .collect();
    let mut counts = Object::new(format!("{tn}_aggregated_count"));
    let mut numbers = Object::new(format!("{tn}_aggregated_fields"));
    let mut has_numbers = false;
    for f in &fields {
        counts = counts.field(child(&f.name, TypeRef::named(TypeRef::INT), Kind::Number));
        if f.field_type.is_numeric() {
            has_numbers = true;
            numbers = numbers.field(child(&f.name, TypeRef::named(TypeRef::FLOAT), Kind::Number));
        }
    }
    let mut aggregated = Object::new(format!("{tn}_aggregated"))
        .field(child("group", TypeRef::named("JSON"), Kind::Json))
        .field(child(
            "countAll",
            TypeRef::named(TypeRef::INT),
            Kind::Number,
        ));
    for (func, numeric) in PER_FIELD {
        let ty = if *numeric {
            if !has_numbers {
                continue;
            }
            format!("{tn}_aggregated_fields")
        } else {
            if fields.is_empty() {
                continue;
            }
            format!("{tn}_aggregated_count")
        };
        aggregated = aggregated.field(child(func.as_str(), TypeRef::named(ty), Kind::Object));
    }
    if !fields.is_empty() {
        builder = builder.register(counts);
    }
    if has_numbers {
        builder = builder.register(numbers);
    }
    builder.register(aggregated)
}

/// The root field `<collection>_aggregated(groupBy, filter, …)`.
pub fn root_field(names: &Names, collection: &str) -> Field {
    let tn = names.type_name(collection);
    let c = collection.to_string();
    list_arguments(
        Field::new(
            format!("{tn}_aggregated"),
            TypeRef::named_nn_list_nn(format!("{tn}_aggregated")),
            move |ctx| {
                let c = c.clone();
                FieldFuture::new(async move { resolve::aggregated(&ctx, &c).await })
            },
        )
        .argument(InputValue::new(
            "groupBy",
            TypeRef::named_list(TypeRef::STRING),
        )),
        &format!("{tn}_filter"),
    )
}

/// `aggregate` for the REST query from the selection (`countAll` counts rows).
pub fn query_of(selection: &[(String, Vec<String>)]) -> Map<String, Value> {
    let mut aggregate = Map::new();
    for (func, fields) in selection {
        match func.as_str() {
            "countAll" => {
                aggregate.insert("countAll".into(), Value::from(vec![Value::from("*")]));
            }
            "group" => {}
            _ if !fields.is_empty() => {
                aggregate.insert(
                    func.clone(),
                    Value::Array(fields.iter().cloned().map(Value::from).collect()),
                );
            }
            _ => {}
        }
    }
    aggregate
}

/// A REST aggregate row as GraphQL shapes it: the groupBy fields under `group`.
pub fn shape_row(row: Value, group_by: &[String]) -> Value {
    let Value::Object(mut m) = row else {
        return row;
    };
    let mut group = Map::new();
    for g in group_by {
        if let Some(v) = m.remove(g) {
            group.insert(g.clone(), v);
        }
    }
    if !group_by.is_empty() {
        m.insert("group".into(), Value::Object(group));
    }
    Value::Object(m)
}

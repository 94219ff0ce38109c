//! The types every schema shares: the custom scalars, the operator inputs of the filters
//! (`string_filter_operators`, `number_filter_operators`, …) and the delete results.

use super::resolve::{self, Kind};
use super::types::SCALARS;
use async_graphql::dynamic::{
    Field, FieldFuture, InputObject, InputValue, Object, Scalar, SchemaBuilder, TypeRef,
};

/// The shared scalars and operator inputs.
pub fn register_common(mut builder: SchemaBuilder) -> SchemaBuilder {
    for s in SCALARS {
        builder = builder.register(Scalar::new(*s));
    }
    let ops = |name: &str, value: &str, list: &str, extra: &[&str]| {
        let mut input = InputObject::new(name);
        for op in ["_eq", "_neq"].iter().chain(extra) {
            input = input.field(InputValue::new(*op, TypeRef::named(value)));
        }
        for op in ["_in", "_nin"] {
            input = input.field(InputValue::new(op, TypeRef::named_list(list)));
        }
        for op in ["_null", "_nnull"] {
            input = input.field(InputValue::new(op, TypeRef::named(TypeRef::BOOLEAN)));
        }
        input
    };
    // The text operators besides the ones every operator input has.
    let text_ops: Vec<&str> = crate::query::filter::STRING_OPS
        .iter()
        .copied()
        .filter(|o| {
            ![
                "_eq", "_neq", "_in", "_nin", "_null", "_nnull", "_empty", "_nempty",
            ]
            .contains(o)
        })
        .collect();
    let text_ops = text_ops.as_slice();
    let emptiness = |i: InputObject| {
        i.field(InputValue::new("_empty", TypeRef::named(TypeRef::BOOLEAN)))
            .field(InputValue::new("_nempty", TypeRef::named(TypeRef::BOOLEAN)))
    };
    let ranges = |i: InputObject, value: &str| {
        i.field(InputValue::new("_between", TypeRef::named_list(value)))
            .field(InputValue::new("_nbetween", TypeRef::named_list(value)))
    };
    let order: &[&str] = &["_gt", "_gte", "_lt", "_lte"];
    builder
        .register(emptiness(ops(
            "string_filter_operators",
            TypeRef::STRING,
            TypeRef::STRING,
            text_ops,
        )))
        .register(emptiness(ops(
            "id_filter_operators",
            TypeRef::ID,
            TypeRef::ID,
            text_ops,
        )))
        .register(ranges(
            ops(
                "number_filter_operators",
                "GraphQLStringOrFloat",
                "GraphQLStringOrFloat",
                order,
            ),
            "GraphQLStringOrFloat",
        ))
        .register(ranges(
            ops(
                "big_int_filter_operators",
                "GraphQLBigInt",
                "GraphQLBigInt",
                order,
            ),
            "GraphQLBigInt",
        ))
        .register(ranges(
            ops(
                "date_filter_operators",
                TypeRef::STRING,
                TypeRef::STRING,
                order,
            ),
            "GraphQLStringOrFloat",
        ))
        .register(ops(
            "boolean_filter_operators",
            TypeRef::BOOLEAN,
            TypeRef::BOOLEAN,
            &[],
        ))
        .register(emptiness(ops("hash_filter_operators", "Hash", "Hash", &[])))
        .register(ops("json_filter_operators", "JSON", "JSON", &[]))
        .register(ops(
            "geometry_filter_operators",
            "GeoJSON",
            "GeoJSON",
            &[
                "_intersects",
                "_nintersects",
                "_intersects_bbox",
                "_nintersects_bbox",
            ],
        ))
        .register(Object::new("delete_one").field(Field::new(
            "id",
            TypeRef::named_nn(TypeRef::ID),
            |c| FieldFuture::new(async move { resolve::pluck(&c, "id", Kind::Id) }),
        )))
        .register(Object::new("delete_many").field(Field::new(
            "ids",
            TypeRef::named_list(TypeRef::ID),
            |c| FieldFuture::new(async move { resolve::pluck(&c, "ids", Kind::Ids) }),
        )))
}

//! Queries: parsing REST parameters into a `model::query::Query`, then (later stages) the AST,
//! SQL and execution.

pub mod parse;

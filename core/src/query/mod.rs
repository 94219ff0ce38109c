//! Queries: parsing REST parameters into a `model::query::Query`, the read plan (AST) built
//! against the schema, SQL per level, and execution without N+1.

pub mod aggregate;
pub mod ast;
pub mod cast;
pub mod filter;
pub mod functions;
pub mod key_arrays;
pub mod parse;
mod permitted;
pub mod run;
pub mod select;

/// `table.column` for names known only at run time (schema names, already validated).
pub(crate) fn col(table: &str, column: &str) -> sea_query::Expr {
    sea_query::Expr::col((sea_query::Alias::new(table), sea_query::Alias::new(column)))
}

pub(crate) fn tbl(table: &str) -> sea_query::Alias {
    sea_query::Alias::new(table)
}

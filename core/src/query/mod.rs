//! Queries: parsing REST parameters into a `model::query::Query`, the read plan (AST) built
//! against the schema, SQL per level, and execution without N+1.

pub mod aggregate;
pub mod ast;
pub mod cast;
pub mod filter;
pub mod functions;
pub mod key_arrays;
pub mod parse;
pub mod run;
pub mod select;

/// `table.column` for names known only at run time (schema names, already validated).
pub(crate) fn col(table: &str, column: &str) -> sea_query::Expr {
    sea_query::Expr::col((sea_query::Alias::new(table), sea_query::Alias::new(column)))
}

pub(crate) fn tbl(table: &str) -> sea_query::Alias {
    sea_query::Alias::new(table)
}

/// `template` around `expr`, written with `$1` for the expression: sea-query's placeholder is
/// `$n` on PostgreSQL and `?` elsewhere.
pub(crate) fn wrap(
    backend: crate::db::Backend,
    template: &str,
    expr: sea_query::Expr,
) -> sea_query::Expr {
    let template = match backend {
        crate::db::Backend::Postgres => template.to_string(),
        _ => template.replace("$1", "?"),
    };
    sea_query::Expr::cust_with_expr(template, expr)
}

/// `expr` as text, to compare keys of any type with a varchar column (m2a item keys).
pub(crate) fn as_text(backend: crate::db::Backend, expr: sea_query::Expr) -> sea_query::Expr {
    match backend {
        crate::db::Backend::MySql => wrap(backend, "CAST($1 AS CHAR)", expr),
        _ => wrap(backend, "CAST($1 AS TEXT)", expr),
    }
}

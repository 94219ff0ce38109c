//! Parsing what a client sends — a REST query string, the SEARCH body's `query` object, GraphQL
//! arguments — into one sanitised `Query`, before any schema is consulted.
//!
//! A query string is first read like Node's `qs` does (`qs.rs`); from there every source goes
//! through the same sanitising as Directus's `sanitizeQuery` + `validateQuery` (schema-free
//! parts): `params.rs` for scalars and lists, `objects.rs` for filter/deep/alias/aggregate.
//! Unknown parameters (and `access_token`) are ignored; falsy values (`""`, `null`, `false`, `0`)
//! count as absent, except for `limit`, `offset` and `backlink`, as in Directus.

mod objects;
mod params;
pub mod qs;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_objects;

use crate::error::{Error, Result};
use crate::model::query::Query;
pub use qs::QsOptions;
use serde_json::{Map, Value};

/// Parser limits (Directus env: `QUERYSTRING_MAX_PARSE_DEPTH`, `QUERYSTRING_ARRAY_LIMIT`,
/// `MAX_JSON_QUERY_DEPTH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Bracket groups per query-string key (default 10).
    pub depth: usize,
    /// Query-string arrays longer than this (or indices at or above it) become objects, which
    /// list parameters reject (default 500).
    pub array_limit: usize,
    /// Nesting of `filter` and `deep` objects (default 10).
    pub max_json_depth: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            depth: 10,
            array_limit: 500,
            max_json_depth: 10,
        }
    }
}

impl ParseLimits {
    /// The `qs.parse` options Directus uses (qs's default `parameterLimit` of 1000).
    pub fn qs_options(&self) -> QsOptions {
        QsOptions {
            depth: self.depth,
            array_limit: self.array_limit,
            parameter_limit: 1000,
        }
    }
}

/// A REST query string (without the leading `?`) → `Query`.
pub fn from_query_string(raw: &str, limits: &ParseLimits) -> Result<Query> {
    from_json(&qs::parse(raw, &limits.qs_options()), limits)
}

/// An object of query parameters (SEARCH body `query`, GraphQL arguments, or a parsed query
/// string) → `Query`. `null` is the empty query.
pub fn from_json(value: &Value, limits: &ParseLimits) -> Result<Query> {
    match value {
        Value::Null => Ok(Query::default()),
        Value::Object(raw) => sanitize(
            raw,
            &Scope {
                limits,
                deep_path: None,
            },
        ),
        _ => Err(Error::invalid_query("\"query\" must be of type object")),
    }
}

/// Where a (sub-)query sits: the top level, or a level of `deep` (named in error messages).
struct Scope<'a> {
    limits: &'a ParseLimits,
    deep_path: Option<String>,
}

impl Scope<'_> {
    /// How errors name parameter `param`: `limit`, or `deep[rel][_limit]` inside `deep`.
    fn label(&self, param: &str) -> String {
        match &self.deep_path {
            None => param.to_string(),
            Some(path) => format!("{path}[_{param}]"),
        }
    }
}

fn sanitize(raw: &Map<String, Value>, scope: &Scope<'_>) -> Result<Query> {
    let present = |key: &str| raw.get(key);
    let truthy = |key: &str| raw.get(key).filter(|v| params::is_truthy(v));
    let label = |param: &str| scope.label(param);
    let mut q = Query::default();

    if let Some(v) = present("limit") {
        q.limit = params::integer(v, &label("limit"), -1)?;
    }
    if let Some(v) = truthy("fields") {
        q.fields = params::string_list(v, &label("fields"))?;
    }
    // Inside `deep`, Directus's own output spelling `_group` is accepted too.
    let group = truthy("groupBy").or_else(|| scope.deep_path.as_ref().and(truthy("group")));
    if let Some(v) = group {
        q.group_by = params::string_list(v, &label("groupBy"))?;
    }
    if let Some(v) = truthy("aggregate") {
        q.aggregate = objects::aggregate(v, &label("aggregate"))?;
    }
    if let Some(v) = truthy("sort") {
        q.sort = params::string_list(v, &label("sort"))?;
    }
    if let Some(v) = truthy("filter") {
        q.filter = Some(objects::filter(v, &label("filter"), scope.limits)?);
    }
    if let Some(v) = present("offset") {
        q.offset = params::integer(v, &label("offset"), 0)?;
    }
    if let Some(v) = truthy("page") {
        q.page = params::integer(v, &label("page"), 1)?;
    }
    if let Some(v) = truthy("meta") {
        q.meta = params::meta(v, &label("meta"))?;
    }
    if let Some(Value::String(s)) = truthy("search") {
        q.search = Some(s.clone());
    }
    if let Some(v) = truthy("version") {
        q.version = Some(params::version(v, &label("version"))?);
        q.version_raw = Some(params::version_raw(present("versionRaw")));
    }
    if let Some(v) = truthy("export") {
        q.export = Some(params::export(v, &label("export"))?);
    }
    if let Some(v) = truthy("deep") {
        q.deep = objects::deep(v, scope)?;
    }
    if let Some(v) = truthy("alias") {
        q.alias = objects::alias(v, &label("alias"))?;
    }
    if let Some(v) = present("backlink") {
        q.backlink = Some(params::backlink(v));
    }
    Ok(q)
}

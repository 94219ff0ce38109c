//! `_json`: conditions on values inside json fields, per backend, with the path bound as a
//! parameter.

use super::{FilterCtx, bad, coerce, operator, operators};
use crate::db::dialect::exprs;
use crate::error::Result;
use crate::schema::FieldType;
use sea_query::{Cond, Condition};
use serde_json::Value;

/// `{"_json": {"a.b[0]": {"_eq": 1}, "_or": [...]}}`: conditions on values inside a json
/// column; the path is bound as a parameter, never spliced into the SQL.
pub(super) fn json_filter(
    ctx: &FilterCtx,
    collection: &str,
    column: &str,
    spec: &Value,
) -> Result<Condition> {
    let Value::Object(paths) = spec else {
        return Err(bad("\"_json\" has to be an object of paths"));
    };
    let mut all = Cond::all();
    for (path, ops) in paths {
        if path == "_and" || path == "_or" {
            let Value::Array(items) = ops else {
                return Err(bad(format!("\"{path}\" must be an array")));
            };
            let mut group = if path == "_and" {
                Cond::all()
            } else {
                Cond::any()
            };
            for item in items {
                group = group.add(json_filter(ctx, collection, column, item)?);
            }
            all = all.add(group);
            continue;
        }
        let segments = json_path(path)?;
        for (op, v) in operators(ops)? {
            let numeric = matches!(coerce(&v), Value::Number(_))
                || matches!(&v, Value::Array(a) if a.iter().all(Value::is_number));
            let expr = exprs::json_extract(
                ctx.backend,
                crate::query::col(collection, column),
                &segments,
                numeric,
            );
            let t = if numeric {
                FieldType::Float
            } else {
                FieldType::String
            };
            all = all.add(operator(expr, t, &op, &v, None)?);
        }
    }
    Ok(all)
}

/// `a.b[0]` → `["a", "b", "0"]` (no wildcards, as in Directus).
fn json_path(path: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part
            .split_once('[')
            .map(|(n, r)| (n, Some(r)))
            .unwrap_or((part, None));
        if !name.is_empty() {
            out.push(name.to_string());
        }
        if let Some(rest) = rest {
            for index in rest.split('[') {
                let index = index.trim_end_matches(']');
                if index.parse::<usize>().is_err() {
                    return Err(bad(format!("Invalid JSON path \"{path}\"")));
                }
                out.push(index.to_string());
            }
        }
    }
    if out.is_empty() || out.iter().any(|s| s.contains(['*', '$', '"', '\''])) {
        return Err(bad(format!("Invalid JSON path \"{path}\"")));
    }
    Ok(out)
}

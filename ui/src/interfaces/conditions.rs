//! Field conditions (`meta.conditions`): each is a filter rule over the item being edited that,
//! when it matches, overrides the field's hidden/readonly/required flags. The rule language is
//! Directus's filter syntax; the operators an editor can meet are evaluated here.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Flags {
    pub hidden: bool,
    pub readonly: bool,
    pub required: bool,
}

/// The field's flags for the item's current values.
pub fn flags(field: &Value, values: &Map<String, Value>) -> Flags {
    let meta = &field["meta"];
    let mut f = Flags {
        hidden: meta["hidden"] == true,
        readonly: meta["readonly"] == true,
        required: meta["required"] == true,
    };
    for cond in meta["conditions"].as_array().into_iter().flatten() {
        if matches(&cond["rule"], values) {
            for (key, slot) in [
                ("hidden", &mut f.hidden),
                ("readonly", &mut f.readonly),
                ("required", &mut f.required),
            ] {
                if let Some(b) = cond[key].as_bool() {
                    *slot = b;
                }
            }
        }
    }
    f
}

/// Whether `values` satisfy the filter `rule`.
pub fn matches(rule: &Value, values: &Map<String, Value>) -> bool {
    let Some(obj) = rule.as_object() else {
        return true;
    };
    obj.iter().all(|(key, cond)| match key.as_str() {
        "_and" => cond
            .as_array()
            .is_none_or(|r| r.iter().all(|x| matches(x, values))),
        "_or" => cond
            .as_array()
            .is_none_or(|r| r.iter().any(|x| matches(x, values))),
        field => {
            let value = values.get(field).unwrap_or(&Value::Null);
            cond.as_object()
                .is_none_or(|ops| ops.iter().all(|(op, arg)| test(op, value, arg)))
        }
    })
}

fn test(op: &str, value: &Value, arg: &Value) -> bool {
    let empty = value.is_null() || value == "" || value.as_array().is_some_and(Vec::is_empty);
    let text = |v: &Value| {
        v.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string())
    };
    let num = |v: &Value| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    };
    let compare = |f: fn(f64, f64) -> bool| match (num(value), num(arg)) {
        (Some(a), Some(b)) => f(a, b),
        _ => false,
    };
    let loose_eq = |a: &Value, b: &Value| a == b || text(a) == text(b);
    match op {
        "_eq" => loose_eq(value, arg),
        "_neq" => !loose_eq(value, arg),
        "_in" => arg
            .as_array()
            .is_some_and(|l| l.iter().any(|x| loose_eq(value, x))),
        "_nin" => !arg
            .as_array()
            .is_some_and(|l| l.iter().any(|x| loose_eq(value, x))),
        "_null" => value.is_null() == (arg != false),
        "_nnull" => !value.is_null() == (arg != false),
        "_empty" => empty == (arg != false),
        "_nempty" => !empty == (arg != false),
        "_contains" => match value {
            Value::Array(a) => a.iter().any(|x| loose_eq(x, arg)),
            v => text(v).contains(&text(arg)),
        },
        "_ncontains" => !text(value).contains(&text(arg)),
        "_starts_with" => text(value).starts_with(&text(arg)),
        "_ends_with" => text(value).ends_with(&text(arg)),
        "_gt" => compare(|a, b| a > b),
        "_gte" => compare(|a, b| a >= b),
        "_lt" => compare(|a, b| a < b),
        "_lte" => compare(|a, b| a <= b),
        _ => true,
    }
}

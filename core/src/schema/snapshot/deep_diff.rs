//! A port of npm `deep-diff` 1.0.2 (the version Directus diffs snapshots with) over JSON:
//! `diff` lists the changes between two values as `{kind, path, lhs, rhs, index, item}` records
//! and `apply_change` replays one record, like the package's `diff` and `applyChange`.
//!
//! JSON has no `undefined`: an absent key (or an absent side, [`diff_opt`]) plays its part, and
//! `null` is an ordinary value, so `null` → `1` is an edit and a missing key → `1` is new.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

mod apply;

pub use apply::apply_change;

/// `N`ew, `D`eleted, `E`dited, or a change inside an `A`rray (deep-diff's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffKind {
    #[serde(rename = "N")]
    New,
    #[serde(rename = "D")]
    Deleted,
    #[serde(rename = "E")]
    Edited,
    #[serde(rename = "A")]
    Array,
}

/// One step of a record's path: an object key or an array index (a number in the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathSegment {
    Index(usize),
    Key(String),
}

/// One deep-diff record. Absent parts are left out of the JSON, as deep-diff never defines
/// them; `lhs`/`rhs` of `Some(Value::Null)` are a real `null` and are written out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffRecord {
    pub kind: DiffKind,
    /// Empty for a change of the whole value (deep-diff then has no `path` property).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<PathSegment>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub lhs: Option<Value>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub rhs: Option<Value>,
    /// `A` only: the array index that changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// `A` only: what happened at `index` (an `N` or `D` without path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Box<DiffRecord>>,
}

/// Plain `Option<Value>` would read `"rhs": null` as absent; a present key is always `Some`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl DiffRecord {
    fn bare(kind: DiffKind, path: Vec<PathSegment>) -> DiffRecord {
        DiffRecord {
            kind,
            path,
            lhs: None,
            rhs: None,
            index: None,
            item: None,
        }
    }

    pub fn new(path: Vec<PathSegment>, rhs: Value) -> DiffRecord {
        DiffRecord {
            rhs: Some(rhs),
            ..DiffRecord::bare(DiffKind::New, path)
        }
    }

    pub fn deleted(path: Vec<PathSegment>, lhs: Value) -> DiffRecord {
        DiffRecord {
            lhs: Some(lhs),
            ..DiffRecord::bare(DiffKind::Deleted, path)
        }
    }

    pub fn edited(path: Vec<PathSegment>, lhs: Value, rhs: Value) -> DiffRecord {
        DiffRecord {
            lhs: Some(lhs),
            rhs: Some(rhs),
            ..DiffRecord::bare(DiffKind::Edited, path)
        }
    }

    pub fn array(path: Vec<PathSegment>, index: usize, item: DiffRecord) -> DiffRecord {
        DiffRecord {
            index: Some(index),
            item: Some(Box::new(item)),
            ..DiffRecord::bare(DiffKind::Array, path)
        }
    }

    /// The path as Directus prints it in messages (`meta.options.0`).
    pub fn path_string(&self) -> String {
        let parts: Vec<String> = self.path.iter().map(segment_key).collect();
        parts.join(".")
    }
}

/// `deepDiff.diff(lhs, rhs)`; an empty list where deep-diff returns `undefined`.
pub fn diff(lhs: &Value, rhs: &Value) -> Vec<DiffRecord> {
    diff_opt(Some(lhs), Some(rhs))
}

/// [`diff`] where either side may be `undefined` (`None`): `diff(undefined, x)` is one `N`
/// record without path, `diff(x, undefined)` one `D`.
pub fn diff_opt(lhs: Option<&Value>, rhs: Option<&Value>) -> Vec<DiffRecord> {
    let mut changes = Vec::new();
    walk(lhs, rhs, &mut Vec::new(), &mut changes);
    changes
}

fn walk(
    lhs: Option<&Value>,
    rhs: Option<&Value>,
    path: &mut Vec<PathSegment>,
    out: &mut Vec<DiffRecord>,
) {
    let (l, r) = match (lhs, rhs) {
        (None, None) => return,
        (None, Some(r)) => return out.push(DiffRecord::new(path.clone(), r.clone())),
        (Some(l), None) => return out.push(DiffRecord::deleted(path.clone(), l.clone())),
        (Some(l), Some(r)) => (l, r),
    };
    match (l, r) {
        (Value::Object(a), Value::Object(b)) => {
            // Keys of lhs first (in JavaScript's own key order), then the keys only rhs has.
            for (key, lv) in js_ordered(a) {
                path.push(PathSegment::Key(key.clone()));
                walk(Some(lv), b.get(key), path, out);
                path.pop();
            }
            for (key, rv) in js_ordered(b) {
                // Upstream marks consumed keys with `null` and then tests `if (k)`, which
                // also skips a new key named "" — kept, so diffs match Directus's.
                if !key.is_empty() && !a.contains_key(key) {
                    path.push(PathSegment::Key(key.clone()));
                    walk(None, Some(rv), path, out);
                    path.pop();
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            // 1.0.x walks arrays from the end: additions (highest index first), or removals
            // (highest first, so replaying them in order never shifts a later index), then the
            // common prefix, also backwards.
            for (index, item) in b.iter().enumerate().skip(a.len()).rev() {
                let record = DiffRecord::new(Vec::new(), item.clone());
                out.push(DiffRecord::array(path.clone(), index, record));
            }
            for (index, item) in a.iter().enumerate().skip(b.len()).rev() {
                let record = DiffRecord::deleted(Vec::new(), item.clone());
                out.push(DiffRecord::array(path.clone(), index, record));
            }
            for (index, (x, y)) in a.iter().zip(b).enumerate().rev() {
                path.push(PathSegment::Index(index));
                walk(Some(x), Some(y), path, out);
                path.pop();
            }
        }
        _ if type_rank(l) != type_rank(r) || !js_equal(l, r) => {
            out.push(DiffRecord::edited(path.clone(), l.clone(), r.clone()));
        }
        _ => {}
    }
}

/// deep-diff's `realTypeOf` restricted to JSON: null, boolean, number, string, array, object.
fn type_rank(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// `===` on primitives: JavaScript has one number type, so `1` and `1.0` are equal.
fn js_equal(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        _ => l == r,
    }
}

/// The index value of a key JavaScript treats as an array index ("0", "17", not "07").
pub(super) fn array_index(key: &str) -> Option<u32> {
    let canonical = key == "0" || (!key.is_empty() && !key.starts_with('0'));
    if !canonical || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u32>().ok().filter(|n| *n < u32::MAX)
}

fn segment_key(segment: &PathSegment) -> String {
    match segment {
        PathSegment::Index(i) => i.to_string(),
        PathSegment::Key(k) => k.clone(),
    }
}

/// `Object.keys` order: integer-like keys ascending, then the rest in insertion order.
fn js_ordered(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let (mut ordered, rest): (Vec<_>, Vec<_>) =
        map.iter().partition(|(key, _)| array_index(key).is_some());
    ordered.sort_by_key(|(key, _)| array_index(key));
    ordered.extend(rest);
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn records(lhs: Value, rhs: Value) -> Value {
        serde_json::to_value(diff(&lhs, &rhs)).expect("records serialize")
    }

    #[test]
    fn nested_objects_lhs_keys_first_then_new_keys() {
        let lhs = json!({"a": 1, "b": {"c": 2, "d": 3}, "n": null});
        let rhs = json!({"x": true, "a": 1, "b": {"c": 4}, "n": 1});
        assert_eq!(
            records(lhs, rhs),
            json!([
                {"kind": "E", "path": ["b", "c"], "lhs": 2, "rhs": 4},
                {"kind": "D", "path": ["b", "d"], "lhs": 3},
                {"kind": "E", "path": ["n"], "lhs": null, "rhs": 1},
                {"kind": "N", "path": ["x"], "rhs": true},
            ])
        );
        // Absent key vs null: N/D carrying a null, not an edit.
        assert_eq!(
            records(json!({}), json!({"k": null})),
            json!([{"kind": "N", "path": ["k"], "rhs": null}])
        );
        assert_eq!(
            records(json!({"k": null}), json!({})),
            json!([{"kind": "D", "path": ["k"], "lhs": null}])
        );
        assert!(
            diff(
                &json!({"a": [1, {"b": null}]}),
                &json!({"a": [1.0, {"b": null}]})
            )
            .is_empty()
        );
    }

    #[test]
    fn arrays_walk_backwards_with_a_records() {
        assert_eq!(
            records(json!({"xs": [1, 2, 3]}), json!({"xs": [1, 5]})),
            json!([
                {"kind": "A", "path": ["xs"], "index": 2, "item": {"kind": "D", "lhs": 3}},
                {"kind": "E", "path": ["xs", 1], "lhs": 2, "rhs": 5},
            ])
        );
        assert_eq!(
            records(json!([{"a": 1}]), json!([{"a": 2}, "x", "y"])),
            json!([
                {"kind": "A", "index": 2, "item": {"kind": "N", "rhs": "y"}},
                {"kind": "A", "index": 1, "item": {"kind": "N", "rhs": "x"}},
                {"kind": "E", "path": [0, "a"], "lhs": 1, "rhs": 2},
            ])
        );
    }

    #[test]
    fn type_changes_are_edits_and_whole_values_are_n_or_d() {
        assert_eq!(
            records(json!({"a": 1}), json!({"a": "1"})),
            json!([{"kind": "E", "path": ["a"], "lhs": 1, "rhs": "1"}])
        );
        assert_eq!(
            records(json!({"a": [1]}), json!({"a": {"0": 1}})),
            json!([{"kind": "E", "path": ["a"], "lhs": [1], "rhs": {"0": 1}}])
        );
        assert_eq!(
            records(json!(null), json!({})),
            json!([{"kind": "E", "lhs": null, "rhs": {}}])
        );
        assert_eq!(
            diff_opt(None, Some(&json!({"a": 1}))),
            vec![DiffRecord::new(vec![], json!({"a": 1}))]
        );
        assert_eq!(
            diff_opt(Some(&json!(2)), None),
            vec![DiffRecord::deleted(vec![], json!(2))]
        );
        assert!(diff_opt(None, None).is_empty());
    }

    #[test]
    fn keys_follow_javascript_order_and_empty_new_key_is_skipped() {
        let paths: Vec<String> = diff(&json!({"b": 1, "10": 1, "2": 1, "02": 1}), &json!({}))
            .iter()
            .map(DiffRecord::path_string)
            .collect();
        assert_eq!(paths, ["2", "10", "b", "02"]);
        assert!(diff(&json!({}), &json!({"": 1})).is_empty());
    }

    #[test]
    fn records_deserialize_back_including_null_sides() {
        let changes = diff(
            &json!({"a": null, "xs": [1, 2]}),
            &json!({"a": 1, "xs": [null]}),
        );
        let text = serde_json::to_string(&changes).expect("serialize");
        let back: Vec<DiffRecord> = serde_json::from_str(&text).expect("deserialize");
        assert_eq!(back, changes);
        assert_eq!(back[0].lhs, Some(Value::Null));
    }
}

//! `apply_change`: deep-diff's `applyChange` / `applyArrayChange`, replaying one record.

use super::{DiffKind, DiffRecord, PathSegment, segment_key};
use serde_json::{Map, Value};

/// `deepDiff.applyChange(target, true, change)`: replays one record on `target`. Missing
/// containers along the path are created (`[]` when the next step is an index). deep-diff
/// throws on a path-less `N`/`E`/`D`; here they replace the whole value (`D` → `null`).
pub fn apply_change(target: &mut Value, change: &DiffRecord) -> Result<(), String> {
    let at = |e: String| format!("Cannot apply change at \"{}\": {e}", change.path_string());
    let Some((last, parents)) = change.path.split_last() else {
        match change.kind {
            DiffKind::Array => return apply_array_change(target, change).map_err(at),
            DiffKind::Deleted => *target = Value::Null,
            DiffKind::New | DiffKind::Edited => *target = rhs(change).map_err(at)?.clone(),
        }
        return Ok(());
    };
    let mut it = target;
    for (n, segment) in parents.iter().enumerate() {
        let next_is_index = matches!(change.path.get(n + 1), Some(PathSegment::Index(_)));
        it = child_or_insert(it, segment, next_is_index).map_err(at)?;
    }
    match change.kind {
        DiffKind::Array => {
            let array = child_or_insert(it, last, true).map_err(at)?;
            apply_array_change(array, change).map_err(at)
        }
        DiffKind::Deleted => delete(it, last).map_err(at),
        DiffKind::New | DiffKind::Edited => {
            set(it, last, rhs(change).map_err(at)?.clone()).map_err(at)
        }
    }
}

/// `applyArrayChange(arr, change.index, change.item)` for an `A` record.
fn apply_array_change(array: &mut Value, change: &DiffRecord) -> Result<(), String> {
    let (Some(index), Some(item)) = (change.index, change.item.as_deref()) else {
        return Err("an \"A\" change needs \"index\" and \"item\"".to_string());
    };
    let slot = PathSegment::Index(index);
    if let Some((last, parents)) = item.path.split_last() {
        // Unlike applyChange, this branch of deep-diff creates nothing: the path must exist.
        let mut it = existing_child(array, &slot)?;
        for segment in parents {
            it = existing_child(it, segment)?;
        }
        return match item.kind {
            DiffKind::Array => apply_array_change(existing_child(it, last)?, item),
            DiffKind::Deleted => delete(it, last),
            DiffKind::New | DiffKind::Edited => set(it, last, rhs(item)?.clone()),
        };
    }
    match item.kind {
        DiffKind::Array => apply_array_change(existing_child(array, &slot)?, item),
        DiffKind::Deleted => array_remove(array, index),
        DiffKind::New | DiffKind::Edited => set(array, &slot, rhs(item)?.clone()),
    }
}

fn rhs(change: &DiffRecord) -> Result<&Value, String> {
    change
        .rhs
        .as_ref()
        .ok_or_else(|| "the change has no \"rhs\"".to_string())
}

/// JavaScript reads `arr["2"]` as `arr[2]`; any other key on an array is an error here.
fn segment_index(segment: &PathSegment) -> Result<usize, String> {
    match segment {
        PathSegment::Index(i) => Ok(*i),
        PathSegment::Key(k) => k
            .parse()
            .map_err(|_| format!("\"{k}\" is not an array index")),
    }
}

fn not_container(segment: &PathSegment) -> String {
    format!(
        "cannot step to \"{}\" inside a value that is not an object or array",
        segment_key(segment)
    )
}

fn existing_child<'v>(
    value: &'v mut Value,
    segment: &PathSegment,
) -> Result<&'v mut Value, String> {
    let missing = || format!("\"{}\" does not exist", segment_key(segment));
    match value {
        Value::Object(map) => map.get_mut(&segment_key(segment)).ok_or_else(missing),
        Value::Array(items) => items.get_mut(segment_index(segment)?).ok_or_else(missing),
        _ => Err(not_container(segment)),
    }
}

fn child_or_insert<'v>(
    value: &'v mut Value,
    segment: &PathSegment,
    array: bool,
) -> Result<&'v mut Value, String> {
    let empty = || {
        if array {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        }
    };
    match value {
        Value::Object(map) => Ok(map.entry(segment_key(segment)).or_insert_with(empty)),
        Value::Array(items) => {
            let index = segment_index(segment)?;
            if index >= items.len() {
                // Writing past the end leaves holes, which JSON renders as null.
                items.resize(index, Value::Null);
                items.push(empty());
            }
            items.get_mut(index).ok_or_else(|| not_container(segment))
        }
        _ => Err(not_container(segment)),
    }
}

fn set(value: &mut Value, segment: &PathSegment, new: Value) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            map.insert(segment_key(segment), new);
            Ok(())
        }
        Value::Array(items) => {
            let index = segment_index(segment)?;
            if index >= items.len() {
                items.resize(index + 1, Value::Null);
            }
            if let Some(slot) = items.get_mut(index) {
                *slot = new;
            }
            Ok(())
        }
        _ => Err(not_container(segment)),
    }
}

/// `delete it[key]`: removes an object key; on an array it leaves a hole (`null`).
fn delete(value: &mut Value, segment: &PathSegment) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            map.shift_remove(&segment_key(segment));
            Ok(())
        }
        Value::Array(items) => {
            if let Some(slot) = items.get_mut(segment_index(segment)?) {
                *slot = Value::Null;
            }
            Ok(())
        }
        _ => Err(not_container(segment)),
    }
}

/// deep-diff's `arrayRemove(arr, index)`: splices the element out; past the end it sets
/// `arr.length = index`, padding with holes.
fn array_remove(value: &mut Value, index: usize) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "cannot remove index {index} from a value that is not an array"
        ));
    };
    if index < items.len() {
        items.remove(index);
    } else {
        items.resize(index, Value::Null);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::diff;
    use super::*;
    use serde_json::json;

    fn roundtrip(lhs: Value, rhs: Value) {
        let mut target = lhs.clone();
        for change in diff(&lhs, &rhs) {
            apply_change(&mut target, &change).expect("change applies");
        }
        assert_eq!(target, rhs, "applying diff({lhs}, {rhs})");
    }

    #[test]
    fn apply_change_roundtrips() {
        roundtrip(
            json!({"a": 1, "b": {"c": [1, 2, 3]}}),
            json!({"a": 2, "b": {"c": [1]}, "d": null}),
        );
        roundtrip(json!([1]), json!([1, 2, 3]));
        roundtrip(json!([1, 2, 3, 4]), json!([0]));
        roundtrip(
            json!({"m": [[1, 2], {"k": [true]}]}),
            json!({"m": [[1], {"k": [false, true]}, 3]}),
        );
        roundtrip(
            json!({"meta": {"options": {"choices": [{"text": "a"}]}}}),
            json!({"meta": {"options": null}}),
        );
        roundtrip(json!({"a": {"b": 1}}), json!({"a": [1]}));
        roundtrip(json!("x"), json!({"whole": "value"}));
    }

    #[test]
    fn apply_change_creates_missing_containers_and_reports_bad_paths() {
        let mut target = json!({});
        let change: DiffRecord =
            serde_json::from_value(json!({"kind": "N", "path": ["meta", "list", 1], "rhs": "x"}))
                .expect("record");
        apply_change(&mut target, &change).expect("applies");
        assert_eq!(target, json!({"meta": {"list": [null, "x"]}}));

        let mut scalar = json!({"meta": "text"});
        let change = DiffRecord::edited(
            vec![
                PathSegment::Key("meta".into()),
                PathSegment::Key("note".into()),
            ],
            json!("a"),
            json!("b"),
        );
        let error = apply_change(&mut scalar, &change).expect_err("meta is a string");
        assert!(
            error.starts_with("Cannot apply change at \"meta.note\""),
            "{error}"
        );
    }
}

//! `validate`: the Joi schema Directus checks an uploaded snapshot against (`POST /schema/diff`,
//! `validateSnapshot`), reporting the first failure with Joi's wording. The version and vendor
//! comparisons with the running instance (skipped by `?force`) belong to the caller.

use super::Snapshot;
use serde_json::{Map, Value};

/// `DatabaseClients` of `@directus/types`, in its order (Joi lists them in messages).
const DATABASE_CLIENTS: &[&str] = &[
    "mysql",
    "postgres",
    "cockroachdb",
    "sqlite",
    "oracle",
    "mssql",
    "redshift",
];

/// `TYPES` of `@directus/constants`, then the `ALIAS_TYPES` it lacks (Joi drops the repeated
/// `alias`); `null` is allowed as well.
const FIELD_TYPES: &[&str] = &[
    "bigInteger",
    "boolean",
    "date",
    "dateTime",
    "decimal",
    "float",
    "integer",
    "json",
    "string",
    "text",
    "time",
    "timestamp",
    "binary",
    "uuid",
    "alias",
    "hash",
    "csv",
    "geometry",
    "geometry.Point",
    "geometry.LineString",
    "geometry.Polygon",
    "geometry.MultiPoint",
    "geometry.MultiLineString",
    "geometry.MultiPolygon",
    "unknown",
    "o2m",
    "m2m",
    "m2a",
    "o2a",
    "files",
    "translations",
];

/// A Joi rule for one value, given the value and its label (`fields[0].schema`).
type Rule = fn(&Value, &str) -> Result<(), String>;

/// Checks `snapshot_json` and returns it as a [`Snapshot`]; the error is the reason of
/// Directus's `InvalidPayloadError` (`"version" must be [1]`, `"directus" is required`,
/// `"collections[0].fields" is not allowed`, ...). Deviation: `collections`, `fields` and
/// `relations` are required here; Joi lets them be absent and the diff then crashes (a 500).
pub fn validate(snapshot_json: &Value) -> Result<Snapshot, String> {
    let Some(root) = snapshot_json.as_object() else {
        return Err(r#""value" must be of type object"#.to_string());
    };
    // Joi converts before comparing, so "1" and 1.0 pass `Joi.number().valid(1)`.
    let version = match root.get("version") {
        None => return Err(r#""version" is required"#.to_string()),
        Some(Value::Number(n)) if n.as_f64() == Some(1.0) => 1,
        Some(Value::String(s)) if s.trim().parse::<f64>() == Ok(1.0) => 1,
        Some(_) => return Err(r#""version" must be [1]"#.to_string()),
    };
    let directus = match root.get("directus") {
        None => return Err(r#""directus" is required"#.to_string()),
        Some(value) => {
            string(value, "directus")?;
            value.as_str().unwrap_or_default().to_string()
        }
    };
    let vendor = match root.get("vendor") {
        None => None,
        Some(Value::String(s)) if DATABASE_CLIENTS.contains(&s.as_str()) => Some(s.clone()),
        Some(_) => return Err(one_of("vendor", DATABASE_CLIENTS, false)),
    };
    let collections = array(root, "collections", true, collection)?;
    let fields = array(root, "fields", true, field)?;
    let system_fields = array(root, "systemFields", false, system_field)?;
    let relations = array(root, "relations", true, relation)?;
    const KNOWN: &[&str] = &[
        "version",
        "directus",
        "vendor",
        "collections",
        "fields",
        "systemFields",
        "relations",
    ];
    if let Some(key) = root.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(format!("\"{key}\" is not allowed"));
    }
    Ok(Snapshot {
        version,
        directus,
        vendor,
        collections,
        fields,
        system_fields,
        relations,
    })
}

fn array(
    root: &Map<String, Value>,
    key: &str,
    required: bool,
    item: Rule,
) -> Result<Vec<Value>, String> {
    match root.get(key) {
        None if required => Err(format!("\"{key}\" is required")),
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            for (i, value) in items.iter().enumerate() {
                item(value, &format!("{key}[{i}]"))?;
            }
            Ok(items.clone())
        }
        Some(_) => Err(format!("\"{key}\" must be an array")),
    }
}

/// `Joi.object(keys)`: each listed key in order, then the first key not listed (unless
/// `unknown`, i.e. `.unknown()`).
fn object(value: &Value, label: &str, keys: &[(&str, Rule)], unknown: bool) -> Result<(), String> {
    let Some(map) = value.as_object() else {
        return Err(format!("\"{label}\" must be of type object"));
    };
    for (key, rule) in keys {
        if let Some(child) = map.get(*key) {
            rule(child, &format!("{label}.{key}"))?;
        }
    }
    match map.keys().find(|k| !keys.iter().any(|(key, _)| key == k)) {
        Some(extra) if !unknown => Err(format!("\"{label}.{extra}\" is not allowed")),
        _ => Ok(()),
    }
}

fn collection(value: &Value, label: &str) -> Result<(), String> {
    object(
        value,
        label,
        &[
            ("collection", string),
            ("meta", any),
            ("schema", collection_schema),
        ],
        false,
    )
}

fn collection_schema(value: &Value, label: &str) -> Result<(), String> {
    object(value, label, &[("name", string)], false)
}

fn field(value: &Value, label: &str) -> Result<(), String> {
    let keys: &[(&str, Rule)] = &[
        ("collection", string),
        ("field", string),
        ("meta", any),
        ("schema", field_schema),
        ("type", field_type),
    ];
    object(value, label, keys, false)
}

fn field_schema(value: &Value, label: &str) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    let keys: &[(&str, Rule)] = &[
        ("default_value", any),
        ("max_length", max_length),
        ("is_nullable", boolean),
    ];
    object(value, label, keys, true)
}

/// `[Joi.number(), Joi.string(), Joi.valid(null)]`: Joi merges plain type failures into one
/// message, but reports the empty-string failure of the string branch on its own.
fn max_length(value: &Value, label: &str) -> Result<(), String> {
    match value {
        Value::Null | Value::Number(_) => Ok(()),
        Value::String(s) if s.is_empty() => Err(format!("\"{label}\" is not allowed to be empty")),
        Value::String(_) => Ok(()),
        _ => Err(format!("\"{label}\" must be one of [number, string, null]")),
    }
}

fn field_type(value: &Value, label: &str) -> Result<(), String> {
    match value {
        Value::Null => Ok(()),
        Value::String(s) if FIELD_TYPES.contains(&s.as_str()) => Ok(()),
        _ => Err(one_of(label, FIELD_TYPES, true)),
    }
}

fn system_field(value: &Value, label: &str) -> Result<(), String> {
    let keys: &[(&str, Rule)] = &[
        ("collection", string),
        ("field", string),
        ("schema", system_field_schema),
    ];
    object(value, label, keys, false)
}

fn system_field_schema(value: &Value, label: &str) -> Result<(), String> {
    object(value, label, &[("is_indexed", boolean)], false)
}

fn relation(value: &Value, label: &str) -> Result<(), String> {
    let keys: &[(&str, Rule)] = &[
        ("collection", string),
        ("field", string),
        ("meta", any),
        ("related_collection", any),
        ("schema", any),
    ];
    object(value, label, keys, false)
}

fn any(_: &Value, _: &str) -> Result<(), String> {
    Ok(())
}

/// `Joi.string()`, which refuses the empty string.
fn string(value: &Value, label: &str) -> Result<(), String> {
    match value {
        Value::String(s) if s.is_empty() => Err(format!("\"{label}\" is not allowed to be empty")),
        Value::String(_) => Ok(()),
        _ => Err(format!("\"{label}\" must be a string")),
    }
}

/// `Joi.boolean()`, which also converts the strings "true" and "false" (any case).
fn boolean(value: &Value, label: &str) -> Result<(), String> {
    match value {
        Value::Bool(_) => Ok(()),
        Value::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
            Ok(())
        }
        _ => Err(format!("\"{label}\" must be a boolean")),
    }
}

/// Joi's `any.only` message (`must be [x]` for a single allowed value).
fn one_of(label: &str, valids: &[&str], null: bool) -> String {
    let mut list: Vec<&str> = valids.to_vec();
    if null {
        list.push("null");
    }
    let prefix = if list.len() == 1 { "" } else { "one of " };
    format!("\"{label}\" must be {prefix}[{}]", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reason(value: Value) -> String {
        validate(&value).expect_err("invalid snapshot")
    }

    fn base() -> Value {
        json!({"version": 1, "directus": "11.5.1", "vendor": "sqlite", "collections": [], "fields": [], "relations": []})
    }

    fn with(key: &str, value: Value) -> Value {
        let mut snapshot = base();
        snapshot[key] = value;
        snapshot
    }

    #[test]
    fn top_level_reasons() {
        assert_eq!(reason(json!({})), r#""version" is required"#);
        assert_eq!(reason(json!({"version": 2})), r#""version" must be [1]"#);
        assert_eq!(reason(json!({"version": 1})), r#""directus" is required"#);
        assert_eq!(
            reason(json!({"version": 1, "directus": 11})),
            r#""directus" must be a string"#
        );
        assert_eq!(
            reason(with("vendor", json!("sqlite3"))),
            r#""vendor" must be one of [mysql, postgres, cockroachdb, sqlite, oracle, mssql, redshift]"#
        );
        assert_eq!(
            reason(with("collections", json!({}))),
            r#""collections" must be an array"#
        );
        assert_eq!(
            reason(with("systemFields", json!({}))),
            r#""systemFields" must be an array"#
        );
        let mut missing = base();
        if let Some(map) = missing.as_object_mut() {
            map.shift_remove("relations");
        }
        assert_eq!(reason(missing), r#""relations" is required"#);
        assert_eq!(
            reason(with("hash", json!("abc"))),
            r#""hash" is not allowed"#
        );
        assert_eq!(reason(json!([])), r#""value" must be of type object"#);
    }

    #[test]
    fn item_reasons() {
        let bad_collection =
            json!([{"collection": "a", "meta": null, "schema": {"name": "a"}, "fields": []}]);
        assert_eq!(
            reason(with("collections", bad_collection)),
            r#""collections[0].fields" is not allowed"#
        );
        let null_schema = json!([{"collection": "a", "schema": null}]);
        assert_eq!(
            reason(with("collections", null_schema)),
            r#""collections[0].schema" must be of type object"#
        );
        let fields = |f: Value| {
            with(
                "fields",
                json!([{"collection": "a", "field": "id", "type": "integer"}, f]),
            )
        };
        assert_eq!(
            reason(fields(
                json!({"collection": "a", "field": "x", "type": "varchar"})
            )),
            format!(
                "\"fields[1].type\" must be one of [{}, null]",
                FIELD_TYPES.join(", ")
            )
        );
        assert_eq!(
            reason(fields(
                json!({"field": "x", "schema": {"max_length": true}})
            )),
            r#""fields[1].schema.max_length" must be one of [number, string, null]"#
        );
        assert_eq!(
            reason(fields(
                json!({"field": "x", "schema": {"is_nullable": "yes"}})
            )),
            r#""fields[1].schema.is_nullable" must be a boolean"#
        );
        assert_eq!(
            reason(fields(json!({"field": ""}))),
            r#""fields[1].field" is not allowed to be empty"#
        );
        let system = json!([{"collection": "directus_users", "field": "email", "schema": {"is_indexed": true, "x": 1}}]);
        assert_eq!(
            reason(with("systemFields", system)),
            r#""systemFields[0].schema.x" is not allowed"#
        );
        let relations = json!([{"collection": "a", "field": "b", "related_collection": null, "meta": null, "schema": null, "id": 1}]);
        assert_eq!(
            reason(with("relations", relations)),
            r#""relations[0].id" is not allowed"#
        );
    }

    #[test]
    fn valid_snapshot_is_returned() {
        let snapshot = validate(&json!({
            "version": 1, "directus": "11.5.1",
            "collections": [{"collection": "a", "meta": {"icon": "box"}, "schema": {"name": "a"}}],
            "fields": [
                {"collection": "a", "field": "id", "type": "integer", "meta": null,
                 "schema": {"is_nullable": false, "max_length": null, "data_type": "integer"}},
                {"collection": "a", "field": "items", "type": "alias", "meta": {"special": ["o2m"]}},
            ],
            "relations": [{"collection": "b", "field": "a", "related_collection": "a", "meta": null, "schema": {}}],
        }))
        .expect("valid");
        assert_eq!(snapshot.version, 1);
        assert_eq!(snapshot.vendor, None);
        assert_eq!(snapshot.fields.len(), 2);
        assert!(snapshot.system_fields.is_empty());
    }
}

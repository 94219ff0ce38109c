//! `?export=json|csv|csv_utf8|xml|yaml`: the read result as a file download.

use crate::model::query::ExportFormat;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub fn respond(collection: &str, format: ExportFormat, data: &Value) -> Response {
    let rows: Vec<Value> = match data {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let body = match format {
        ExportFormat::Json => serde_json::to_string_pretty(&rows).unwrap_or_default(),
        ExportFormat::Csv | ExportFormat::CsvUtf8 => csv(&rows),
        ExportFormat::Xml => xml(&rows),
        ExportFormat::Yaml => yaml(&rows),
    };
    let stamp = chrono::Utc::now().format("%Y-%m-%d at %H.%M.%S");
    let filename = format!("{collection} {stamp}.{}", format.extension());
    let mut res: Response = body.into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        filename.replace('"', "")
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Nested objects become `parent.child` columns (as Directus's exports do); arrays stay JSON.
fn flatten(prefix: &str, v: &Value, out: &mut serde_json::Map<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// Columns are the union of (flattened) keys in first-seen order.
fn csv(rows: &[Value]) -> String {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut flat = serde_json::Map::new();
            flatten("", r, &mut flat);
            Value::Object(flat)
        })
        .collect();
    let rows = &rows[..];
    let mut columns: Vec<String> = Vec::new();
    for row in rows {
        if let Value::Object(m) = row {
            for k in m.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    // Like json2csv (Directus's exporter): headers and strings quoted, numbers and booleans bare.
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let field = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => quote(s),
        Value::Number(_) | Value::Bool(_) => v.to_string(),
        other => quote(&other.to_string()),
    };
    let mut out = columns
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(",");
    for row in rows {
        out.push('\n');
        let line: Vec<String> = columns
            .iter()
            .map(|c| field(row.get(c).unwrap_or(&Value::Null)))
            .collect();
        out.push_str(&line.join(","));
    }
    out
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn xml_value(out: &mut String, name: &str, v: &Value) {
    let tag = if name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        name.to_string()
    } else {
        format!("_{name}")
    };
    match v {
        Value::Object(m) => {
            out.push_str(&format!("<{tag}>"));
            for (k, v) in m {
                xml_value(out, k, v);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Value::Array(items) => {
            for item in items {
                xml_value(out, &tag, item);
            }
        }
        Value::Null => out.push_str(&format!("<{tag}/>")),
        other => out.push_str(&format!("<{tag}>{}</{tag}>", escape_xml(&cell(other)))),
    }
}

fn xml(rows: &[Value]) -> String {
    let mut out = String::from("<?xml version='1.0'?>\n<data>");
    for row in rows {
        xml_value(&mut out, "data", row);
    }
    out.push_str("</data>");
    out
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}

fn yaml_value(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        yaml_value(out, item, indent + 2);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        yaml_value(out, item, indent + 2);
                    }
                    scalar => out.push_str(&format!(" {}\n", yaml_inline(scalar))),
                }
            }
        }
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                out.push_str(&format!(
                    "{pad}{}:",
                    serde_json::to_string(k).unwrap_or_default()
                ));
                match v {
                    Value::Object(inner) if !inner.is_empty() => {
                        out.push('\n');
                        yaml_value(out, v, indent + 2);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        yaml_value(out, v, indent + 2);
                    }
                    scalar => out.push_str(&format!(" {}\n", yaml_inline(scalar))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", yaml_inline(other))),
    }
}

fn yaml_inline(v: &Value) -> String {
    match v {
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
        scalar => yaml_scalar(scalar),
    }
}

fn yaml(rows: &[Value]) -> String {
    let mut out = String::new();
    yaml_value(&mut out, &Value::Array(rows.to_vec()), 0);
    if rows.is_empty() {
        out.push_str("[]\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_quotes_and_unions_columns() {
        let rows = vec![
            json!({"id": 1, "title": "a, b", "author": {"name": "Ann"}}),
            json!({"id": 2, "note": "x\"y"}),
        ];
        assert_eq!(
            csv(&rows),
            "\"id\",\"title\",\"author.name\",\"note\"\n1,\"a, b\",\"Ann\",\n2,,,\"x\"\"y\""
        );
    }

    #[test]
    fn yaml_and_xml_shapes() {
        let rows = vec![json!({"id": 1, "tags": ["a"], "author": {"name": "Ann"}})];
        assert_eq!(
            yaml(&rows),
            "-\n  \"id\": 1\n  \"tags\":\n    - \"a\"\n  \"author\":\n    \"name\": \"Ann\"\n"
        );
        assert_eq!(
            xml(&rows),
            "<?xml version='1.0'?>\n<data><data><id>1</id><tags>a</tags><author><name>Ann</name></author></data></data>"
        );
    }
}

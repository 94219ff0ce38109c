//! Fields: a column (altered on every backend; SQLite rebuilds the table) and/or a
//! `directus_fields` row. Types that the column alone cannot tell apart (csv, hash, SQLite
//! timestamps) carry their special flag, so a field reads back as the type it was made with.

use super::collections::delete_field_meta;
use super::{FIELD_META, column_from, column_of, meta_json, meta_row, meta_rows, parse_type};
use crate::app::App;
use crate::auth::Accountability;
use crate::db::dialect::ddl::{self, ColumnSpec};
use crate::db::dialect::sqlite_rebuild::{self, Change};
use crate::db::{Backend, Tx, values};
use crate::error::{Error, Result};
use crate::schema::{FieldInfo, FieldType, SchemaOverview};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Map, Value, json};

pub const META_COLUMNS: &[&str] = &[
    "special",
    "interface",
    "options",
    "display",
    "display_options",
    "readonly",
    "hidden",
    "sort",
    "width",
    "translations",
    "note",
    "conditions",
    "required",
    "group",
    "validation",
    "validation_message",
    "searchable",
];

const JSON_CASTS: values::Casts<'static> = values::Casts {
    uuid: &[],
    json: FIELD_META.json,
};

/// A field payload, checked.
pub struct FieldSpec {
    pub name: String,
    pub field_type: FieldType,
    /// `None` for alias fields.
    pub column: Option<ColumnSpec>,
    pub meta: Option<Map<String, Value>>,
}

/// The special flag a type needs to read back as itself.
fn type_flag(t: FieldType) -> Option<&'static str> {
    match t {
        FieldType::Csv => Some("cast-csv"),
        FieldType::Hash => Some("hash"),
        _ => None,
    }
}

pub fn parse(payload: &Value, existing: Option<&ColumnSpec>) -> Result<FieldSpec> {
    let Value::Object(p) = payload else {
        return Err(Error::invalid_payload("A field has to be an object"));
    };
    let name = match p.get("field") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(Error::invalid_payload("\"field\" is required")),
    };
    super::check_name("Field", &name)?;
    let field_type = match p.get("type") {
        Some(Value::String(t)) => parse_type(t).ok_or_else(|| {
            Error::invalid_payload(format!(
                "\"type\" must be a Directus field type, got \"{t}\""
            ))
        })?,
        None | Some(Value::Null) => match existing {
            Some(c) => c.field_type,
            None => FieldType::Alias,
        },
        Some(_) => return Err(Error::invalid_payload("\"type\" must be a string")),
    };
    if field_type == FieldType::Unknown {
        return Err(Error::invalid_payload("Illegal type passed: \"unknown\""));
    }
    let mut meta = match p.get("meta") {
        Some(Value::Object(m)) => Some(m.clone()),
        None | Some(Value::Null) => None,
        Some(_) => return Err(Error::invalid_payload("\"meta\" must be an object")),
    };
    if let Some(flag) = type_flag(field_type) {
        let m = meta.get_or_insert_with(Map::new);
        let special = m.entry("special").or_insert_with(|| json!([]));
        if let Value::Array(items) = special
            && !items.iter().any(|i| i == flag)
        {
            items.push(Value::from(flag));
        }
    }
    let empty = Map::new();
    let schema = match p.get("schema") {
        Some(Value::Object(s)) => s,
        _ => &empty,
    };
    let column =
        (field_type != FieldType::Alias).then(|| column_from(&name, field_type, schema, existing));
    if let Some(c) = &column {
        ddl::column_type(crate::db::Backend::Postgres, c)?;
    }
    Ok(FieldSpec {
        name,
        field_type,
        column,
        meta,
    })
}

/// The fields of a new collection; duplicate names are refused.
pub fn parse_all(collection: &str, fields: &[Value]) -> Result<Vec<FieldSpec>> {
    let mut out: Vec<FieldSpec> = Vec::new();
    for f in fields {
        let spec = parse(f, None)?;
        if out.iter().any(|o| o.name == spec.name) {
            return Err(duplicate(collection, &spec.name));
        }
        out.push(spec);
    }
    Ok(out)
}

fn duplicate(collection: &str, field: &str) -> Error {
    Error::invalid_payload(format!(
        "Field \"{field}\" already exists in collection \"{collection}\""
    ))
}

/// Writes the `directus_fields` row of a field.
pub async fn insert_meta(tx: &mut Tx, collection: &str, f: &FieldSpec, sort: i64) -> Result<()> {
    let Some(meta) = &f.meta else { return Ok(()) };
    let mut row = super::without_nulls(meta_row(meta, META_COLUMNS, &FIELD_META));
    row.insert("collection".into(), Value::from(collection));
    row.insert("field".into(), Value::from(f.name.as_str()));
    row.entry("sort".to_string()).or_insert(Value::from(sort));
    tx.execute(&values::insert_row("directus_fields", &row, JSON_CASTS)?)
        .await?;
    Ok(())
}

/// A field as the API returns it: `{collection, field, type, schema, meta}`.
pub fn to_json(
    schema: &SchemaOverview,
    collection: &str,
    f: &FieldInfo,
    meta: Option<Value>,
) -> Value {
    let fk = schema
        .relation_by_many(collection, &f.name)
        .filter(|r| r.foreign_key.is_some());
    let sized = matches!(f.field_type, FieldType::String | FieldType::Hash);
    let decimal = f.field_type == FieldType::Decimal;
    let column = (!f.alias).then(|| {
        json!({
            "name": f.name, "table": collection, "data_type": f.db_type,
            "default_value": f.default_value,
            // Only where they mean something, so every backend reports the same model.
            "max_length": sized.then_some(f.max_length).flatten(),
            "numeric_precision": decimal.then_some(f.numeric_precision).flatten(),
            "numeric_scale": decimal.then_some(f.numeric_scale).flatten(),
            "is_nullable": f.nullable, "is_unique": f.is_unique || f.is_primary_key,
            "is_indexed": f.is_indexed || f.is_unique || f.is_primary_key, "is_primary_key": f.is_primary_key,
            "is_generated": f.is_generated, "generation_expression": null,
            "has_auto_increment": f.has_auto_increment,
            "foreign_key_table": fk.and_then(|r| r.one_collection.clone()),
            "foreign_key_column": fk.and_then(|r| r.foreign_key.as_ref()).map(|k| k.foreign_key_column.clone()),
            "comment": null,
        })
    });
    json!({"collection": collection, "field": f.name, "type": f.field_type.as_str(),
           "schema": column, "meta": meta})
}

/// The fields of one collection, or of all, with their metadata.
pub async fn list(app: &App, acc: &Accountability, collection: Option<&str>) -> Result<Vec<Value>> {
    let access = super::model_access(app, acc, "directus_fields").await?;
    let schema = app.reload_schema().await?;
    let mut all = list_in(app, &schema, collection).await?;
    super::keep_visible(&mut all, access.as_deref(), true);
    Ok(all)
}

/// [`list`] over an overview the caller has just loaded.
pub async fn list_in(
    app: &App,
    schema: &SchemaOverview,
    collection: Option<&str>,
) -> Result<Vec<Value>> {
    if let Some(c) = collection
        && schema.collection(c).is_none()
    {
        return Err(Error::forbidden());
    }
    let rows = meta_rows(&app.db, "directus_fields", collection, true).await?;
    let mut names: Vec<&String> = match collection {
        Some(c) => schema.collections.keys().filter(|k| *k == c).collect(),
        None => schema.collections.keys().collect(),
    };
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let Some(info) = schema.collection(name) else {
            continue;
        };
        for f in &info.fields {
            let meta = rows
                .iter()
                .find(|r| {
                    r.get("collection").and_then(Value::as_str) == Some(name)
                        && r.get("field").and_then(Value::as_str) == Some(&f.name)
                })
                .map(|r| meta_json(r.clone(), &FIELD_META));
            out.push(to_json(schema, name, f, meta));
        }
    }
    Ok(out)
}

pub async fn read(app: &App, acc: &Accountability, collection: &str, field: &str) -> Result<Value> {
    list(app, acc, Some(collection))
        .await?
        .into_iter()
        .find(|f| f["field"] == field)
        .ok_or_else(Error::forbidden)
}

/// Adds a field (its column, unless an alias) to an existing collection.
pub async fn create(
    app: &App,
    acc: &Accountability,
    collection: &str,
    payload: &Value,
) -> Result<String> {
    super::require_admin(acc)?;
    let schema = app.reload_schema().await?;
    let info = schema.collection(collection).ok_or_else(Error::forbidden)?;
    let spec = parse(payload, None)?;
    let has_meta = !meta_rows(&app.db, "directus_fields", Some(collection), false)
        .await?
        .iter()
        .all(|r| r.get("field").and_then(Value::as_str) != Some(&spec.name));
    if info.has_field(&spec.name) || has_meta {
        return Err(duplicate(collection, &spec.name));
    }
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if let Some(column) = &spec.column {
        if !column.nullable && column.default_value.is_none() && backend == Backend::Sqlite {
            // SQLite cannot add a NOT NULL column without a default to a table.
            sqlite_add_not_null(&mut tx, collection, column).await?;
        } else {
            for sql in ddl::add_column(backend, collection, column)? {
                tx.ddl(&sql).await?;
            }
        }
    }
    let sort = info.fields.len() as i64 + 1;
    insert_meta(&mut tx, collection, &spec, sort).await?;
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(spec.name)
}

async fn sqlite_add_not_null(tx: &mut Tx, table: &str, column: &ColumnSpec) -> Result<()> {
    let nullable = ColumnSpec {
        nullable: true,
        ..column.clone()
    };
    for sql in ddl::add_column(Backend::Sqlite, table, &nullable)? {
        tx.ddl(&sql).await?;
    }
    sqlite_rebuild::rebuild(tx, table, Change::Replace(column)).await
}

/// Changes a field's column (type, default, nullability, uniqueness, index) and/or metadata.
pub async fn update(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
    payload: &Value,
    force: bool,
) -> Result<()> {
    super::require_admin(acc)?;
    let schema = app.reload_schema().await?;
    let info = schema.collection(collection).ok_or_else(Error::forbidden)?;
    let current = info.field(field).ok_or_else(Error::forbidden)?;
    let mut payload = payload.clone();
    if let Value::Object(m) = &mut payload {
        m.insert("field".into(), Value::from(field));
    }
    let old = column_of(current);
    let spec = parse(&payload, (!current.alias).then_some(&old))?;
    if (spec.field_type == FieldType::Alias) != current.alias {
        return Err(Error::invalid_payload("Alias type cannot be changed"));
    }
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if let Some(new) = &spec.column
        && (payload.get("schema").is_some_and(Value::is_object) || new.field_type != old.field_type)
    {
        if old.is_primary_key && new.nullable && payload["schema"]["is_nullable"] == true {
            return Err(Error::invalid_payload("Primary key cannot be null"));
        }
        super::alter::guard(&mut tx, backend, collection, &old, new, force).await?;
        super::alter::alter(&mut tx, backend, collection, &old, new).await?;
    }
    if let Some(meta) = &spec.meta {
        let row = meta_row(meta, META_COLUMNS, &FIELD_META);
        let exists = !meta_rows(&app.db, "directus_fields", Some(collection), false)
            .await?
            .iter()
            .all(|r| r.get("field").and_then(Value::as_str) != Some(field));
        if exists {
            if !row.is_empty() {
                let keys = [("collection", collection), ("field", field)];
                tx.execute(&super::meta_update(
                    "directus_fields",
                    &keys,
                    &row,
                    JSON_CASTS,
                )?)
                .await?;
            }
        } else {
            insert_meta(&mut tx, collection, &spec, info.fields.len() as i64).await?;
        }
    }
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(())
}

/// Deletes a field: its column (with its relation), its metadata, and the o2m alias that
/// pointed through it.
pub async fn delete(app: &App, acc: &Accountability, collection: &str, field: &str) -> Result<()> {
    super::require_admin(acc)?;
    let schema = app.reload_schema().await?;
    let info = schema.collection(collection).ok_or_else(Error::forbidden)?;
    let current = info.field(field).ok_or_else(Error::forbidden)?;
    if collection.starts_with("directus_") || current.is_primary_key {
        return Err(Error::forbidden());
    }
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if let Some(r) = schema.relation_by_many(collection, field) {
        if let (Some(one), Some(alias)) = (&r.one_collection, &r.one_field) {
            delete_field_meta(&mut tx, one, alias).await?;
        }
        if !current.alias {
            super::collections::drop_column(&mut tx, backend, collection, field, r).await?;
        }
    } else if !current.alias {
        match backend {
            Backend::Sqlite => {
                sqlite_rebuild::rebuild(&mut tx, collection, Change::Drop(field)).await?
            }
            _ => {
                tx.ddl(&ddl::drop_column(backend, collection, field))
                    .await?
            }
        }
    }
    if let Some(r) = schema.relation_by_one(collection, field) {
        tx.execute(
            &Query::update()
                .table("directus_relations")
                .value("one_field", sea_query::Value::String(None))
                .and_where(Expr::col("many_collection").eq(r.many_collection.as_str()))
                .and_where(Expr::col("many_field").eq(r.many_field.as_str()))
                .to_owned(),
        )
        .await?;
    }
    delete_field_meta(&mut tx, collection, field).await?;
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(())
}

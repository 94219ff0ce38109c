//! Relations: a `directus_relations` row and, when the related collection is known, the
//! foreign-key constraint with its `on_delete` rule (SQLite rebuilds the table to add or drop
//! one).

use super::collections::delete_field_meta;
use crate::app::App;
use crate::auth::Accountability;
use crate::db::dialect::ddl;
use crate::db::dialect::sqlite_rebuild::{self, Change};
use crate::db::{Backend, Row, Tx, values};
use crate::error::{Error, Result};
use crate::schema::{FieldType, RelationInfo, SchemaOverview};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Map, Value, json};

const META_COLUMNS: &[&str] = &[
    "one_field",
    "one_collection_field",
    "one_allowed_collections",
    "junction_field",
    "sort_field",
    "one_deselect_action",
];

fn to_json(r: &RelationInfo, meta: Option<Value>) -> Value {
    let schema = r.foreign_key.as_ref().map(|fk| {
        json!({"table": r.many_collection, "column": r.many_field,
               "foreign_key_table": r.one_collection, "foreign_key_column": fk.foreign_key_column,
               "constraint_name": fk.constraint_name, "on_update": fk.on_update, "on_delete": fk.on_delete})
    });
    json!({"collection": r.many_collection, "field": r.many_field,
           "related_collection": r.one_collection, "schema": schema, "meta": meta})
}

fn meta_of(row: &Row) -> Value {
    let mut meta = Map::new();
    for (k, v) in row {
        let v = match (k.as_str(), v) {
            ("one_allowed_collections", Value::String(s)) => {
                s.split(',').map(|p| Value::from(p.trim())).collect()
            }
            _ => v.clone(),
        };
        meta.insert(k.clone(), v);
    }
    Value::Object(meta)
}

pub async fn list(app: &App, acc: &Accountability, collection: Option<&str>) -> Result<Vec<Value>> {
    let access = super::model_access(app, acc, "directus_relations").await?;
    let schema = app.reload_schema().await?;
    let mut all = list_in(app, &schema, collection).await?;
    super::keep_visible(&mut all, access.as_deref(), false);
    Ok(all)
}

/// [`list`] over an overview the caller has just loaded.
pub async fn list_in(
    app: &App,
    schema: &SchemaOverview,
    collection: Option<&str>,
) -> Result<Vec<Value>> {
    let mut q = Query::select();
    q.expr(Expr::col(sea_query::Asterisk))
        .from("directus_relations")
        .order_by("id", sea_query::Order::Asc);
    let rows = app.db.fetch_all(&q).await?;
    Ok(schema
        .relations
        .iter()
        .filter(|r| collection.is_none_or(|c| r.many_collection == c))
        .map(|r| {
            let meta = rows.iter().find(|m| {
                m.get("many_collection").and_then(Value::as_str) == Some(&r.many_collection)
                    && m.get("many_field").and_then(Value::as_str) == Some(&r.many_field)
            });
            to_json(r, meta.map(meta_of))
        })
        .collect())
}

pub async fn read(app: &App, acc: &Accountability, collection: &str, field: &str) -> Result<Value> {
    list(app, acc, Some(collection))
        .await?
        .into_iter()
        .find(|r| r["field"] == field)
        .ok_or_else(Error::forbidden)
}

fn action(schema: Option<&Value>, key: &str) -> Result<Option<String>> {
    match schema.and_then(|s| s.get(key)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(a)) if ddl::ACTIONS.contains(&a.as_str()) => Ok(Some(a.clone())),
        Some(_) => Err(Error::invalid_payload(format!(
            "\"schema.{key}\" must be one of [{}]",
            ddl::ACTIONS.join(", ")
        ))),
    }
}

/// Creates a relation; the field must exist and not be a primary key or already related.
pub async fn create(app: &App, acc: &Accountability, payload: &Map<String, Value>) -> Result<()> {
    super::require_admin(acc)?;
    let schema = app.reload_schema().await?;
    let text = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_string);
    let collection =
        text("collection").ok_or_else(|| Error::invalid_payload("\"collection\" is required"))?;
    let field = text("field").ok_or_else(|| Error::invalid_payload("\"field\" is required"))?;
    let related = text("related_collection");
    let info = schema.collection(&collection).ok_or_else(|| {
        Error::invalid_payload(format!("Collection \"{collection}\" doesn't exist"))
    })?;
    let f = info.field(&field).ok_or_else(|| {
        Error::invalid_payload(format!(
            "Field \"{field}\" doesn't exist in collection \"{collection}\""
        ))
    })?;
    if f.is_primary_key {
        return Err(Error::invalid_payload(format!(
            "Field \"{field}\" in collection \"{collection}\" is a primary key"
        )));
    }
    let target =
        match &related {
            Some(r) => Some(schema.collection(r).ok_or_else(|| {
                Error::invalid_payload(format!("Collection \"{r}\" doesn't exist"))
            })?),
            None => None,
        };
    if schema.relation_by_many(&collection, &field).is_some() {
        return Err(Error::invalid_payload(format!(
            "Field \"{field}\" in collection \"{collection}\" already has an associated relationship"
        )));
    }
    let fk_schema = payload.get("schema");
    let on_delete = action(fk_schema, "on_delete")?;
    let on_update = action(fk_schema, "on_update")?;
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if let Some(target) = target
        && fk_schema.is_none_or(|s| !s.is_null())
    {
        // MySQL keys made by auto-increment are unsigned; the referencing column must match.
        let target_pk = target.primary_key_field();
        if backend == Backend::MySql
            && target_pk.is_some_and(|k| k.has_auto_increment)
            && matches!(f.field_type, FieldType::Integer | FieldType::BigInteger)
            && !f.db_type.contains("unsigned")
        {
            let big = target_pk.is_some_and(|k| k.field_type == FieldType::BigInteger);
            let sql = ddl::mysql_unsigned(&collection, &field, big, f.nullable);
            tx.ddl(&sql).await?;
        }
        add_foreign_key(
            &mut tx,
            backend,
            &collection,
            &field,
            (&target.name, &target.primary_key),
            on_delete.as_deref(),
            on_update.as_deref(),
        )
        .await?;
    }
    let mut row = Row::new();
    if let Some(Value::Object(meta)) = payload.get("meta") {
        for (k, v) in meta
            .iter()
            .filter(|(k, _)| META_COLUMNS.contains(&k.as_str()))
        {
            let v = match (k.as_str(), v) {
                ("one_allowed_collections", Value::Array(items)) => Value::from(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                _ => v.clone(),
            };
            row.insert(k.clone(), v);
        }
    }
    row.insert("many_collection".into(), Value::from(collection.as_str()));
    row.insert("many_field".into(), Value::from(field.as_str()));
    row.insert(
        "one_collection".into(),
        related.map(Value::from).unwrap_or(Value::Null),
    );
    tx.execute(&values::insert_row(
        "directus_relations",
        &row,
        values::Casts::NONE,
    )?)
    .await?;
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(())
}

async fn add_foreign_key(
    tx: &mut Tx,
    backend: Backend,
    table: &str,
    column: &str,
    target: (&str, &str),
    on_delete: Option<&str>,
    on_update: Option<&str>,
) -> Result<()> {
    match backend {
        Backend::Sqlite => {
            let change = Change::AddForeignKey {
                column,
                table: target.0,
                to: target.1,
                on_delete,
                on_update,
            };
            sqlite_rebuild::rebuild(tx, table, change).await
        }
        _ => {
            tx.ddl(&ddl::add_foreign_key(
                backend, table, column, target, on_delete, on_update,
            ))
            .await
        }
    }
}

async fn drop_foreign_key(tx: &mut Tx, backend: Backend, r: &RelationInfo) -> Result<()> {
    let Some(fk) = &r.foreign_key else {
        return Ok(());
    };
    match backend {
        Backend::Sqlite => {
            sqlite_rebuild::rebuild(
                tx,
                &r.many_collection,
                Change::DropForeignKey(&r.many_field),
            )
            .await
        }
        _ => match &fk.constraint_name {
            Some(name) => {
                tx.ddl(&ddl::drop_foreign_key(backend, &r.many_collection, name))
                    .await
            }
            None => Ok(()),
        },
    }
}

fn existing<'s>(
    schema: &'s SchemaOverview,
    collection: &str,
    field: &str,
) -> Result<&'s RelationInfo> {
    if schema.collection(collection).is_none() {
        return Err(Error::invalid_payload(format!(
            "Collection \"{collection}\" doesn't exist"
        )));
    }
    schema.relation_by_many(collection, field).ok_or_else(|| {
        Error::invalid_payload(format!(
            "Field \"{field}\" in collection \"{collection}\" doesn't have a relationship"
        ))
    })
}

/// Changes a relation's metadata and its constraint's rules (`schema.on_delete`, `on_update`).
pub async fn update(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
    payload: &Map<String, Value>,
) -> Result<()> {
    super::require_admin(acc)?;
    let schema = app.reload_schema().await?;
    let r = existing(&schema, collection, field)?;
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if let (Some(Value::Object(_)), Some(one)) = (payload.get("schema"), &r.one_collection) {
        let on_delete = action(payload.get("schema"), "on_delete")?;
        let on_update = action(payload.get("schema"), "on_update")?;
        let target = schema.collection(one).ok_or_else(Error::forbidden)?;
        if backend != Backend::Sqlite {
            drop_foreign_key(&mut tx, backend, r).await?;
        }
        add_foreign_key(
            &mut tx,
            backend,
            collection,
            field,
            (one, &target.primary_key),
            on_delete.as_deref(),
            on_update.as_deref(),
        )
        .await?;
    }
    if let Some(Value::Object(meta)) = payload.get("meta") {
        let mut stmt = Query::update();
        stmt.table("directus_relations")
            .and_where(Expr::col("many_collection").eq(collection))
            .and_where(Expr::col("many_field").eq(field));
        let mut any = false;
        for (k, v) in meta
            .iter()
            .filter(|(k, _)| META_COLUMNS.contains(&k.as_str()))
        {
            stmt.value(sea_query::Alias::new(k.as_str()), values::to_sea(v));
            any = true;
        }
        if any {
            tx.execute(&stmt).await?;
        }
    }
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(())
}

/// Deletes a relation (its constraint and row); the field stays, its o2m alias goes.
pub async fn delete(app: &App, acc: &Accountability, collection: &str, field: &str) -> Result<()> {
    super::require_admin(acc)?;
    let schema = app.reload_schema().await?;
    let r = existing(&schema, collection, field)?.clone();
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    drop_foreign_key(&mut tx, backend, &r).await?;
    if let (Some(one), Some(alias)) = (&r.one_collection, &r.one_field) {
        delete_field_meta(&mut tx, one, alias).await?;
    }
    tx.execute(
        &Query::delete()
            .from_table("directus_relations")
            .and_where(Expr::col("many_collection").eq(collection))
            .and_where(Expr::col("many_field").eq(field))
            .to_owned(),
    )
    .await?;
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(())
}

//! Collections: a table with its `directus_collections` row, or a folder (a row without a
//! table). Creating one creates its table and fields in one go; deleting one drops the table,
//! its metadata, and the foreign-key columns of other collections that point at it.

use super::{
    COLLECTION_META, meta_json, meta_row, meta_rows, meta_update, require_admin, without_nulls,
};
use crate::app::App;
use crate::auth::Accountability;
use crate::db::dialect::{ddl, sqlite_rebuild};
use crate::db::{Backend, Tx, values};
use crate::error::{Error, Result};
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Map, Value, json};

pub const META_COLUMNS: &[&str] = &[
    "icon",
    "note",
    "display_template",
    "hidden",
    "singleton",
    "translations",
    "archive_field",
    "archive_app_filter",
    "archive_value",
    "unarchive_value",
    "sort_field",
    "accountability",
    "color",
    "item_duplication_fields",
    "sort",
    "group",
    "collapse",
    "preview_url",
    "versioning",
];

const JSON_CASTS: values::Casts<'static> = values::Casts {
    uuid: &[],
    json: COLLECTION_META.json,
};

/// Every collection: those with metadata (folders included) in `directus_collections` order,
/// then tables without metadata; system tables last, marked `system: true`.
pub async fn list(app: &App, acc: &Accountability) -> Result<Vec<Value>> {
    let access = super::model_access(app, acc, "directus_collections").await?;
    let schema = app.reload_schema().await?;
    let mut all = list_in(app, &schema).await?;
    super::keep_visible(&mut all, access.as_deref(), false);
    Ok(all)
}

/// [`list`] over an overview the caller has just loaded.
pub async fn list_in(app: &App, schema: &crate::schema::SchemaOverview) -> Result<Vec<Value>> {
    let rows = meta_rows(&app.db, "directus_collections", None, false).await?;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let name = row
            .get("collection")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let table = schema.collection(&name).map(|_| json!({"name": name}));
        seen.insert(name.clone());
        out.push(
            json!({"collection": name, "meta": meta_json(row, &COLLECTION_META), "schema": table}),
        );
    }
    let mut tables: Vec<&String> = schema.collections.keys().collect();
    tables.sort();
    let (system, user): (Vec<&String>, Vec<&String>) =
        tables.into_iter().partition(|t| t.starts_with("directus_"));
    for name in user.into_iter().filter(|t| !seen.contains(*t)) {
        out.push(json!({"collection": name, "meta": null, "schema": {"name": name}}));
    }
    for name in system {
        out.push(json!({
            "collection": name,
            "meta": {"collection": name, "system": true, "hidden": false, "singleton": false,
                     "accountability": "all", "icon": null, "note": null, "group": null},
            "schema": {"name": name},
        }));
    }
    Ok(out)
}

pub async fn read(app: &App, acc: &Accountability, name: &str) -> Result<Value> {
    list(app, acc)
        .await?
        .into_iter()
        .find(|c| c["collection"] == name)
        .ok_or_else(Error::forbidden)
}

/// Creates a collection (and its table and fields, when `schema` is given); returns its name.
pub async fn create(
    app: &App,
    acc: &Accountability,
    payload: &Map<String, Value>,
) -> Result<String> {
    require_admin(acc)?;
    let name = match payload.get("collection") {
        None => return Err(Error::invalid_payload("\"collection\" is required")),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => {
            return Err(Error::invalid_payload(
                "\"collection\" must be a non-empty string",
            ));
        }
    };
    if name.starts_with("directus_") {
        return Err(Error::invalid_payload(
            "Collections can't start with \"directus_\"",
        ));
    }
    super::check_name("Collection", &name)?;
    let schema = app.reload_schema().await?;
    let exists_meta = !meta_rows(&app.db, "directus_collections", Some(&name), false)
        .await?
        .is_empty();
    if exists_meta || schema.collection(&name).is_some() {
        return Err(Error::invalid_payload(format!(
            "Collection \"{name}\" already exists"
        )));
    }
    let with_table = payload.get("schema").is_some_and(|s| !s.is_null());
    let fields = match payload.get("fields") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err(Error::invalid_payload("\"fields\" must be an array")),
    };
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if with_table {
        let fields = with_primary_key(fields);
        let specs = super::fields::parse_all(&name, &fields)?;
        let columns: Vec<ddl::ColumnSpec> = specs.iter().filter_map(|f| f.column.clone()).collect();
        if !columns.iter().any(|c| c.is_primary_key) {
            return Err(Error::invalid_payload(
                "A collection with a table needs a primary key field",
            ));
        }
        for sql in ddl::create_table(backend, &name, &columns)? {
            tx.ddl(&sql).await?;
        }
        let mut sort = 0;
        for f in specs.iter().filter(|f| f.meta.is_some()) {
            sort += 1;
            super::fields::insert_meta(&mut tx, &name, f, sort).await?;
        }
    }
    if let Some(Value::Object(meta)) = payload.get("meta") {
        let mut row = without_nulls(meta_row(meta, META_COLUMNS, &COLLECTION_META));
        row.insert("collection".into(), Value::from(name.as_str()));
        tx.execute(&values::insert_row(
            "directus_collections",
            &row,
            JSON_CASTS,
        )?)
        .await?;
    } else if !with_table {
        return Err(Error::invalid_payload(
            "A collection needs \"schema\" (a table) or \"meta\" (a folder)",
        ));
    }
    if let Err(e) = tx.commit().await {
        // MySQL commits DDL on its own: leave no table behind a failed create.
        if backend == Backend::MySql && with_table {
            let _ = app.db.execute_sql(&ddl::drop_table(backend, &name)).await;
        }
        return Err(e);
    }
    app.reload_schema().await?;
    Ok(name)
}

/// Directus adds an auto-increment `id` when no field is a primary key.
fn with_primary_key(mut fields: Vec<Value>) -> Vec<Value> {
    let has_key = fields.iter().any(|f| {
        f["schema"]["is_primary_key"] == true || f["schema"]["has_auto_increment"] == true
    });
    if !has_key {
        fields.insert(
            0,
            json!({"field": "id", "type": "integer",
                   "meta": {"hidden": true, "interface": "numeric", "readonly": true},
                   "schema": {"is_primary_key": true, "has_auto_increment": true}}),
        );
    }
    fields
}

/// Updates a collection's metadata (creating the row for a table without one).
pub async fn update(
    app: &App,
    acc: &Accountability,
    name: &str,
    payload: &Map<String, Value>,
) -> Result<()> {
    require_admin(acc)?;
    read(app, acc, name).await?;
    let Some(Value::Object(meta)) = payload.get("meta") else {
        return Ok(());
    };
    let row = meta_row(meta, META_COLUMNS, &COLLECTION_META);
    let exists = !meta_rows(&app.db, "directus_collections", Some(name), false)
        .await?
        .is_empty();
    if exists {
        if !row.is_empty() {
            let stmt = meta_update(
                "directus_collections",
                &[("collection", name)],
                &row,
                JSON_CASTS,
            )?;
            app.db.execute(&stmt).await?;
        }
    } else {
        let mut row = without_nulls(row);
        row.insert("collection".into(), Value::from(name));
        app.db
            .execute(&values::insert_row(
                "directus_collections",
                &row,
                JSON_CASTS,
            )?)
            .await?;
    }
    app.reload_schema().await?;
    Ok(())
}

/// Deletes a collection: its table, metadata, relations, and the columns of other collections
/// that reference it (as Directus does).
pub async fn delete(app: &App, acc: &Accountability, name: &str) -> Result<()> {
    require_admin(acc)?;
    let found = read(app, acc, name).await?;
    if found["meta"]["system"] == true {
        return Err(Error::forbidden());
    }
    let schema = app.reload_schema().await?;
    let backend = app.db.backend();
    let mut tx = app.db.begin_schema_change().await?;
    if !Value::is_null(&found["schema"]) {
        // Foreign-key columns elsewhere that point here go first (they block the drop).
        for r in schema
            .relations
            .iter()
            .filter(|r| r.one_collection.as_deref() == Some(name) && r.many_collection != name)
        {
            drop_column(&mut tx, backend, &r.many_collection, &r.many_field, r).await?;
        }
        tx.ddl(&ddl::drop_table(backend, name)).await?;
        // Revisions of other collections may name these as their parent (nested writes).
        // (Through a derived table: MySQL cannot update a table it selects from directly.)
        let own_revisions = Query::select()
            .column("id")
            .from_subquery(
                Query::select()
                    .column("id")
                    .from("directus_revisions")
                    .and_where(Expr::col("collection").eq(name))
                    .to_owned(),
                "own",
            )
            .to_owned();
        tx.execute(
            &Query::update()
                .table("directus_revisions")
                .value("parent", sea_query::Value::BigInt(None))
                .and_where(Expr::col("parent").in_subquery(own_revisions))
                .to_owned(),
        )
        .await?;
        for (table, column) in [
            ("directus_fields", "collection"),
            ("directus_presets", "collection"),
            ("directus_revisions", "collection"),
            ("directus_activity", "collection"),
            ("directus_permissions", "collection"),
            ("directus_relations", "many_collection"),
        ] {
            tx.execute(
                &Query::delete()
                    .from_table(table)
                    .and_where(Expr::col(column).eq(name))
                    .to_owned(),
            )
            .await?;
        }
        // Relations left pointing here, and the o2m alias fields of the collections this one
        // pointed at.
        for r in schema
            .relations
            .iter()
            .filter(|r| r.many_collection == name)
        {
            if let (Some(one), Some(field)) = (&r.one_collection, &r.one_field) {
                delete_field_meta(&mut tx, one, field).await?;
            }
        }
        tx.execute(
            &Query::delete()
                .from_table("directus_relations")
                .and_where(Expr::col("one_collection").eq(name))
                .to_owned(),
        )
        .await?;
    }
    tx.execute(
        &Query::update()
            .table("directus_collections")
            .value("group", sea_query::Value::String(None))
            .and_where(Expr::col("group").eq(name))
            .to_owned(),
    )
    .await?;
    tx.execute(
        &Query::delete()
            .from_table("directus_collections")
            .and_where(Expr::col("collection").eq(name))
            .to_owned(),
    )
    .await?;
    tx.commit().await?;
    app.reload_schema().await?;
    Ok(())
}

/// Drops `table.column` and its field metadata and relation (a foreign-key column).
pub async fn drop_column(
    tx: &mut Tx,
    backend: Backend,
    table: &str,
    column: &str,
    relation: &crate::schema::RelationInfo,
) -> Result<()> {
    match backend {
        Backend::Sqlite => {
            sqlite_rebuild::rebuild(tx, table, sqlite_rebuild::Change::Drop(column)).await?
        }
        _ => {
            if let Some(constraint) = relation
                .foreign_key
                .as_ref()
                .and_then(|f| f.constraint_name.as_deref())
            {
                tx.ddl(&ddl::drop_foreign_key(backend, table, constraint))
                    .await?;
            }
            tx.ddl(&ddl::drop_column(backend, table, column)).await?;
        }
    }
    delete_field_meta(tx, table, column).await?;
    tx.execute(
        &Query::delete()
            .from_table("directus_relations")
            .and_where(Expr::col("many_collection").eq(table))
            .and_where(Expr::col("many_field").eq(column))
            .to_owned(),
    )
    .await?;
    Ok(())
}

/// Removes the `directus_fields` row of `collection.field`.
pub async fn delete_field_meta(tx: &mut Tx, collection: &str, field: &str) -> Result<()> {
    tx.execute(
        &Query::delete()
            .from_table("directus_fields")
            .and_where(Expr::col("collection").eq(collection))
            .and_where(Expr::col("field").eq(field))
            .to_owned(),
    )
    .await?;
    Ok(())
}

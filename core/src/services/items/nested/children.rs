//! The alias side of a nested write: o2m / m2m / m2a children of one item — a basic array is
//! the new complete set, `{create, update, delete}` edits it — and detaching the rest.

use super::{WriteCtx, exists, info, insert, record, update};
use crate::error::{Error, Result};
use crate::permissions::Action;
use crate::query::ast::{forbidden_collection, forbidden_field};
use crate::query::{cast, col, tbl};
use crate::schema::Relation;
use sea_query::{Expr, ExprTrait, Query};
use serde_json::{Map, Value};

/// o2m / m2m / m2a children of `parent_key`: `[...]` is the new complete set, `{create,
/// update, delete}` edits it.
pub(super) async fn write_children(
    ctx: &mut WriteCtx<'_>,
    collection: &str,
    parent_key: &Value,
    field: &str,
    rel: Relation,
    value: &Value,
) -> Result<()> {
    let (many, fk, delete_detached) = match rel {
        Relation::O2M {
            related_collection,
            related_field,
            deselect_action,
            ..
        } => (
            related_collection,
            related_field,
            deselect_action == "delete",
        ),
        Relation::M2M {
            junction_collection,
            junction_field,
            ..
        }
        | Relation::M2A {
            junction_collection,
            junction_field,
            ..
        } => (junction_collection, junction_field, true),
        _ => return Err(forbidden_field(field, collection)),
    };
    let many_info = info(ctx.schema, &many)?;
    let many_pk = many_info
        .primary_key_field()
        .ok_or_else(|| forbidden_collection(&many))?
        .clone();
    let link = |item: &Map<String, Value>| {
        let mut item = item.clone();
        item.insert(fk.clone(), parent_key.clone());
        item
    };
    let mut keep: Vec<Value> = Vec::new();
    let mut detach: Option<Vec<Value>> = None;
    match value {
        Value::Null => detach = Some(Vec::new()),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(obj) => match obj.get(&many_pk.name).filter(|k| !k.is_null()) {
                        Some(k) if exists(ctx, &many, k).await? => {
                            update(ctx, &many, k, &link(obj)).await?;
                            keep.push(k.clone());
                        }
                        _ => keep.push(insert(ctx, &many, &link(obj)).await?),
                    },
                    scalar => {
                        let mut only_link = Map::new();
                        only_link.insert(fk.clone(), parent_key.clone());
                        if !exists(ctx, &many, scalar).await? {
                            return Err(Error::forbidden());
                        }
                        update(ctx, &many, scalar, &only_link).await?;
                        keep.push(scalar.clone());
                    }
                }
            }
            detach = Some(Vec::new());
        }
        Value::Object(edits) => {
            for item in edits
                .get("create")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Value::Object(obj) = item else {
                    return Err(Error::invalid_payload(format!(
                        "\"{field}.create\" must contain objects"
                    )));
                };
                insert(ctx, &many, &link(obj)).await?;
            }
            for item in edits
                .get("update")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(k) = item.get(&many_pk.name).filter(|k| !k.is_null()) else {
                    return Err(Error::invalid_payload(format!(
                        "\"{field}.update\" items need their primary key"
                    )));
                };
                let Value::Object(obj) = item else { continue };
                if !exists(ctx, &many, k).await? {
                    return Err(Error::forbidden());
                }
                update(ctx, &many, k, &link(obj)).await?;
            }
            let deletes: Vec<Value> = edits
                .get("delete")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if !deletes.is_empty() {
                detach_children(
                    ctx,
                    &many,
                    &fk,
                    &many_pk.name,
                    parent_key,
                    Detach::Only(&deletes),
                    delete_detached,
                )
                .await?;
            }
        }
        _ => {
            return Err(Error::invalid_payload(format!(
                "\"{field}\" must be an array or an object of changes"
            )));
        }
    }
    if detach.is_some() {
        detach_children(
            ctx,
            &many,
            &fk,
            &many_pk.name,
            parent_key,
            Detach::AllBut(&keep),
            delete_detached,
        )
        .await?;
    }
    Ok(())
}

enum Detach<'a> {
    Only(&'a [Value]),
    AllBut(&'a [Value]),
}

/// Unlinks children from their parent: their key nulled, or the rows deleted.
async fn detach_children(
    ctx: &mut WriteCtx<'_>,
    many: &str,
    fk: &str,
    pk: &str,
    parent: &Value,
    which: Detach<'_>,
    delete: bool,
) -> Result<()> {
    let many_info = info(ctx.schema, many)?;
    let fk_field = many_info
        .field(fk)
        .ok_or_else(|| forbidden_field(fk, many))?;
    let pk_field = many_info
        .field(pk)
        .ok_or_else(|| forbidden_field(pk, many))?;
    let mut cond = sea_query::Cond::all().add(col(many, fk).eq(cast::input(fk_field, parent)?));
    let typed = |keys: &[Value]| {
        keys.iter()
            .map(|k| cast::input(pk_field, k).map(Expr::val))
            .collect::<Result<Vec<_>>>()
    };
    match which {
        Detach::Only(keys) => cond = cond.add(col(many, pk).is_in(typed(keys)?)),
        Detach::AllBut(keys) if !keys.is_empty() => {
            cond = cond.add(col(many, pk).is_not_in(typed(keys)?))
        }
        Detach::AllBut(_) => {}
    }
    let q = Query::select()
        .expr(col(many, pk))
        .from(tbl(many))
        .cond_where(cond.clone())
        .to_owned();
    let affected: Vec<Value> = ctx
        .tx
        .fetch_all(&q)
        .await?
        .into_iter()
        .filter_map(|r| r.get(pk).cloned())
        .collect();
    if affected.is_empty() {
        return Ok(());
    }
    if ctx.access.is_some() {
        let action = if delete {
            Action::Delete
        } else {
            let mut unlink = Map::new();
            unlink.insert(fk.to_string(), Value::Null);
            super::guard::payload(ctx, many, Action::Update, &unlink)?;
            Action::Update
        };
        super::guard::check_keys(ctx, many, &affected, action).await?;
    }
    if delete {
        ctx.tx
            .execute(
                &Query::delete()
                    .from_table(tbl(many))
                    .cond_where(cond)
                    .to_owned(),
            )
            .await?;
        for k in &affected {
            ctx.count_mutation()?;
            let mark = ctx.revisions.len();
            record(ctx, mark, many, "delete", k, &Map::new(), &Map::new()).await?;
        }
    } else {
        let null = cast::null_of(fk_field.field_type);
        ctx.tx
            .execute(
                &Query::update()
                    .table(tbl(many))
                    .value(tbl(fk), Expr::val(null))
                    .cond_where(cond)
                    .to_owned(),
            )
            .await?;
        let mut delta = Map::new();
        delta.insert(fk.to_string(), Value::Null);
        for k in &affected {
            ctx.count_mutation()?;
            let mark = ctx.revisions.len();
            record(ctx, mark, many, "update", k, &delta, &delta).await?;
        }
    }
    Ok(())
}

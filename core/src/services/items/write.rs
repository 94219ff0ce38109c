//! Creates and updates: single, batch, by keys, by query, singleton upsert — each request one
//! transaction, the result re-read with the request's query after commit.

use super::ItemsService;
use super::nested::{self, WriteCtx};
use crate::error::{Error, Result};
use crate::model::query::Query;
use crate::permissions::Action;
use serde_json::{Map, Value};

fn object(v: &Value) -> Result<&Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| Error::invalid_payload("Items must be objects"))
}

impl ItemsService<'_> {
    pub(super) async fn write_ctx(&self) -> Result<WriteCtx<'_>> {
        Ok(WriteCtx {
            tx: self.app.db.begin().await?,
            schema: &self.schema,
            acc: self.acc,
            access: self.access.as_deref(),
            mutations: 0,
            max_mutations: self.app.config.max_batch_mutation,
            revisions: Vec::new(),
            updatable: Default::default(),
        })
    }

    /// `POST /items/:collection` with an object or an array; returns the new keys.
    pub async fn create(&self, items: &[Value]) -> Result<Vec<Value>> {
        let mut ctx = self.write_ctx().await?;
        let mut keys = Vec::with_capacity(items.len());
        for item in items {
            keys.push(nested::insert(&mut ctx, &self.collection, object(item)?).await?);
        }
        ctx.tx.commit().await?;
        self.written("create", &keys);
        if self.collection == "directus_notifications"
            && let Err(e) = crate::services::notifications::mail_new(self.app, &keys).await
        {
            // The notifications exist; only their mails are lost.
            tracing::warn!("notification mails not sent: {}", e.message);
        }
        Ok(keys)
    }

    /// Fails with 403 unless every key names an existing item the caller may `action`.
    pub(super) async fn check_keys_exist(
        &self,
        ctx: &mut WriteCtx<'_>,
        keys: &[Value],
        action: Action,
    ) -> Result<()> {
        nested::guard::check_keys(ctx, &self.collection, keys, action).await
    }

    /// The same change applied to every key (`PATCH /items/:c/:key`, `{keys, data}`).
    pub async fn update_keys(&self, keys: &[Value], data: &Value) -> Result<Vec<Value>> {
        let data = object(data)?;
        let mut ctx = self.write_ctx().await?;
        self.check_keys_exist(&mut ctx, keys, Action::Update)
            .await?;
        for key in keys {
            nested::update(&mut ctx, &self.collection, key, data).await?;
        }
        ctx.tx.commit().await?;
        self.written("update", keys);
        Ok(keys.to_vec())
    }

    /// `PATCH /items/:c` with `[{pk, ...}, ...]`: each item its own change.
    pub async fn update_batch(&self, items: &[Value]) -> Result<Vec<Value>> {
        let pk = self.primary_key_field()?.name.clone();
        let mut keys = Vec::with_capacity(items.len());
        for item in items {
            let k = object(item)?
                .get(&pk)
                .filter(|k| !k.is_null())
                .ok_or_else(|| {
                    Error::invalid_payload(format!("\"{pk}\" is required in every item"))
                })?;
            keys.push(self.key(k)?);
        }
        let mut ctx = self.write_ctx().await?;
        self.check_keys_exist(&mut ctx, &keys, Action::Update)
            .await?;
        for (key, item) in keys.iter().zip(items) {
            nested::update(&mut ctx, &self.collection, key, object(item)?).await?;
        }
        ctx.tx.commit().await?;
        self.written("update", &keys);
        Ok(keys)
    }

    /// The keys a `{query}` body selects (its filter, search, sort and limit).
    pub async fn keys_by_query(&self, query: &Query) -> Result<Vec<Value>> {
        let pk = self.primary_key_field()?.name.clone();
        let mut q = query.clone();
        q.fields = Some(vec![pk.clone()]);
        q.aggregate = None;
        q.meta = None;
        let rows = match self.read_by_query(&q).await?.data {
            Value::Array(rows) => rows,
            // A singleton reads as one object; its key is null while the row does not exist.
            one => vec![one],
        };
        Ok(rows
            .iter()
            .filter_map(|r| r.get(&pk).filter(|k| !k.is_null()).cloned())
            .collect())
    }

    /// `PATCH /items/:singleton`: updates the one row, creating it if needed.
    pub async fn upsert_singleton(&self, data: &Value) -> Result<Value> {
        let pk = self.primary_key_field()?.name.clone();
        let existing = self
            .keys_by_query(&Query {
                limit: Some(1),
                ..Default::default()
            })
            .await?;
        match existing.into_iter().next() {
            Some(key) => Ok(self
                .update_keys(std::slice::from_ref(&key), data)
                .await?
                .swap_remove(0)),
            None => {
                let mut keys = self.create(std::slice::from_ref(data)).await?;
                keys.pop()
                    .ok_or_else(|| Error::internal(format!("singleton {pk} not created")))
            }
        }
    }
}

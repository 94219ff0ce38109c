//! `ItemsService`: the only read and write path for content. One instance per request:
//! collection, schema snapshot and accountability.

mod delete;
mod nested;
mod read;
mod write;

pub use read::ReadResult;

use crate::app::App;
use crate::auth::Accountability;
use crate::error::{Error, Result};
use crate::query::ast::forbidden_collection;
use crate::query::cast;
use crate::query::filter::FilterCtx;
use crate::query::run::Reader;
use crate::schema::{CollectionInfo, FieldInfo, SchemaOverview};
use serde_json::Value;
use std::sync::Arc;

pub struct ItemsService<'a> {
    pub app: &'a App,
    pub schema: Arc<SchemaOverview>,
    pub acc: &'a Accountability,
    pub collection: String,
}

impl<'a> ItemsService<'a> {
    /// The service for `collection`; unknown collections, system collections through `/items`
    /// and callers without access are all a 403, as in Directus.
    pub async fn new(
        app: &'a App,
        acc: &'a Accountability,
        collection: &str,
    ) -> Result<ItemsService<'a>> {
        // Permission rows come with the access-control work; until then only admins (who bypass
        // every permission in Directus too) may touch content.
        if !acc.admin {
            return Err(forbidden_collection(collection));
        }
        let schema = app.schema_with(collection).await?;
        if schema.collection(collection).is_none() {
            return Err(forbidden_collection(collection));
        }
        Ok(ItemsService {
            app,
            schema,
            acc,
            collection: collection.to_string(),
        })
    }

    /// `/items/directus_*` is refused before anything else.
    pub fn check_public_collection(collection: &str) -> Result<()> {
        if collection.starts_with("directus_") {
            return Err(forbidden_collection(collection));
        }
        Ok(())
    }

    pub fn info(&self) -> Result<&CollectionInfo> {
        self.schema
            .collection(&self.collection)
            .ok_or_else(|| forbidden_collection(&self.collection))
    }

    pub fn primary_key_field(&self) -> Result<&FieldInfo> {
        self.info()?.primary_key_field().ok_or_else(|| {
            Error::internal(format!("collection {} has no primary key", self.collection))
        })
    }

    /// A key from a URL or payload, typed for the primary key; a malformed key is a 403 (it
    /// cannot exist).
    pub fn key(&self, raw: &Value) -> Result<Value> {
        let pk = self.primary_key_field()?;
        cast::input(pk, raw).map_err(|_| Error::forbidden())?;
        Ok(match (raw, pk.field_type.is_numeric()) {
            (Value::String(s), true) => s
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| raw.clone()),
            _ => raw.clone(),
        })
    }

    fn reader(&self) -> Reader<'_> {
        Reader {
            db: &self.app.db,
            ctx: FilterCtx {
                schema: &self.schema,
                backend: self.app.db.backend(),
            },
            default_limit: self.app.config.query_limit_default,
        }
    }
}

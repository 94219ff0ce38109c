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
use crate::permissions::{Access, Permission};
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
    /// The caller's permissions; `None` for administrators, who bypass them.
    pub access: Option<Arc<Access>>,
    pub collection: String,
}

/// Collections whose changes alter what callers may do.
const ACCESS_COLLECTIONS: &[&str] = &[
    "directus_roles",
    "directus_policies",
    "directus_access",
    "directus_permissions",
    "directus_users",
];

impl<'a> ItemsService<'a> {
    /// The service for `collection`; unknown collections, system collections through `/items`
    /// and callers without access are all a 403, as in Directus.
    pub async fn new(
        app: &'a App,
        acc: &'a Accountability,
        collection: &str,
    ) -> Result<ItemsService<'a>> {
        let schema = app.schema_with(collection).await?;
        if schema.collection(collection).is_none() {
            return Err(forbidden_collection(collection));
        }
        let mut svc = ItemsService {
            app,
            schema,
            acc,
            access: None,
            collection: collection.to_string(),
        };
        if !acc.admin {
            svc.access = Some(Arc::new(svc.load_access().await?));
        }
        Ok(svc)
    }

    /// The caller's permissions with their dynamic variables (`$CURRENT_USER.role.name`, …)
    /// resolved for this request.
    async fn load_access(&self) -> Result<Access> {
        let mut permissions: Vec<Permission> = self
            .app
            .policies
            .permissions(&self.app.db, &self.acc.policies)
            .await?
            .as_ref()
            .clone();
        if self.acc.app {
            permissions.extend(crate::permissions::app_access_permissions().iter().cloned());
        }
        if let Some(share) = self.acc.share {
            let schema = &self.schema;
            let pk = |c: &str| schema.collection(c).map(|i| i.primary_key.clone());
            permissions.extend(crate::services::shares::permissions(self.app, share, pk).await?);
        }
        // One tree for all of them, so variable paths are read once.
        let tree = Value::Array(
            permissions
                .iter()
                .map(|p| {
                    serde_json::json!([p.rule, p.validation, p.presets.clone().map(Value::Object)])
                })
                .collect(),
        );
        if let Value::Array(resolved) = self.resolve_filter(&tree).await? {
            for (p, r) in permissions.iter_mut().zip(resolved) {
                if let Value::Array(mut parts) = r
                    && parts.len() == 3
                {
                    let presets = parts.pop().unwrap_or_default();
                    p.validation = Some(parts.pop().unwrap_or_default()).filter(|v| !v.is_null());
                    p.rule = Some(parts.pop().unwrap_or_default()).filter(|v| !v.is_null());
                    p.presets = match presets {
                        Value::Object(m) => Some(m),
                        _ => None,
                    };
                }
            }
        }
        Ok(Access::new(&self.schema, &permissions))
    }

    /// After a committed write: subscribers hear of it, and a change to roles, policies,
    /// access, permissions or users drops the caches that hold what callers may do.
    fn written(&self, action: &str, keys: &[Value]) {
        if ACCESS_COLLECTIONS.contains(&self.collection.as_str()) {
            self.app.access_changed();
        }
        self.app.events.emit(&self.collection, action, keys);
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

    /// A reader within the caller's permissions.
    fn reader(&self) -> Reader<'_> {
        self.reader_as(self.access.as_deref())
    }

    fn reader_as<'s>(&'s self, access: Option<&'s Access>) -> Reader<'s> {
        Reader {
            db: &self.app.db,
            ctx: FilterCtx {
                schema: &self.schema,
                backend: self.app.db.backend(),
                access,
            },
            default_limit: self.app.config.query_limit_default,
        }
    }
}

//! The application: configuration, database and mailer shared by every request and command.

use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
use crate::schema::{SchemaCache, SchemaOverview};
use crate::services::mail::Mailer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub struct App {
    pub config: Config,
    pub db: Db,
    pub mailer: Arc<Mailer>,
    /// Failed logins per user since their last success (`settings.auth_login_attempts`).
    pub login_failures: Mutex<HashMap<Uuid, u32>>,
    pub started_at: Instant,
    /// The schema overview, reloaded after schema changes.
    pub schema: SchemaCache,
    last_schema_reload: Mutex<Option<Instant>>,
}

impl App {
    /// Connects to the database; `config.secret` must already be set (see `ensure_secrets`).
    pub async fn connect(config: Config) -> Result<App> {
        let db = Db::connect(&config.db).await?;
        let mailer = Arc::new(Mailer::new(&config.email)?);
        Ok(App {
            config,
            db,
            mailer,
            login_failures: Mutex::new(HashMap::new()),
            started_at: Instant::now(),
            schema: SchemaCache::default(),
            last_schema_reload: Mutex::new(None),
        })
    }

    /// Reads the schema from the database now (startup, after migrations or schema changes).
    pub async fn reload_schema(&self) -> Result<Arc<SchemaOverview>> {
        if let Ok(mut last) = self.last_schema_reload.lock() {
            *last = Some(Instant::now());
        }
        self.schema.reload(&self.db).await
    }

    /// The schema, reloaded first when `collection` is unknown to it: a table created with
    /// plain SQL appears without any registration. At most one such reload per second.
    pub async fn schema_with(&self, collection: &str) -> Result<Arc<SchemaOverview>> {
        let current = self.schema.get();
        if current.collection(collection).is_some() {
            return Ok(current);
        }
        let due = self.last_schema_reload.lock().map(|l| l.is_none_or(|t| t.elapsed() >= Duration::from_secs(1))).unwrap_or(false);
        if due { self.reload_schema().await } else { Ok(current) }
    }

    pub fn secret(&self) -> &str {
        &self.config.secret.0
    }
}

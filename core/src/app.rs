//! The application: configuration, database and mailer shared by every request and command.

use crate::auth::cache::AccountabilityCache;
use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
use crate::schema::{SchemaCache, SchemaOverview};
use crate::services::mail::Mailer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
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
    pub accountabilities: AccountabilityCache,
    /// Permission rows per policy set.
    pub policies: crate::permissions::PolicyCache,
    /// Bumped whenever access changes (caches built from permissions compare it).
    access_generation: std::sync::atomic::AtomicU64,
    /// Item events after commit, for realtime subscribers (across processes with Redis).
    pub events: crate::events::EventBus,
    /// Where files are kept (`STORAGE_LOCATIONS`).
    pub storage: crate::storage::Storage,
    /// Resumable uploads in progress.
    pub tus: crate::services::tus::TusUploads,
    /// `RATE_LIMITER_ENABLED`: requests per client IP (see `services::rate_limit`).
    pub rate_limiter: Option<Arc<crate::services::rate_limit::RateLimiter>>,
    /// `RATE_LIMITER_REGISTRATION_*`, for `/users/register`.
    pub registration_limiter: Option<Arc<crate::services::rate_limit::RateLimiter>>,
    /// `RATE_LIMITER_GLOBAL_*`: one count for every request.
    pub global_limiter: Option<Arc<crate::services::rate_limit::RateLimiter>>,
    /// When the schema was last read; the async lock makes concurrent reloads wait for one.
    last_schema_reload: tokio::sync::Mutex<Option<Instant>>,
    /// The admin studio's files, given by the binary that embeds them (none: `/admin` says so).
    #[cfg(feature = "server")]
    pub studio: std::sync::OnceLock<Vec<crate::api::studio::StudioAsset>>,
}

impl App {
    /// Connects to the database; `config.secret` must already be set (see `ensure_secrets`).
    pub async fn connect(config: Config) -> Result<App> {
        let db = Db::connect(&config.db).await?;
        let mailer = Arc::new(Mailer::new(&config.email)?);
        let cache_ttl = config.accountability_cache_ttl;
        use crate::services::rate_limit::RateLimiter;
        let rate_limiter = RateLimiter::from_config(&config.rate_limiter).await?;
        let registration_limiter = RateLimiter::from_config(&config.registration_limiter).await?;
        let global_limiter = RateLimiter::from_config(&config.global_limiter).await?;
        let events = crate::events::EventBus::start(&config.messenger).await?;
        let storage = crate::storage::Storage::open(&config.files)?;
        Ok(App {
            config,
            db,
            mailer,
            login_failures: Mutex::new(HashMap::new()),
            started_at: Instant::now(),
            schema: SchemaCache::default(),
            accountabilities: AccountabilityCache::new(cache_ttl),
            policies: Default::default(),
            events,
            storage,
            tus: Default::default(),
            access_generation: Default::default(),
            rate_limiter,
            registration_limiter,
            global_limiter,
            last_schema_reload: tokio::sync::Mutex::new(None),
            #[cfg(feature = "server")]
            studio: std::sync::OnceLock::new(),
        })
    }

    /// Reads the schema from the database now (startup, after migrations or schema changes).
    pub async fn reload_schema(&self) -> Result<Arc<SchemaOverview>> {
        let mut last = self.last_schema_reload.lock().await;
        let overview = self.schema.reload(&self.db).await?;
        *last = Some(Instant::now());
        Ok(overview)
    }

    /// The schema, reloaded first when `collection` is unknown to it but exists in the database:
    /// a table created with plain SQL appears without any registration. Concurrent requests
    /// share one reload.
    pub async fn schema_with(&self, collection: &str) -> Result<Arc<SchemaOverview>> {
        let current = self.schema.get();
        if current.collection(collection).is_some() {
            return Ok(current);
        }
        let asked = Instant::now();
        let mut last = self.last_schema_reload.lock().await;
        let current = self.schema.get();
        // Someone reloaded while this request waited: that reload is recent enough.
        if current.collection(collection).is_some() || last.is_some_and(|t| t >= asked) {
            return Ok(current);
        }
        // A name no table has is answered without reloading (one cheap lookup); a table that
        // exists but is unknown to the overview was made behind Strata's back: reload.
        let exists = self
            .db
            .fetch_optional(&crate::db::dialect::table_exists(
                self.db.backend(),
                collection,
            ))
            .await?
            .is_some();
        if !exists {
            return Ok(current);
        }
        let overview = self.schema.reload(&self.db).await?;
        *last = Some(Instant::now());
        Ok(overview)
    }

    /// Roles, policies, access or permissions changed: cached accountabilities and permission
    /// sets are read afresh.
    pub fn access_changed(&self) {
        self.accountabilities.clear();
        self.policies.clear();
        self.access_generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Changes whenever `access_changed` runs.
    pub fn access_generation(&self) -> u64 {
        self.access_generation
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The schema, reloaded first when the database holds a table it does not know (made with
    /// plain SQL): for answers that list every collection, such as a GraphQL schema.
    pub async fn schema_complete(&self) -> Result<Arc<SchemaOverview>> {
        let current = self.schema.get();
        let rows = self
            .db
            .fetch_all(&crate::db::dialect::table_names(self.db.backend()))
            .await?;
        let unknown = rows
            .iter()
            .filter_map(|r| r.get("name")?.as_str())
            .any(|t| {
                current.collection(t).is_none()
                    && !crate::schema::is_excluded(t, crate::schema::DEFAULT_EXCLUDED_TABLES)
            });
        // A table the overview leaves out on purpose must not make every call reload: at most
        // one reload a second.
        let recent = self
            .last_schema_reload
            .lock()
            .await
            .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(1));
        if !unknown || recent {
            return Ok(current);
        }
        self.reload_schema().await
    }

    pub fn secret(&self) -> &str {
        &self.config.secret.0
    }
}

//! The application: configuration, database and mailer shared by every request and command.

use crate::config::Config;
use crate::db::Db;
use crate::error::Result;
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
        })
    }

    pub fn secret(&self) -> &str {
        &self.config.secret.0
    }
}

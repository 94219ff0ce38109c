//! One typed `Config`, read once at startup from the environment (Directus's variable names);
//! the only module that reads the environment. Secrets are redacted in `Debug`.

mod env;
mod realtime;
mod secrets;
mod storage;

pub use env::{ConfigError, Env};
pub use realtime::{MessengerConfig, SocketAuth, WebsocketConfig};
pub use secrets::ensure_secrets;
pub use storage::{FilesConfig, StorageDriver, StorageLocation, TusConfig};

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Variables that may come from a `NAME_FILE` secret file.
const SECRET_VARS: &[&str] = &[
    "KEY",
    "SECRET",
    "DB_PASSWORD",
    "DB_CONNECTION_STRING",
    "ADMIN_PASSWORD",
    "ADMIN_TOKEN",
    "EMAIL_SMTP_PASSWORD",
    "REDIS",
    "REDIS_PASSWORD",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbClient {
    Sqlite,
    Postgres,
    MySql,
}

/// A value that must never reach a log line.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() {
            "\"\""
        } else {
            "\"<redacted>\""
        })
    }
}

#[derive(Debug, Clone)]
pub struct DbConfig {
    pub client: DbClient,
    pub filename: PathBuf,
    pub host: String,
    pub port: Option<u16>,
    pub database: String,
    pub user: String,
    pub password: Secret,
    pub connection_string: Option<Secret>,
    pub pool_max: u32,
}

#[derive(Debug, Clone)]
pub struct CookieConfig {
    pub name: String,
    pub domain: Option<String>,
    pub secure: bool,
    pub same_site: String,
}

#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub session_cookie_ttl: Duration,
    pub session_refresh_grace_period: Duration,
    pub refresh_cookie: CookieConfig,
    pub session_cookie: CookieConfig,
    pub login_stall_time: Duration,
    pub password_reset_url_allow_list: Vec<String>,
    pub user_invite_url_allow_list: Vec<String>,
    pub user_invite_token_ttl: Duration,
    pub user_register_url_allow_list: Vec<String>,
    pub email_verification_token_ttl: Duration,
    pub register_stall_time: Duration,
    pub disable_default: bool,
}

#[derive(Debug, Clone)]
pub enum EmailTransport {
    Smtp {
        host: String,
        port: u16,
        user: Option<String>,
        password: Secret,
        secure: bool,
        ignore_tls: bool,
    },
    Sendmail {
        path: String,
    },
}

#[derive(Debug, Clone)]
pub struct EmailConfig {
    pub from: String,
    pub transport: EmailTransport,
}

#[derive(Debug, Clone)]
pub struct CorsConfig {
    pub enabled: bool,
    pub origin: String,
    pub methods: Vec<String>,
    pub allowed_headers: Vec<String>,
    pub exposed_headers: Vec<String>,
    pub credentials: bool,
    pub max_age: u64,
}

#[derive(Debug, Clone)]
pub struct BootstrapConfig {
    pub admin_email: Option<String>,
    pub admin_password: Option<Secret>,
    pub admin_token: Option<Secret>,
    pub project_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub public_url: String,
    pub root_redirect: Option<String>,
    pub log_level: String,
    pub log_style: String,
    pub data_dir: PathBuf,
    pub db: DbConfig,
    /// JWT signing secret. Empty until `ensure_secrets` fills it from the data folder.
    pub secret: Secret,
    pub key: Secret,
    pub auth: AuthConfig,
    pub email: EmailConfig,
    pub cors: CorsConfig,
    pub bootstrap: BootstrapConfig,
    pub max_payload_size: usize,
    pub query_limit_default: i64,
    pub query_limit_max: i64,
    pub max_relational_depth: u32,
    pub healthcheck_enabled: bool,
    pub robots_txt: String,
    pub max_batch_mutation: Option<u64>,
    /// `STRATA_COUNT_STATEMENTS`: answer each request with the number of SQL statements it ran
    /// (`X-Strata-Statements`), for tests and profiling.
    pub count_statements: bool,
    /// `STRATA_ACCOUNTABILITY_CACHE_TTL` (default 1s; 0 disables): see `auth::cache`.
    pub accountability_cache_ttl: Duration,
    pub rate_limiter: RateLimiterConfig,
    /// `RATE_LIMITER_REGISTRATION_*` (on by default: 5 per 60 s per IP on `/users/register`).
    pub registration_limiter: RateLimiterConfig,
    /// `RATE_LIMITER_GLOBAL_*`: all requests together (off by default; 1000 per second).
    pub global_limiter: RateLimiterConfig,
    pub websockets: WebsocketConfig,
    pub messenger: MessengerConfig,
    pub files: FilesConfig,
    pub tus: TusConfig,
}

/// `RATE_LIMITER_*`: requests per client IP per window, counted in memory or in Redis (shared
/// by every server using the same Redis and `RATE_LIMITER_KEY_PREFIX`).
#[derive(Debug, Clone)]
pub struct RateLimiterConfig {
    pub enabled: bool,
    pub points: u32,
    pub duration: Duration,
    /// `Some(url)` for `RATE_LIMITER_STORE=redis` (`REDIS`, or `REDIS_HOST`/`REDIS_PORT`/
    /// `REDIS_PASSWORD`/`REDIS_DB`).
    pub redis: Option<Secret>,
    pub key_prefix: String,
}

/// The limiter named by `prefix` (`RATE_LIMITER`, `RATE_LIMITER_REGISTRATION`); the store is
/// shared by all limiters, as in Directus.
fn rate_limiter_config(
    env: &Env,
    prefix: &str,
    defaults: (bool, u32, u64),
) -> Result<RateLimiterConfig, ConfigError> {
    let redis = match env.string("RATE_LIMITER_STORE", "memory").as_str() {
        "redis" => Some(realtime::redis_url(env)),
        _ => None,
    };
    let (enabled, points, duration) = defaults;
    Ok(RateLimiterConfig {
        enabled: env.bool(&format!("{prefix}_ENABLED"), enabled)?,
        points: env.number(&format!("{prefix}_POINTS"), points)?,
        duration: Duration::from_secs(env.number(&format!("{prefix}_DURATION"), duration)?.max(1)),
        redis,
        key_prefix: env.string(
            &format!("{prefix}_KEY_PREFIX"),
            &format!(
                "{}rlflx",
                if prefix == "RATE_LIMITER" {
                    ""
                } else {
                    "registration-"
                }
            ),
        ),
    })
}

impl Config {
    pub fn from_process() -> Result<Config, ConfigError> {
        let mut env = Env::from_process()?;
        for name in SECRET_VARS {
            env.resolve_file(name)?;
        }
        Config::from_env(&env)
    }

    pub fn from_env(env: &Env) -> Result<Config, ConfigError> {
        let db = db_config(env)?;
        let data_dir = match env.get("STRATA_DATA_DIR") {
            Some(dir) => PathBuf::from(dir),
            None if db.client == DbClient::Sqlite => db
                .filename
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| ".".into()),
            None => PathBuf::from("./data"),
        };
        let root_redirect = match env.get("ROOT_REDIRECT") {
            Some(v) if v.eq_ignore_ascii_case("false") => None,
            Some(v) => Some(v.to_string()),
            None => Some("./admin".to_string()),
        };
        Ok(Config {
            host: env.string("HOST", "0.0.0.0"),
            port: env.number("PORT", 8050)?,
            public_url: env.string("PUBLIC_URL", "/"),
            root_redirect,
            log_level: env.string("LOG_LEVEL", "info"),
            log_style: env.string("LOG_STYLE", "pretty"),
            data_dir,
            db,
            secret: Secret(env.string("SECRET", "")),
            key: Secret(env.string("KEY", "")),
            auth: auth_config(env)?,
            email: email_config(env)?,
            cors: cors_config(env)?,
            bootstrap: BootstrapConfig {
                admin_email: env.opt_string("ADMIN_EMAIL"),
                admin_password: env.opt_string("ADMIN_PASSWORD").map(Secret),
                admin_token: env.opt_string("ADMIN_TOKEN").map(Secret),
                project_name: env.opt_string("PROJECT_NAME"),
            },
            max_payload_size: env.size("MAX_PAYLOAD_SIZE", "1mb")?,
            query_limit_default: env.number("QUERY_LIMIT_DEFAULT", 100)?,
            query_limit_max: env.number("QUERY_LIMIT_MAX", -1)?,
            max_relational_depth: env.number("MAX_RELATIONAL_DEPTH", 10)?,
            healthcheck_enabled: env.bool("HEALTHCHECK_ENABLED", true)?,
            robots_txt: env.string("ROBOTS_TXT", "User-agent: *\nDisallow: /"),
            max_batch_mutation: match env.get("MAX_BATCH_MUTATION") {
                None | Some("Infinity") => None,
                Some(_) => Some(env.number("MAX_BATCH_MUTATION", 0u64)?),
            },
            count_statements: env.bool("STRATA_COUNT_STATEMENTS", false)?,
            accountability_cache_ttl: env.duration("STRATA_ACCOUNTABILITY_CACHE_TTL", "1s")?,
            rate_limiter: rate_limiter_config(env, "RATE_LIMITER", (false, 50, 1))?,
            registration_limiter: rate_limiter_config(
                env,
                "RATE_LIMITER_REGISTRATION",
                (true, 5, 60),
            )?,
            global_limiter: rate_limiter_config(env, "RATE_LIMITER_GLOBAL", (false, 1000, 1))?,
            websockets: realtime::websocket_config(env)?,
            messenger: realtime::messenger_config(env)?,
            files: storage::files_config(env)?,
            tus: storage::tus_config(env)?,
        })
    }
}

fn db_config(env: &Env) -> Result<DbConfig, ConfigError> {
    let client = match env.string("DB_CLIENT", "sqlite3").as_str() {
        "sqlite3" | "sqlite" => DbClient::Sqlite,
        "pg" | "postgres" | "postgresql" => DbClient::Postgres,
        "mysql" | "mariadb" => DbClient::MySql,
        other => {
            return Err(ConfigError::new(
                "DB_CLIENT",
                format!("{other:?} is not supported; use sqlite3, pg or mysql"),
            ));
        }
    };
    let port = match env.get("DB_PORT") {
        Some(_) => Some(env.number("DB_PORT", 0u16)?),
        None => None,
    };
    Ok(DbConfig {
        client,
        filename: PathBuf::from(env.string("DB_FILENAME", "./data/strata.db")),
        host: env.string("DB_HOST", "127.0.0.1"),
        port,
        database: env.string("DB_DATABASE", "strata"),
        user: env.string(
            "DB_USER",
            if client == DbClient::MySql {
                "root"
            } else {
                "postgres"
            },
        ),
        password: Secret(env.string("DB_PASSWORD", "")),
        connection_string: env.opt_string("DB_CONNECTION_STRING").map(Secret),
        pool_max: env.number("DB_POOL__MAX", 10)?,
    })
}

fn cookie(env: &Env, prefix: &str, default_name: &str) -> Result<CookieConfig, ConfigError> {
    Ok(CookieConfig {
        name: env.string(&format!("{prefix}_NAME"), default_name),
        domain: env.opt_string(&format!("{prefix}_DOMAIN")),
        secure: env.bool(&format!("{prefix}_SECURE"), false)?,
        same_site: env.string(&format!("{prefix}_SAME_SITE"), "lax"),
    })
}

fn auth_config(env: &Env) -> Result<AuthConfig, ConfigError> {
    Ok(AuthConfig {
        access_token_ttl: env.duration("ACCESS_TOKEN_TTL", "15m")?,
        refresh_token_ttl: env.duration("REFRESH_TOKEN_TTL", "7d")?,
        session_cookie_ttl: env.duration("SESSION_COOKIE_TTL", "1d")?,
        session_refresh_grace_period: env.duration("SESSION_REFRESH_GRACE_PERIOD", "10s")?,
        refresh_cookie: cookie(env, "REFRESH_TOKEN_COOKIE", "directus_refresh_token")?,
        session_cookie: cookie(env, "SESSION_COOKIE", "directus_session_token")?,
        login_stall_time: env.duration("LOGIN_STALL_TIME", "500")?,
        password_reset_url_allow_list: env.list("PASSWORD_RESET_URL_ALLOW_LIST", ""),
        user_invite_url_allow_list: env.list("USER_INVITE_URL_ALLOW_LIST", ""),
        user_invite_token_ttl: env.duration("USER_INVITE_TOKEN_TTL", "7d")?,
        user_register_url_allow_list: env.list("USER_REGISTER_URL_ALLOW_LIST", ""),
        email_verification_token_ttl: env.duration("EMAIL_VERIFICATION_TOKEN_TTL", "7d")?,
        register_stall_time: env.duration("REGISTER_STALL_TIME", "750")?,
        disable_default: env.bool("AUTH_DISABLE_DEFAULT", false)?,
    })
}

fn email_config(env: &Env) -> Result<EmailConfig, ConfigError> {
    let transport = match env.string("EMAIL_TRANSPORT", "sendmail").as_str() {
        "smtp" => EmailTransport::Smtp {
            host: env.string("EMAIL_SMTP_HOST", "127.0.0.1"),
            port: env.number("EMAIL_SMTP_PORT", 587)?,
            user: env.opt_string("EMAIL_SMTP_USER"),
            password: Secret(env.string("EMAIL_SMTP_PASSWORD", "")),
            secure: env.bool("EMAIL_SMTP_SECURE", false)?,
            ignore_tls: env.bool("EMAIL_SMTP_IGNORE_TLS", false)?,
        },
        "sendmail" => EmailTransport::Sendmail {
            path: env.string("EMAIL_SENDMAIL_PATH", "/usr/sbin/sendmail"),
        },
        other => {
            return Err(ConfigError::new(
                "EMAIL_TRANSPORT",
                format!("{other:?} is not supported; use smtp or sendmail"),
            ));
        }
    };
    Ok(EmailConfig {
        from: env.string("EMAIL_FROM", "no-reply@example.com"),
        transport,
    })
}

fn cors_config(env: &Env) -> Result<CorsConfig, ConfigError> {
    Ok(CorsConfig {
        enabled: env.bool("CORS_ENABLED", false)?,
        origin: env.string("CORS_ORIGIN", "false"),
        methods: env.list("CORS_METHODS", "GET,POST,PATCH,DELETE"),
        allowed_headers: env.list("CORS_ALLOWED_HEADERS", "Content-Type,Authorization"),
        exposed_headers: env.list("CORS_EXPOSED_HEADERS", "Content-Range"),
        credentials: env.bool("CORS_CREDENTIALS", true)?,
        max_age: env.number("CORS_MAX_AGE", 18000)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn defaults_are_strata_on_sqlite() {
        let c = Config::from_env(&env(&[])).expect("defaults parse");
        assert_eq!(c.port, 8050);
        assert_eq!(c.host, "0.0.0.0");
        assert_eq!(c.db.client, DbClient::Sqlite);
        assert_eq!(c.db.filename, PathBuf::from("./data/strata.db"));
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert_eq!(c.auth.access_token_ttl, Duration::from_secs(900));
        assert_eq!(c.max_payload_size, 1024 * 1024);
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c =
            Config::from_env(&env(&[("SECRET", "hunter2"), ("DB_PASSWORD", "pw")])).expect("parse");
        let text = format!("{c:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("\"pw\""),
            "{text}"
        );
    }

    #[test]
    fn bad_values_stop_startup_naming_the_variable() {
        let err = Config::from_env(&env(&[("DB_CLIENT", "oracle")]))
            .err()
            .map(|e| e.name);
        assert_eq!(err.as_deref(), Some("DB_CLIENT"));
        let err = Config::from_env(&env(&[("ACCESS_TOKEN_TTL", "forever")]))
            .err()
            .map(|e| e.name);
        assert_eq!(err.as_deref(), Some("ACCESS_TOKEN_TTL"));
    }
}

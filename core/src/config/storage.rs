//! Files: `STORAGE_LOCATIONS` with each location's `STORAGE_<NAME>_*` variables (Directus's
//! names), upload limits and the `ASSETS_*` settings.

use super::{ConfigError, Env, Secret};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum StorageDriver {
    /// `STORAGE_<NAME>_ROOT` (default `./uploads`).
    Local { root: PathBuf },
    /// `STORAGE_<NAME>_KEY`, `_SECRET`, `_BUCKET`, `_REGION`, `_ENDPOINT`, `_FORCE_PATH_STYLE`.
    S3 {
        key: Secret,
        secret: Secret,
        bucket: String,
        region: String,
        endpoint: Option<String>,
        force_path_style: bool,
        root: String,
    },
}

#[derive(Debug, Clone)]
pub struct StorageLocation {
    pub name: String,
    pub driver: StorageDriver,
}

#[derive(Debug, Clone)]
pub struct FilesConfig {
    /// The first location is where uploads go unless a file names another.
    pub locations: Vec<StorageLocation>,
    /// `FILES_MAX_UPLOAD_SIZE` in bytes (none when unset).
    pub max_upload_size: Option<usize>,
    /// `FILES_MIME_TYPE_ALLOW_LIST` (globs such as `image/*`).
    pub mime_allow_list: Vec<String>,
    /// `ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION` (6000).
    pub max_dimension: u32,
    /// `ASSETS_TRANSFORM_MAX_CONCURRENT` (25).
    pub max_concurrent: usize,
    /// `ASSETS_TRANSFORM_MAX_OPERATIONS` (5).
    pub max_operations: usize,
    /// `ASSETS_CACHE_TTL` (30 days).
    pub cache_ttl: Duration,
    /// `ASSETS_CONTENT_SECURITY_POLICY` as a header value.
    pub content_security_policy: String,
    /// `IMPORT_IP_DENY_LIST`: addresses `/files/import` never fetches from.
    pub import_ip_deny_list: Vec<String>,
}

/// `TUS_ENABLED`, `TUS_CHUNK_SIZE`, `TUS_UPLOAD_EXPIRATION`.
#[derive(Debug, Clone)]
pub struct TusConfig {
    pub enabled: bool,
    pub chunk_size: usize,
    pub expiration: Duration,
}

pub fn tus_config(env: &Env) -> Result<TusConfig, ConfigError> {
    Ok(TusConfig {
        enabled: env.bool("TUS_ENABLED", false)?,
        chunk_size: env.size("TUS_CHUNK_SIZE", "8mb")?,
        expiration: env.duration("TUS_UPLOAD_EXPIRATION", "10m")?,
    })
}

pub fn files_config(env: &Env) -> Result<FilesConfig, ConfigError> {
    let mut locations = Vec::new();
    for name in env.list("STORAGE_LOCATIONS", "local") {
        let var = |k: &str| format!("STORAGE_{}_{k}", name.to_uppercase());
        let driver = match env.string(&var("DRIVER"), "local").as_str() {
            "local" => StorageDriver::Local {
                root: PathBuf::from(env.string(&var("ROOT"), "./uploads")),
            },
            "s3" => StorageDriver::S3 {
                key: Secret(env.string(&var("KEY"), "")),
                secret: Secret(env.string(&var("SECRET"), "")),
                bucket: env
                    .opt_string(&var("BUCKET"))
                    .ok_or_else(|| ConfigError::new(&var("BUCKET"), "is required for s3"))?,
                region: env.string(&var("REGION"), "us-east-1"),
                endpoint: env.opt_string(&var("ENDPOINT")),
                force_path_style: env.bool(&var("FORCE_PATH_STYLE"), false)?,
                root: env.string(&var("ROOT"), ""),
            },
            other => {
                return Err(ConfigError::new(
                    &var("DRIVER"),
                    format!("{other:?} is not supported; use local or s3"),
                ));
            }
        };
        locations.push(StorageLocation { name, driver });
    }
    Ok(FilesConfig {
        locations,
        max_upload_size: match env.get("FILES_MAX_UPLOAD_SIZE") {
            None => None,
            Some(_) => Some(env.size("FILES_MAX_UPLOAD_SIZE", "0")?),
        },
        mime_allow_list: env.list("FILES_MIME_TYPE_ALLOW_LIST", "*/*"),
        max_dimension: env.number("ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION", 6000u32)?,
        max_concurrent: env
            .number("ASSETS_TRANSFORM_MAX_CONCURRENT", 25usize)?
            .max(1),
        max_operations: env.number("ASSETS_TRANSFORM_MAX_OPERATIONS", 5usize)?,
        cache_ttl: env.duration("ASSETS_CACHE_TTL", "30d")?,
        import_ip_deny_list: env.list("IMPORT_IP_DENY_LIST", "0.0.0.0,169.254.169.254"),
        content_security_policy: env.string("ASSETS_CONTENT_SECURITY_POLICY", "default-src 'none'"),
    })
}

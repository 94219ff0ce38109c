//! Where a desktop project lives (a SQLite file, or a PostgreSQL/MySQL URL), the engine
//! settings that follow from it, and the projects the app remembers (`projects.json`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A project the app has opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// A SQLite file's path, or a `postgres://` / `mysql://` URL.
    pub location: String,
    pub name: String,
    /// The static token of the administrator the app created, for the local API; `None` for a
    /// database that had its users already.
    #[serde(default)]
    pub token: Option<String>,
}

/// The database behind a location.
#[derive(Debug, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
    MySql(String),
}

impl Database {
    pub fn of(location: &str) -> Result<Database, String> {
        let location = location.trim();
        let scheme = location
            .split_once("://")
            .map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") => Ok(Database::Postgres(location.into())),
            Some("mysql" | "mariadb") => Ok(Database::MySql(location.replacen(
                "mariadb://",
                "mysql://",
                1,
            ))),
            Some("sqlite") => Ok(Database::Sqlite(PathBuf::from(
                &location["sqlite://".len()..],
            ))),
            Some(other) => Err(format!(
                "{other}:// is not a database Strata opens; use a SQLite file, postgres:// or mysql://"
            )),
            None if location.is_empty() => Err("Give a SQLite file or a database URL.".into()),
            None => Ok(Database::Sqlite(PathBuf::from(location))),
        }
    }

    /// A name for a new entry in the project list.
    pub fn default_name(&self) -> String {
        match self {
            Database::Sqlite(path) => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Local project".into()),
            Database::Postgres(url) | Database::MySql(url) => {
                let after_host = url.rsplit('/').next().unwrap_or_default();
                after_host.split('?').next().unwrap_or_default().to_string()
            }
        }
    }
}

/// The administrator a first run creates.
#[derive(Clone, Debug, Deserialize)]
pub struct Admin {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub project_name: Option<String>,
}

/// The engine's environment for a project: Directus's variable names, as the server reads them.
/// Its secrets, uploads and extensions live in `folder`, one per project.
pub fn engine_env(
    db: &Database,
    folder: &Path,
    admin: Option<&Admin>,
    token: Option<&str>,
) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = HashMap::new();
    let mut set = |k: &str, v: String| {
        env.insert(k.to_string(), v);
    };
    match db {
        Database::Sqlite(path) => {
            set("DB_CLIENT", "sqlite3".into());
            set("DB_FILENAME", path.to_string_lossy().into_owned());
        }
        Database::Postgres(url) => {
            set("DB_CLIENT", "pg".into());
            set("DB_CONNECTION_STRING", url.clone());
        }
        Database::MySql(url) => {
            set("DB_CLIENT", "mysql".into());
            set("DB_CONNECTION_STRING", url.clone());
        }
    }
    let path = |p: &str| folder.join(p).to_string_lossy().into_owned();
    set("STRATA_DATA_DIR", path(""));
    set("STORAGE_LOCAL_ROOT", path("uploads"));
    set("EXTENSIONS_PATH", path("extensions"));
    // Front ends on any local dev server may call the local API.
    set("CORS_ENABLED", "true".into());
    set("CORS_ORIGIN", "true".into());
    set("LOG_LEVEL", "warn".into());
    if let Some(admin) = admin {
        set("ADMIN_EMAIL", admin.email.clone());
        set("ADMIN_PASSWORD", admin.password.clone());
        if let Some(name) = admin.project_name.as_ref().filter(|n| !n.trim().is_empty()) {
            set("PROJECT_NAME", name.trim().to_string());
        }
    }
    if let Some(token) = token {
        set("ADMIN_TOKEN", token.to_string());
    }
    env
}

/// The app's remembered projects, most recent first.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Store {
    pub projects: Vec<Project>,
    /// The local API's port, as last chosen.
    #[serde(default)]
    pub api_port: Option<u16>,
}

impl Store {
    fn file(dir: &Path) -> PathBuf {
        dir.join("projects.json")
    }

    /// The list in `dir`; an unreadable file starts an empty list (and is kept aside).
    pub fn load(dir: &Path) -> Store {
        let file = Store::file(dir);
        match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(
                    "{} is unreadable ({e}); starting a new list",
                    file.display()
                );
                let _ = std::fs::rename(&file, file.with_extension("json.bad"));
                Store::default()
            }),
            Err(_) => Store::default(),
        }
    }

    /// Written to a temporary file and renamed, so a crash never leaves half a list. The file
    /// holds tokens: only the user may read it.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join("projects.json.tmp");
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
        }
        std::fs::rename(tmp, Store::file(dir))
    }

    pub fn find(&self, location: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.location == location)
    }

    /// Puts `project` first, replacing its older entry.
    pub fn remember(&mut self, project: Project) {
        self.projects.retain(|p| p.location != project.location);
        self.projects.insert(0, project);
    }
}

/// The folder of a project's secrets and uploads: `default/` for the local project, else one
/// named after a hash of the location (a URL may hold a password; the hash does not).
pub fn folder_of(data_dir: &Path, location: &str) -> PathBuf {
    if Path::new(location) == default_location(data_dir) {
        return data_dir.join("default");
    }
    let digest = Sha256::digest(location.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    data_dir.join("projects").join(hex)
}

/// The project a first run creates: SQLite in the app's data folder.
pub fn default_location(data_dir: &Path) -> PathBuf {
    data_dir.join("default").join("strata.db")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_name_their_database() {
        assert_eq!(
            Database::of("postgres://u@h/db").expect("pg"),
            Database::Postgres("postgres://u@h/db".into())
        );
        assert_eq!(
            Database::of("mariadb://root@127.0.0.1/test").expect("mysql"),
            Database::MySql("mysql://root@127.0.0.1/test".into())
        );
        assert_eq!(
            Database::of(" /tmp/a.db ").expect("file"),
            Database::Sqlite("/tmp/a.db".into())
        );
        assert!(Database::of("ftp://x").is_err());
        assert!(Database::of("  ").is_err());
        assert_eq!(
            Database::of("postgres://h/shop?sslmode=disable")
                .expect("pg")
                .default_name(),
            "shop"
        );
    }

    #[test]
    fn the_store_round_trips_and_keeps_the_latest_first() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut store = Store::default();
        for location in ["/a.db", "/b.db", "/a.db"] {
            store.remember(Project {
                location: location.into(),
                name: "x".into(),
                token: None,
            });
        }
        store.save(dir.path()).expect("save");
        let back = Store::load(dir.path());
        let order: Vec<&str> = back.projects.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(order, ["/a.db", "/b.db"]);
        std::fs::write(dir.path().join("projects.json"), "{not json").expect("write");
        assert!(Store::load(dir.path()).projects.is_empty());
        assert!(dir.path().join("projects.json.bad").exists());
    }

    #[test]
    fn urls_with_passwords_do_not_name_folders() {
        let dir = Path::new("/data");
        let folder = folder_of(dir, "postgres://u:secret@h/db");
        assert!(!folder.to_string_lossy().contains("secret"));
        assert_eq!(
            folder_of(dir, "/data/default/strata.db"),
            dir.join("default")
        );
    }
}

//! The embedded engine of an open project: strata-core on the project's database, serving the
//! studio to the window on a loopback port, and — when the user turns it on — the same API on a
//! chosen localhost port for front-end developers.

use crate::project::{Admin, Database, Project, engine_env, folder_of};
use std::path::PathBuf;
use std::sync::Arc;
use strata_core::App;
use strata_core::config::{Config, Env, ensure_secrets};
use strata_core::services::bootstrap;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// One running HTTP server; dropping the sender stops it.
struct Listener {
    port: u16,
    stop: oneshot::Sender<()>,
}

async fn listen(app: Arc<App>, port: u16) -> Result<Listener, String> {
    let socket = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = socket.local_addr().map_err(|e| e.to_string())?.port();
    let (stop, stopped) = oneshot::channel::<()>();
    tauri::async_runtime::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        if let Err(e) = strata_core::api::serve(app, socket, shutdown).await {
            tracing::error!("the server on port {port} stopped: {e}");
        }
    });
    Ok(Listener { port, stop })
}

pub struct Engine {
    pub project: Project,
    app: Arc<App>,
    window: Listener,
    api: Option<Listener>,
    /// Set when this open created the administrator with a generated password.
    pub generated_password: Option<String>,
}

/// The local API as the desktop page shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ApiInfo {
    pub url: String,
    pub token: Option<String>,
}

impl Engine {
    /// Connects to the project's database, migrates and (on an empty database) creates the
    /// administrator, then serves the studio on a free loopback port.
    pub async fn open(
        data_dir: PathBuf,
        mut project: Project,
        admin: Option<Admin>,
    ) -> Result<Engine, String> {
        let db = Database::of(&project.location)?;
        if let Database::Sqlite(path) = &db
            && let Some(parent) = path.parent()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let folder = folder_of(&data_dir, &project.location);
        // A first run gives the new administrator a static token for the local API.
        let token = admin.as_ref().map(|_| random_token());
        let env = engine_env(&db, &folder, admin.as_ref(), token.as_deref());
        let mut config = Config::from_env(&Env::from_map(env)).map_err(|e| e.to_string())?;
        ensure_secrets(&mut config).map_err(|e| {
            format!(
                "cannot keep the project's secrets in {}: {e}",
                folder.display()
            )
        })?;
        let app = App::connect(config)
            .await
            .map_err(|e| format!("cannot open the database: {}", e.message))?;
        let outcome = bootstrap::run(&app)
            .await
            .map_err(|e| format!("cannot prepare the database: {}", e.message))?;
        app.reload_schema()
            .await
            .map_err(|e| format!("cannot read the database's schema: {}", e.message))?;
        let _ = app
            .studio
            .set(strata_core::api::studio::assets(strata_studio_files::FILES));
        let generated_password = match outcome.admin_created {
            Some((_, generated)) => {
                project.token = token;
                generated
            }
            None => None,
        };
        let app = Arc::new(app);
        let window = listen(app.clone(), 0).await?;
        Ok(Engine {
            project,
            app,
            window,
            api: None,
            generated_password,
        })
    }

    /// Where the window finds the studio.
    pub fn studio_url(&self) -> String {
        format!("http://127.0.0.1:{}/admin", self.window.port)
    }

    /// Serves the API on `port` of localhost (stopping an earlier one), or stops it.
    pub async fn serve_api(&mut self, port: Option<u16>) -> Result<Option<ApiInfo>, String> {
        if let Some(old) = self.api.take() {
            let _ = old.stop.send(());
        }
        let Some(port) = port else { return Ok(None) };
        self.api = Some(listen(self.app.clone(), port).await?);
        Ok(self.api_info())
    }

    pub fn api_info(&self) -> Option<ApiInfo> {
        self.api.as_ref().map(|l| ApiInfo {
            url: format!("http://localhost:{}", l.port),
            token: self.project.token.clone(),
        })
    }

    /// Stops both servers and closes the database.
    pub async fn close(self) {
        let _ = self.window.stop.send(());
        if let Some(api) = self.api {
            let _ = api.stop.send(());
        }
        self.app.db.close().await;
    }
}

fn random_token() -> String {
    use rand::Rng;
    rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(40)
        .map(char::from)
        .collect()
}

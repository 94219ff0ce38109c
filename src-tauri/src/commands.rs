//! What the desktop's own pages ask the app for: the project list, opening or creating a
//! project, and turning the local API on or off. Errors come back as one readable sentence.

use crate::engine::{ApiInfo, Engine};
use crate::project::{Admin, Database, Project, Store, default_location};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_notification::NotificationExt;

/// The app's state: its data folder, the remembered projects and the open project's engine.
/// Cheap to clone: commands run on the async runtime with a clone of their own.
#[derive(Clone)]
pub struct Desktop {
    pub data_dir: PathBuf,
    pub store: Arc<std::sync::Mutex<Store>>,
    pub engine: Arc<tokio::sync::Mutex<Option<Engine>>>,
}

impl Desktop {
    pub fn new(data_dir: PathBuf) -> Desktop {
        let store = Store::load(&data_dir);
        Desktop {
            data_dir,
            store: Arc::new(std::sync::Mutex::new(store)),
            engine: Arc::new(tokio::sync::Mutex::new(None)),
        }
    }

    /// Runs `work` to completion on a thread of its own. Core's opening futures (connect,
    /// migrations, bootstrap) are not `Send` to the compiler, so they cannot be spawned on the
    /// runtime, and blocking a runtime thread on them would stall the studio's requests.
    async fn off_runtime<T, F, Fut>(work: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<T, String>>,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let _ = done.send(tauri::async_runtime::block_on(work()));
        });
        result.await.map_err(|_| "the task stopped".to_string())?
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Serialize)]
pub struct ProjectView {
    location: String,
    name: String,
}

#[derive(Serialize)]
pub struct StateView {
    /// Where a new local project goes.
    default_location: String,
    projects: Vec<ProjectView>,
    /// The open project, if any.
    open: Option<Opened>,
    api_port: u16,
}

#[derive(Clone, Serialize)]
pub struct Opened {
    name: String,
    location: String,
    studio_url: String,
    /// The administrator's password when the app had to make one up (shown once).
    generated_password: Option<String>,
    api: Option<ApiInfo>,
}

fn opened(engine: &Engine) -> Opened {
    Opened {
        name: engine.project.name.clone(),
        location: engine.project.location.clone(),
        studio_url: engine.studio_url(),
        generated_password: engine.generated_password.clone(),
        api: engine.api_info(),
    }
}

#[tauri::command]
pub async fn desktop_state(desktop: State<'_, Desktop>) -> Result<StateView, String> {
    let engine = desktop.engine.clone();
    let open =
        Desktop::off_runtime(move || async move { Ok(engine.lock().await.as_ref().map(opened)) })
            .await?;
    let store = desktop.store().clone();
    Ok(StateView {
        default_location: default_location(&desktop.data_dir)
            .to_string_lossy()
            .into_owned(),
        projects: store
            .projects
            .iter()
            .map(|p| ProjectView {
                location: p.location.clone(),
                name: p.name.clone(),
            })
            .collect(),
        open,
        api_port: store.api_port.unwrap_or(8050),
    })
}

/// Opening can take a while (migrations on a remote database): past this, the OS is told
/// when it is done, as the user may have switched to another window.
const LONG_TASK: Duration = Duration::from_secs(3);

/// Opens the project at `location` (the local default when absent), closing the one open
/// before; `admin` creates the first administrator of a new project; `api_port` serves the
/// local API straight away.
#[tauri::command]
pub async fn open_project(
    app: AppHandle,
    desktop: State<'_, Desktop>,
    location: Option<String>,
    name: Option<String>,
    admin: Option<Admin>,
    api_port: Option<u16>,
) -> Result<Opened, String> {
    let desktop = (*desktop).clone();
    Desktop::off_runtime(move || desktop.open(app, location, name, admin, api_port)).await
}

impl Desktop {
    async fn open(
        self,
        app: AppHandle,
        location: Option<String>,
        name: Option<String>,
        admin: Option<Admin>,
        api_port: Option<u16>,
    ) -> Result<Opened, String> {
        let started = Instant::now();
        let location = match location
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
        {
            Some(l) => l,
            None => default_location(&self.data_dir)
                .to_string_lossy()
                .into_owned(),
        };
        let known = self.store().find(&location).cloned();
        let project = known.unwrap_or_else(|| Project {
            name: name
                .filter(|n| !n.trim().is_empty())
                .or_else(|| admin.as_ref().and_then(|a| a.project_name.clone()))
                .unwrap_or_else(|| {
                    Database::of(&location)
                        .map(|d| d.default_name())
                        .unwrap_or_default()
                }),
            location: location.clone(),
            token: None,
        });
        let mut slot = self.engine.lock().await;
        if let Some(old) = slot.take() {
            old.close().await;
        }
        let mut engine = Engine::open(self.data_dir.clone(), project, admin).await?;
        if let Some(port) = api_port {
            engine.serve_api(Some(port)).await?;
        }
        {
            let mut store = self.store();
            store.remember(engine.project.clone());
            if api_port.is_some() {
                store.api_port = api_port;
            }
            store
                .save(&self.data_dir)
                .map_err(|e| format!("cannot remember the project: {e}"))?;
        }
        let view = opened(&engine);
        *slot = Some(engine);
        if started.elapsed() > LONG_TASK {
            // No notification daemon (a bare session) is not an error worth showing.
            let _ = app
                .notification()
                .builder()
                .title("Strata")
                .body(format!("{} is open", view.name))
                .show();
        }
        Ok(view)
    }

    async fn serve(self, port: Option<u16>) -> Result<Option<ApiInfo>, String> {
        let mut slot = self.engine.lock().await;
        let engine = slot.as_mut().ok_or("Open a project first.")?;
        let info = engine.serve_api(port).await?;
        if port.is_some() {
            let mut store = self.store();
            store.api_port = port;
            store
                .save(&self.data_dir)
                .map_err(|e| format!("cannot remember the port: {e}"))?;
        }
        Ok(info)
    }
}

/// Serves the open project's API on `port` of localhost, or stops it when `port` is absent.
#[tauri::command]
pub async fn serve_api(
    desktop: State<'_, Desktop>,
    port: Option<u16>,
) -> Result<Option<ApiInfo>, String> {
    let desktop = (*desktop).clone();
    Desktop::off_runtime(move || desktop.serve(port)).await
}

/// The system's file dialog for a SQLite file: one to create (`new`) or one to open. `None`
/// when the user cancels.
#[tauri::command]
pub async fn choose_sqlite_file(app: AppHandle, new: bool) -> Result<Option<String>, String> {
    let dialog = app
        .dialog()
        .file()
        .add_filter("SQLite", &["db", "sqlite", "sqlite3"]);
    // The dialog answers through a callback: nothing blocks a runtime or the main thread.
    let (answer, answered) = tokio::sync::oneshot::channel();
    let reply = move |path: Option<tauri_plugin_dialog::FilePath>| {
        let _ = answer.send(path);
    };
    if new {
        dialog.set_file_name("strata.db").save_file(reply);
    } else {
        dialog.pick_file(reply);
    }
    let path = answered.await.ok().flatten();
    Ok(path
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned()))
}

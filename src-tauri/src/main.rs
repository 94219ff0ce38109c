//! The Strata desktop app: a native window over an embedded engine. Its own page (pages/)
//! opens or creates a project; the studio then runs in the window against the engine on a
//! loopback port, and the same API can be served on localhost for front-end developers.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod engine;
mod menu;
mod project;

use commands::Desktop;
use std::path::PathBuf;
use tauri::{Manager, RunEvent};

fn main() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("STRATA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();

    let app = tauri::Builder::default()
        // First, so a second launch only brings the running window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // STRATA_DESKTOP_DATA moves everything the app keeps (tests, portable installs).
            let data_dir = match std::env::var_os("STRATA_DESKTOP_DATA") {
                Some(dir) => PathBuf::from(dir),
                None => app.path().app_data_dir()?,
            };
            app.manage(Desktop::new(data_dir));
            if let Some(url) = app.get_webview_window("main").and_then(|w| w.url().ok()) {
                app.manage(menu::Home(url));
            }
            menu::install(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::desktop_state,
            commands::open_project,
            commands::serve_api,
            commands::choose_sqlite_file
        ])
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Strata cannot start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // Close the database cleanly (SQLite's WAL is checkpointed).
            let desktop = app.state::<Desktop>();
            tauri::async_runtime::block_on(async {
                if let Some(engine) = desktop.engine.lock().await.take() {
                    engine.close().await;
                }
            });
        }
    });
}

//! The native menu (File → New Project, Open Project, Local API, Quit): each item brings the
//! window back to the desktop's own page on the matching view.

use tauri::menu::{MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{App, AppHandle, Manager, Url};

/// The address of the desktop's own page, as the window first loaded it.
pub struct Home(pub Url);

pub fn install(app: &mut App) -> tauri::Result<()> {
    let item = |id: &str, label: &str, keys: &str| {
        MenuItemBuilder::with_id(id, label)
            .accelerator(keys)
            .build(app)
    };
    let file = SubmenuBuilder::new(app, "File")
        .item(&item("new", "New Project…", "CmdOrCtrl+N")?)
        .item(&item("open", "Open Project…", "CmdOrCtrl+O")?)
        .item(&item("api", "Local API…", "CmdOrCtrl+L")?)
        .item(&PredefinedMenuItem::separator(app)?)
        .item(&item("quit", "Quit", "CmdOrCtrl+Q")?)
        .build()?;
    let menu = MenuBuilder::new(app).item(&file).build()?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| match event.id().as_ref() {
        "quit" => app.exit(0),
        view @ ("new" | "open" | "api") => show(app, view),
        _ => {}
    });
    Ok(())
}

/// Navigates the main window to the desktop page's `view`.
pub fn show(app: &AppHandle, view: &str) {
    let (Some(window), Some(home)) = (app.get_webview_window("main"), app.try_state::<Home>())
    else {
        return;
    };
    let mut url = home.0.clone();
    url.set_fragment(Some(view));
    if let Err(e) = window.navigate(url) {
        tracing::warn!("cannot show the {view} page: {e}");
    }
}

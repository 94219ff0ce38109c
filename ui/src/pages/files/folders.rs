//! Folders: the files module's navigation column (the library's root and the folder tree, nested
//! by `parent`), the dialog that creates a folder, and the lookups the library page needs (a
//! folder's path, its subfolders). The navigation column lives outside the page, so the page
//! tells it about a new folder with a window event instead of shared state.

use crate::api;
use crate::components::{Modal, on_text};
use crate::i18n::t;
use crate::pages::nav_link;
use crate::route::Route;
use crate::state::{run, use_app, use_get};
use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

/// What both the column and the page read.
pub const FOLDERS_PATH: &str = "/folders?limit=-1&sort=name&fields=id,name,parent";

/// The window event a folder change is announced with.
const CHANGED: &str = "strata-folders-changed";

/// Asks the navigation column to read the folders again.
pub fn announce_change() {
    if let Some(w) = web_sys::window()
        && let Ok(event) = web_sys::Event::new(CHANGED)
    {
        let _ = w.dispatch_event(&event);
    }
}

fn id_of(folder: &Value) -> &str {
    folder["id"].as_str().unwrap_or("")
}

/// The folders directly inside `parent` (the root when `None`), by name. A folder whose parent
/// is not in the list counts as a root one, so nothing is unreachable.
pub fn children_of<'a>(folders: &'a [Value], parent: Option<&str>) -> Vec<&'a Value> {
    let known = |id: &str| folders.iter().any(|f| id_of(f) == id);
    folders
        .iter()
        .filter(|f| match (f["parent"].as_str(), parent) {
            (Some(p), Some(want)) => p == want,
            (Some(p), None) => !known(p),
            (None, want) => want.is_none(),
        })
        .collect()
}

/// The names from the root down to `folder` (itself last); a broken or cyclic chain stops.
pub fn path_of(folders: &[Value], folder: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = Some(folder.to_string());
    while let Some(id) = current.take() {
        let Some(f) = folders.iter().find(|f| id_of(f) == id) else {
            break;
        };
        names.push(f["name"].as_str().unwrap_or("").to_string());
        if names.len() > folders.len() {
            break;
        }
        current = f["parent"].as_str().map(str::to_string);
    }
    names.reverse();
    names
}

#[function_component]
pub fn FolderNav() -> Html {
    let route = use_route::<Route>();
    let (load, reload) = use_get(FOLDERS_PATH.to_string());
    // Registered again with each render's `reload`: an old one would only bump a stale count.
    use_effect_with(reload, move |reload| {
        let reload = reload.clone();
        let listener = web_sys::window()
            .map(|w| gloo::events::EventListener::new(&w, CHANGED, move |_| reload.emit(())));
        move || drop(listener)
    });
    let folders = load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let active = match &route {
        Some(Route::Folder { folder }) => Some(folder.as_str()),
        _ => None,
    };
    html! {
        <nav aria-label={t("Folders")}>
            { nav_link(Route::Files, "folder", t("All Files").to_string(), route == Some(Route::Files)) }
            if !folders.is_empty() {
                <div class="nav-group">{ t("Folders") }</div>
                { tree(&folders, None, active) }
            }
        </nav>
    }
}

/// One level of the tree. Each folder has one parent, so walking down from the roots cannot
/// meet a folder twice, even when `parent` chains elsewhere form a cycle.
fn tree(folders: &[Value], parent: Option<&str>, active: Option<&str>) -> Html {
    html! {
        { for children_of(folders, parent).into_iter().map(|f| {
            let id = id_of(f).to_string();
            let name = f["name"].as_str().unwrap_or("").to_string();
            let inner = tree(folders, Some(&id), active);
            html! {<>
                { nav_link(Route::Folder { folder: id.clone() }, "folder", name, active == Some(id.as_str())) }
                if inner != Html::default() {
                    <div class="nav-nested">{ inner }</div>
                }
            </>}
        }) }
    }
}

#[derive(Properties, PartialEq)]
pub struct NewFolderProps {
    /// The folder the new one goes into.
    pub parent: Option<String>,
    pub on_close: Callback<()>,
    pub on_created: Callback<()>,
}

/// "New Folder": a name, created inside the folder the page shows.
#[function_component]
pub fn NewFolder(p: &NewFolderProps) -> Html {
    let app = use_app();
    let name = use_state(String::new);
    let busy = use_state(|| false);
    let submit = {
        let (app, name, busy, parent) = (app.clone(), name.clone(), busy.clone(), p.parent.clone());
        let (close, created) = (p.on_close.clone(), p.on_created.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = name.trim().to_string();
            if text.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let body = json!({ "name": text, "parent": parent });
            let (app2, busy2, close, created) =
                (app.clone(), busy.clone(), close.clone(), created.clone());
            let fut = async move {
                let res = api::post("/folders", &body).await;
                if res.is_err() {
                    busy2.set(false);
                }
                res
            };
            run(&app, fut, move |_| {
                app2.ok(t("Folder created"));
                announce_change();
                created.emit(());
                close.emit(());
            });
        })
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="new-folder" class="primary" disabled={name.trim().is_empty() || *busy}>{ t("Create") }</button>
    </>};
    html! {
        <Modal title={t("New Folder")} on_close={p.on_close.clone()} {footer}>
            <form id="new-folder" onsubmit={submit}>
                <label>
                    { t("Folder name") }
                    <input name="name" required=true value={(*name).clone()}
                        oninput={on_text({ let name = name.clone(); Callback::from(move |v| name.set(v)) })} />
                </label>
            </form>
        </Modal>
    }
}

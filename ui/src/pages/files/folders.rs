//! Folders: the files module's navigation column (the library's root and the folder tree, nested
//! by `parent`), the dialog that creates or renames a folder, the folder's own actions (rename,
//! delete), and the lookups the library page needs (a
//! folder's path, its subfolders). The navigation column lives outside the page, so the page
//! tells it about a new folder with a window event instead of shared state.

use crate::api;
use crate::components::{Confirm, Icon, Modal, on_text};
use crate::i18n::{t, tf};
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
pub struct FolderDialogProps {
    /// The folder a new one goes into.
    #[prop_or_default]
    pub parent: Option<String>,
    /// The folder to rename (id, current name); `None` creates one.
    #[prop_or_default]
    pub rename: Option<(String, String)>,
    pub on_close: Callback<()>,
    pub on_done: Callback<()>,
}

/// "New Folder" inside the folder the page shows, or "Rename Folder": one name.
#[function_component]
pub fn FolderDialog(p: &FolderDialogProps) -> Html {
    let app = use_app();
    let name = use_state(|| {
        p.rename
            .as_ref()
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    });
    let busy = use_state(|| false);
    let submit = {
        let (app, name, busy) = (app.clone(), name.clone(), busy.clone());
        let (parent, rename) = (p.parent.clone(), p.rename.clone());
        let (close, done) = (p.on_close.clone(), p.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = name.trim().to_string();
            if text.is_empty() || *busy {
                return;
            }
            busy.set(true);
            let (app2, busy2, close, done) =
                (app.clone(), busy.clone(), close.clone(), done.clone());
            let (parent, rename2) = (parent.clone(), rename.clone());
            let fut = async move {
                let res = match &rename2 {
                    Some((id, _)) => {
                        api::patch(
                            &format!("/folders/{}", api::enc(id)),
                            &json!({ "name": text }),
                        )
                        .await
                    }
                    None => api::post("/folders", &json!({ "name": text, "parent": parent })).await,
                };
                if res.is_err() {
                    busy2.set(false);
                }
                res
            };
            let renamed = rename.is_some();
            run(&app, fut, move |_| {
                app2.ok(if renamed {
                    t("Folder renamed")
                } else {
                    t("Folder created")
                });
                announce_change();
                done.emit(());
                close.emit(());
            });
        })
    };
    let (title, action) = match &p.rename {
        Some(_) => (t("Rename Folder"), t("Save")),
        None => (t("New Folder"), t("Create")),
    };
    let footer = html! {<>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="folder-name" class="primary" disabled={name.trim().is_empty() || *busy}>{ action }</button>
    </>};
    html! {
        <Modal {title} on_close={p.on_close.clone()} {footer}>
            <form id="folder-name" onsubmit={submit}>
                <label>
                    { t("Folder name") }
                    <input name="name" required=true value={(*name).clone()}
                        oninput={on_text({ let name = name.clone(); Callback::from(move |v| name.set(v)) })} />
                </label>
            </form>
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
pub struct FolderActionsProps {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub on_changed: Callback<()>,
}

/// The open folder's own actions: rename it, or delete it after moving its files and
/// subfolders up into its parent (as Directus's studio does), so nothing is lost with it.
#[function_component]
pub fn FolderActions(p: &FolderActionsProps) -> Html {
    let app = use_app();
    let navigator = use_navigator();
    let renaming = use_state(|| false);
    let deleting = use_state(|| false);
    let delete = {
        let (app, navigator, deleting) = (app.clone(), navigator.clone(), deleting.clone());
        let (id, parent) = (p.id.clone(), p.parent.clone());
        Callback::from(move |_| {
            let (id, parent) = (id.clone(), parent.clone());
            let moved_to = parent.clone();
            let fut = async move {
                let inside =
                    |field: &str| json!({ "limit": -1, "filter": { field: { "_eq": id } } });
                api::patch(
                    "/folders",
                    &json!({ "query": inside("parent"), "data": { "parent": moved_to } }),
                )
                .await?;
                api::patch(
                    "/files",
                    &json!({ "query": inside("folder"), "data": { "folder": moved_to } }),
                )
                .await?;
                api::delete(&format!("/folders/{}", api::enc(&id)), None).await
            };
            let (app2, navigator, deleting) = (app.clone(), navigator.clone(), deleting.clone());
            run(&app, fut, move |_| {
                deleting.set(false);
                app2.ok(t("Folder deleted"));
                announce_change();
                if let Some(n) = &navigator {
                    n.push(&parent.map_or(Route::Files, |folder| Route::Folder { folder }));
                }
            });
        })
    };
    let flag = |s: &UseStateHandle<bool>, on: bool| {
        let s = s.clone();
        Callback::from(move |_: ()| s.set(on))
    };
    html! {<>
        <button class="secondary" onclick={flag(&renaming, true).reform(|_| ())}><Icon name="edit" />{ t("Rename Folder") }</button>
        <button class="icon-button danger" onclick={flag(&deleting, true).reform(|_| ())} title={t("Delete Folder")} aria-label={t("Delete Folder")}>
            <Icon name="trash" />
        </button>
        if *renaming {
            <FolderDialog rename={Some((p.id.clone(), p.name.clone()))} on_close={flag(&renaming, false)} on_done={p.on_changed.clone()} />
        }
        if *deleting {
            <Confirm text={tf("Delete the folder {name}? Its files and folders move to the folder above.", &[("name", &p.name)])}
                on_confirm={delete} on_cancel={flag(&deleting, false)} />
        }
    </>}
}

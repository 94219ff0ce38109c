//! The file library (`/admin/files`, `/admin/files/folders/:folder`): the files of one folder as
//! cards or a table, search, pages of 50, uploads by button or drag-and-drop, the subfolders,
//! a new folder, a file's details, and bulk deletion.

mod detail;
mod folders;
mod uploader;
mod views;

pub use folders::FolderNav;

use crate::api::{self, enc};
use crate::components::{Confirm, Empty, Icon, Page, Pager, Spinner, on_check, on_text};
use crate::i18n::{t, tf};
use crate::route::Route;
use crate::state::{Load, run, use_app, use_get};
use detail::FileDetail;
use folders::{FOLDERS_PATH, FolderActions, FolderDialog, children_of, path_of};
use gloo::storage::{LocalStorage, Storage};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use uploader::Uploader;
use views::{LIST_FIELDS, Layout, View, id_of};
use yew::prelude::*;
use yew_router::prelude::*;

const LIMIT: u64 = 50;
const LAYOUT_KEY: &str = "strata-files-layout";

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub folder: Option<String>,
}

#[function_component]
pub fn Files(p: &FilesProps) -> Html {
    // Keyed by folder, so search, page and selection start afresh in each one.
    let key = p.folder.clone().unwrap_or_default();
    html! { <Library {key} folder={p.folder.clone()} /> }
}

#[function_component]
fn Library(p: &FilesProps) -> Html {
    let app = use_app();
    let layout = use_state(|| {
        Layout::from_key(&LocalStorage::get::<String>(LAYOUT_KEY).unwrap_or_default())
    });
    let page = use_state(|| 1u64);
    let search = use_state(String::new);
    let selected = use_state(BTreeSet::<String>::new);
    let confirm = use_state(|| false);
    let open = use_state(|| None::<String>);
    let new_folder = use_state(|| false);
    let input = use_node_ref();

    let (folders_load, reload_folders) = use_get(FOLDERS_PATH.to_string());
    let folders = folders_load
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();

    let filter = match &p.folder {
        Some(id) => json!({ "folder": { "_eq": id } }),
        None => json!({ "folder": { "_null": true } }),
    };
    let mut path = format!(
        "/files?fields={}&limit={LIMIT}&page={}&meta=filter_count&sort=-uploaded_on&filter={}",
        enc(LIST_FIELDS),
        *page,
        enc(&filter.to_string())
    );
    if !search.is_empty() {
        path.push_str(&format!("&search={}", enc(&search)));
    }
    let (load, reload) = use_get(path);
    let (rows, total) = match &load {
        Load::Ready(body) => (
            body["data"].as_array().cloned().unwrap_or_default(),
            body["meta"]["filter_count"].as_u64().unwrap_or(0),
        ),
        _ => (Vec::new(), 0),
    };

    {
        let page = page.clone();
        let past_end = rows.is_empty() && total > 0 && *page > 1;
        use_effect_with(past_end, move |past_end| {
            if *past_end {
                page.set(total.div_ceil(LIMIT));
            }
        });
    }
    let set_layout = |l: Layout| {
        let layout = layout.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = LocalStorage::set(LAYOUT_KEY, l.key());
            layout.set(l);
        })
    };
    let on_search = {
        let (search, page) = (search.clone(), page.clone());
        Callback::from(move |v: String| {
            page.set(1);
            search.set(v);
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |(id, on): (String, bool)| {
            let mut s = (*selected).clone();
            if on {
                s.insert(id);
            } else {
                s.remove(&id);
            }
            selected.set(s);
        })
    };
    let on_all = {
        let (selected, ids) = (selected.clone(), rows.iter().map(id_of).collect::<Vec<_>>());
        Callback::from(move |on: bool| {
            let mut s = (*selected).clone();
            for id in &ids {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(id);
                }
            }
            selected.set(s);
        })
    };
    let all_selected = !rows.is_empty() && rows.iter().all(|r| selected.contains(&id_of(r)));
    let on_open = {
        let open = open.clone();
        Callback::from(move |id: String| open.set(Some(id)))
    };
    let delete_selected = {
        let (app, selected, confirm, reload) = (
            app.clone(),
            selected.clone(),
            confirm.clone(),
            reload.clone(),
        );
        Callback::from(move |_| {
            let ids: Vec<Value> = selected.iter().map(|id| Value::from(id.as_str())).collect();
            let (n, body) = (ids.len(), Value::Array(ids));
            let (app2, selected, confirm, reload) = (
                app.clone(),
                selected.clone(),
                confirm.clone(),
                reload.clone(),
            );
            run(
                &app,
                async move { api::delete("/files", Some(&body)).await },
                move |_| {
                    app2.ok(tf("{n} files deleted", &[("n", &n.to_string())]));
                    selected.set(BTreeSet::new());
                    confirm.set(false);
                    reload.emit(());
                },
            );
        })
    };
    let choose_files = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    // After a change in the dialog the file may be gone or renamed; the selection stays valid
    // only for files still listed, which the next load shows.
    let on_changed = {
        let (reload, selected) = (reload.clone(), selected.clone());
        Callback::from(move |_| {
            selected.set(BTreeSet::new());
            reload.emit(());
        })
    };

    let (title, subtitle) = match &p.folder {
        Some(id) => {
            let mut names = path_of(&folders, id);
            let own = names.pop().unwrap_or_else(|| t("Folder").to_string());
            names.insert(0, t("File Library").to_string());
            (own, names.join(" / "))
        }
        None => (t("File Library").to_string(), t("Files").to_string()),
    };
    let subfolders = children_of(&folders, p.folder.as_deref());
    let actions = html! {<>
        if !selected.is_empty() {
            <button class="danger" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>
                <Icon name="trash" />{ tf("Delete {n}", &[("n", &selected.len().to_string())]) }
            </button>
        }
        if let Some(id) = &p.folder {
            <FolderActions id={id.clone()} name={title.clone()} on_changed={reload_folders.clone()}
                parent={folders.iter().find(|f| f["id"] == id.as_str()).and_then(|f| f["parent"].as_str()).map(str::to_string)} />
        }
        <button class="secondary" onclick={{ let s = new_folder.clone(); Callback::from(move |_| s.set(true)) }}>
            <Icon name="folder" />{ t("New Folder") }
        </button>
        <button class="primary" onclick={choose_files}><Icon name="upload" />{ t("Upload Files") }</button>
    </>};
    let view = View {
        rows: &rows,
        selected: &selected,
        on_open: &on_open,
        on_select: &on_select,
    };
    let listing = match &load {
        Load::Loading => html! { <Spinner /> },
        Load::Failed(e) => html! { <Empty icon="lock" text={e.message.clone()} /> },
        Load::Ready(_) if rows.is_empty() && !search.is_empty() => {
            html! { <Empty icon="search" text={t("No files match your search")} /> }
        }
        Load::Ready(_) if rows.is_empty() => {
            html! { <Empty icon="image" text={t("No files in this folder yet")} /> }
        }
        Load::Ready(_) => match *layout {
            Layout::Grid => views::grid(view),
            Layout::List => views::table(view, on_all.clone()),
        },
    };
    let layout_button = |l: Layout, icon: &'static str, label: &'static str| {
        html! {
            <button class={classes!("icon-button", (*layout == l).then_some("active"))} aria-pressed={(*layout == l).to_string()}
                aria-label={label} title={label} onclick={set_layout(l)}><Icon name={icon} /></button>
        }
    };
    html! {
        <Page {title} {subtitle} {actions}>
            <div class="toolbar">
                <input class="search" type="search" name="search" placeholder={t("Search files…")} aria-label={t("Search files")}
                    value={(*search).clone()} oninput={on_text(on_search)} />
                <span class="toolbar-spacer"></span>
                if *layout == Layout::Grid && !rows.is_empty() {
                    <label class="inline">
                        <input type="checkbox" checked={all_selected} onchange={on_check(on_all.clone())} />
                        { t("Select all") }
                    </label>
                }
                <div class="layout-toggle" role="group" aria-label={t("Layout")}>
                    { layout_button(Layout::Grid, "grid", t("Grid")) }
                    { layout_button(Layout::List, "list", t("List")) }
                </div>
            </div>
            if !subfolders.is_empty() && search.is_empty() {
                <ul class="folder-strip" aria-label={t("Folders")}>
                    { for subfolders.iter().map(|f| {
                        let id = id_of(f);
                        html! {
                            <li key={id.clone()}>
                                <Link<Route> to={Route::Folder { folder: id }} classes="folder-chip">
                                    <Icon name="folder" />{ f["name"].as_str().unwrap_or("").to_string() }
                                </Link<Route>>
                            </li>
                        }
                    }) }
                </ul>
            }
            <Uploader folder={p.folder.clone()} input={input} on_uploaded={reload.clone()}>
                { listing }
            </Uploader>
            if total > 0 {
                <Pager page={*page} limit={LIMIT} {total} on_page={{ let page = page.clone(); Callback::from(move |n| page.set(n)) }} />
            }
            if let Some(id) = &*open {
                <FileDetail id={id.clone()} on_close={{ let o = open.clone(); Callback::from(move |_| o.set(None)) }} {on_changed} />
            }
            if *new_folder {
                <FolderDialog parent={p.folder.clone()} on_close={{ let s = new_folder.clone(); Callback::from(move |_| s.set(false)) }}
                    on_done={reload_folders} />
            }
            if *confirm {
                <Confirm text={tf("Delete {n} files? This cannot be undone.", &[("n", &selected.len().to_string())])}
                    on_confirm={delete_selected} on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
            }
        </Page>
    }
}

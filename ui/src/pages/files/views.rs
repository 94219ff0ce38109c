//! The library's two layouts: cards with previews, and a table with small thumbnails. Both show
//! the same rows and selection; opening a file and (de)selecting one are reported upwards.

use crate::components::local_time;
use crate::components::{Icon, on_check};
use crate::i18n::{t, tf};
use crate::upload::format_size;
use serde_json::Value;
use std::collections::BTreeSet;
use yew::prelude::*;

/// The fields the layouts need.
pub const LIST_FIELDS: &str = "id,title,type,filesize,filename_download,uploaded_on";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Grid,
    List,
}

impl Layout {
    pub fn key(self) -> &'static str {
        match self {
            Layout::Grid => "grid",
            Layout::List => "list",
        }
    }

    pub fn from_key(key: &str) -> Layout {
        if key == "list" {
            Layout::List
        } else {
            Layout::Grid
        }
    }
}

/// What a layout shows and where it reports clicks.
pub struct View<'a> {
    pub rows: &'a [Value],
    pub selected: &'a BTreeSet<String>,
    pub on_open: &'a Callback<String>,
    pub on_select: &'a Callback<(String, bool)>,
}

pub fn id_of(row: &Value) -> String {
    row["id"].as_str().unwrap_or("").to_string()
}

pub fn is_image(row: &Value) -> bool {
    row["type"]
        .as_str()
        .is_some_and(|t| t.starts_with("image/"))
}

/// The title, else the name it was uploaded under.
pub fn title_of(row: &Value) -> String {
    row["title"]
        .as_str()
        .or(row["filename_download"].as_str())
        .unwrap_or("")
        .to_string()
}

/// "PDF" for `report.pdf`: what a card without a preview shows.
fn extension(row: &Value) -> String {
    row["filename_download"]
        .as_str()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_uppercase())
        .filter(|ext| ext.len() <= 5)
        .unwrap_or_default()
}

fn size_of(row: &Value) -> String {
    row["filesize"]
        .as_u64()
        .map(format_size)
        .unwrap_or_default()
}

pub fn grid(v: View) -> Html {
    html! {
        <ul class="file-grid" aria-label={t("Files")}>
            { for v.rows.iter().map(|row| {
                let id = id_of(row);
                let title = title_of(row);
                let selected = v.selected.contains(&id);
                let open = { let (cb, id) = (v.on_open.clone(), id.clone()); Callback::from(move |_: MouseEvent| cb.emit(id.clone())) };
                let select = { let (cb, id) = (v.on_select.clone(), id.clone()); Callback::from(move |on: bool| cb.emit((id.clone(), on))) };
                html! {
                    <li key={id.clone()} class={classes!("file-card", selected.then_some("selected"))}>
                        <input type="checkbox" class="file-select" checked={selected} onchange={on_check(select)}
                            aria-label={tf("Select {name}", &[("name", &title)])} />
                        <button type="button" class="file-open" onclick={open} aria-label={tf("Open {name}", &[("name", &title)])}>
                            <span class="preview">
                                if is_image(row) {
                                    <img src={format!("/assets/{id}?key=system-medium-cover")} alt={title.clone()} loading="lazy" />
                                } else {
                                    <span class="file-type"><Icon name="file" size={40} /><span>{ extension(row) }</span></span>
                                }
                            </span>
                            <span class="meta">
                                <span class="file-title">{ &title }</span>
                                <span class="muted">{ size_of(row) }</span>
                            </span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

pub fn table(v: View, on_all: Callback<bool>) -> Html {
    let all = !v.rows.is_empty() && v.rows.iter().all(|r| v.selected.contains(&id_of(r)));
    html! {
        <div class="table-wrap">
            <table class="file-table">
                <thead><tr>
                    <th class="check"><input type="checkbox" aria-label={t("Select all")} checked={all} onchange={on_check(on_all)} /></th>
                    <th class="thumb-cell" aria-label={t("Preview")}></th>
                    <th>{ t("Title") }</th>
                    <th>{ t("Type") }</th>
                    <th>{ t("Size") }</th>
                    <th>{ t("Uploaded On") }</th>
                </tr></thead>
                <tbody>
                    { for v.rows.iter().map(|row| {
                        let id = id_of(row);
                        let title = title_of(row);
                        let selected = v.selected.contains(&id);
                        let open = { let (cb, id) = (v.on_open.clone(), id.clone()); Callback::from(move |_: MouseEvent| cb.emit(id.clone())) };
                        let on_key = {
                            let (cb, id) = (v.on_open.clone(), id.clone());
                            Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" { cb.emit(id.clone()) })
                        };
                        let select = { let (cb, id) = (v.on_select.clone(), id.clone()); Callback::from(move |on: bool| cb.emit((id.clone(), on))) };
                        html! {
                            <tr key={id.clone()} class={classes!(selected.then_some("selected"))} tabindex="0" onclick={open} onkeydown={on_key}>
                                <td class="check" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                                    <input type="checkbox" checked={selected} onchange={on_check(select)}
                                        aria-label={tf("Select {name}", &[("name", &title)])} />
                                </td>
                                <td class="thumb-cell">
                                    if is_image(row) {
                                        <img class="thumb" src={format!("/assets/{id}?key=system-small-cover")} alt={title.clone()} loading="lazy" />
                                    } else {
                                        <span class="thumb icon-thumb"><Icon name="file" size={16} /></span>
                                    }
                                </td>
                                <td>{ &title }</td>
                                <td class="muted">{ row["type"].as_str().unwrap_or("") }</td>
                                <td>{ size_of(row) }</td>
                                <td class="muted">{ row["uploaded_on"].as_str().map(local_time).unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

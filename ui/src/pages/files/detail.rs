//! One file in a dialog: a large preview, its title, description, tags and folder (saved with
//! `PATCH /files/:id`), what the server knows about it (name, type, size, dimensions, who
//! uploaded it and when), a download link, and deleting it.

use super::folders::{FOLDERS_PATH, path_of};
use super::views::{is_image, title_of};
use crate::api::{self, enc};
use crate::components::local_time;
use crate::components::{Confirm, Empty, Icon, Modal, Spinner, on_select, on_text};
use crate::i18n::{t, tf};
use crate::interfaces::choice::Tags;
use crate::pages::activity::person;
use crate::state::{Load, run, use_app, use_get};
use crate::upload::format_size;
use serde_json::{Map, Value, json};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileDetailProps {
    pub id: String,
    pub on_close: Callback<()>,
    /// The file was saved or deleted: the listing should be read again.
    pub on_changed: Callback<()>,
}

#[function_component]
pub fn FileDetail(p: &FileDetailProps) -> Html {
    let path = format!(
        "/files/{}?fields={}",
        enc(&p.id),
        enc("*,uploaded_by.first_name,uploaded_by.last_name,uploaded_by.email")
    );
    let (load, _) = use_get(path);
    match load {
        Load::Ready(body) => html! {
            <Editor row={Rc::new(body["data"].clone())} on_close={p.on_close.clone()} on_changed={p.on_changed.clone()} />
        },
        Load::Loading => {
            html! { <Modal title={t("File")} on_close={p.on_close.clone()} wide=true><Spinner /></Modal> }
        }
        Load::Failed(e) => html! {
            <Modal title={t("File")} on_close={p.on_close.clone()} wide=true><Empty icon="lock" text={e.message} /></Modal>
        },
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    row: Rc<Value>,
    on_close: Callback<()>,
    on_changed: Callback<()>,
}

#[function_component]
fn Editor(p: &EditorProps) -> Html {
    let app = use_app();
    let row = &p.row;
    let id = row["id"].as_str().unwrap_or("").to_string();
    let text_of = |f: &str| row[f].as_str().unwrap_or("").to_string();
    let title = use_state(|| text_of("title"));
    let description = use_state(|| text_of("description"));
    let tags = use_state(|| row["tags"].clone());
    let folder = use_state(|| text_of("folder"));
    let (folders, _) = use_get(FOLDERS_PATH.to_string());
    let folders = folders
        .data()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let confirm = use_state(|| false);
    let busy = use_state(|| false);

    // Only what changed is sent; an emptied text becomes null, as Directus's editor saves it.
    let mut changes = Map::new();
    for (field, value) in [("title", &*title), ("description", &*description)] {
        if *value != text_of(field) {
            let v = if value.trim().is_empty() {
                Value::Null
            } else {
                Value::from(value.as_str())
            };
            changes.insert(field.into(), v);
        }
    }
    if *tags != row["tags"] {
        changes.insert("tags".into(), (*tags).clone());
    }
    if *folder != text_of("folder") {
        let moved_to = Some(folder.as_str()).filter(|f| !f.is_empty());
        changes.insert("folder".into(), moved_to.map_or(Value::Null, Value::from));
    }
    let dirty = !changes.is_empty();

    let save = {
        let (app, busy, id) = (app.clone(), busy.clone(), id.clone());
        let (close, changed) = (p.on_close.clone(), p.on_changed.clone());
        let body = Value::Object(changes);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let (path, body, busy2) = (format!("/files/{}", enc(&id)), body.clone(), busy.clone());
            let (app2, close, changed) = (app.clone(), close.clone(), changed.clone());
            let fut = async move {
                let res = api::patch(&path, &body).await;
                busy2.set(false);
                res
            };
            run(&app, fut, move |_| {
                app2.ok(t("File saved"));
                changed.emit(());
                close.emit(());
            });
        })
    };
    let delete = {
        let (app, id, confirm) = (app.clone(), id.clone(), confirm.clone());
        let (close, changed) = (p.on_close.clone(), p.on_changed.clone());
        Callback::from(move |_| {
            let path = format!("/files/{}", enc(&id));
            let (app2, confirm, close, changed) =
                (app.clone(), confirm.clone(), close.clone(), changed.clone());
            run(
                &app,
                async move { api::delete(&path, None).await },
                move |_| {
                    confirm.set(false);
                    app2.ok(t("File deleted"));
                    changed.emit(());
                    close.emit(());
                },
            );
        })
    };

    let name = title_of(row);
    let kind = text_of("type");
    let asset = format!("/assets/{}", enc(&id));
    let preview = if is_image(row) {
        html! { <img src={format!("{asset}?key=system-large-contain")} alt={name.clone()} /> }
    } else if kind.starts_with("video/") {
        html! { <video controls=true preload="metadata" src={asset.clone()} aria-label={name.clone()}></video> }
    } else if kind.starts_with("audio/") {
        html! { <audio controls=true preload="metadata" src={asset.clone()} aria-label={name.clone()}></audio> }
    } else {
        html! { <Icon name="file" size={72} /> }
    };
    let mut info: Vec<(&str, String)> = vec![
        (t("File name"), text_of("filename_download")),
        (t("Type"), kind.clone()),
        (
            t("Size"),
            row["filesize"]
                .as_u64()
                .map(format_size)
                .unwrap_or_default(),
        ),
    ];
    if let (Some(w), Some(h)) = (row["width"].as_u64(), row["height"].as_u64()) {
        info.push((t("Dimensions"), format!("{w} × {h}")));
    }
    info.push((
        t("Uploaded On"),
        row["uploaded_on"]
            .as_str()
            .map(local_time)
            .unwrap_or_default(),
    ));
    if let Some(uploader) = person(&row["uploaded_by"]) {
        info.push((t("Uploaded By"), uploader));
    }

    let footer = html! {<>
        <button type="button" class="danger footer-start" onclick={{ let c = confirm.clone(); Callback::from(move |_| c.set(true)) }}>
            <Icon name="trash" />{ t("Delete") }
        </button>
        <a class="button secondary" href={format!("{asset}?download")} download={text_of("filename_download")}>
            <Icon name="down" />{ t("Download") }
        </a>
        <button type="button" class="secondary" onclick={p.on_close.reform(|_| ())}>{ t("Cancel") }</button>
        <button type="submit" form="file-detail" class="primary" disabled={!dirty || *busy}>{ t("Save") }</button>
    </>};
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        on_text(Callback::from(move |v| s.set(v)))
    };
    let tags_field =
        Rc::new(json!({ "collection": "directus_files", "field": "tags", "type": "json" }));
    // The confirmation is a sibling: a click on its backdrop must not also close this dialog.
    html! {<>
        <Modal title={name.clone()} on_close={p.on_close.clone()} wide=true {footer}>
            <div class="file-detail">
                <div class="file-preview">{ preview }</div>
                <form id="file-detail" class="file-fields" onsubmit={save}>
                    <label>{ t("Title") }<input name="title" value={(*title).clone()} oninput={set(&title)} /></label>
                    <label>{ t("Description") }
                        <textarea name="description" rows="3" value={(*description).clone()} oninput={set(&description)} />
                    </label>
                    <div class="field">
                        <label class="label" for="tags">{ t("Tags") }</label>
                        <Tags collection="directus_files" field={tags_field} value={(*tags).clone()}
                            on_change={{ let tags = tags.clone(); Callback::from(move |v| tags.set(v)) }} />
                    </div>
                    <label>{ t("Folder") }
                        <select name="folder" onchange={on_select({ let f = folder.clone(); Callback::from(move |v| f.set(v)) })}>
                            <option value="" selected={folder.is_empty()}>{ t("File Library") }</option>
                            { for folders.iter().map(|f| {
                                let fid = f["id"].as_str().unwrap_or("").to_string();
                                let label = path_of(&folders, &fid).join(" / ");
                                html! { <option value={fid.clone()} selected={*folder == fid}>{ label }</option> }
                            }) }
                        </select>
                    </label>
                    <dl class="file-info">
                        { for info.into_iter().map(|(label, value)| html! {<><dt>{ label }</dt><dd>{ value }</dd></>}) }
                    </dl>
                </form>
            </div>
        </Modal>
        if *confirm {
            <Confirm text={tf("Delete {name}? This cannot be undone.", &[("name", &name)])}
                on_confirm={delete} on_cancel={{ let c = confirm.clone(); Callback::from(move |_| c.set(false)) }} />
        }
    </>}
}

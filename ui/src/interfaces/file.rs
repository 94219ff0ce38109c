//! File and image fields: the chosen file's preview, uploading a new one (with progress) or
//! choosing one from the library, and clearing the field. The value is the file's id.

use super::picker::ItemPicker;
use super::{FieldProps, key_of};
use crate::components::{Icon, display_value};
use crate::i18n::t;
use crate::state::use_app;
use serde_json::Value;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[function_component]
pub fn FileField(p: &FieldProps) -> Html {
    let app = use_app();
    let picking = use_state(|| false);
    let progress = use_state(|| None::<f64>);
    // The row of a file chosen or uploaded here (the read value is an object with the same data).
    let chosen = use_state(|| None::<Value>);
    let id = key_of(&p.value, "id");
    let row = match (&p.value, &*chosen) {
        (Value::Object(_), _) => p.value.clone(),
        (_, Some(r)) if r["id"] == id => r.clone(),
        _ => Value::Null,
    };
    let is_image = row["type"]
        .as_str()
        .is_some_and(|t| t.starts_with("image/"))
        || (row.is_null() && p.field["meta"]["interface"] == "file-image");
    let input = use_node_ref();
    let on_file = {
        let (app, progress, chosen, cb) = (
            app.clone(),
            progress.clone(),
            chosen.clone(),
            p.on_change.clone(),
        );
        Callback::from(move |e: Event| {
            let Some(file) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            progress.set(Some(0.0));
            let (app, progress1, progress2, chosen, cb) = (
                app.clone(),
                progress.clone(),
                progress.clone(),
                chosen.clone(),
                cb.clone(),
            );
            crate::upload::upload(
                file,
                None,
                Callback::from(move |f: f64| progress1.set(Some(f))),
                Callback::from(move |res: Result<Value, crate::api::ApiError>| {
                    progress2.set(None);
                    match res {
                        Ok(row) => {
                            cb.emit(row["id"].clone());
                            chosen.set(Some(row));
                        }
                        Err(e) => app.fail(&e),
                    }
                }),
            );
        })
    };
    let open_upload = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_pick = {
        let (picking, chosen, cb) = (picking.clone(), chosen.clone(), p.on_change.clone());
        Callback::from(move |rows: Vec<Value>| {
            if let Some(row) = rows.into_iter().next() {
                cb.emit(row["id"].clone());
                chosen.set(Some(row));
            }
            picking.set(false);
        })
    };
    let title = display_value(&row["title"]);
    html! {
        <div class="related file-field">
            <div class="row">
                if id.is_null() {
                    <span class="muted">{ t("No file selected") }</span>
                } else {
                    <span class="file-chosen">
                        if is_image {
                            <img class="thumb" src={format!("/assets/{}?key=system-small-cover", display_value(&id))} alt={title.clone()} />
                        } else {
                            <Icon name="file" />
                        }
                        <a href={format!("/assets/{}", display_value(&id))} target="_blank" rel="noopener">
                            { if title.is_empty() { display_value(&id) } else { title } }
                        </a>
                    </span>
                }
                if !p.disabled && !id.is_null() {
                    <button type="button" class="icon-button" aria-label={t("Clear")} title={t("Clear")}
                        onclick={{ let cb = p.on_change.clone(); Callback::from(move |_| cb.emit(Value::Null)) }}><Icon name="x" /></button>
                }
            </div>
            if let Some(f) = *progress {
                <div class="progress" role="progressbar" aria-valuenow={((f * 100.0) as u32).to_string()} aria-valuemin="0" aria-valuemax="100">
                    <div style={format!("width:{}%", (f * 100.0) as u32)}></div>
                </div>
            }
            if !p.disabled {
                <div class="actions">
                    <input type="file" ref={input} class="hidden-input" name={p.name()} aria-label={t("Upload a file")}
                        accept={is_image.then_some("image/*")} onchange={on_file} />
                    <button type="button" class="secondary" onclick={open_upload}><Icon name="upload" />{ t("Upload") }</button>
                    <button type="button" class="secondary" onclick={{ let s = picking.clone(); Callback::from(move |_| s.set(true)) }}>
                        <Icon name="folder" />{ t("Choose from Library") }
                    </button>
                </div>
            }
            if *picking {
                <ItemPicker collection="directus_files" {on_pick} on_close={{ let s = picking.clone(); Callback::from(move |_| s.set(false)) }} />
            }
        </div>
    }
}

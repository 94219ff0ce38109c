//! File uploads: a multipart `POST /files` through `XMLHttpRequest` (unlike `fetch`, it reports
//! upload progress), sent with the session cookie and retried once after a silent refresh when the
//! access token has expired; plus the helpers that take the chosen files out of a drop or an
//! `<input type="file">`, and the human-readable size both the library and the file fields show.

use crate::api::{self, ApiError};
use crate::i18n::t;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    DragEvent, File, FileList, FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest,
};
use yew::prelude::*;

/// Uploads `file` (into `folder` when given). `on_progress` gets the sent share, 0.0–1.0;
/// `on_done` gets the created file row (`data` of the response) or the Directus error.
pub fn upload(
    file: File,
    folder: Option<String>,
    on_progress: Callback<f64>,
    on_done: Callback<Result<Value, ApiError>>,
) {
    send(file, folder, on_progress, on_done, true);
}

fn send(
    file: File,
    folder: Option<String>,
    on_progress: Callback<f64>,
    on_done: Callback<Result<Value, ApiError>>,
    may_retry: bool,
) {
    let (xhr, form) = match open().and_then(|x| Ok((x, form(&file, folder.as_deref())?))) {
        Ok(pair) => pair,
        Err(e) => return on_done.emit(Err(browser_error(&e))),
    };
    let on_fail = on_done.clone();

    // Called many times, so a real closure; `loadend` below detaches and drops it.
    let progress = {
        let on_progress = on_progress.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                on_progress.emit((e.loaded() / e.total()).clamp(0.0, 1.0));
            }
        })
    };
    if let Ok(target) = xhr.upload() {
        target.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }

    // `loadend` fires exactly once, after success, error, abort or timeout alike.
    let request = xhr.clone();
    let done = Closure::once_into_js(move || {
        if let Ok(target) = request.upload() {
            target.set_onprogress(None);
        }
        drop(progress);
        match outcome(&request) {
            Err(e) if may_retry && e.is_auth() && e.code == "TOKEN_EXPIRED" => {
                wasm_bindgen_futures::spawn_local(async move {
                    match api::refresh().await {
                        Ok(()) => send(file, folder, on_progress, on_done, false),
                        Err(_) => on_done.emit(Err(e)),
                    }
                });
            }
            result => {
                if result.is_ok() {
                    on_progress.emit(1.0);
                }
                on_done.emit(result);
            }
        }
    });
    xhr.set_onloadend(Some(done.unchecked_ref()));

    if let Err(e) = xhr.send_with_opt_form_data(Some(&form)) {
        xhr.set_onloadend(None);
        on_fail.emit(Err(browser_error(&e)));
    }
}

/// A request opened on `/files` that carries the session cookie.
fn open() -> Result<XmlHttpRequest, JsValue> {
    let xhr = XmlHttpRequest::new()?;
    xhr.open_with_async("POST", "/files", true)?;
    xhr.set_with_credentials(true);
    Ok(xhr)
}

/// The multipart body: Directus reads the fields that come before a file part as that file's
/// columns, so `folder` must precede `file`.
fn form(file: &File, folder: Option<&str>) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    if let Some(folder) = folder {
        form.append_with_str("folder", folder)?;
    }
    form.append_with_blob_and_filename("file", file, &file.name())?;
    Ok(form)
}

/// The finished request as the rest of the studio sees API results.
fn outcome(xhr: &XmlHttpRequest) -> Result<Value, ApiError> {
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(ApiError {
            status: 0,
            code: "NETWORK".into(),
            message: t("The upload failed: the server could not be reached.").into(),
            field: None,
        });
    }
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    let mut body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        Ok(body["data"].take())
    } else {
        Err(ApiError::from_envelope(status, &body))
    }
}

fn browser_error(e: &JsValue) -> ApiError {
    ApiError {
        status: 0,
        code: "BROWSER".into(),
        message: e
            .as_string()
            .or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| t("The upload could not be started.").into()),
        field: None,
    }
}

fn list(files: Option<FileList>) -> Vec<File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// Whether a drag carries files (and not, say, a link or text dragged within the page).
pub fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer()
        .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0))
}

/// The files dropped in a drag-and-drop.
pub fn files_of(e: &DragEvent) -> Vec<File> {
    list(e.data_transfer().and_then(|d| d.files()))
}

/// The files chosen in the `<input type="file">` an event came from; the input is cleared so
/// choosing the same file again fires another change.
pub fn files_of_input(e: &Event) -> Vec<File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = list(input.files());
    input.set_value("");
    files
}

/// A byte count as people read it: "812 B", "4.2 KB", "1.5 MB".
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1000.0 && unit < UNITS.len() - 1 {
        size /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

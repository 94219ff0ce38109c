//! File uploads with progress: a multipart `POST /files` through `XMLHttpRequest` (fetch cannot
//! report upload progress), with the session cookie, the `folder` field before the file part as
//! Directus reads it, and the Directus error envelope turned into an [`ApiError`].

use crate::api::ApiError;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};
use yew::Callback;

/// Uploads `file` (into `folder` when given); `on_progress` gets 0.0–1.0, `on_done` the new file
/// row or the error.
pub fn upload(
    file: web_sys::File,
    folder: Option<String>,
    on_progress: Callback<f64>,
    on_done: Callback<Result<Value, ApiError>>,
) {
    let fail = |message: String| ApiError {
        status: 0,
        code: "NETWORK".into(),
        message,
        field: None,
    };
    let started = (|| -> Result<XmlHttpRequest, wasm_bindgen::JsValue> {
        let form = FormData::new()?;
        if let Some(folder) = &folder {
            form.append_with_str("folder", folder)?;
        }
        form.append_with_blob_and_filename("file", &file, &file.name())?;
        let xhr = XmlHttpRequest::new()?;
        xhr.open("POST", "/files")?;
        xhr.set_with_credentials(true);
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                on_progress.emit(e.loaded() / e.total());
            }
        });
        xhr.upload()?
            .set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
        let done = {
            let xhr = xhr.clone();
            let on_done = on_done.clone();
            Closure::once(move || {
                let status = xhr.status().unwrap_or(0);
                let text = xhr.response_text().ok().flatten().unwrap_or_default();
                let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                on_done.emit(if (200..300).contains(&status) {
                    Ok(body["data"].clone())
                } else {
                    Err(ApiError::from_envelope(status, &body))
                });
            })
        };
        xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
        done.forget();
        xhr.send_with_opt_form_data(Some(&form))?;
        Ok(xhr)
    })();
    if let Err(e) = started {
        on_done.emit(Err(fail(format!("{e:?}"))));
    }
}

/// The files of an `<input type=file>` change or a drop.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

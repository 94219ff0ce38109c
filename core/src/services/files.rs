//! Files: an upload stored in its location and described by a `directus_files` row (type,
//! size, dimensions, title from the name), a replacement of the stored bytes, and deletes that
//! remove rows and stored objects (derived images included) — all within the caller's
//! permissions on `directus_files`.

use crate::app::App;
use crate::auth::Accountability;
use crate::error::{Error, ErrorCode, Result};
use crate::model::query::Query;
use crate::services::items::ItemsService;
use crate::storage::transform;
use serde_json::{Map, Value};

/// One uploaded file part.
pub struct Upload {
    pub filename: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// "my_holiday-photo.jpg" → "My Holiday Photo", as Directus titles uploads.
fn title_of(filename: &str) -> String {
    let stem = filename.rsplit_once('.').map_or(filename, |(s, _)| s);
    stem.split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `image/png` against `image/*`, `*/*`, `image/png`.
fn mime_allowed(mime: &str, allow: &[String]) -> bool {
    allow.iter().any(|pattern| {
        let (pt, ps) = pattern.split_once('/').unwrap_or((pattern, "*"));
        let (mt, ms) = mime.split_once('/').unwrap_or((mime, ""));
        (pt == "*" || pt.eq_ignore_ascii_case(mt)) && (ps == "*" || ps.eq_ignore_ascii_case(ms))
    })
}

/// The row fields that describe `upload` itself.
fn described(upload: &Upload) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), Value::from(upload.mime.clone()));
    m.insert("filesize".into(), Value::from(upload.bytes.len() as u64));
    m.insert(
        "filename_download".into(),
        Value::from(upload.filename.clone()),
    );
    if upload.mime.starts_with("image/")
        && let Some((w, h)) = transform::dimensions(&upload.bytes)
    {
        m.insert("width".into(), Value::from(w));
        m.insert("height".into(), Value::from(h));
    }
    m
}

fn check(app: &App, upload: &Upload) -> Result<()> {
    let cfg = &app.config.files;
    if cfg
        .max_upload_size
        .is_some_and(|max| upload.bytes.len() > max)
    {
        return Err(Error::new(ErrorCode::ContentTooLarge));
    }
    if !mime_allowed(&upload.mime, &cfg.mime_allow_list) {
        return Err(Error::with_message(
            ErrorCode::UnsupportedMediaType,
            format!("File type \"{}\" is not allowed", upload.mime),
        ));
    }
    Ok(())
}

/// Stores `upload` and creates its row with the form's `fields`; returns the new key.
pub async fn create(
    app: &App,
    acc: &Accountability,
    fields: Map<String, Value>,
    upload: Upload,
) -> Result<Value> {
    check(app, &upload)?;
    let svc = ItemsService::new(app, acc, "directus_files").await?;
    let id = fields
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let storage = fields
        .get("storage")
        .and_then(Value::as_str)
        .unwrap_or(&app.storage.default)
        .to_string();
    if !app.storage.has(&storage) {
        return Err(Error::invalid_payload(format!(
            "Storage location \"{storage}\" is not configured"
        )));
    }
    let extension = upload
        .filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .filter(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric()));
    let filename_disk = match extension {
        Some(ext) => format!("{id}.{ext}"),
        None => id.clone(),
    };
    let mut payload = described(&upload);
    payload.insert("title".into(), Value::from(title_of(&upload.filename)));
    payload.extend(fields);
    payload.insert("id".into(), Value::from(id.clone()));
    payload.insert("storage".into(), Value::from(storage.clone()));
    payload.insert("filename_disk".into(), Value::from(filename_disk.clone()));
    payload.insert(
        "uploaded_on".into(),
        Value::from(crate::db::dialect::format_timestamp(chrono::Utc::now())),
    );
    app.storage
        .put(&storage, &filename_disk, upload.bytes)
        .await?;
    match svc.create(&[Value::Object(payload)]).await {
        Ok(mut keys) => Ok(keys.pop().unwrap_or(Value::from(id))),
        Err(e) => {
            // No row, no object: an upload the caller may not make leaves nothing behind.
            let _ = app.storage.delete(&storage, &filename_disk, &id).await;
            Err(e)
        }
    }
}

/// Where files' bytes are: (id, storage, filename_disk) for each key, read with the caller's
/// permissions in one statement; a key the caller may not read is a 403.
pub async fn locations(
    svc: &ItemsService<'_>,
    keys: &[Value],
) -> Result<Vec<(String, String, String)>> {
    let query = Query {
        fields: Some(vec!["id".into(), "storage".into(), "filename_disk".into()]),
        ..Default::default()
    };
    let rows = svc.read_keys(keys, &query).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let text = |k: &str| row.get(k).and_then(Value::as_str).map(str::to_string);
        match (text("id"), text("storage"), text("filename_disk")) {
            (Some(id), Some(s), Some(f)) => out.push((id, s, f)),
            _ => return Err(Error::forbidden()),
        }
    }
    if out.len() < keys.len() {
        return Err(Error::forbidden());
    }
    Ok(out)
}

/// Replaces the stored bytes of file `key` (and updates its row with `fields`).
pub async fn replace(
    app: &App,
    acc: &Accountability,
    key: &Value,
    fields: Map<String, Value>,
    upload: Upload,
) -> Result<()> {
    check(app, &upload)?;
    let svc = ItemsService::new(app, acc, "directus_files").await?;
    let (id, storage, filename_disk) = locations(&svc, std::slice::from_ref(key))
        .await?
        .into_iter()
        .next()
        .ok_or_else(Error::forbidden)?;
    let mut payload = described(&upload);
    payload.extend(fields);
    // The row first: a caller who may not update it changes nothing.
    svc.update_keys(std::slice::from_ref(key), &Value::Object(payload))
        .await?;
    app.storage.delete(&storage, &filename_disk, &id).await?;
    app.storage
        .put(&storage, &filename_disk, upload.bytes)
        .await
}

/// Deletes files `keys`: their rows, then their stored objects.
pub async fn delete(app: &App, acc: &Accountability, keys: &[Value]) -> Result<()> {
    let svc = ItemsService::new(app, acc, "directus_files").await?;
    let stored = locations(&svc, keys).await?;
    svc.delete_keys(keys).await?;
    for (id, storage, filename_disk) in stored {
        if let Err(e) = app.storage.delete(&storage, &filename_disk, &id).await {
            tracing::warn!("file {id} deleted, its stored object not: {}", e.message);
        }
    }
    Ok(())
}

/// Whether `ip` is in `IMPORT_IP_DENY_LIST` (addresses; `0.0.0.0` stands for every local
/// interface address, as in Directus).
fn denied(ip: std::net::IpAddr, deny: &[String]) -> bool {
    deny.iter().any(|d| match d.as_str() {
        "0.0.0.0" => ip.is_unspecified(),
        other => other.parse::<std::net::IpAddr>().is_ok_and(|x| x == ip),
    })
}

/// `POST /files/import`: fetches `url` and stores it as a new file with `fields`.
pub async fn import(
    app: &App,
    acc: &Accountability,
    url: &str,
    fields: Map<String, Value>,
) -> Result<Value> {
    let parsed =
        ::url::Url::parse(url).map_err(|_| Error::invalid_payload("\"url\" must be a URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid_payload("\"url\" must be http or https"));
    }
    let host = parsed.host_str().unwrap_or_default().to_string();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let addresses = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|_| Error::invalid_payload(format!("Couldn't resolve \"{host}\"")))?;
    for a in addresses {
        if denied(a.ip(), &app.config.files.import_ip_deny_list) {
            return Err(Error::forbidden());
        }
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let fetch_failed = |e: reqwest_store::Error| {
        Error::with_message(
            ErrorCode::ServiceUnavailable,
            format!("Couldn't fetch file from URL \"{url}\": {e}"),
        )
    };
    let mut resp = reqwest_store::get(parsed.clone())
        .await
        .map_err(fetch_failed)?;
    if !resp.status().is_success() {
        return Err(Error::with_message(
            ErrorCode::ServiceUnavailable,
            format!(
                "Couldn't fetch file from URL \"{url}\": status {}",
                resp.status()
            ),
        ));
    }
    let mime = resp
        .headers()
        .get(reqwest_store::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_string())
        .unwrap_or_else(|| "application/octet-stream".into());
    let max = app.config.files.max_upload_size;
    let mut bytes = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(fetch_failed)? {
        bytes.extend_from_slice(&chunk);
        if max.is_some_and(|m| bytes.len() > m) {
            return Err(Error::new(ErrorCode::ContentTooLarge));
        }
    }
    let filename = parsed
        .path_segments()
        .and_then(|mut s| s.next_back().map(str::to_string))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "import".into());
    create(
        app,
        acc,
        fields,
        Upload {
            filename,
            mime,
            bytes,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_mime_globs() {
        assert_eq!(title_of("my_holiday-photo.jpg"), "My Holiday Photo");
        assert_eq!(title_of("README"), "README");
        let allow = vec!["image/*".to_string(), "application/pdf".to_string()];
        assert!(mime_allowed("image/png", &allow));
        assert!(mime_allowed("application/pdf", &allow));
        assert!(!mime_allowed("text/html", &allow));
        assert!(mime_allowed("text/html", &["*/*".to_string()]));
    }
}

//! Resumable uploads (tus 1.0: creation and termination): an upload is announced with its
//! length and metadata, its bytes arrive in chunks appended to a file in the data folder at the
//! offset the client reports, and the completed file becomes a `directus_files` row through
//! `files::create` (the upload's id is the file's id). Uploads live in this process and expire
//! after `TUS_UPLOAD_EXPIRATION`.

use crate::app::App;
use crate::auth::Accountability;
use crate::error::{Error, ErrorCode, Result};
use crate::services::files::{self, Upload};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

struct Pending {
    length: u64,
    offset: u64,
    metadata: Map<String, Value>,
    owner: Option<Uuid>,
    started: Instant,
}

#[derive(Default)]
pub struct TusUploads {
    pending: Mutex<HashMap<Uuid, Pending>>,
}

fn part_path(app: &App, id: Uuid) -> PathBuf {
    app.config.data_dir.join("tus").join(id.to_string())
}

/// `key base64,key2 base64` → fields (values decoded; keys without value are empty).
pub fn parse_metadata(header: &str) -> Result<Map<String, Value>> {
    use base64::Engine;
    let mut out = Map::new();
    for pair in header.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once(' ').unwrap_or((pair, ""));
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| {
                Error::invalid_payload(format!("Upload-Metadata \"{key}\" is not base64"))
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::invalid_payload(format!("Upload-Metadata \"{key}\" is not UTF-8"))
        })?;
        out.insert(key.to_string(), Value::from(text));
    }
    Ok(out)
}

fn not_found() -> Error {
    Error::with_message(ErrorCode::Forbidden, "Upload not found".to_string())
}

impl TusUploads {
    async fn expire(&self, app: &App) {
        let ttl = app.config.tus.expiration;
        let mut gone = Vec::new();
        if let Ok(mut p) = self.pending.lock() {
            p.retain(|id, u| {
                let alive = u.started.elapsed() < ttl;
                if !alive {
                    gone.push(*id);
                }
                alive
            });
        }
        for id in gone {
            let _ = tokio::fs::remove_file(part_path(app, id)).await;
        }
    }

    /// A new upload of `length` bytes; returns its id (the future file's id).
    pub async fn create(
        &self,
        app: &App,
        acc: &Accountability,
        length: u64,
        metadata: Map<String, Value>,
    ) -> Result<Uuid> {
        self.expire(app).await;
        if !metadata.contains_key("filename_download") {
            return Err(Error::invalid_payload(
                "Upload-Metadata needs \"filename_download\"",
            ));
        }
        if app
            .config
            .files
            .max_upload_size
            .is_some_and(|m| length > m as u64)
        {
            return Err(Error::new(ErrorCode::ContentTooLarge));
        }
        // The caller must be able to create files at all before sending any bytes.
        let svc = crate::services::items::ItemsService::new(app, acc, "directus_files").await?;
        if let Some(access) = &svc.access {
            access.require("directus_files", crate::permissions::Action::Create)?;
        }
        let id = Uuid::new_v4();
        let path = part_path(app, id);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| Error::internal(format!("tus folder: {e}")))?;
        }
        tokio::fs::write(&path, b"")
            .await
            .map_err(|e| Error::internal(format!("tus part: {e}")))?;
        let pending = Pending {
            length,
            offset: 0,
            metadata,
            owner: acc.user,
            started: Instant::now(),
        };
        if let Ok(mut p) = self.pending.lock() {
            p.insert(id, pending);
        }
        Ok(id)
    }

    /// (offset, length) of an upload of the caller.
    pub fn status(&self, acc: &Accountability, id: Uuid) -> Result<(u64, u64)> {
        let p = self
            .pending
            .lock()
            .map_err(|_| Error::internal("tus state"))?;
        let u = p
            .get(&id)
            .filter(|u| u.owner == acc.user)
            .ok_or_else(not_found)?;
        Ok((u.offset, u.length))
    }

    /// Appends `chunk` at `offset`; the last chunk turns the upload into a file. Returns the
    /// new offset.
    pub async fn append(
        &self,
        app: &App,
        acc: &Accountability,
        id: Uuid,
        offset: u64,
        chunk: &[u8],
    ) -> Result<u64> {
        let (current, length) = self.status(acc, id)?;
        if offset != current {
            return Err(Error::invalid_payload(format!(
                "Upload-Offset is {current}, not {offset}"
            )));
        }
        if offset + chunk.len() as u64 > length {
            return Err(Error::invalid_payload("The chunk goes past Upload-Length"));
        }
        let path = part_path(app, id);
        let mut file = tokio::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .await
            .map_err(|_| not_found())?;
        file.write_all(chunk)
            .await
            .map_err(|e| Error::internal(format!("tus part: {e}")))?;
        file.flush().await.ok();
        let now = offset + chunk.len() as u64;
        let done = {
            let mut p = self
                .pending
                .lock()
                .map_err(|_| Error::internal("tus state"))?;
            let u = p.get_mut(&id).ok_or_else(not_found)?;
            u.offset = now;
            (now == u.length).then(|| u.metadata.clone())
        };
        if let Some(mut metadata) = done {
            let bytes = tokio::fs::read(&path)
                .await
                .map_err(|e| Error::internal(format!("tus part: {e}")))?;
            let text = |k: &str| metadata.get(k).and_then(Value::as_str).map(str::to_string);
            let upload = Upload {
                filename: text("filename_download").unwrap_or_else(|| id.to_string()),
                mime: text("type").unwrap_or_else(|| "application/octet-stream".into()),
                bytes,
            };
            for k in ["filename_download", "type", "filename", "filetype"] {
                metadata.remove(k);
            }
            metadata.insert("id".into(), Value::from(id.to_string()));
            let made = files::create(app, acc, metadata, upload).await;
            self.remove(app, id).await;
            made?;
        }
        Ok(now)
    }

    pub async fn terminate(&self, app: &App, acc: &Accountability, id: Uuid) -> Result<()> {
        self.status(acc, id)?;
        self.remove(app, id).await;
        Ok(())
    }

    async fn remove(&self, app: &App, id: Uuid) {
        if let Ok(mut p) = self.pending.lock() {
            p.remove(&id);
        }
        let _ = tokio::fs::remove_file(part_path(app, id)).await;
    }
}

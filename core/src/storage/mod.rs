//! Storage locations (`STORAGE_LOCATIONS`) as `object_store` stores — local folders or S3 —
//! and what files need of them: put, get whole or a byte range, metadata, delete, and the
//! derived images kept beside each file.

pub mod transform;

use crate::config::{FilesConfig, StorageDriver};
use crate::error::{Error, Result};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::collections::HashMap;
use std::sync::Arc;

pub use object_store::ObjectMeta;

pub struct Storage {
    locations: HashMap<String, Arc<dyn ObjectStore>>,
    /// Where uploads go by default (the first location).
    pub default: String,
}

fn storage_error(e: object_store::Error) -> Error {
    match e {
        object_store::Error::NotFound { .. } => Error::forbidden(),
        other => Error::internal(format!("storage: {other}")),
    }
}

impl Storage {
    pub fn open(config: &FilesConfig) -> Result<Storage> {
        let mut locations: HashMap<String, Arc<dyn ObjectStore>> = HashMap::new();
        for loc in &config.locations {
            let store: Arc<dyn ObjectStore> = match &loc.driver {
                StorageDriver::Local { root } => {
                    std::fs::create_dir_all(root).map_err(|e| {
                        Error::internal(format!("storage {}: {}: {e}", loc.name, root.display()))
                    })?;
                    Arc::new(
                        object_store::local::LocalFileSystem::new_with_prefix(root)
                            .map_err(storage_error)?
                            .with_automatic_cleanup(true),
                    )
                }
                StorageDriver::S3 {
                    key,
                    secret,
                    bucket,
                    region,
                    endpoint,
                    force_path_style,
                    root,
                } => {
                    // reqwest's rustls needs a process-wide crypto provider; ring, as elsewhere.
                    let _ = rustls::crypto::ring::default_provider().install_default();
                    let mut b = object_store::aws::AmazonS3Builder::new()
                        .with_bucket_name(bucket)
                        .with_region(region)
                        .with_access_key_id(&key.0)
                        .with_secret_access_key(&secret.0)
                        .with_virtual_hosted_style_request(!force_path_style);
                    if let Some(endpoint) = endpoint {
                        b = b
                            .with_endpoint(endpoint)
                            .with_allow_http(endpoint.starts_with("http://"));
                    }
                    let s3: Arc<dyn ObjectStore> = Arc::new(b.build().map_err(storage_error)?);
                    if root.is_empty() {
                        s3
                    } else {
                        Arc::new(object_store::prefix::PrefixStore::new(
                            s3,
                            Path::from(root.as_str()),
                        ))
                    }
                }
            };
            locations.insert(loc.name.clone(), store);
        }
        let default = config
            .locations
            .first()
            .map(|l| l.name.clone())
            .unwrap_or_else(|| "local".into());
        Ok(Storage { locations, default })
    }

    fn store(&self, location: &str) -> Result<&Arc<dyn ObjectStore>> {
        self.locations.get(location).ok_or_else(|| {
            Error::invalid_payload(format!("Storage location \"{location}\" is not configured"))
        })
    }

    pub fn has(&self, location: &str) -> bool {
        self.locations.contains_key(location)
    }

    pub async fn put(&self, location: &str, name: &str, bytes: Vec<u8>) -> Result<()> {
        self.store(location)?
            .put(&Path::from(name), PutPayload::from(bytes))
            .await
            .map_err(storage_error)?;
        Ok(())
    }

    pub async fn head(&self, location: &str, name: &str) -> Result<ObjectMeta> {
        self.store(location)?
            .head(&Path::from(name))
            .await
            .map_err(storage_error)
    }

    /// The object as a stream of chunks (never whole in memory).
    pub async fn stream(
        &self,
        location: &str,
        name: &str,
    ) -> Result<futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>> {
        use futures_util::StreamExt;
        let got = self
            .store(location)?
            .get(&Path::from(name))
            .await
            .map_err(storage_error)?;
        Ok(got
            .into_stream()
            .map(|c| c.map_err(std::io::Error::other))
            .boxed())
    }

    pub async fn read(&self, location: &str, name: &str) -> Result<bytes::Bytes> {
        let got = self
            .store(location)?
            .get(&Path::from(name))
            .await
            .map_err(storage_error)?;
        got.bytes().await.map_err(storage_error)
    }

    pub async fn read_range(
        &self,
        location: &str,
        name: &str,
        range: std::ops::Range<u64>,
    ) -> Result<bytes::Bytes> {
        self.store(location)?
            .get_range(&Path::from(name), range)
            .await
            .map_err(storage_error)
    }

    /// Deletes the object and the images derived from it; a missing one is no error.
    pub async fn delete(&self, location: &str, name: &str, id: &str) -> Result<()> {
        use futures_util::StreamExt;
        let store = self.store(location)?;
        match store.delete(&Path::from(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(storage_error(e)),
        }
        let derived = Path::from(derived_folder(id));
        let mut listing = store.list(Some(&derived));
        while let Some(meta) = listing.next().await {
            if let Ok(meta) = meta {
                let _ = store.delete(&meta.location).await;
            }
        }
        Ok(())
    }
}

/// Where the transformed images of file `id` are kept.
pub fn derived_folder(id: &str) -> String {
    format!("__derived/{id}")
}

//! `KEY` and `SECRET` when the environment has none: generated once, kept in the data folder so
//! tokens survive restarts, with a warning that production should set them explicitly.

use super::{Config, Secret};
use rand::Rng;
use rand::distributions::Alphanumeric;
use std::io;
use std::path::Path;

/// Fills `config.key` / `config.secret` from `<data_dir>/{key,secret}`, creating those files
/// (mode 0600) with random values when they are missing.
pub fn ensure_secrets(config: &mut Config) -> io::Result<()> {
    let dir = config.data_dir.clone();
    for (name, slot) in [("KEY", &mut config.key), ("SECRET", &mut config.secret)] {
        if slot.0.is_empty() {
            *slot = Secret(load_or_create(&dir, &name.to_ascii_lowercase(), name)?);
        }
    }
    Ok(())
}

fn load_or_create(dir: &Path, file: &str, var: &str) -> io::Result<String> {
    let path = dir.join(file);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_string();
        if !existing.is_empty() {
            return Ok(existing);
        }
    }
    std::fs::create_dir_all(dir)?;
    let value: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(64)
        .map(char::from)
        .collect();
    write_private(&path, &value)?;
    tracing::warn!(
        "{var} is not set: generated one and stored it in {}. Set {var} explicitly in production.",
        path.display()
    );
    Ok(value)
}

#[cfg(unix)]
fn write_private(path: &Path, value: &str) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(value.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, value: &str) -> io::Result<()> {
    std::fs::write(path, value)
}

//! Embeds every file of `ui/dist` (and its gzip form) into the crate as `FILES`.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = manifest.join("../ui/dist");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    collect(&dist, &dist, &mut files);
    files.sort();
    let mut code = String::from("pub static FILES: &[File] = &[\n");
    for rel in &files {
        let path = dist.join(rel);
        println!("cargo:rerun-if-changed={}", path.display());
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let gz_path = out.join(format!("{}.gz", rel.replace('/', "__")));
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let gz = enc
            .write_all(&bytes)
            .and_then(|_| enc.finish())
            .unwrap_or_default();
        if std::fs::write(&gz_path, &gz).is_err() {
            continue;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let _ = writeln!(
            code,
            "    ({rel:?}, {mime:?}, include_bytes!({p:?}), include_bytes!({g:?}), \"\\\"{h:016x}\\\"\"),",
            mime = mime(rel),
            p = path.display().to_string(),
            g = gz_path.display().to_string(),
            h = hasher.finish(),
        );
    }
    code.push_str("];\n");
    if files.is_empty() {
        println!(
            "cargo:warning=ui/dist is missing: /admin will ask for `scripts/studio` to be run"
        );
    }
    let _ = std::fs::write(out.join("files.rs"), code);
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

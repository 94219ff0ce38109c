//! Tauri's build step: reads tauri.conf.json (a link to the repository root's) and the capabilities.
fn main() {
    tauri_build::build()
}

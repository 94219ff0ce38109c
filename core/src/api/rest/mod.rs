//! REST resources, one file each.

pub mod assets;
pub mod auth;
pub mod export;
pub mod files;
pub mod items;
pub mod schema;
pub mod server;
pub mod system;
pub mod tus;
pub mod users;
pub mod versions;

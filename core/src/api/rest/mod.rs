//! REST resources, one file each.

pub mod auth;
pub mod export;
pub mod items;
pub mod schema;
pub mod server;
pub mod system;
pub mod users;

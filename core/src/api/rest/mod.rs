//! REST resources, one file each.

pub mod auth;
pub mod server;
pub mod users;

//! Strata's engine: configuration, errors, database, migrations runner, authentication,
//! services and (feature `server`) the HTTP API.

pub mod app;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod model;
pub mod permissions;
pub mod query;
pub mod realtime;
pub mod schema;
pub mod services;
pub mod storage;

#[cfg(feature = "server")]
pub mod api;

pub use app::App;
pub use error::{Error, ErrorCode, Result};

//! Services: one per resource, the only code that writes system and content tables.

pub mod activity;
pub mod auth;
pub mod bootstrap;
pub mod files;
pub mod invites;
pub mod items;
pub mod mail;
pub mod notifications;
pub mod rate_limit;
pub mod registration;
pub mod roles;
pub mod schema;
pub mod settings;
pub mod shares;
pub mod tfa;
pub mod tus;
pub mod users;
pub mod versions;

//! Black-box test harness for Strata: starts the real `strata` binary on a fresh database
//! (SQLite, PostgreSQL or MySQL, chosen by `TEST_DB`) and talks to it over HTTP only.
//!
//! - [`for_each_db`] runs a test body once per database in `TEST_DB` (default `sqlite`).
//! - [`TestDb`] is one fresh database plus a temporary working directory.
//! - [`TestServer`] spawns `strata` on a `TestDb`, waits for its listening line, kills it on drop.
//! - [`run_cli`] runs a one-shot `strata` subcommand on the same database/working directory.
//! - [`Resp`] and the `assert_*` helpers check status, envelope and error codes.
//! - [`SmtpSink`] is a local SMTP server (Python `aiosmtpd`) collecting mails as JSON.
#![allow(clippy::unwrap_used)]

pub mod db;
pub mod fixtures;
pub mod http;
pub mod jwt;
pub mod s3;
pub mod server;
pub mod smtp;
pub mod webdriver;

pub use db::{Db, TestDb, dbs, for_each_db};
pub use http::{Cookie, Resp, assert_error, assert_error_message, assert_status, data};
pub use jwt::{jwt_claims, sign_jwt, tamper_signature};
pub use server::{CliOutput, TestServer, run_cli, set_default_binary, strata_binary};
pub use smtp::{Mail, SmtpSink};

pub use serde_json::{Value, json};

/// Default admin credentials every [`TestServer`] is bootstrapped with (unless a test unsets them).
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "Strata-Admin-Pw-1";

//! Authentication: JWTs, password hashing, and the accountability of each request.

pub mod accountability;
pub mod cache;
pub mod jwt;
pub mod password;

pub use accountability::{Accountability, ClientInfo};

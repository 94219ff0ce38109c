//! Plain serde types shared with the studio (no I/O; compiles to wasm32).

pub mod query;

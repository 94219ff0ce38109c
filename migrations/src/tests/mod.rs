//! Unit tests of the crate: the declared catalog and its rendering per backend.

mod catalog;
mod rendering;

//! The `portcullis` binary's library half: everything `main.rs` drives and the integration tests
//! reach.

pub mod app;
pub mod audit;
pub mod report;

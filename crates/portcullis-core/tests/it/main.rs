//! Integration tests of portcullis-core.
mod config;
mod scorecard;

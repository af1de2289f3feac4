//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod audit;
mod audit_e2e;
mod bench;
mod cli;
mod common;
mod compose_cli;
mod db;
mod differential;
mod image;
mod report;
mod sbom_cli;

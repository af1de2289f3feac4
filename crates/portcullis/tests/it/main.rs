//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod bench;
mod cli;
mod compose_cli;
mod db;
mod differential;
mod image;
mod report;
mod sbom_cli;

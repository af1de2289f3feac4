//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod cli;
mod differential;
mod report;
mod sbom_cli;

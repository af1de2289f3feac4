//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod cli;
mod compose_cli;
mod differential;
mod report;

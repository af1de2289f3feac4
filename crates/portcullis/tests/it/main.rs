//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod bench;
mod cli;
mod differential;
mod report;

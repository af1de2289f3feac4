//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod audit;
mod audit_e2e;
mod cli;
mod differential;
mod report;

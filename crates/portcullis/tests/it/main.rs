//! Integration tests of the portcullis binary and library: reporters, CLI, differential.
mod cli;
mod db;
mod differential;
mod image;
mod report;

//! Integration tests of portcullis-lint: parser, rules (fixtures), fixes, hostile input.
mod compose_diff;
mod compose_fixtures;
mod compose_harden;
mod compose_spec;
mod fixtures;
mod hostile;
mod parser;
mod registry;

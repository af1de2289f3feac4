//! Integration tests of portcullis-lint: parser, rules (fixtures), fixes, hostile input.
mod fixtures;
mod hostile;
mod parser;
mod registry;
mod compose_diff;
mod compose_spec;

//! Integration tests of portcullis-lint: parser, rules (fixtures), fixes, hostile input.
mod parser;

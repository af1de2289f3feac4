//! `portcullis audit`'s parts that are not command-line plumbing: which images and Compose
//! services a project names, how containers map back to Compose services, and the baseline.

pub mod baseline;
pub mod project;

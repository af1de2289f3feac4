//! Vulnerability matching for portcullis: version comparators per ecosystem, OSV records in a
//! compact embedded database, and matching of installed packages against them.

pub mod version;

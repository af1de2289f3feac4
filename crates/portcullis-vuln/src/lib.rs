//! Vulnerability matching for portcullis: version comparators per ecosystem, OSV records in a
//! compact embedded database, and matching of installed packages against them.
//!
//! The integrator's entry point is [`scan::scan`] (or [`scan::scan_cache`]):
//! `scan(&db, distro, &packages, &opts)` → `VULN` findings plus the tool's `PC` findings.

pub mod import;
pub mod matcher;
pub mod osv;
pub mod rules;
pub mod scan;
pub mod store;
pub mod suppress;
pub mod update;
pub mod version;

pub use rules::VULN_RULES;
pub use scan::{ScanOptions, ScanOutput, scan, scan_cache};
pub use store::{Db, DbError};

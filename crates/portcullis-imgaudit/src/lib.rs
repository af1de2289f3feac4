//! What portcullis says about an image beyond its packages: the IMG checks (configuration and
//! content, dockle's checkpoints and more), secrets in the image's files, configuration and
//! history, and the SBOM writers (CycloneDX 1.5, SPDX 2.3).
//!
//! Pure: the image reader (`portcullis-image`) feeds it through small documented input types —
//! [`FileEntry`] for every entry of every layer (deleted files included), file content when
//! [`ContentAudit::entry`] asks for it, the image config as a `serde_json::Value` — and it hands
//! back findings and JSON documents. No I/O.

pub mod config;
pub mod content;
pub mod input;
pub mod reader;
pub mod rules;
pub mod sbom;

pub use config::{ConfigCtx, check_config};
pub use content::{ContentAudit, FinalView};
pub use input::{FileEntry, FileKind};
pub use reader::{AuditOptions, AuditStep, sbom_input};
pub use rules::IMAGE_AUDIT_RULES;

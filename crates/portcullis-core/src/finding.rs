//! A finding: one rule's verdict on one place.

use crate::{Practice, Severity};
use serde::{Deserialize, Serialize};

/// Where a finding is. Files use `path` + 1-based `line`/`column`; Docker objects use `object`,
/// `id`, `name` and a JSON `pointer`; image content uses `image`, `layer`, `path`; packages use
/// `package`, `version`, `purl`. Fields that do not apply are omitted from JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

impl Location {
    /// A span in a text file: 1-based lines and columns, end column exclusive.
    pub fn span(path: &str, line: u32, column: u32, end_line: u32, end_column: u32) -> Location {
        Location {
            path: Some(path.to_string()),
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            end_column: Some(end_column),
            ..Location::default()
        }
    }
}

/// Whether a fix can be applied without changing what the build produces in a way the user would
/// not expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Applied by `--fix`.
    Safe,
    /// Shown, applied only with `--unsafe-fixes`.
    Unsafe,
}

/// One replacement of a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// Byte offset where the replaced range starts.
    pub start: usize,
    /// Byte offset one past the replaced range.
    pub end: usize,
    pub replacement: String,
}

/// A machine-applicable fix: edits that never overlap each other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fix {
    pub description: String,
    pub safety: FixSafety,
    pub edits: Vec<Edit>,
}

/// One finding, exactly as the JSON report carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub name: String,
    pub practice: Practice,
    pub severity: Severity,
    pub message: String,
    /// Index into the report's `targets`.
    pub target: usize,
    pub location: Location,
    pub aliases: Vec<String>,
    pub references: Vec<String>,
    pub remediation: Option<String>,
    pub fix: Option<Fix>,
    pub detail: Option<serde_json::Value>,
}

impl Finding {
    /// Deterministic order: path, line, column, rule code, message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.target,
            self.location.path.as_deref(),
            self.location.line,
            self.location.column,
            self.rule.as_str(),
            self.message.as_str(),
        )
    }
}

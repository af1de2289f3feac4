//! A finding: one rule's verdict on one place.

use crate::{Practice, Severity};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

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
///
/// The lists and text copied from the rule's static metadata (`aliases`, `references`,
/// `remediation`) borrow it instead of allocating: a run can carry many thousands of findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's code and name: borrowed from its metadata (owned when read back from JSON).
    pub rule: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub practice: Practice,
    pub severity: Severity,
    pub message: String,
    /// Index into the report's `targets`.
    pub target: usize,
    pub location: Location,
    pub aliases: StrList,
    pub references: StrList,
    pub remediation: Option<Cow<'static, str>>,
    pub fix: Option<Fix>,
    pub detail: Option<serde_json::Value>,
}

/// A list of strings that is either a rule's static list (no allocation) or owned (read back
/// from JSON). Serialized as a JSON array of strings; equal when the strings are equal.
#[derive(Clone)]
pub enum StrList {
    Static(&'static [&'static str]),
    Owned(Vec<String>),
}

impl StrList {
    pub fn len(&self) -> usize {
        match self {
            StrList::Static(v) => v.len(),
            StrList::Owned(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        match self {
            StrList::Static(v) => v.get(i).copied(),
            StrList::Owned(v) => v.get(i).map(String::as_str),
        }
    }

    pub fn iter(&self) -> StrListIter<'_> {
        StrListIter {
            list: self,
            front: 0,
            back: self.len(),
        }
    }

    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|x| x == s)
    }

    /// The strings joined with `sep`.
    pub fn join(&self, sep: &str) -> String {
        self.iter().collect::<Vec<_>>().join(sep)
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl Default for StrList {
    fn default() -> Self {
        StrList::Static(&[])
    }
}

impl fmt::Debug for StrList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for StrList {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for StrList {}

impl From<Vec<String>> for StrList {
    fn from(v: Vec<String>) -> Self {
        StrList::Owned(v)
    }
}

impl From<&'static [&'static str]> for StrList {
    fn from(v: &'static [&'static str]) -> Self {
        StrList::Static(v)
    }
}

impl<'a> IntoIterator for &'a StrList {
    type Item = &'a str;
    type IntoIter = StrListIter<'a>;
    fn into_iter(self) -> StrListIter<'a> {
        self.iter()
    }
}

/// Iterator over a [`StrList`].
#[derive(Clone)]
pub struct StrListIter<'a> {
    list: &'a StrList,
    front: usize,
    back: usize,
}

impl<'a> Iterator for StrListIter<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.list.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for StrListIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.list.get(self.back)
    }
}

impl ExactSizeIterator for StrListIter<'_> {}

impl Serialize for StrList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(d).map(StrList::Owned)
    }
}

impl Finding {
    /// Deterministic order: path, line, column, rule code, message.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            self.target,
            self.location.path.as_deref(),
            self.location.line,
            self.location.column,
            &*self.rule,
            self.message.as_str(),
        )
    }
}

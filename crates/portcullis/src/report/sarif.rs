//! SARIF 2.1.0 (OASIS), shaped for GitHub code scanning.
//!
//! - `tool.driver.rules` lists every rule of the registry (plus any rule a finding names that the
//!   registry lacks), so `ruleIndex` is stable for a given registry.
//! - Columns are Unicode code points (`run.columnKind`), 1-based, the end column exclusive, which
//!   is exactly SARIF's region model.
//! - GitHub rejects a whole SARIF file when one result lacks
//!   `physicalLocation.artifactLocation.uri`, so findings on Docker objects (no file) carry both
//!   a `logicalLocation` naming the object and a physical location at a stable pseudo-path such
//!   as `container/web` (without a region).
//! - `partialFingerprints.primaryLocationLineHash` hashes the rule, the path and the offending
//!   line's text (not its number), with GitHub's `:N` occurrence suffix.

use super::{
    INFORMATION_URI, Place, RenderContext, Reporter, forward_slashes, rule_docs, what_it_does,
};
use portcullis_core::{Finding, FixSafety, Practice, RuleMeta, Severity};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io;

/// The `$schema` of every SARIF log we write.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct SarifReporter;

impl Reporter for SarifReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &build(cx))?;
        out.write_all(b"\n")
    }
}

/// SARIF `level` of a severity.
pub(crate) fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score (a CVSS-like number as a string).
pub(crate) fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.0",
        Severity::High => "7.0",
        Severity::Medium => "5.0",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn build<'a>(cx: &RenderContext<'a>) -> Log<'a> {
    // Registry rules first, in registry order; then rules only findings know about.
    let mut rules: Vec<Descriptor> = cx.rules.iter().map(|m| descriptor(m)).collect();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, d) in rules.iter().enumerate() {
        index.entry(d.id.clone()).or_insert(i);
    }
    for f in &cx.report.findings {
        if !index.contains_key(&*f.rule) {
            index.insert(f.rule.to_string(), rules.len());
            rules.push(descriptor_from_finding(f));
        }
    }

    let results = cx
        .report
        .findings
        .iter()
        .zip(super::fingerprints(cx))
        .map(|(f, hash)| {
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert("primaryLocationLineHash", hash);
            result(cx, f, index[&*f.rule], fingerprints)
        })
        .collect();

    Log {
        schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "portcullis",
                    version: cx.tool_version,
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
            properties: run_properties(cx),
        }],
    }
}

/// The run's property bag: `portcullis/scorecard` and `portcullis/notices` when the report has
/// them (SARIF has no place of its own for either).
fn run_properties(cx: &RenderContext) -> Option<serde_json::Value> {
    let report = cx.report;
    if report.scorecard.is_none() && report.notices.is_empty() {
        return None;
    }
    let mut bag = serde_json::Map::new();
    if let Some(card) = &report.scorecard {
        bag.insert(
            "portcullis/scorecard".into(),
            serde_json::to_value(card).unwrap_or_default(),
        );
    }
    if !report.notices.is_empty() {
        bag.insert(
            "portcullis/notices".into(),
            serde_json::to_value(&report.notices).unwrap_or_default(),
        );
    }
    Some(serde_json::Value::Object(bag))
}

fn descriptor(m: &RuleMeta) -> Descriptor {
    let docs = rule_docs(m);
    let summary = non_empty(m.summary).unwrap_or(m.name).to_string();
    let full = what_it_does(&docs).unwrap_or_else(|| summary.clone());
    let help = if docs.is_empty() {
        non_empty(m.remediation).unwrap_or(&summary).to_string()
    } else {
        docs
    };
    let mut tags = vec![m.practice.slug().to_string()];
    for a in m.aliases {
        push_unique(&mut tags, a);
    }
    if m.practice != Practice::BuildHygiene {
        push_unique(&mut tags, "security");
    }
    Descriptor {
        id: m.code.to_string(),
        name: m.name.to_string(),
        short_description: Text { text: summary },
        full_description: Text { text: full },
        help: Help {
            text: help.clone(),
            markdown: help,
        },
        help_uri: m
            .references
            .iter()
            .copied()
            .find(|r| is_absolute_http_uri(r))
            .map(str::to_string),
        default_configuration: Configuration {
            level: level(m.severity),
            enabled: (!m.default_enabled).then_some(false),
        },
        properties: DescriptorProperties {
            tags,
            security_severity: security_severity(m.severity),
        },
    }
}

/// A descriptor for a rule the registry does not know (e.g. `VULN`), from what its finding says.
fn descriptor_from_finding(f: &Finding) -> Descriptor {
    let mut tags = vec![f.practice.slug().to_string()];
    for a in &f.aliases {
        push_unique(&mut tags, a);
    }
    if f.practice != Practice::BuildHygiene {
        push_unique(&mut tags, "security");
    }
    let help = f.remediation.as_deref().unwrap_or(&f.name).to_string();
    Descriptor {
        id: f.rule.to_string(),
        name: f.name.to_string(),
        short_description: Text {
            text: f.name.to_string(),
        },
        full_description: Text {
            text: f.name.to_string(),
        },
        help: Help {
            text: help.clone(),
            markdown: help,
        },
        help_uri: f
            .references
            .iter()
            .find(|r| is_absolute_http_uri(r))
            .map(str::to_string),
        default_configuration: Configuration {
            level: level(f.severity),
            enabled: None,
        },
        properties: DescriptorProperties {
            tags,
            security_severity: security_severity(f.severity),
        },
    }
}

fn result(
    cx: &RenderContext,
    f: &Finding,
    rule_index: usize,
    partial_fingerprints: BTreeMap<&'static str, String>,
) -> SarifResult {
    let place = Place::of(f, cx.report);
    let (location, fixes) = match &place {
        Place::File {
            path,
            line,
            column,
            end_line,
            end_column,
        } => {
            let region = line.map(|start_line| Region {
                start_line: Some(start_line),
                start_column: *column,
                end_line: *end_line,
                end_column: end_column.filter(|_| column.is_some()),
                ..Region::default()
            });
            let uri = path_uri(path);
            let fixes = f
                .fix
                .as_ref()
                .filter(|fix| !fix.edits.is_empty())
                .map(|fix| {
                    let source = cx.sources.get(*path).map(String::as_str);
                    let mut edits = fix.edits.clone();
                    edits.sort();
                    vec![SarifFix {
                        description: Text {
                            text: fix.description.clone(),
                        },
                        artifact_changes: vec![ArtifactChange {
                            artifact_location: ArtifactLocation { uri: uri.clone() },
                            replacements: edits
                                .iter()
                                .map(|e| Replacement {
                                    deleted_region: byte_region(source, e.start, e.end),
                                    inserted_content: ArtifactContent {
                                        text: e.replacement.clone(),
                                    },
                                })
                                .collect(),
                        }],
                        properties: FixProperties {
                            safety: match fix.safety {
                                FixSafety::Safe => "safe",
                                FixSafety::Unsafe => "unsafe",
                            },
                        },
                    }]
                })
                .unwrap_or_default();
            let location = Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri },
                    region,
                },
                logical_locations: Vec::new(),
            };
            (location, fixes)
        }
        Place::Object { label, path } => {
            let loc = &f.location;
            let name = loc
                .name
                .clone()
                .or_else(|| loc.id.clone())
                .or_else(|| loc.package.clone())
                .or_else(|| loc.image.clone())
                .unwrap_or_else(|| path.clone());
            let kind = loc
                .object
                .clone()
                .or_else(|| loc.package.as_ref().map(|_| "package".to_string()))
                .or_else(|| loc.image.as_ref().map(|_| "image".to_string()))
                .or_else(|| {
                    cx.report
                        .targets
                        .get(f.target)
                        .map(|t| t.kind.as_str().to_string())
                });
            let location = Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: percent_encode_path(path),
                    },
                    region: None,
                },
                logical_locations: vec![LogicalLocation {
                    name,
                    fully_qualified_name: label.clone(),
                    kind,
                }],
            };
            (location, Vec::new())
        }
    };

    SarifResult {
        rule_id: f.rule.to_string(),
        rule_index,
        level: level(f.severity),
        message: Text {
            text: f.message.clone(),
        },
        locations: vec![location],
        partial_fingerprints,
        fixes,
        properties: ResultProperties {
            severity: f.severity.as_str(),
            practice: f.practice.slug(),
            aliases: f.aliases.to_vec(),
            remediation: f.remediation.as_deref().map(str::to_string),
            detail: f.detail.clone(),
        },
    }
}

/// The region of a fix's byte range: line/column and character offsets when the source is at
/// hand and the offsets fall on character boundaries, byte offsets otherwise.
fn byte_region(source: Option<&str>, start: usize, end: usize) -> Region {
    let end = end.max(start);
    if let Some(text) = source
        && let (Some((sl, sc, so)), Some((el, ec, eo))) =
            (position(text, start), position(text, end))
    {
        return Region {
            start_line: Some(sl),
            start_column: Some(sc),
            end_line: Some(el),
            end_column: Some(ec),
            char_offset: Some(so),
            char_length: Some(eo - so),
            ..Region::default()
        };
    }
    Region {
        byte_offset: Some(start),
        byte_length: Some(end - start),
        ..Region::default()
    }
}

/// 1-based line, 1-based code-point column and 0-based code-point offset of a byte offset.
fn position(text: &str, byte: usize) -> Option<(u32, u32, usize)> {
    if byte > text.len() || !text.is_char_boundary(byte) {
        return None;
    }
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    Some((
        u32::try_from(line).ok()?,
        u32::try_from(column).ok()?,
        before.chars().count(),
    ))
}

/// The `artifactLocation.uri` of a path as the user gave it: relative paths stay relative (with
/// forward slashes), absolute ones become `file://` URIs; anything a URI cannot carry is
/// percent-encoded.
fn path_uri(path: &str) -> String {
    let path = forward_slashes(path);
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        format!("file://{}", percent_encode_path(&path))
    } else if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        // A Windows drive path such as C:/work/Dockerfile.
        format!("file:///{}:{}", &path[..1], percent_encode_path(&path[2..]))
    } else {
        percent_encode_path(&path)
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, sub-delimiters, `@` and `/`.
/// `:` is encoded so that a first segment such as `nginx:1.25` is not read as a scheme.
fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'@'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'=' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn is_absolute_http_uri(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b))
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

fn push_unique(tags: &mut Vec<String>, tag: &str) {
    if !tags.iter().any(|t| t == tag) {
        tags.push(tag.to_string());
    }
}

// ---------------------------------------------------------------------------------------------
// The subset of the SARIF object model we write, in the spec's property order.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
    /// `audit`: the scorecard and the notices (what was skipped and why), in a property bag.
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: DescriptorProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    #[serde(skip_serializing_if = "Option::is_none")]
    enabled: Option<bool>,
    level: &'static str,
}

#[derive(Serialize)]
struct DescriptorProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct ResultProperties {
    severity: &'static str,
    practice: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<serde_json::Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    safety: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: ArtifactContent,
}

#[derive(Serialize)]
struct ArtifactContent {
    text: String,
}

#[cfg(test)]
mod tests {
    use super::{path_uri, position};

    #[test]
    fn uris() {
        assert_eq!(path_uri("app/Dockerfile"), "app/Dockerfile");
        assert_eq!(
            path_uri("app\\sub dir\\Dockerfile"),
            "app/sub%20dir/Dockerfile"
        );
        assert_eq!(
            path_uri("/srv/app/Dockerfile"),
            "file:///srv/app/Dockerfile"
        );
        assert_eq!(path_uri("C:\\app\\Dockerfile"), "file:///C:/app/Dockerfile");
        assert_eq!(path_uri("nginx:1.25"), "nginx%3A1.25");
        assert_eq!(path_uri("ü/100%"), "%C3%BC/100%25");
    }

    #[test]
    fn positions_count_code_points() {
        let text = "FROM x\nENV A=é B=1\n";
        assert_eq!(position(text, 0), Some((1, 1, 0)));
        assert_eq!(position(text, 7), Some((2, 1, 7)));
        // `B` comes after the two-byte `é`: byte 16 is code point 15.
        assert_eq!(position(text, 16), Some((2, 9, 15)));
        assert_eq!(position(text, 14), None); // inside `é`
        assert_eq!(position(text, text.len()), Some((3, 1, 19)));
        assert_eq!(position(text, 99), None);
    }
}

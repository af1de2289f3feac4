//! Reporters: one [`Report`] rendered in every output format behind one [`Reporter`] trait.
//!
//! Every reporter is deterministic: the same report, rules and sources give the same bytes. No
//! timestamps, no absolute paths that the report does not already carry, no hash-map ordering.
//!
//! Locations come in two kinds (see [`portcullis_core::Location`]):
//!
//! - **file findings** have a `path` to a file the user gave us (a Dockerfile, a Compose file) and
//!   usually a 1-based `line`/`column` span, the end column exclusive. Columns count characters
//!   (Unicode scalar values), which is why SARIF output declares `columnKind: unicodeCodePoints`;
//! - **object findings** point at a Docker object (`object`/`id`/`name`/`pointer`), at a file
//!   inside an image (`image`/`layer`/`path`) or at a package. They have no file in the user's
//!   tree, so each format describes them with a label or a stable pseudo-path instead.

mod checkstyle;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod scorecard;

use portcullis_core::{Finding, Report, RuleMeta, Target, TargetKind};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::str::FromStr;

pub use checkstyle::CheckstyleReporter;
pub use github::GithubReporter;
pub use gitlab::GitlabReporter;
pub use human::HumanReporter;
pub use json::JsonReporter;
pub use junit::JunitReporter;
pub use markdown::MarkdownReporter;
pub use sarif::{SARIF_SCHEMA_URI, SarifReporter};

/// Where the tool's documentation lives; SARIF's `tool.driver.informationUri`.
pub const INFORMATION_URI: &str = "https://github.com/portcullis-dev/portcullis";

/// Everything a reporter needs besides the output stream.
#[derive(Clone, Copy)]
pub struct RenderContext<'a> {
    /// The findings, already filtered and sorted.
    pub report: &'a Report,
    /// The rule registry: SARIF lists every rule, and rule docs come from here.
    pub rules: &'a [&'static RuleMeta],
    /// File path (exactly as in `Location::path`) to the file's text, for showing the offending
    /// line and converting fix byte offsets. Files missing here are rendered without snippets.
    pub sources: &'a BTreeMap<String, String>,
    /// Emit ANSI colours (only the human format has any).
    pub color: bool,
    /// The version string reported as the tool's version.
    pub tool_version: &'a str,
    /// Fingerprints of the findings computed before filtering (`audit --baseline` lists a
    /// subset); `None`: computed from the report itself.
    pub fingerprints: Option<&'a [String]>,
}

impl<'a> RenderContext<'a> {
    /// A context without colour, with the report's own tool version.
    pub fn new(
        report: &'a Report,
        rules: &'a [&'static RuleMeta],
        sources: &'a BTreeMap<String, String>,
    ) -> RenderContext<'a> {
        RenderContext {
            report,
            rules,
            sources,
            color: false,
            tool_version: &report.tool.version,
            fingerprints: None,
        }
    }

    /// The registry entry for a rule code, if the registry has it.
    pub fn rule(&self, code: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().copied().find(|r| r.code == code)
    }

    /// Line `line` (1-based) of `path`, without its line terminator.
    pub fn source_line(&self, path: &str, line: u32) -> Option<&'a str> {
        let text = self.sources.get(path)?;
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        text.lines().nth(index)
    }
}

/// Renders a report in one format.
pub trait Reporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()>;
}

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Grouped by file, with the offending line and a summary, for people.
    Human,
    /// The versioned JSON report (the contract in DESIGN.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations.
    Github,
    /// JUnit XML: a test suite per target, a failed test case per finding.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab code quality (Code Climate JSON).
    Gitlab,
    /// Markdown for pull-request comments: scorecard table, findings by practice.
    Markdown,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
        Format::Checkstyle,
        Format::Gitlab,
        Format::Markdown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Junit => "junit",
            Format::Checkstyle => "checkstyle",
            Format::Gitlab => "gitlab",
            Format::Markdown => "markdown",
        }
    }

    /// One line for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "grouped by file with the offending line, for people",
            Format::Json => "the versioned portcullis JSON report",
            Format::Sarif => "SARIF 2.1.0, for GitHub code scanning",
            Format::Github => "GitHub Actions annotations (workflow commands)",
            Format::Junit => "JUnit XML, a test suite per target",
            Format::Checkstyle => "Checkstyle XML",
            Format::Gitlab => "GitLab code quality (Code Climate JSON)",
            Format::Markdown => "Markdown for pull-request comments, findings by practice",
        }
    }

    /// Whether the format can use colour at all.
    pub fn supports_color(self) -> bool {
        self == Format::Human
    }

    pub fn reporter(self) -> Box<dyn Reporter> {
        match self {
            Format::Human => Box::new(HumanReporter),
            Format::Json => Box::new(JsonReporter),
            Format::Sarif => Box::new(SarifReporter),
            Format::Github => Box::new(GithubReporter),
            Format::Junit => Box::new(JunitReporter),
            Format::Checkstyle => Box::new(CheckstyleReporter),
            Format::Gitlab => Box::new(GitlabReporter),
            Format::Markdown => Box::new(MarkdownReporter),
        }
    }

    /// Renders `cx` in this format.
    pub fn render(self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        self.reporter().render(cx, out)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        let lower = s.to_ascii_lowercase();
        if let Some(f) = Format::ALL.into_iter().find(|f| f.as_str() == lower) {
            return Ok(f);
        }
        match lower.as_str() {
            "text" => Ok(Format::Human),
            "github-actions" => Ok(Format::Github),
            "codeclimate" | "code-climate" => Ok(Format::Gitlab),
            "md" => Ok(Format::Markdown),
            _ => Err(format!(
                "unknown format `{s}` (expected one of: {})",
                Format::ALL.map(Format::as_str).join(", ")
            )),
        }
    }
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()).help(self.description()))
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the reporters.

/// Where a finding is, resolved once for every format.
pub(crate) enum Place<'r> {
    /// A file of the user's: `path` plus an optional span.
    File {
        path: &'r str,
        line: Option<u32>,
        column: Option<u32>,
        end_line: Option<u32>,
        end_column: Option<u32>,
    },
    /// A Docker object, image content or package: no file of the user's.
    Object {
        /// For people: `container web /HostConfig/Privileged`.
        label: String,
        /// A stable slash-separated pseudo-path: `container/web`, `image/nginx:1.25/etc/shadow`.
        path: String,
    },
}

impl<'r> Place<'r> {
    pub(crate) fn of(f: &'r Finding, report: &'r Report) -> Place<'r> {
        let loc = &f.location;
        let target = report.targets.get(f.target);
        let is_object = loc.object.is_some()
            || loc.image.is_some()
            || loc.package.is_some()
            || loc.pointer.is_some();
        if !is_object {
            let path = loc.path.as_deref().or_else(|| {
                target
                    .filter(|t| matches!(t.kind, TargetKind::Dockerfile | TargetKind::Compose))
                    .and_then(|t| t.path.as_deref())
            });
            if let Some(path) = path {
                return Place::File {
                    path,
                    line: loc.line.filter(|&l| l > 0),
                    column: loc.column.filter(|&c| c > 0),
                    end_line: loc.end_line.filter(|&l| l > 0),
                    end_column: loc.end_column.filter(|&c| c > 0),
                };
            }
        }
        Place::Object {
            label: object_label(f, target),
            path: object_path(f, target),
        }
    }

    /// `path:line:col` for files, the label for objects.
    pub(crate) fn display(&self) -> String {
        match self {
            Place::File {
                path, line, column, ..
            } => match (line, column) {
                (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
                (Some(l), None) => format!("{path}:{l}"),
                _ => (*path).to_string(),
            },
            Place::Object { label, .. } => label.clone(),
        }
    }

    /// The file path, or the object's pseudo-path.
    pub(crate) fn path(&self) -> &str {
        match self {
            Place::File { path, .. } => path,
            Place::Object { path, .. } => path,
        }
    }
}

/// How a target is named for people: its path, else its kind and name.
pub(crate) fn target_label(target: &Target) -> String {
    match (&target.path, &target.name) {
        (Some(path), _) => path.clone(),
        (None, Some(name)) => format!("{} {name}", target.kind.as_str()),
        (None, None) => target.kind.as_str().to_string(),
    }
}

fn object_label(f: &Finding, target: Option<&Target>) -> String {
    let loc = &f.location;
    let mut parts: Vec<String> = Vec::new();
    if let Some(object) = &loc.object {
        parts.push(object.clone());
        if let Some(who) = loc.name.as_ref().or(loc.id.as_ref()) {
            parts.push(who.clone());
        }
    } else if let Some(image) = &loc.image {
        parts.push(format!("image {image}"));
    } else if let Some(t) = target {
        parts.push(target_label(t));
    }
    // An object location's path is inside the object: a file in an image, a host file.
    if let Some(path) = &loc.path {
        parts.push(path.clone());
    }
    if let Some(package) = &loc.package {
        match &loc.version {
            Some(v) => parts.push(format!("{package}@{v}")),
            None => parts.push(package.clone()),
        }
    }
    if let Some(pointer) = &loc.pointer {
        parts.push(pointer.clone());
    }
    if parts.is_empty() {
        parts.push("(unknown location)".to_string());
    }
    parts.join(" ")
}

fn object_path(f: &Finding, target: Option<&Target>) -> String {
    let loc = &f.location;
    let mut segments: Vec<String> = Vec::new();
    if let Some(object) = &loc.object {
        segments.push(object.clone());
        if let Some(who) = loc.name.as_ref().or(loc.id.as_ref()) {
            segments.push(who.clone());
        }
    } else if let Some(image) = &loc.image {
        segments.push("image".to_string());
        segments.push(image.clone());
    } else if let Some(t) = target {
        segments.push(t.kind.as_str().to_string());
        if let Some(who) = t.name.as_ref().or(t.path.as_ref()) {
            segments.push(who.clone());
        }
    }
    // An object location's path is inside the object: a file in an image, a host file.
    if let Some(path) = &loc.path {
        segments.push(path.clone());
    }
    if let Some(package) = &loc.package {
        segments.push(package.clone());
    }
    let joined = segments
        .iter()
        .map(|s| s.trim_matches('/'))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    if joined.is_empty() {
        "unknown".to_string()
    } else {
        joined
    }
}

/// The path a file finding is reported at with forward slashes (Windows paths as given keep
/// their drive letter).
pub(crate) fn forward_slashes(path: &str) -> Cow<'_, str> {
    if path.contains('\\') {
        Cow::Owned(path.replace('\\', "/"))
    } else {
        Cow::Borrowed(path)
    }
}

/// Stable 64-bit FNV-1a: the same bytes give the same hash on every run and platform.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Stable 128-bit FNV-1a.
pub(crate) fn fnv1a128(bytes: &[u8]) -> u128 {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for &b in bytes {
        hash ^= u128::from(b);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    hash
}

/// For each finding (in report order), the text its fingerprint is computed from and how many
/// findings before it had the same text (0 for the first).
///
/// The text is the rule code, the path and the offending line with whitespace normalised, so a
/// finding keeps its fingerprint when lines are inserted above it. Without the source it falls
/// back to the line number and message; object findings use the object's pseudo-path, JSON
/// pointer and message.
pub(crate) fn fingerprint_keys(cx: &RenderContext) -> Vec<(String, usize)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    cx.report
        .findings
        .iter()
        .map(|f| {
            let key = match Place::of(f, cx.report) {
                Place::File { path, line, .. } => {
                    let text = line.and_then(|l| cx.source_line(path, l));
                    match text {
                        Some(text) => format!(
                            "{}\0{}\0{}",
                            f.rule,
                            forward_slashes(path),
                            text.split_whitespace().collect::<Vec<_>>().join(" ")
                        ),
                        None => format!(
                            "{}\0{}\0{}\0{}",
                            f.rule,
                            forward_slashes(path),
                            line.unwrap_or(0),
                            f.message
                        ),
                    }
                }
                Place::Object { path, .. } => format!(
                    "{}\0{}\0{}\0{}",
                    f.rule,
                    path,
                    f.location.pointer.as_deref().unwrap_or(""),
                    f.message
                ),
            };
            let n = seen.entry(key.clone()).or_insert(0);
            let occurrence = *n;
            *n += 1;
            (key, occurrence)
        })
        .collect()
}

/// Escapes text for XML 1.0 content (`attr == false`) or a double-quoted attribute value.
/// Characters XML 1.0 cannot carry at all (most C0 controls) become U+FFFD.
pub(crate) fn xml_escape(s: &str, attr: bool) -> Cow<'_, str> {
    let needs = s
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || c.is_control());
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' if attr => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' | '\r' | '\t' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

/// XML 1.0's `Char` production (minus the discouraged C1 controls, which are legal but useless).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A rule's doc comment as Markdown: the one leading space `///` leaves is removed.
pub(crate) fn rule_docs(meta: &RuleMeta) -> String {
    let lines: Vec<&str> = meta
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .collect();
    lines.join("\n").trim().to_string()
}

/// The body of the docs' `## What it does` section as one paragraph, if there is one.
pub(crate) fn what_it_does(docs: &str) -> Option<String> {
    let mut in_section = false;
    let mut words: Vec<&str> = Vec::new();
    for line in docs.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("## ") {
            if in_section {
                break;
            }
            in_section = heading.trim().eq_ignore_ascii_case("what it does");
            continue;
        }
        if in_section {
            if trimmed.starts_with("```") {
                break;
            }
            words.extend(trimmed.split_whitespace());
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Counts of `n` things: `1 finding`, `2 findings`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A stable fingerprint per finding (in report order): 16 hex digits of FNV-1a over the rule,
/// the path and the offending line's text with whitespace normalised (object findings: the
/// object's pseudo-path, JSON pointer and message), then `:N` for the N-th finding with the
/// same text. The same value SARIF carries as `primaryLocationLineHash`; it survives lines
/// inserted or removed above the finding. `--baseline` matches findings by it.
pub fn fingerprints(cx: &RenderContext) -> Vec<String> {
    if let Some(given) = cx.fingerprints
        && given.len() == cx.report.findings.len()
    {
        return given.to_vec();
    }
    fingerprint_keys(cx)
        .into_iter()
        .map(|(key, occurrence)| format!("{:016x}:{}", fnv1a64(key.as_bytes()), occurrence + 1))
        .collect()
}

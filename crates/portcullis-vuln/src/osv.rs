//! OSV records: the JSON as published (only the fields matching needs), and the compact form
//! the database keeps.
//!
//! Compaction at import: withdrawn records are dropped; `aliases` and `upstream` (schema 1.7
//! distro records name the CVE there) become one de-duplicated alias list; only `ECOSYSTEM` and
//! `SEMVER` ranges are kept (`GIT` ranges cannot be evaluated against package versions; where a
//! database enumerated them, the `versions` list carries them); events are sorted by the
//! ecosystem's version order once, so matching walks them without sorting; versions listed
//! explicitly that a kept range already covers are dropped; the rest are sorted so matching can
//! binary-search them; `details` is reduced to a one-line summary when there is no `summary`.

use crate::version::Scheme;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A record as published (unknown fields ignored).
#[derive(Debug, Deserialize)]
pub struct RawRecord {
    pub id: String,
    #[serde(default)]
    pub modified: Option<String>,
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default)]
    pub aliases: Option<Vec<String>>,
    #[serde(default)]
    pub upstream: Option<Vec<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
    #[serde(default)]
    pub severity: Option<Vec<RawSeverity>>,
    #[serde(default)]
    pub affected: Option<Vec<RawAffected>>,
    #[serde(default)]
    pub database_specific: Option<DatabaseSpecific>,
}

/// `database_specific`: only its `severity` (a qualitative rating) matters; everything else is
/// skipped without building a JSON tree.
#[derive(Debug, Default, Deserialize)]
pub struct DatabaseSpecific {
    #[serde(default)]
    pub severity: LenientStr,
}

/// A string where there is one; any other JSON value (numbers, objects, lists) reads as none
/// instead of failing the record.
#[derive(Debug, Default)]
pub struct LenientStr(pub Option<String>);

impl<'de> Deserialize<'de> for LenientStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = LenientStr;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<LenientStr, E> {
                Ok(LenientStr(Some(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<LenientStr, E> {
                Ok(LenientStr(Some(v)))
            }
            fn visit_bool<E>(self, _: bool) -> Result<LenientStr, E> {
                Ok(LenientStr(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<LenientStr, E> {
                Ok(LenientStr(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<LenientStr, E> {
                Ok(LenientStr(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<LenientStr, E> {
                Ok(LenientStr(None))
            }
            fn visit_unit<E>(self) -> Result<LenientStr, E> {
                Ok(LenientStr(None))
            }
            fn visit_none<E>(self) -> Result<LenientStr, E> {
                Ok(LenientStr(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<LenientStr, D::Error> {
                LenientStr::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<LenientStr, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(LenientStr(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<LenientStr, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(LenientStr(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
pub struct RawSeverity {
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

#[derive(Debug, Deserialize)]
pub struct RawAffected {
    #[serde(default)]
    pub package: Option<RawPackage>,
    #[serde(default)]
    pub ranges: Option<Vec<RawRange>>,
    #[serde(default)]
    pub versions: Option<Vec<String>>,
    #[serde(default)]
    pub severity: Option<Vec<RawSeverity>>,
    #[serde(default)]
    pub database_specific: Option<DatabaseSpecific>,
}

#[derive(Debug, Deserialize)]
pub struct RawPackage {
    pub ecosystem: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct RawRange {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub events: Vec<RawEvent>,
}

#[derive(Debug, Deserialize)]
pub struct RawEvent {
    #[serde(default)]
    pub introduced: Option<String>,
    #[serde(default)]
    pub fixed: Option<String>,
    #[serde(default)]
    pub last_affected: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

/// What the report needs about an advisory, stored once per id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    /// Other ids of the same vulnerability (CVE, GHSA, …), de-duplicated, without `id`.
    pub aliases: Vec<String>,
    pub summary: String,
    /// CVSS vectors as published: (`CVSS_V3` | `CVSS_V4` | `CVSS_V2`, vector).
    pub cvss: Vec<(String, String)>,
    /// The database's own qualitative rating (`database_specific.severity`, `Ubuntu`
    /// severity), lower case, where there is one.
    pub rating: Option<String>,
    pub modified: Option<String>,
}

/// One event of a range, in the ecosystem's version order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Introduced(String),
    Fixed(String),
    LastAffected(String),
    Limit(String),
}

impl Event {
    pub fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }
}

/// An `ECOSYSTEM` or `SEMVER` range with its events sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// True for `SEMVER` ranges (SemVer order whatever the ecosystem).
    pub semver: bool,
    pub events: Vec<Event>,
}

/// One advisory's `affected` entry for one (ecosystem, package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affected {
    pub id: String,
    pub ranges: Vec<Range>,
    /// Versions listed explicitly and not covered by a range, sorted.
    pub versions: Vec<String>,
}

/// Normalises an OSV ecosystem string for keys: `Ubuntu:22.04:LTS` → `Ubuntu:22.04` (OSV
/// ecosystem equality ignores the suffix).
pub fn normalize_ecosystem(eco: &str) -> &str {
    eco.strip_suffix(":LTS").unwrap_or(eco)
}

/// Normalises a package name for its ecosystem: PEP 503 for PyPI, lower case for the
/// case-insensitive registries, unchanged elsewhere.
pub fn normalize_name(eco: &str, name: &str) -> String {
    let base = eco.split(':').next().unwrap_or(eco);
    match base {
        "PyPI" => {
            let mut out = String::with_capacity(name.len());
            let mut sep = false;
            for c in name.trim().chars() {
                if matches!(c, '-' | '_' | '.') {
                    sep = true;
                } else {
                    if sep && !out.is_empty() {
                        out.push('-');
                    }
                    sep = false;
                    out.extend(c.to_lowercase());
                }
            }
            out
        }
        "crates.io" | "npm" | "Packagist" | "NuGet" => name.trim().to_lowercase(),
        _ => name.trim().to_string(),
    }
}

/// The database key of a package: normalised ecosystem, NUL, normalised name.
pub fn key(eco: &str, name: &str) -> String {
    let eco = normalize_ecosystem(eco);
    format!("{eco}\0{}", normalize_name(eco, name))
}

/// Why a record could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError(pub String);

/// A record compiled for the database.
#[derive(Debug)]
pub struct Compiled {
    pub advisory: Advisory,
    /// (key, ecosystem, entry) per usable affected package.
    pub affected: Vec<(String, String, Affected)>,
}

/// Compiles one parsed record. `Ok(None)` for a withdrawn record or one with nothing
/// portcullis can match (only unsupported ecosystems or GIT ranges).
pub fn compile(r: RawRecord) -> Result<Option<Compiled>, RecordError> {
    if r.id.trim().is_empty() {
        return Err(RecordError("record without an `id`".into()));
    }
    if r.withdrawn.is_some() {
        return Ok(None);
    }
    let mut aliases: Vec<String> = Vec::new();
    for a in r
        .aliases
        .into_iter()
        .flatten()
        .chain(r.upstream.into_iter().flatten())
    {
        if a != r.id && !aliases.contains(&a) {
            aliases.push(a);
        }
    }
    let summary = r
        .summary
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            r.details
                .as_deref()
                .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
                .map(str::to_string)
        })
        .map(|s| truncate(s.trim(), 200))
        .unwrap_or_default();
    let mut cvss = Vec::new();
    let mut rating = rating_of(r.database_specific.as_ref());
    let mut add_sev = |list: Option<Vec<RawSeverity>>, rating: &mut Option<String>| {
        for s in list.into_iter().flatten() {
            if s.kind.starts_with("CVSS_") {
                let pair = (s.kind, s.score);
                if !cvss.contains(&pair) {
                    cvss.push(pair);
                }
            } else if rating.is_none() && !s.score.trim().is_empty() {
                *rating = Some(s.score.trim().to_ascii_lowercase());
            }
        }
    };
    add_sev(r.severity, &mut rating);
    let mut affected = Vec::new();
    for a in r.affected.into_iter().flatten() {
        add_sev(a.severity, &mut rating);
        if rating.is_none() {
            rating = rating_of(a.database_specific.as_ref());
        }
        let Some(pkg) = a.package else { continue };
        let eco = normalize_ecosystem(pkg.ecosystem.trim()).to_string();
        let Some(scheme) = Scheme::for_ecosystem(&eco) else {
            continue;
        };
        if pkg.name.trim().is_empty() {
            return Err(RecordError(format!(
                "{}: affected package without a name",
                r.id
            )));
        }
        let mut ranges = Vec::new();
        for range in a.ranges.into_iter().flatten() {
            let semver = match range.kind.as_str() {
                "SEMVER" => true,
                "ECOSYSTEM" => false,
                _ => continue,
            };
            let order = if semver && scheme != Scheme::Go {
                Scheme::Semver
            } else {
                scheme
            };
            let mut events = Vec::with_capacity(range.events.len());
            for e in range.events {
                let ev = match (e.introduced, e.fixed, e.last_affected, e.limit) {
                    (Some(v), None, None, None) => Event::Introduced(v),
                    (None, Some(v), None, None) => Event::Fixed(v),
                    (None, None, Some(v), None) => Event::LastAffected(v),
                    (None, None, None, Some(v)) => Event::Limit(v),
                    _ => {
                        return Err(RecordError(format!(
                            "{}: a range event must have exactly one of introduced, fixed, \
                             last_affected, limit",
                            r.id
                        )));
                    }
                };
                events.push(ev);
            }
            if events.is_empty() {
                continue;
            }
            events.sort_by(|x, y| event_order(order, x, y));
            ranges.push(Range { semver, events });
        }
        let mut versions: Vec<String> = a
            .versions
            .into_iter()
            .flatten()
            .filter(|v| {
                !ranges
                    .iter()
                    .any(|rg| crate::matcher::in_range(scheme, rg, v).is_some())
            })
            .collect();
        versions.sort_by(|x, y| scheme.compare(x, y));
        versions.dedup();
        if ranges.is_empty() && versions.is_empty() {
            continue;
        }
        affected.push((
            key(&eco, &pkg.name),
            eco,
            Affected {
                id: r.id.clone(),
                ranges,
                versions,
            },
        ));
    }
    if affected.is_empty() {
        return Ok(None);
    }
    Ok(Some(Compiled {
        advisory: Advisory {
            id: r.id,
            aliases,
            summary,
            cvss,
            rating,
            modified: r.modified,
        },
        affected,
    }))
}

/// `introduced: "0"` first, then by version; an `introduced` before a `fixed` of the same
/// version (the sort is stable otherwise).
fn event_order(scheme: Scheme, x: &Event, y: &Event) -> Ordering {
    let zero = |e: &Event| matches!(e, Event::Introduced(v) if v == "0");
    match (zero(x), zero(y)) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    let lim = |e: &Event| matches!(e, Event::Limit(v) if v == "*");
    match (lim(x), lim(y)) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    scheme.compare(x.version(), y.version())
}

fn rating_of(v: Option<&DatabaseSpecific>) -> Option<String> {
    let s = v?.severity.0.as_deref()?.trim();
    (!s.is_empty()).then(|| s.to_ascii_lowercase())
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_specific_severity_is_read_leniently() {
        let rec = |ds: &str| -> RawRecord {
            serde_json::from_str(&format!(r#"{{"id": "X-1", "database_specific": {ds}}}"#)).unwrap()
        };
        let sev = |r: RawRecord| rating_of(r.database_specific.as_ref());
        assert_eq!(
            sev(rec(r#"{"severity": " HIGH ", "cwe_ids": ["CWE-79"]}"#)).as_deref(),
            Some("high")
        );
        assert_eq!(
            sev(rec(
                r#"{"severity": {"score": 9.8}, "x": [1, {"y": null}]}"#
            )),
            None
        );
        assert_eq!(sev(rec(r#"{"severity": 7}"#)), None);
        assert_eq!(sev(rec(r#"{"other": "x"}"#)), None);
        assert_eq!(sev(rec("null")), None);
    }

    #[test]
    fn pep503_and_keys() {
        assert_eq!(normalize_name("PyPI", "Jinja2"), "jinja2");
        assert_eq!(normalize_name("PyPI", "zope.interface"), "zope-interface");
        assert_eq!(normalize_name("PyPI", "Foo__Bar-.baz"), "foo-bar-baz");
        assert_eq!(
            normalize_name("Go", "github.com/BurntSushi/toml"),
            "github.com/BurntSushi/toml"
        );
        assert_eq!(key("Ubuntu:22.04:LTS", "openssl"), "Ubuntu:22.04\0openssl");
    }

    #[test]
    fn compile_sorts_events_and_drops_covered_versions() {
        let r: RawRecord = serde_json::from_str(
            r#"{"id":"PYSEC-1","aliases":["CVE-1"],"upstream":["CVE-1","CVE-2"],
            "affected":[{"package":{"ecosystem":"PyPI","name":"Foo_Bar"},
              "ranges":[{"type":"ECOSYSTEM","events":[{"fixed":"2.0"},{"introduced":"0"}]},
                        {"type":"GIT","repo":"x","events":[{"introduced":"abc"}]}],
              "versions":["1.0","1.5","3.0rc1"]}]}"#,
        )
        .unwrap();
        let c = compile(r).unwrap().unwrap();
        assert_eq!(c.advisory.aliases, ["CVE-1", "CVE-2"]);
        let (k, eco, a) = &c.affected[0];
        assert_eq!(k, "PyPI\0foo-bar");
        assert_eq!(eco, "PyPI");
        assert_eq!(a.ranges.len(), 1);
        assert_eq!(a.ranges[0].events[0], Event::Introduced("0".into()));
        assert_eq!(a.versions, ["3.0rc1"]);
    }

    #[test]
    fn withdrawn_and_bad_events() {
        let w: RawRecord =
            serde_json::from_str(r#"{"id":"X","withdrawn":"2024-01-01T00:00:00Z","affected":[]}"#)
                .unwrap();
        assert!(compile(w).unwrap().is_none());
        let bad: RawRecord = serde_json::from_str(
            r#"{"id":"Y","affected":[{"package":{"ecosystem":"npm","name":"a"},
            "ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1.0.0"}]}]}]}"#,
        )
        .unwrap();
        assert!(compile(bad).is_err());
    }
}

//! Configuration: `.portcullis.toml`, or a hadolint `.hadolint.yaml` read as-is.
//!
//! Raw text goes in, a validated [`Config`] comes out; every error names the file, the line and
//! what is wrong. Rule codes are checked against the registry by the caller through
//! [`Config::codes`], which keeps the line each code was written on.

use crate::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use time::Date;

/// A configuration error, rendered as `FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A value with the 1-based line it was written on (0 when it came from the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtLine<T> {
    pub value: T,
    pub line: usize,
}

/// An ignore limited to some paths, with a reason and an optional expiry date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathIgnore {
    /// Glob patterns matched against the target path (relative paths as given).
    pub paths: Vec<String>,
    /// Codes or aliases; empty means every rule.
    pub rules: Vec<AtLine<String>>,
    pub reason: String,
    pub expires: Option<Date>,
    pub line: usize,
}

/// Which label formats hadolint's label-schema rules check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

/// The validated configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Where it came from (for messages and for relative path ignores).
    pub source: Option<String>,
    /// Codes or aliases ignored everywhere.
    pub ignore: Vec<AtLine<String>>,
    /// Rules that are off by default and turned on.
    pub enable: Vec<AtLine<String>>,
    pub path_ignores: Vec<PathIgnore>,
    /// Severity overrides by code or alias; also enable an off-by-default rule.
    pub severity: Vec<(AtLine<String>, Severity)>,
    /// Exit 1 when a finding is at or above this; `None` = never fail.
    pub fail_on: Option<Severity>,
    /// Registries FROM may use (glob: `*.gcr.io`, `*`). Empty = any.
    pub trusted_registries: Vec<String>,
    /// Base images allowed in FROM (glob over `name:tag`). Empty = any.
    pub allowed_base_images: Vec<String>,
    pub label_schema: BTreeMap<String, LabelType>,
    pub strict_labels: bool,
    /// Turn off every inline pragma.
    pub disable_pragmas: bool,
}

impl Config {
    /// Every rule code written in this config, with its line, for validation by the caller.
    pub fn codes(&self) -> impl Iterator<Item = &AtLine<String>> {
        self.ignore
            .iter()
            .chain(self.enable.iter())
            .chain(self.path_ignores.iter().flat_map(|p| p.rules.iter()))
            .chain(self.severity.iter().map(|(c, _)| c))
    }

    /// The severity override for a rule, looked up by code then aliases.
    pub fn severity_for(&self, code: &str, aliases: &[String]) -> Option<Severity> {
        self.severity_of(code, aliases)
    }

    /// [`Config::severity_for`] over any list of aliases (a finding's [`crate::StrList`]).
    pub fn severity_of<I>(&self, code: &str, aliases: I) -> Option<Severity>
    where
        I: IntoIterator + Copy,
        I::Item: AsRef<str>,
    {
        self.severity
            .iter()
            .find(|(c, _)| c.value.eq_ignore_ascii_case(code))
            .or_else(|| {
                self.severity.iter().find(|(c, _)| {
                    aliases
                        .into_iter()
                        .any(|a| a.as_ref().eq_ignore_ascii_case(&c.value))
                })
            })
            .map(|(_, s)| *s)
    }

    /// Whether a rule that is off by default was enabled (by `enable` or a severity override).
    pub fn enables(&self, code: &str, aliases: &[&str]) -> bool {
        let hit = |c: &str| {
            c.eq_ignore_ascii_case(code) || aliases.iter().any(|a| a.eq_ignore_ascii_case(c))
        };
        self.enable.iter().any(|c| hit(&c.value))
            || self.severity.iter().any(|(c, _)| hit(&c.value))
    }

    /// Parses `.portcullis.toml`.
    pub fn from_toml(path: &str, text: &str) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let raw: RawToml = toml::from_str(text).map_err(|e| ConfigError {
            path: path.to_string(),
            line: e.span().map(|s| lines.line_of(s.start)),
            message: e.message().trim().to_string(),
        })?;
        let err = |span: std::ops::Range<usize>, message: String| ConfigError {
            path: path.to_string(),
            line: Some(lines.line_of(span.start)),
            message,
        };
        let at = |s: toml::Spanned<String>| AtLine {
            line: lines.line_of(s.span().start),
            value: s.into_inner(),
        };
        let mut cfg = Config {
            source: Some(path.to_string()),
            ..Config::default()
        };
        cfg.ignore = raw.ignore.into_iter().map(at).collect();
        cfg.enable = raw.enable.into_iter().map(at).collect();
        for (code, sev) in raw.severity {
            let span = sev.span();
            let s: Severity = sev.into_inner().parse().map_err(|m| err(span, m))?;
            cfg.severity.push((at(code), s));
        }
        if let Some(f) = raw.fail_on {
            let span = f.span();
            let v = f.into_inner();
            cfg.fail_on = if v == "none" {
                None
            } else {
                Some(v.parse().map_err(|m| err(span, m))?)
            };
        } else {
            cfg.fail_on = Some(Severity::Low);
        }
        for p in raw.ignores {
            let line = lines.line_of(p.span().start);
            let p = p.into_inner();
            if p.reason.trim().is_empty() {
                return Err(ConfigError {
                    path: path.into(),
                    line: Some(line),
                    message: "`reason` must say why these findings are ignored".into(),
                });
            }
            if p.paths.is_empty() {
                return Err(ConfigError {
                    path: path.into(),
                    line: Some(line),
                    message: "`paths` must list at least one glob".into(),
                });
            }
            for g in &p.paths {
                if let Err(e) = globset::Glob::new(g) {
                    return Err(ConfigError {
                        path: path.into(),
                        line: Some(line),
                        message: format!("invalid glob `{g}`: {e}"),
                    });
                }
            }
            let expires = match p.expires {
                None => None,
                Some(d) => {
                    let span = d.span();
                    Some(parse_date(d.get_ref()).map_err(|m| err(span, m))?)
                }
            };
            cfg.path_ignores.push(PathIgnore {
                paths: p.paths,
                rules: p.rules.into_iter().map(at).collect(),
                reason: p.reason,
                expires,
                line,
            });
        }
        for g in raw
            .trusted_registries
            .iter()
            .chain(raw.allowed_base_images.iter())
        {
            if let Err(e) = globset::Glob::new(g.get_ref()) {
                return Err(err(
                    g.span(),
                    format!("invalid glob `{}`: {e}", g.get_ref()),
                ));
            }
        }
        cfg.trusted_registries = raw
            .trusted_registries
            .into_iter()
            .map(|s| s.into_inner())
            .collect();
        cfg.allowed_base_images = raw
            .allowed_base_images
            .into_iter()
            .map(|s| s.into_inner())
            .collect();
        if let Some(l) = raw.labels {
            cfg.label_schema = l.schema;
            cfg.strict_labels = l.strict;
        }
        cfg.disable_pragmas = raw.disable_pragmas;
        Ok(cfg)
    }

    /// Reads a hadolint configuration (`.hadolint.yaml`) so a hadolint user switches with no edits.
    pub fn from_hadolint_yaml(path: &str, text: &str) -> Result<Config, ConfigError> {
        if text.trim().is_empty() {
            return Ok(Config {
                source: Some(path.into()),
                fail_on: Some(Severity::Low),
                ..Config::default()
            });
        }
        let opts = serde_saphyr::options! {
            budget: serde_saphyr::budget! { max_nodes: 100_000, max_depth: 64, max_total_scalar_bytes: 4 << 20 },
        };
        let raw: RawHadolint = serde_saphyr::from_str_with_options(text, opts).map_err(|e| {
            let (line, message) = saphyr_error(&e);
            ConfigError {
                path: path.into(),
                line,
                message,
            }
        })?;
        let mut cfg = Config {
            source: Some(path.into()),
            ..Config::default()
        };
        cfg.ignore = raw
            .ignored
            .into_iter()
            .map(|c| AtLine { value: c, line: 0 })
            .collect();
        for (level, codes) in raw.override_ {
            let sev = Severity::from_hadolint_level(&level).ok_or_else(|| ConfigError {
                path: path.into(),
                line: None,
                message: format!(
                    "override: unknown level `{level}` (expected error, warning, info or style)"
                ),
            })?;
            for c in codes {
                cfg.severity.push((AtLine { value: c, line: 0 }, sev));
            }
        }
        cfg.trusted_registries = match raw.trusted_registries {
            None => vec![],
            Some(OneOrMany::One(s)) => vec![s],
            Some(OneOrMany::Many(v)) => v,
        };
        cfg.fail_on = match raw.failure_threshold.as_deref() {
            None => Some(Severity::Low),
            Some("none") | Some("ignore") => None,
            Some(l) => Some(Severity::from_hadolint_level(l).ok_or_else(|| ConfigError {
                path: path.into(),
                line: None,
                message: format!("failure-threshold: unknown level `{l}` (expected error, warning, info, style or none)"),
            })?),
        };
        if raw.no_fail == Some(true) {
            cfg.fail_on = None;
        }
        cfg.label_schema = raw.label_schema;
        cfg.strict_labels = raw.strict_labels;
        cfg.disable_pragmas = raw.disable_ignore_pragma;
        Ok(cfg)
    }
}

fn saphyr_error(e: &serde_saphyr::Error) -> (Option<usize>, String) {
    let text = e.to_string();
    let first = text
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_string();
    let line = e.location().map(|l| l.line() as usize);
    (line, first)
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &fmt).map_err(|_| format!("invalid date `{s}` (expected YYYY-MM-DD)"))
}

pub use crate::text::LineIndex;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawToml {
    #[serde(default)]
    ignore: Vec<toml::Spanned<String>>,
    #[serde(default)]
    enable: Vec<toml::Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    #[serde(default)]
    fail_on: Option<toml::Spanned<String>>,
    #[serde(default)]
    ignores: Vec<toml::Spanned<RawPathIgnore>>,
    #[serde(default)]
    trusted_registries: Vec<toml::Spanned<String>>,
    #[serde(default)]
    allowed_base_images: Vec<toml::Spanned<String>>,
    #[serde(default)]
    labels: Option<RawLabels>,
    #[serde(default)]
    disable_pragmas: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPathIgnore {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    rules: Vec<toml::Spanned<String>>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    expires: Option<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabels {
    #[serde(default)]
    schema: BTreeMap<String, LabelType>,
    #[serde(default)]
    strict: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawHadolint {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default, rename = "override")]
    override_: BTreeMap<String, Vec<String>>,
    #[serde(default, rename = "trustedRegistries")]
    trusted_registries: Option<OneOrMany>,
    #[serde(default)]
    failure_threshold: Option<String>,
    #[serde(default)]
    label_schema: BTreeMap<String, LabelType>,
    #[serde(default)]
    strict_labels: bool,
    #[serde(default)]
    disable_ignore_pragma: bool,
    // Accepted and ignored: output options that portcullis takes from its own flags.
    #[allow(dead_code)]
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[allow(dead_code)]
    #[serde(default)]
    formats: Option<serde_json::Value>,
    #[serde(default, rename = "no-fail")]
    no_fail: Option<bool>,
    #[allow(dead_code)]
    #[allow(dead_code)]
    #[allow(dead_code)]
    #[serde(default, rename = "no-color")]
    no_color: Option<bool>,
    #[allow(dead_code)]
    #[serde(default)]
    verbose: Option<bool>,
}

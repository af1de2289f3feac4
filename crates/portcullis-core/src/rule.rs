//! Rule metadata and the macro that declares a rule from its doc comment.

use crate::finding::StrList;
use crate::{Finding, Location, Practice, Severity};
use std::borrow::Cow;

/// Everything about a rule except its check: shown by `portcullis rules` and `explain`, and
/// copied into every finding.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `DF012`. Never changes meaning, never reused.
    pub code: &'static str,
    /// Kebab-case name that reads as "allow NAME", e.g. `latest-tag`.
    pub name: &'static str,
    pub practice: Practice,
    pub severity: Severity,
    /// One-line summary.
    pub summary: &'static str,
    /// Codes users already know: hadolint `DLxxxx`, Trivy `DSxxx`, CIS ids, KICS names.
    pub aliases: &'static [&'static str],
    pub references: &'static [&'static str],
    /// What to do about it.
    pub remediation: &'static str,
    /// Markdown documentation taken from the rule's doc comment.
    pub docs: &'static str,
    /// Off unless enabled in configuration.
    pub default_enabled: bool,
}

impl RuleMeta {
    /// Builds a finding of this rule with its default severity and metadata.
    pub fn finding(&'static self, message: impl Into<String>, location: Location) -> Finding {
        Finding {
            rule: Cow::Borrowed(self.code),
            name: Cow::Borrowed(self.name),
            practice: self.practice,
            severity: self.severity,
            message: message.into(),
            target: 0,
            location,
            aliases: StrList::Static(self.aliases),
            references: StrList::Static(self.references),
            remediation: (!self.remediation.is_empty()).then_some(Cow::Borrowed(self.remediation)),
            fix: None,
            detail: None,
        }
    }

    /// True when `code` is this rule's code or one of its aliases (case-insensitive).
    pub fn answers_to(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(code))
    }
}

/// A rule over a parsed model `M`.
pub trait Rule<M: ?Sized, C: ?Sized>: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, model: &M, ctx: &C, out: &mut Vec<Finding>);
}

/// Declares a rule's unit struct and its `RuleMeta`, taking the docs from the doc comment:
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub LatestTag {
///         code: "DF012", name: "latest-tag", practice: Updates, severity: Medium,
///         summary: "...", aliases: ["DL3007"], references: [], remediation: "...",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $name:ident {
            code: $code:literal,
            name: $rname:literal,
            practice: $practice:ident,
            severity: $severity:ident,
            summary: $summary:literal,
            aliases: [$($alias:literal),* $(,)?],
            references: [$($reference:literal),* $(,)?],
            remediation: $remediation:literal
            $(, default_enabled: $enabled:literal)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis struct $name;

        impl $name {
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                code: $code,
                name: $rname,
                practice: $crate::Practice::$practice,
                severity: $crate::Severity::$severity,
                summary: $summary,
                aliases: &[$($alias),*],
                references: &[$($reference),*],
                remediation: $remediation,
                docs: concat!($($doc, "\n"),*),
                default_enabled: $crate::__default_enabled!($($enabled)?),
            };
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __default_enabled {
    () => {
        true
    };
    ($e:literal) => {
        $e
    };
}

//! Monitoring and logging: logging disabled, logs without rotation.

use super::{ComposeRule, rule_meta};
use crate::compose::lint::Cx;
use crate::compose::yaml::Node;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `logging: {driver: none}`.
    ///
    /// ## Why is this bad?
    /// Nothing the service prints is kept: an intrusion or a crash leaves no trace.
    ///
    /// ## Example
    /// ```yaml
    ///     logging:
    ///       driver: none
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub LoggingDisabled {
        code: "DC040",
        name: "logging-disabled",
        practice: Monitoring,
        severity: Medium,
        summary: "a service's logs are discarded",
        aliases: [],
        references: ["https://docs.docker.com/engine/logging/configure/"],
        remediation: "use a logging driver (`local`, `json-file` with rotation, or a remote driver)",
    }
}

impl ComposeRule for LoggingDisabled {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some(d) = s
                .get("logging")
                .and_then(|l| l.get("driver"))
                .filter(|d| d.text().as_deref() == Some("none"))
            {
                out.push(Self::META.finding(
                    format!("service `{}` discards its logs (`driver: none`)", s.name),
                    cx.at(d.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service that logs with `json-file` without `max-size` (the driver's default
    /// is unbounded). A `logging:` section naming `json-file` is reported at its driver; a
    /// service with no `logging:` at all uses the daemon's default and is not reported.
    ///
    /// ## Why is this bad?
    /// A chatty or attacked service fills the host's disk with its log file, taking down every
    /// other container.
    ///
    /// ## Example
    /// ```yaml
    ///     logging:
    ///       driver: json-file
    /// ```
    ///
    /// ## Fix safety
    /// `harden compose` adds `max-size: 10m` and `max-file: "3"`.
    pub LogRotationMissing {
        code: "DC041",
        name: "log-rotation-missing",
        practice: Monitoring,
        severity: Low,
        summary: "a service's log file grows without bound",
        aliases: [],
        references: ["https://docs.docker.com/engine/logging/drivers/json-file/"],
        remediation: "set `options: {max-size: 10m, max-file: \"3\"}`, or use the `local` driver",
    }
}

impl ComposeRule for LogRotationMissing {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let Some(l) = s.get("logging") else { continue };
            let driver = l.get("driver").and_then(Node::text);
            let at = l.get("driver").map(|d| d.pos).unwrap_or(l.pos);
            let json = driver.as_deref().is_none_or(|d| d == "json-file");
            let has = l.get("options").and_then(|o| o.get("max-size")).is_some();
            if json && !has {
                out.push(Self::META.finding(
                    format!("service `{}` logs to json-file without `max-size`", s.name),
                    cx.at(at),
                ));
            }
        }
    }
}

pub static RULES: &[&dyn ComposeRule] = &[&LoggingDisabled, &LogRotationMissing];

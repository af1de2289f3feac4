use super::labels::labels;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` key that breaks Docker's key format: it must start with a lowercase
    /// letter, end with a lowercase letter or digit, contain only lowercase letters, digits, `_`,
    /// `.` and `-`, never two separators in a row, and not use the namespaces Docker reserves
    /// (`com.docker.`, `io.docker.`, `org.dockerproject.`). Keys built from variables are not
    /// judged.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, orchestrators) expect the documented
    /// format; reserved namespaces may be overwritten by Docker itself.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL Version=1.0 com.docker.thing=x
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version=1.0 com.example.thing=x
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: whatever reads the label must change too.
    ///
    /// ## References
    /// - hadolint DL3048
    pub InvalidLabelKey {
        code: "DF048",
        name: "invalid-label-key",
        practice: BuildHygiene,
        severity: Info,
        summary: "LABEL key in an invalid format",
        aliases: ["DL3048"],
        references: ["https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations"],
        remediation: "use lowercase reverse-DNS keys such as com.example.component",
    }
}

/// Why a label key is invalid, if it is.
fn problem(key: &str) -> Option<&'static str> {
    let b = key.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_lowercase) {
        Some("must start with a lowercase letter")
    } else if !b
        .last()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        Some("must end with a lowercase letter or digit")
    } else if !b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'_'))
    {
        Some("may only contain lowercase letters, digits, `.`, `-` and `_`")
    } else if key.contains("..") || key.contains("--") {
        Some("has two separators in a row")
    } else if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| key.starts_with(p))
    {
        Some("uses a namespace reserved by Docker")
    } else {
        None
    }
}

impl DockerfileRule for InvalidLabelKey {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in &cx.df.instructions {
            for l in labels(ins) {
                if l.key.contains('$') {
                    continue;
                }
                if let Some(why) = problem(&l.key) {
                    out.push(cx.finding(
                        &Self::META,
                        format!("label key `{}` {why}", l.key),
                        l.key_start,
                        l.key_end,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn keys() {
        for ok in [
            "maintainer",
            "org.opencontainers.image.version",
            "com.example.x-y2",
            "a",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "Version",
            "1abc",
            "abc.",
            "a_",
            "a..b",
            "a--b",
            "com.docker.x",
            "io.docker.y",
            "org.dockerproject.z",
            "ä",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}

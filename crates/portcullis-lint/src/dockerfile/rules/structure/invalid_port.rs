use super::util::{resolve, walk_scope};
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port that Docker cannot use: a number above 65535, a range whose
    /// start is above its end, something that is not a number, a protocol other than `tcp`,
    /// `udp` or `sctp`, or a host mapping (`8080:80`, `127.0.0.1:80`), which belongs to
    /// `docker run -p`. Variables are expanded first; a port whose variables have no known
    /// value is not judged.
    ///
    /// ## Why is this bad?
    /// The build fails, or worse, the image documents a port nothing listens on and users
    /// publish the wrong one.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80800
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the intended port is unknown.
    ///
    /// ## References
    /// - hadolint DL3011; Trivy DS008; BuildKit ExposeInvalidFormat
    pub InvalidPort {
        code: "DF011",
        name: "invalid-port",
        practice: BuildHygiene,
        severity: Medium,
        summary: "EXPOSE of a port outside 0-65535 or in an invalid form",
        aliases: ["DL3011", "DS008", "ExposeInvalidFormat"],
        references: ["https://docs.docker.com/reference/dockerfile/#expose"],
        remediation: "expose a container port between 0 and 65535, optionally with /tcp, /udp or /sctp",
    }
}

/// Why a port specification is invalid, if it is.
fn problem(spec: &str) -> Option<String> {
    let (ports, proto) = match spec.rsplit_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (spec, None),
    };
    if let Some(proto) = proto
        && !matches!(proto.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp")
    {
        return Some(format!(
            "`{spec}`: unknown protocol `{proto}` (tcp, udp or sctp)"
        ));
    }
    if ports.contains(':') {
        return Some(format!(
            "`{spec}` maps a host address or port: EXPOSE only declares container ports"
        ));
    }
    let num = |s: &str| -> Option<u64> {
        if !s.is_empty() && s.len() <= 19 && s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let (lo, hi) = match ports.split_once('-') {
        Some((a, b)) => (num(a), num(b)),
        None => (num(ports), num(ports)),
    };
    match (lo, hi) {
        (Some(l), Some(h)) if l > 65535 || h > 65535 => {
            Some(format!("`{spec}` is outside the port range 0-65535"))
        }
        (Some(l), Some(h)) if l > h => Some(format!("`{spec}`: the range starts above its end")),
        (Some(_), Some(_)) => None,
        _ => Some(format!("`{spec}` is not a port number")),
    }
}

impl DockerfileRule for InvalidPort {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        walk_scope(cx, |ins, vars| {
            if ins.kind != Kind::Expose {
                return;
            }
            for w in ins.words() {
                let Some(spec) = resolve(ins, &w.text, vars, cx.df.escape) else {
                    continue;
                };
                // A variable may expand to several ports.
                for part in spec.split_whitespace() {
                    if let Some(msg) = problem(part) {
                        out.push(cx.finding(&Self::META, msg, w.start, w.end));
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn specs() {
        for ok in [
            "80",
            "0",
            "65535",
            "80/tcp",
            "53/UDP",
            "8000-8010",
            "9000-9000/sctp",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "65536",
            "80800/tcp",
            "90-80",
            "http",
            "80/xyz",
            "8080:80",
            "127.0.0.1:80",
            "-",
            "1-",
            "99999999999999999999999",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}

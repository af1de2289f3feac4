use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::unquote;
use portcullis_core::{Finding, Severity, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `RUN` steps that ask BuildKit for host privileges:
    ///
    /// - `RUN --security=insecure` (severity high): the step runs like `docker run --privileged`,
    ///   with every capability, no seccomp/AppArmor profile and access to host devices;
    /// - `RUN --network=host` (severity medium): the step shares the build host's network
    ///   namespace, so it reaches services listening on the host's `localhost` (a Docker API
    ///   on TCP, databases, cloud metadata endpoints through the host's routes).
    ///
    /// Both need an entitlement (`--allow security.insecure` / `network.host`) at build time;
    /// the rule reports the Dockerfile asking for it. `ONBUILD RUN` is checked too.
    /// `--network=none` and `--network=default` are fine.
    ///
    /// ## Why is this bad?
    /// A build step runs code fetched from package registries and build scripts. With these
    /// flags that code is no longer confined to the build container: a compromised dependency
    /// can take over the build host or the CI runner and every secret on it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN --security=insecure make test-with-kvm
    /// ```
    /// Use instead: run such tests outside the image build, in a dedicated privileged CI job.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub InsecureBuild {
        code: "DF108",
        name: "insecure-build",
        practice: LeastPrivilege,
        severity: High,
        summary: "RUN --security=insecure or --network=host: the build step escapes its sandbox",
        aliases: [],
        references: [
            "https://docs.docker.com/reference/dockerfile/#run---security",
            "https://docs.docker.com/reference/dockerfile/#run---network",
        ],
        remediation: "remove --security=insecure / --network=host and do privileged work outside the image build",
    }
}

impl DockerfileRule for InsecureBuild {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for f in &ins.flags {
                let value = f
                    .value
                    .as_deref()
                    .map(unquote)
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if f.name.eq_ignore_ascii_case("security") && value == "insecure" {
                    let msg = "`RUN --security=insecure` runs this step with full host privileges";
                    out.push(cx.finding(&Self::META, msg, f.start, f.end));
                } else if f.name.eq_ignore_ascii_case("network") && value == "host" {
                    let msg = "`RUN --network=host` gives this step the build host's network";
                    let mut finding = cx.finding(&Self::META, msg, f.start, f.end);
                    finding.severity = Severity::Medium;
                    out.push(finding);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    #[test]
    fn cases() {
        let src = "FROM alpine:3.22\nRUN --security=insecure make\nRUN --network=host curl localhost\nRUN --network=none make\nONBUILD RUN --security=sandbox make\nONBUILD RUN --network=host ./fetch\n";
        let f = run(&InsecureBuild, src, None);
        let got: Vec<(u32, Severity)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.severity))
            .collect();
        assert_eq!(
            got,
            [
                (2, Severity::High),
                (3, Severity::Medium),
                (6, Severity::Medium)
            ]
        );
        assert_eq!(f[0].location.column, Some(5));
    }
}

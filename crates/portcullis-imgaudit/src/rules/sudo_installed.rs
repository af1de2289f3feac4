use crate::config::ConfigCtx;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `sudo` (or `doas`) installed in the image (`/usr/bin/sudo`, `/bin/sudo`,
    /// `/usr/bin/doas` in the final view) and history steps that ran `sudo`.
    ///
    /// ## Why is this bad?
    /// `sudo` in a container gives a non-root user a way back to root: its configuration is
    /// rarely locked down in images, and it is a setuid program with a long list of
    /// privilege-escalation bugs. Build steps need no `sudo`: they run as root already.
    ///
    /// ## Example
    /// `RUN apt-get install -y sudo && echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers`.
    /// Use instead: do the privileged work in the build, as root, before `USER app`.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - dockle DKL-DI-0001
    pub SudoInstalled {
        code: "IMG008",
        name: "sudo-installed",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "sudo is installed in the image or used to build it",
        aliases: ["DKL-DI-0001", "DS010"],
        references: ["https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#dkl-di-0001"],
        remediation: "remove sudo from the image; do privileged build steps as root before switching USER",
    }
}

/// Whether a final-view path is a sudo-like program.
pub fn is_sudo(path: &str) -> bool {
    matches!(
        path,
        "/usr/bin/sudo" | "/bin/sudo" | "/usr/local/bin/sudo" | "/usr/bin/doas" | "/usr/sbin/sudo"
    )
}

/// History steps that run `sudo` as a command word.
pub(crate) fn check_history(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    for step in &cx.history {
        let uses = step
            .created_by
            .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | '`'))
            .any(|w| w == "sudo");
        if uses {
            out.push(SudoInstalled::META.finding(
                format!("history step {} runs sudo", step.index),
                cx.location(&format!("/history/{}/created_by", step.index)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{check_history, is_sudo};
    use crate::rules::testing::run;
    use serde_json::json;

    #[test]
    fn vectors() {
        assert!(is_sudo("/usr/bin/sudo"));
        assert!(!is_sudo("/usr/share/doc/sudo/copyright"));
        let cfg = json!({"history": [
            {"created_by": "/bin/sh -c sudo apt-get install -y x"},
            {"created_by": "/bin/sh -c apt-get install -y sudo-ldap && echo pseudo"},
            {"created_by": "RUN /bin/sh -c true&&sudo -u app id # buildkit"}
        ]});
        let f = run(check_history, &cfg, |_| {});
        assert_eq!(f.len(), 2);
    }
}

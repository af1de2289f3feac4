use super::util::{resolve, walk_scope};
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `USER` whose user part is a name (`USER app`, `USER app:app`) rather than a
    /// numeric id (`USER 10001:10001`). Variables are expanded first (`ARG UID=10001` then
    /// `USER $UID` is numeric); a user whose variables have no known value is not judged.
    ///
    /// ## Why is this bad?
    /// A name is resolved through the image's `/etc/passwd` at run time; the host, Kubernetes
    /// (`runAsNonRoot`) and volume permissions only see numbers. With a name, the platform
    /// cannot verify that the container does not run as root, and `runAsNonRoot` refuses it.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// USER 10001:10001
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the id of the user is in the image, not in the Dockerfile.
    ///
    /// ## References
    /// - hadolint DL3066
    pub NonNumericUser {
        code: "DF066",
        name: "non-numeric-user",
        practice: LeastPrivilege,
        severity: Low,
        summary: "USER given as a name instead of a numeric id",
        aliases: ["DL3066"],
        references: ["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
        remediation: "use the numeric uid (and gid): USER 10001:10001",
    }
}

/// `user` of `user:group`, a `:` inside `${...}` not counting.
fn user_part(s: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => return &s[..i],
            _ => {}
        }
    }
    s
}

impl DockerfileRule for NonNumericUser {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        walk_scope(cx, |ins, vars| {
            if ins.kind != Kind::User {
                return;
            }
            let text = ins.args_text();
            // The user part alone: `USER app:$GID` is judged even if the group is unknown.
            let Some(uid) = resolve(ins, user_part(text.trim()), vars, cx.df.escape) else {
                return;
            };
            let uid = uid.split(':').next().unwrap_or("");
            if uid.is_empty() || uid.bytes().all(|c| c.is_ascii_digit()) {
                return;
            }
            let (s, e) = ins.args_span();
            let msg = format!(
                "`USER {}` names the user `{uid}` instead of giving its numeric id",
                text.trim()
            );
            out.push(cx.finding(&Self::META, msg, s, e));
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_part() {
        assert_eq!(super::user_part("app:grp"), "app");
        assert_eq!(
            super::user_part("${UID:-1000}:${GID:-1000}"),
            "${UID:-1000}"
        );
        assert_eq!(super::user_part("1000"), "1000");
    }
}

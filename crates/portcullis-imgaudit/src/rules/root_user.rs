use crate::config::ConfigCtx;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image whose configured user is root: `User` empty (the default), `root`,
    /// `0`, or `root:GROUP` / `0:GROUP`.
    ///
    /// ## Why is this bad?
    /// A container process running as root is root on the host's kernel: a kernel bug, a
    /// mounted socket or a writable host path turns any compromise of the process into a host
    /// compromise. The image's user is what every `docker run` gets unless it says otherwise.
    ///
    /// ## Example
    /// An image built from a Dockerfile without `USER`: `Config.User` is `""`.
    /// Use instead: end the Dockerfile with `USER 10001:10001`.
    ///
    /// ## Fix safety
    /// No automatic fix: the image must be rebuilt.
    ///
    /// ## References
    /// - dockle CIS-DI-0001, CIS Docker Benchmark 4.1
    pub RootUser {
        code: "IMG001",
        name: "image-root-user",
        practice: LeastPrivilege,
        severity: High,
        summary: "the image runs as root",
        aliases: ["CIS-DI-0001", "DS002", "CIS-4.1"],
        references: ["https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0001"],
        remediation: "add `USER 10001:10001` (an unprivileged user) at the end of the Dockerfile and rebuild",
    }
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    let (user, pointer) = cx.field("User");
    let user = user.and_then(|u| u.as_str()).unwrap_or("").trim();
    let name = user.split(':').next().unwrap_or("");
    if name.is_empty() || name == "root" || name == "0" {
        let shown = if user.is_empty() {
            "root (no user set)".to_string()
        } else {
            format!("`{user}`")
        };
        out.push(
            RootUser::META.finding(format!("the image runs as {shown}"), cx.location(&pointer)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::run;
    use serde_json::json;

    #[test]
    fn vectors() {
        for (cfg, n) in [
            (json!({"config": {}}), 1),
            (json!({"config": {"User": ""}}), 1),
            (json!({"config": {"User": "root"}}), 1),
            (json!({"config": {"User": "0:0"}}), 1),
            (json!({"Config": {"User": "root:staff"}}), 1),
            (json!({"config": {"User": "10001:10001"}}), 0),
            (json!({"config": {"User": "app"}}), 0),
            (json!({"config": {"User": "nobody"}}), 0),
        ] {
            let f = run(check, &cfg, |_| {});
            assert_eq!(f.len(), n, "{cfg}");
        }
        let f = run(check, &json!({"Config": {"User": "0"}}), |_| {});
        assert_eq!(f[0].location.pointer.as_deref(), Some("/Config/User"));
        assert_eq!(f[0].location.object.as_deref(), Some("image"));
    }
}

use crate::config::ConfigCtx;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports history steps made by `ADD` (`#(nop) ADD file:… in /dest`, BuildKit's
    /// `ADD src /dest # buildkit`). The first step is left alone when it is an `ADD`: that is
    /// how base images put their root filesystem in.
    ///
    /// ## Why is this bad?
    /// `ADD` fetches URLs without verifying them and unpacks archives implicitly: what ends up
    /// in the image depends on a remote server or on an archive's content, not on the
    /// Dockerfile. `COPY` does only what it says.
    ///
    /// ## Example
    /// History: `ADD https://example.org/tool.tar.gz /opt/ # buildkit`.
    /// Use instead: `COPY` for local files; `RUN curl … && sha256sum -c` or
    /// `ADD --checksum=sha256:…` for downloads.
    ///
    /// ## Fix safety
    /// No automatic fix (the Dockerfile linter's DF rule for ADD has one).
    ///
    /// ## References
    /// - dockle CIS-DI-0009, CIS Docker Benchmark 4.9
    pub AddInHistory {
        code: "IMG007",
        name: "add-in-history",
        practice: BuildHygiene,
        severity: Low,
        summary: "the image was built with ADD",
        aliases: ["CIS-DI-0009", "DS005", "CIS-4.9"],
        references: ["https://docs.docker.com/build/building/best-practices/#add-or-copy"],
        remediation: "use COPY for local files, and a verified download (checksum) for remote ones",
    }
}

/// Whether a history line is an `ADD` step (classic builder or BuildKit).
pub(crate) fn is_add(created_by: &str) -> bool {
    let s = created_by.trim();
    let s = s.strip_prefix("/bin/sh -c ").unwrap_or(s).trim_start();
    let s = s.strip_prefix("#(nop)").map(str::trim_start).unwrap_or(s);
    s.starts_with("ADD ")
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    for (i, step) in cx.history.iter().enumerate() {
        if !is_add(step.created_by) || i == 0 {
            continue;
        }
        let shown: String = step.created_by.chars().take(120).collect();
        out.push(AddInHistory::META.finding(
            format!("history step {} uses ADD: `{}`", step.index, shown.trim()),
            cx.location(&format!("/history/{}/created_by", step.index)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{check, is_add};
    use crate::rules::testing::run;
    use serde_json::json;

    #[test]
    fn recognises_add() {
        assert!(is_add("/bin/sh -c #(nop) ADD file:2a9b in / "));
        assert!(is_add("ADD https://x/y.tgz /opt/ # buildkit"));
        assert!(!is_add("/bin/sh -c #(nop) COPY file:1 in /app"));
        assert!(!is_add("RUN /bin/sh -c echo ADD x # buildkit"));
    }

    #[test]
    fn base_rootfs_add_is_skipped() {
        let cfg = json!({"history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:2a9b in / "},
            {"created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]", "empty_layer": true},
            {"created_by": "/bin/sh -c #(nop) ADD file:77aa in /etc/app.conf "}
        ]});
        let f = run(check, &cfg, |_| {});
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].location.pointer.as_deref(),
            Some("/history/2/created_by")
        );
    }
}

use crate::config::ConfigCtx;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image without a `HEALTHCHECK` (`Config.Healthcheck` absent, or its test is
    /// `NONE`).
    ///
    /// ## Why is this bad?
    /// Without a health check the engine and orchestrators only know whether the process
    /// exists, not whether it works: a hung or half-broken service keeps receiving traffic and
    /// is never restarted.
    ///
    /// ## Example
    /// An image whose config has no `Healthcheck`.
    /// Use instead: `HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]` in the Dockerfile.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - dockle CIS-DI-0006, CIS Docker Benchmark 4.6
    pub NoHealthcheck {
        code: "IMG002",
        name: "image-no-healthcheck",
        practice: RuntimeHardening,
        severity: Low,
        summary: "the image has no HEALTHCHECK",
        aliases: ["CIS-DI-0006", "DS026", "CIS-4.6"],
        references: ["https://docs.docker.com/reference/dockerfile/#healthcheck"],
        remediation: "add a HEALTHCHECK that exercises the service, or set one at run time",
    }
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    let (hc, pointer) = cx.field("Healthcheck");
    let disabled = hc
        .and_then(|h| h.get("Test"))
        .and_then(|t| t.as_array())
        .and_then(|t| t.first())
        .and_then(|t| t.as_str())
        .is_some_and(|t| t == "NONE");
    match hc {
        None => out.push(
            NoHealthcheck::META.finding("the image has no HEALTHCHECK", cx.location(&pointer)),
        ),
        Some(_) if disabled => out.push(NoHealthcheck::META.finding(
            "the image disables its HEALTHCHECK (`NONE`)",
            cx.location(&pointer),
        )),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::run;
    use serde_json::json;

    #[test]
    fn vectors() {
        assert_eq!(run(check, &json!({"config": {}}), |_| {}).len(), 1);
        assert_eq!(
            run(check, &json!({"config": {"Healthcheck": null}}), |_| {}).len(),
            1
        );
        assert_eq!(
            run(
                check,
                &json!({"config": {"Healthcheck": {"Test": ["NONE"]}}}),
                |_| {}
            )
            .len(),
            1
        );
        assert_eq!(
            run(
                check,
                &json!({"config": {"Healthcheck": {"Test": ["CMD", "true"]}}}),
                |_| {}
            )
            .len(),
            0
        );
    }
}

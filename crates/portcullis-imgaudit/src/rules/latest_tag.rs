use crate::config::ConfigCtx;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image named by the `latest` tag, explicitly (`app:latest`) or implicitly
    /// (`app`). Images named by digest, archives and directories are not named by a tag.
    ///
    /// ## Why is this bad?
    /// `latest` is whatever was pushed last: two hosts running "the same" image can run
    /// different code, a rollback has nothing to roll back to, and a scan result says nothing
    /// about what runs tomorrow.
    ///
    /// ## Example
    /// `portcullis image registry.example.org/app`.
    /// Use instead: a release tag (`app:2.4.1`) or a digest (`app@sha256:…`).
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - dockle DKL-DI-0006
    pub LatestTag {
        code: "IMG013",
        name: "image-latest-tag",
        practice: Updates,
        severity: Low,
        summary: "the image is named by the latest tag",
        aliases: ["DKL-DI-0006", "DL3007"],
        references: ["https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#dkl-di-0006"],
        remediation: "tag releases with a version (app:2.4.1) and deploy by tag or digest",
    }
}

/// The tag of a reference: `None` for digests, `Some("latest")` when there is none.
pub(crate) fn tag_of(reference: &str) -> Option<&str> {
    if reference.contains('@') {
        return None;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    Some(last.split_once(':').map(|(_, t)| t).unwrap_or("latest"))
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    let Some(reference) = cx.reference else {
        return;
    };
    if reference.starts_with("sha256:") || tag_of(reference) != Some("latest") {
        return;
    }
    let mut loc = cx.location("");
    loc.pointer = None;
    out.push(LatestTag::META.finding(
        format!("the image is named `{reference}`, the latest tag"),
        loc,
    ));
}

#[cfg(test)]
mod tests {
    use super::{check, tag_of};
    use crate::rules::testing::run;
    use serde_json::json;

    #[test]
    fn vectors() {
        assert_eq!(tag_of("app"), Some("latest"));
        assert_eq!(tag_of("reg:5000/app"), Some("latest"));
        assert_eq!(tag_of("reg:5000/app:1.2"), Some("1.2"));
        assert_eq!(tag_of("app@sha256:abc"), None);
        let c = json!({});
        assert_eq!(
            run(check, &c, |cx| cx.reference = Some("app:latest")).len(),
            1
        );
        assert_eq!(
            run(check, &c, |cx| cx.reference = Some("reg:5000/team/app")).len(),
            1
        );
        assert_eq!(run(check, &c, |cx| cx.reference = Some("app:1.2")).len(), 0);
        assert_eq!(
            run(check, &c, |cx| cx.reference = Some("sha256:0123")).len(),
            0
        );
        assert_eq!(run(check, &c, |_| {}).len(), 0);
    }
}

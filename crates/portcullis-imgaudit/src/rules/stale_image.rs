use crate::config::ConfigCtx;
use portcullis_core::{Finding, declare_rule};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

declare_rule! {
    /// ## What it does
    /// Reports an image created more than N days ago (`created` of the config; N is 90 by
    /// default, `--max-age-days` changes it). Images with no date or the epoch date
    /// (reproducible builds that zero timestamps) are left alone.
    ///
    /// ## Why is this bad?
    /// An image is frozen when it is built: every security fix published since is missing from
    /// it. Images that are not rebuilt regularly accumulate known vulnerabilities.
    ///
    /// ## Example
    /// `created: 2024-01-15T10:00:00Z`, scanned in December 2026.
    /// Use instead: rebuild images on a schedule (weekly) so base-image fixes reach them.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - Docker Security Best Practices, practice 8: keep images updated
    pub StaleImage {
        code: "IMG011",
        name: "stale-image",
        practice: Updates,
        severity: Low,
        summary: "the image is older than the configured maximum age",
        aliases: [],
        references: ["https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often"],
        remediation: "rebuild the image (with `--pull`) on a schedule",
    }
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    let Some(created) = cx.created() else { return };
    let Ok(when) = OffsetDateTime::parse(created, &Rfc3339) else {
        return;
    };
    if when.unix_timestamp() <= 0 {
        return;
    }
    let days = (cx.now - when).whole_days();
    if days > i64::from(cx.max_age_days) {
        let pointer = if cx.config.get("created").is_some() {
            "/created"
        } else {
            "/Created"
        };
        out.push(StaleImage::META.finding(
            format!(
                "the image was created {days} days ago ({}), more than {} days",
                &created[..created.len().min(10)],
                cx.max_age_days
            ),
            cx.location(pointer),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::run;
    use serde_json::json;

    #[test]
    fn vectors() {
        assert_eq!(
            run(check, &json!({"created": "2024-01-15T10:00:00Z"}), |_| {}).len(),
            1
        );
        assert_eq!(
            run(
                check,
                &json!({"created": "2026-11-20T10:00:00.123456789Z"}),
                |_| {}
            )
            .len(),
            0
        );
        assert_eq!(
            run(check, &json!({"created": "1970-01-01T00:00:00Z"}), |_| {}).len(),
            0
        );
        assert_eq!(run(check, &json!({"created": "garbage"}), |_| {}).len(), 0);
        assert_eq!(run(check, &json!({}), |_| {}).len(), 0);
        let f = run(check, &json!({"Created": "2026-08-01T00:00:00Z"}), |cx| {
            cx.max_age_days = 30
        });
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("122 days"), "{}", f[0].message);
    }
}

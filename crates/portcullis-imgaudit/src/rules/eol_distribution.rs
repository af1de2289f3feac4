use crate::config::ConfigCtx;
use portcullis_core::{Distro, Finding, declare_rule};
use portcullis_lint::dockerfile::rules::eol_table::{EolEntry, lookup};

declare_rule! {
    /// ## What it does
    /// Reports an image whose distribution (from `/etc/os-release` and friends) is past its end
    /// of life: Debian after its LTS, Ubuntu after standard support, Alpine after its main
    /// repository's support, CentOS Linux, old Amazon Linux and Fedora. The dates are the table
    /// the Dockerfile linter uses for base images (DF112), so both agree.
    ///
    /// ## Why is this bad?
    /// Nobody publishes security fixes for it any more: every vulnerability found from now on
    /// stays open, and scanners stop reporting many of them because the vendor's feed ends.
    ///
    /// ## Example
    /// An image on Debian 10 (buster), whose LTS ended on 2024-06-30.
    /// Use instead: rebuild on a supported release (Debian 12 or 13).
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - Trivy reports the same as `EOSL: true`
    pub EolDistribution {
        code: "IMG012",
        name: "eol-distribution",
        practice: Updates,
        severity: High,
        summary: "the image's distribution is past its end of life",
        aliases: [],
        references: ["https://endoflife.date"],
        remediation: "rebuild the image on a supported release of the distribution",
    }
}

/// The official image name of a distribution id, as the end-of-life table knows it.
fn official_image(id: &str) -> Option<&'static str> {
    Some(match id {
        "debian" => "debian",
        "ubuntu" => "ubuntu",
        "alpine" => "alpine",
        "centos" => "centos",
        "amzn" => "amazonlinux",
        "fedora" => "fedora",
        _ => return None,
    })
}

/// The end-of-life entry that covers a distribution, if the table has one.
pub fn eol_entry(d: &Distro) -> Option<&'static EolEntry> {
    let image = official_image(&d.id)?;
    if d.version_id.is_empty() {
        return None;
    }
    lookup(Some(image), image, Some(&d.version_id))
        .into_iter()
        .find(|e| e.images.contains(&image))
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    let Some(d) = cx.distro else { return };
    let Some(e) = eol_entry(d) else { return };
    if e.eol > cx.now.date() {
        return;
    }
    let mut loc = cx.location("");
    loc.pointer = None;
    loc.object = None;
    loc.image = Some(cx.image.to_string());
    loc.path = Some("/etc/os-release".to_string());
    let mut f = EolDistribution::META.finding(
        format!(
            "{} reached its end of life on {}; use {}",
            e.product, e.eol, e.instead
        ),
        loc,
    );
    f.detail = Some(
        serde_json::json!({"distro": d.id, "version": d.version_id, "eol": e.eol.to_string()}),
    );
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::{check, eol_entry};
    use crate::rules::testing::run;
    use portcullis_core::Distro;
    use serde_json::json;

    fn d(id: &str, v: &str) -> Distro {
        Distro {
            id: id.into(),
            version_id: v.into(),
            ..Distro::default()
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(
            eol_entry(&d("debian", "10")).unwrap().product,
            "Debian 10 (buster)"
        );
        assert_eq!(
            eol_entry(&d("alpine", "3.18.4")).unwrap().product,
            "Alpine 3.18"
        );
        assert_eq!(
            eol_entry(&d("ubuntu", "22.04")).unwrap().product,
            "Ubuntu 22.04 (jammy)"
        );
        assert_eq!(
            eol_entry(&d("amzn", "2")).unwrap().product,
            "Amazon Linux 2"
        );
        assert!(eol_entry(&d("debian", "")).is_none());
        assert!(eol_entry(&d("gentoo", "2.14")).is_none());
    }

    #[test]
    fn fires_only_after_the_date() {
        let c = json!({});
        let old = d("debian", "10");
        let cur = d("debian", "12");
        let f = run(check, &c, |cx| cx.distro = Some(&old));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2024-06-30"), "{}", f[0].message);
        assert!(run(check, &c, |cx| cx.distro = Some(&cur)).is_empty());
    }
}

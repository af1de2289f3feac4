use super::eol_table::{EolEntry, lookup};
use super::images::{external_stages, official_name};
use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};
use time::Date;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image is past its end of life, after build arguments are
    /// expanded: the distribution or language runtime of the image, and the distribution named
    /// in its tag (`python:3.12-alpine3.18` is an Alpine 3.18 image, `node:22-buster` a
    /// Debian 10 one). The dates come from an embedded table (`security/eol_table.rs`), each
    /// entry recording the day it was checked; today's date decides, so an entry starts firing
    /// the day its support ends.
    ///
    /// The table covers Debian (end of LTS), Ubuntu (end of standard support; interim releases
    /// too), Alpine, CentOS Linux and CentOS Stream 8, Amazon Linux 1 and 2, Fedora ≤ 40,
    /// Python, Node.js (odd releases included), Go (each release is supported until the one
    /// two minor versions later), Ruby, PHP, .NET, and the deprecated `openjdk` (except
    /// early-access tags) and AdoptOpenJDK images. Every stage is checked, builder stages
    /// included: an end-of-life compiler or standard library is built into your binaries.
    ///
    /// Tags without a version (`python:3`, `node:lts`, `alpine:edge`, `debian:stable`) are
    /// not reported: they follow supported releases.
    ///
    /// ## Why is this bad?
    /// After its end of life a release gets no security fixes: every vulnerability found from
    /// then on stays in your image for good, and scanners report more of them every month.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.8-slim-buster
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim-bookworm
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: upgrading a runtime or distribution needs testing.
    pub EolBaseImage {
        code: "DF112",
        name: "eol-base-image",
        practice: Updates,
        severity: High,
        summary: "base image is past its end of life",
        aliases: [],
        references: ["https://endoflife.date/"],
        remediation: "move to a supported release of the distribution or runtime",
    }
}

fn report(cx: &Ctx, today: Date, out: &mut Vec<Finding>) {
    for stage in external_stages(cx.df) {
        let Some(resolved) = stage.resolved.as_deref() else {
            continue;
        };
        let r = ImageRef::parse(resolved);
        if r.is_scratch() {
            continue;
        }
        let full = format!("{}/{}", r.registry, r.repository).to_ascii_lowercase();
        let hits: Vec<&EolEntry> = lookup(official_name(&r), &full, r.tag.as_deref())
            .into_iter()
            .filter(|e| e.eol <= today)
            .collect();
        if hits.is_empty() {
            continue;
        }
        let what = hits
            .iter()
            .map(|e| format!("{} (since {})", e.product, e.eol))
            .collect::<Vec<_>>()
            .join(" and ");
        let mut instead: Vec<&str> = Vec::new();
        for e in &hits {
            if !instead.contains(&e.instead) {
                instead.push(e.instead);
            }
        }
        let msg = format!(
            "base image `{resolved}` is past end of life: {what}; use {}",
            instead.join(" / ")
        );
        let mut f = cx.finding(&EolBaseImage::META, msg, stage.image.start, stage.image.end);
        f.detail = Some(serde_json::json!({
            "end_of_life": hits.iter().map(|e| serde_json::json!({
                "product": e.product,
                "eol": e.eol.to_string(),
                "checked": e.checked.to_string(),
            })).collect::<Vec<_>>()
        }));
        out.push(f);
    }
}

impl DockerfileRule for EolBaseImage {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        report(cx, time::OffsetDateTime::now_utc().date(), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_core::config::Config;
    use time::macros::date;

    fn at(src: &str, today: Date) -> Vec<Finding> {
        let df = crate::dockerfile::parse(src);
        let config = Config::default();
        let cx = Ctx::new("Dockerfile", &df, &config, None);
        let mut out = Vec::new();
        report(&cx, today, &mut out);
        out
    }

    #[test]
    fn dates_decide() {
        let src =
            "ARG PY=3.10\nFROM python:${PY}-slim AS build\nFROM build\nFROM node:22-alpine3.16\n";
        let before = at(src, date!(2024 - 05 - 01));
        assert!(before.is_empty(), "{before:#?}");
        let after = at(src, date!(2026 - 11 - 27));
        let got: Vec<(u32, &str)> = after
            .iter()
            .map(|f| (f.location.line.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    2,
                    "base image `python:3.10-slim` is past end of life: Python 3.10 (since 2026-10-31); use Python 3.13 or newer"
                ),
                (
                    4,
                    "base image `node:22-alpine3.16` is past end of life: Alpine 3.16 (since 2024-05-23); use Alpine 3.22 or newer"
                ),
            ]
        );
        assert_eq!(
            after[0].detail.as_ref().unwrap()["end_of_life"][0]["checked"],
            "2026-11-27"
        );
    }

    #[test]
    fn unversioned_tags_are_quiet() {
        let src = "FROM python:3\nFROM node:lts\nFROM alpine:edge\nFROM debian:stable-slim\nFROM ${UNSET}\nFROM scratch\n";
        assert!(at(src, date!(2030 - 01 - 01)).is_empty());
    }
}

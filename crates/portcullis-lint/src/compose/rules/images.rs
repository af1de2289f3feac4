//! Keeping images updated: untagged, `latest`, no digest (opt-in), end-of-life images
//! (the Dockerfile linter's table).

use super::{ComposeRule, rule_meta};
use crate::compose::lint::{Cx, Svc};
use crate::compose::yaml::Node;
use crate::dockerfile::ImageRef;
use crate::dockerfile::rules::security::eol_table::lookup;
use crate::dockerfile::rules::security::images::official_name;
use portcullis_core::{Finding, declare_rule};

fn image<'a>(s: &Svc<'a>) -> Option<(&'a Node, ImageRef, String)> {
    let n = s.get("image")?;
    let t = n.text()?;
    if t.is_empty() || t.contains('$') {
        return None;
    }
    Some((n, ImageRef::parse(&t), t))
}

/// The image a service pulls: its `image:` unless it also `build:`s (then `image:` names the
/// result of the build, not something pulled).
fn pulled_image<'a>(s: &Svc<'a>) -> Option<(&'a Node, ImageRef, String)> {
    if s.get("build").is_some() {
        return None;
    }
    image(s)
}

declare_rule! {
    /// ## What it does
    /// Reports an `image:` without a tag or digest (services that also `build:` excepted:
    /// there `image:` names the result).
    ///
    /// ## Why is this bad?
    /// An untagged image is `latest`: whatever was pushed last runs, different on every host.
    ///
    /// ## Example
    /// ```yaml
    ///     image: postgres
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ImageUntagged {
        code: "DC050",
        name: "compose-image-untagged",
        practice: Updates,
        severity: Medium,
        summary: "a service's image has no tag",
        aliases: ["Image Version Not Explicit"],
        references: ["https://docs.docker.com/reference/compose-file/services/#image"],
        remediation: "pin a release tag such as postgres:16.4-bookworm, or a digest",
    }
}

impl ComposeRule for ImageUntagged {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some((n, r, t)) = pulled_image(&s)
                && r.tag.is_none()
                && r.digest.is_none()
            {
                out.push(Self::META.finding(
                    format!("service `{}` uses image `{t}` without a tag", s.name),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `image:` with the `latest` tag.
    ///
    /// ## Why is this bad?
    /// `latest` moves: the deployment changes under you, and a rollback has nothing to go back to.
    ///
    /// ## Example
    /// ```yaml
    ///     image: redis:latest
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ImageLatest {
        code: "DC051",
        name: "compose-latest-tag",
        practice: Updates,
        severity: Medium,
        summary: "a service uses the `latest` tag",
        aliases: ["Image Version Using 'latest'"],
        references: ["https://docs.docker.com/reference/compose-file/services/#image"],
        remediation: "pin a release tag, or a digest",
    }
}

impl ComposeRule for ImageLatest {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some((n, r, t)) = image(&s)
                && r.tag.as_deref() == Some("latest")
                && r.digest.is_none()
            {
                out.push(Self::META.finding(
                    format!("service `{}` uses image `{t}`", s.name),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `image:` without a `@sha256:` digest (opt-in).
    ///
    /// ## Why is this bad?
    /// Tags can be moved; only a digest names exactly the image that was reviewed.
    ///
    /// ## Example
    /// ```yaml
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ImageNoDigest {
        code: "DC052",
        name: "compose-image-no-digest",
        practice: Updates,
        severity: Low,
        summary: "a service's image is not pinned by digest",
        aliases: [],
        references: ["https://docs.docker.com/reference/compose-file/services/#image"],
        remediation: "append the digest: nginx:1.27@sha256:…",
        default_enabled: false,
    }
}

impl ComposeRule for ImageNoDigest {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some((n, r, t)) = pulled_image(&s)
                && r.digest.is_none()
            {
                out.push(Self::META.finding(
                    format!("service `{}` uses image `{t}` without a digest", s.name),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `image:` whose release is past its end of life, from the same table the
    /// Dockerfile check DF112 uses (distributions, runtimes, databases).
    ///
    /// ## Why is this bad?
    /// No more security fixes: every new vulnerability stays open.
    ///
    /// ## Example
    /// ```yaml
    ///     image: postgres:11
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ImageEol {
        code: "DC053",
        name: "compose-eol-image",
        practice: Updates,
        severity: High,
        summary: "a service's image is past its end of life",
        aliases: [],
        references: ["https://endoflife.date/"],
        remediation: "move to a supported release",
    }
}

impl ComposeRule for ImageEol {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let Some((n, r, t)) = image(&s) else { continue };
            let full = format!("{}/{}", r.registry, r.repository).to_ascii_lowercase();
            let hits: Vec<String> = lookup(official_name(&r), &full, r.tag.as_deref())
                .into_iter()
                .filter(|e| e.eol <= cx.today)
                .map(|e| format!("{} (since {}; move to {})", e.product, e.eol, e.instead))
                .collect();
            if !hits.is_empty() {
                out.push(Self::META.finding(
                    format!("service `{}` uses `{t}`: {}", s.name, hits.join(", ")),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

pub static RULES: &[&dyn ComposeRule] = &[&ImageUntagged, &ImageLatest, &ImageNoDigest, &ImageEol];

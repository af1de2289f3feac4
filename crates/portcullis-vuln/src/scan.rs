//! Scanning an inventory: look up each package, evaluate the advisories, de-duplicate by
//! alias, rate, suppress, and turn the rest into `VULN` findings.

use crate::matcher::{self, Query, Unsupported};
use crate::osv::Advisory;
use crate::rules::{
    PackagesNotChecked, StaleVulnSuppression, VulnDbMissing, VulnDbStale, VulnerablePackage,
};
use crate::store::{Db, DbError};
use crate::suppress::{self, Suppressions};
use portcullis_core::{Distro, Finding, Location, Package, Severity};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use time::Date;

/// Options of one scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Report only vulnerabilities with a fixed version.
    pub ignore_unfixed: bool,
    /// The image name, for finding locations.
    pub image: Option<String>,
    /// Warn (PC026) when the database is older than this many seconds.
    pub max_age_secs: u64,
    /// Severity of advisories without CVSS vector or rating.
    pub default_severity: Severity,
    pub suppressions: Suppressions,
    /// Decides expiry of ignores.
    pub today: Date,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            ignore_unfixed: false,
            image: None,
            max_age_secs: 7 * 24 * 3600,
            default_severity: Severity::Medium,
            suppressions: Suppressions::default(),
            today: time::OffsetDateTime::now_utc().date(),
        }
    }
}

/// One package affected by one vulnerability (aliases merged).
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index into the scanned packages.
    pub package: usize,
    pub ecosystem: String,
    pub advisory: Advisory,
    pub fixed: Option<String>,
}

/// A finding removed by a suppression, with why.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    /// `vex` or `ignore`.
    pub kind: &'static str,
    /// VEX status / justification, or the ignore's reason.
    pub status: Option<String>,
    pub justification: String,
    pub origin: String,
}

impl Suppressed {
    /// The finding at `info` severity with the suppression in `detail.suppression`, for reports
    /// that show suppressed findings.
    pub fn into_info_finding(self) -> Finding {
        let mut f = self.finding;
        f.severity = Severity::Info;
        f.message = format!("{} [suppressed: {}]", f.message, self.justification);
        let mut d = f.detail.take().unwrap_or_else(|| json!({}));
        d["suppression"] = json!({
            "kind": self.kind, "status": self.status,
            "justification": self.justification, "origin": self.origin,
        });
        f.detail = Some(d);
        f
    }
}

/// What a scan produces.
#[derive(Debug, Default)]
pub struct ScanOutput {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    /// Package × advisory-entry evaluations done.
    pub checks: u64,
}

/// Scans with the database in `cache_dir`: a missing database is a `PC025` finding (and no
/// `VULN` findings); an unreadable one is an error.
pub fn scan_cache(
    cache_dir: &Path,
    distro: Option<&Distro>,
    packages: &[Package],
    opts: &ScanOptions,
) -> Result<ScanOutput, DbError> {
    match Db::open_in(cache_dir) {
        Ok(db) => scan(&db, distro, packages, opts),
        Err(e @ DbError::Missing(_)) => {
            let loc = Location {
                image: opts.image.clone(),
                path: Some(cache_dir.join(crate::store::DB_FILE).display().to_string()),
                ..Location::default()
            };
            Ok(ScanOutput {
                findings: vec![VulnDbMissing::META.finding(
                    format!(
                        "{} packages not checked for vulnerabilities: {e}",
                        packages.len()
                    ),
                    loc,
                )],
                ..ScanOutput::default()
            })
        }
        Err(e) => Err(e),
    }
}

/// Finds the vulnerabilities of `packages` (installed on `distro`) in `db`.
pub fn scan(
    db: &Db,
    distro: Option<&Distro>,
    packages: &[Package],
    opts: &ScanOptions,
) -> Result<ScanOutput, DbError> {
    let mut out = ScanOutput::default();
    let meta = db.metadata();
    if meta.age_secs() > opts.max_age_secs {
        let loc = Location {
            path: Some(db.path().display().to_string()),
            ..Location::default()
        };
        out.findings.push(VulnDbStale::META.finding(
            format!(
                "the vulnerability database is {} days old (maximum {} days): run `portcullis db update`",
                meta.age_secs() / 86400,
                opts.max_age_secs / 86400
            ),
            loc,
        ));
    }
    let (matches, unsupported, checks) = match_packages(db, distro, packages, opts.ignore_unfixed)?;
    out.checks = checks;
    for (what, n) in unsupported {
        let loc = Location {
            image: opts.image.clone(),
            ..Location::default()
        };
        out.findings.push(PackagesNotChecked::META.finding(
            format!("{n} packages not checked for vulnerabilities: {what}"),
            loc,
        ));
    }
    let mut vulns: Vec<Finding> = matches
        .iter()
        .map(|m| finding_for(m, &packages[m.package], opts))
        .collect();
    let suppressed = apply_suppressions(
        &mut vulns,
        &opts.suppressions,
        opts.today,
        &mut out.findings,
    );
    out.suppressed = suppressed;
    out.findings.extend(vulns);
    Ok(out)
}

/// Matches, the packages not checked (reason → count), and the number of checks.
pub type Matched = (Vec<Match>, BTreeMap<String, usize>, u64);

/// How a package is looked up in a database with these advisory `counts` (per ecosystem), or
/// why it cannot be checked (the reason `PC027` groups packages by). Callers that count
/// checks (one per package checked) use it to tell checked packages from the others.
pub fn query_checked(
    distro: Option<&Distro>,
    p: &Package,
    counts: &BTreeMap<String, u64>,
) -> Result<Query, String> {
    let q = match matcher::query_for(distro, p) {
        Ok(q) => q,
        Err(Unsupported::Distro(d)) => {
            return Err(format!(
                "{} packages of {d} (no advisory data portcullis can use)",
                p.kind.as_str()
            ));
        }
        Err(Unsupported::Kind(k)) => {
            return Err(format!(
                "{} packages (versions cannot be ordered yet)",
                k.as_str()
            ));
        }
    };
    if p.kind.is_os() && !counts.contains_key(&q.ecosystem) {
        return Err(format!(
            "{} packages: the database has no `{}` advisories",
            p.kind.as_str(),
            q.ecosystem
        ));
    }
    Ok(q)
}

/// Looks up and evaluates every package. Returns the matches (aliases merged per package),
/// the packages that could not be checked (reason → count), and the number of checks.
pub fn match_packages(
    db: &Db,
    distro: Option<&Distro>,
    packages: &[Package],
    ignore_unfixed: bool,
) -> Result<Matched, DbError> {
    let reader = db.reader()?;
    let counts = &db.metadata().counts;
    let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_key: HashMap<String, Vec<crate::osv::Affected>> = HashMap::new();
    let mut advisories: HashMap<String, Advisory> = HashMap::new();
    let mut matches = Vec::new();
    let mut checks = 0u64;
    for (i, p) in packages.iter().enumerate() {
        let q: Query = match query_checked(distro, p, counts) {
            Ok(q) => q,
            Err(why) => {
                *unsupported.entry(why).or_default() += 1;
                continue;
            }
        };
        let key = q.key();
        if !by_key.contains_key(&key) {
            let list = reader.affected(&key)?;
            by_key.insert(key.clone(), list);
        }
        let entries = &by_key[&key];
        let mut hits: Vec<(String, Option<String>)> = Vec::new();
        for e in entries {
            checks += 1;
            if let Some(fixed) = matcher::evaluate(q.scheme, e, &q.version) {
                if ignore_unfixed && fixed.is_none() {
                    continue;
                }
                if let Some(h) = hits.iter_mut().find(|h| h.0 == e.id) {
                    // Several entries of one advisory for one package: the version is affected
                    // until it is past every entry, so the fix is the highest (none if any
                    // entry has none).
                    h.1 = match (h.1.take(), fixed) {
                        (Some(a), Some(b)) => Some(max_version(q.scheme, a, b)),
                        _ => None,
                    };
                } else {
                    hits.push((e.id.clone(), fixed));
                }
            }
        }
        let mut pkg_matches: Vec<Match> = Vec::new();
        for (id, fixed) in hits {
            if !advisories.contains_key(&id) {
                let a = reader.advisory(&id)?.ok_or_else(|| DbError::Corrupt {
                    path: db.path().to_path_buf(),
                    message: format!(
                        "advisory {id} is indexed but missing; run `portcullis db update`"
                    ),
                })?;
                advisories.insert(id.clone(), a);
            }
            pkg_matches.push(Match {
                package: i,
                ecosystem: q.ecosystem.clone(),
                advisory: advisories[&id].clone(),
                fixed,
            });
        }
        matches.extend(merge_aliases(q.scheme, pkg_matches));
    }
    Ok((matches, unsupported, checks))
}

/// Merges matches of one package that are the same vulnerability (ids or aliases overlap).
/// The kept id is the ecosystem's own advisory (not a GHSA or bare CVE) where there is one.
fn merge_aliases(scheme: crate::version::Scheme, mut ms: Vec<Match>) -> Vec<Match> {
    let rank = |id: &str| -> u8 {
        if id.starts_with("GHSA-") {
            1
        } else if id.starts_with("CVE-") {
            2
        } else {
            0
        }
    };
    ms.sort_by(|a, b| {
        rank(&a.advisory.id)
            .cmp(&rank(&b.advisory.id))
            .then_with(|| a.advisory.id.cmp(&b.advisory.id))
    });
    let mut out: Vec<Match> = Vec::new();
    for m in ms {
        let ids = |x: &Match| -> Vec<String> {
            std::iter::once(x.advisory.id.clone())
                .chain(x.advisory.aliases.iter().cloned())
                .collect()
        };
        let mine = ids(&m);
        if let Some(k) = out
            .iter_mut()
            .find(|k| ids(k).iter().any(|i| mine.contains(i)))
        {
            for i in mine {
                if i != k.advisory.id && !k.advisory.aliases.contains(&i) {
                    k.advisory.aliases.push(i);
                }
            }
            k.fixed = match (k.fixed.take(), m.fixed) {
                (Some(a), Some(b)) => Some(max_version(scheme, a, b)),
                _ => None,
            };
            continue;
        }
        out.push(m);
    }
    out
}

fn max_version(scheme: crate::version::Scheme, a: String, b: String) -> String {
    if scheme.compare(&a, &b) == std::cmp::Ordering::Less {
        b
    } else {
        a
    }
}

/// Severity of an advisory: CVSS v3 (else v4, else v2) base score, else the database's rating,
/// else the default. Returns (severity, score, source).
pub fn rate(a: &Advisory, default: Severity) -> (Severity, Option<f64>, &'static str) {
    for kind in ["CVSS_V3", "CVSS_V4", "CVSS_V2"] {
        for (k, v) in &a.cvss {
            if k != kind {
                continue;
            }
            if let Ok(c) = v.parse::<cvss::Cvss>() {
                let s = c.score();
                let sev = if s >= 9.0 {
                    Severity::Critical
                } else if s >= 7.0 {
                    Severity::High
                } else if s >= 4.0 {
                    Severity::Medium
                } else if s > 0.0 {
                    Severity::Low
                } else {
                    Severity::Info
                };
                let src = match kind {
                    "CVSS_V3" => "cvss_v3",
                    "CVSS_V4" => "cvss_v4",
                    _ => "cvss_v2",
                };
                return (sev, Some((s * 10.0).round() / 10.0), src);
            }
        }
    }
    if let Some(r) = a.rating.as_deref() {
        let sev = match r {
            "critical" => Some(Severity::Critical),
            "high" | "important" => Some(Severity::High),
            "medium" | "moderate" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            "negligible" | "unimportant" | "none" | "informational" => Some(Severity::Info),
            _ => None,
        };
        if let Some(s) = sev {
            return (s, None, "database");
        }
    }
    (default, None, "default")
}

/// The CVSS vector behind a rating of `source` (`cvss_v3`, `cvss_v4`, `cvss_v2`), as published.
pub fn cvss_vector<'a>(a: &'a Advisory, source: &str) -> Option<&'a str> {
    let kind = match source {
        "cvss_v3" => "CVSS_V3",
        "cvss_v4" => "CVSS_V4",
        "cvss_v2" => "CVSS_V2",
        _ => return None,
    };
    a.cvss
        .iter()
        .find(|(k, v)| k == kind && v.parse::<cvss::Cvss>().is_ok())
        .map(|(_, v)| v.as_str())
}

fn finding_for(m: &Match, p: &Package, opts: &ScanOptions) -> Finding {
    let a = &m.advisory;
    let (sev, score, source) = rate(a, opts.default_severity);
    let source_part = match (&p.source_name, &p.source_version) {
        (Some(s), Some(v)) => format!(" (source {s} {v})"),
        (Some(s), None) if s != &p.name => format!(" (source {s})"),
        _ => String::new(),
    };
    let cves: Vec<&str> = a
        .aliases
        .iter()
        .filter(|x| x.starts_with("CVE-"))
        .map(String::as_str)
        .collect();
    let alias_part = if cves.is_empty() || (cves.len() == 1 && cves[0] == a.id) {
        String::new()
    } else {
        format!(" ({})", cves.join(", "))
    };
    let fix_part = match &m.fixed {
        Some(f) => format!("; fixed in {f}"),
        None => "; no fixed version".to_string(),
    };
    let summary = if a.summary.is_empty() {
        String::new()
    } else {
        format!(": {}", a.summary)
    };
    let message = format!(
        "{} {}{source_part} is affected by {}{alias_part}{fix_part}{summary}",
        p.name, p.version, a.id
    );
    let mut loc = Location {
        package: Some(p.name.clone()),
        version: Some(p.version.clone()),
        purl: Some(p.purl.clone()),
        image: opts.image.clone(),
        layer: p
            .layer_digest
            .clone()
            .or_else(|| p.layer_index.map(|i| i.to_string())),
        ..Location::default()
    };
    if !p.found_in.is_empty() {
        loc.path = Some(p.found_in.clone());
    }
    let mut f = VulnerablePackage::META.finding(message, loc);
    f.severity = sev;
    f.detail = Some(json!({
        "vulnerability": {
            "id": a.id,
            "aliases": a.aliases,
            "ecosystem": m.ecosystem,
            "package": p.name,
            "installed_version": p.version,
            "source_package": p.source_name.clone().unwrap_or_else(|| p.name.clone()),
            "source_version": p.source_version.clone().unwrap_or_else(|| p.version.clone()),
            "fixed_version": m.fixed,
            "severity": sev.as_str(),
            "severity_source": source,
            "cvss_score": score,
            "cvss_vector": cvss_vector(a, source),
            "summary": a.summary,
        }
    }));
    f
}

fn finding_ids(f: &Finding) -> Vec<String> {
    let Some(v) = f.detail.as_ref().and_then(|d| d.get("vulnerability")) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = v["id"].as_str().map(str::to_string).into_iter().collect();
    if let Some(a) = v["aliases"].as_array() {
        ids.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
    }
    ids
}

fn ignore_package_matches(pattern: &str, f: &Finding) -> bool {
    let v = f.detail.as_ref().and_then(|d| d.get("vulnerability"));
    let name = f.location.package.as_deref();
    let source = v.and_then(|v| v["source_package"].as_str());
    if Some(pattern) == name || Some(pattern) == source {
        return true;
    }
    pattern.starts_with("pkg:")
        && f.location
            .purl
            .as_deref()
            .is_some_and(|p| suppress::product_matches(pattern, p))
}

/// Removes suppressed findings from `vulns`; adds PC028 findings for ignores and statements
/// that suppressed nothing, and for expired ignores that would have applied.
fn apply_suppressions(
    vulns: &mut Vec<Finding>,
    s: &Suppressions,
    today: Date,
    tool: &mut Vec<Finding>,
) -> Vec<Suppressed> {
    let mut used_ignore = vec![false; s.ignores.len()];
    let mut expired_hit = vec![false; s.ignores.len()];
    let mut used_vex = vec![false; s.vex.len()];
    let mut suppressed = Vec::new();
    let mut kept = Vec::with_capacity(vulns.len());
    for f in vulns.drain(..) {
        let ids = finding_ids(&f);
        let has = |id: &str| ids.iter().any(|x| x.eq_ignore_ascii_case(id));
        let mut hit: Option<Suppressed> = None;
        for (i, st) in s.vex.iter().enumerate() {
            if !st.ids.iter().any(|x| has(x)) {
                continue;
            }
            let purl = f.location.purl.as_deref().unwrap_or("");
            if !st.products.is_empty()
                && !st
                    .products
                    .iter()
                    .any(|p| suppress::product_matches(p, purl))
            {
                continue;
            }
            used_vex[i] = true;
            if hit.is_none() {
                hit = Some(Suppressed {
                    finding: f.clone(),
                    kind: "vex",
                    status: Some(st.status.clone()),
                    justification: st
                        .justification
                        .clone()
                        .or_else(|| st.impact_statement.clone())
                        .unwrap_or_else(|| st.status.clone()),
                    origin: st.origin.clone(),
                });
            }
        }
        for (i, ig) in s.ignores.iter().enumerate() {
            if !has(&ig.id)
                || !ig
                    .package
                    .as_deref()
                    .is_none_or(|p| ignore_package_matches(p, &f))
            {
                continue;
            }
            if ig.expires.is_some_and(|d| d < today) {
                expired_hit[i] = true;
                continue;
            }
            used_ignore[i] = true;
            if hit.is_none() {
                hit = Some(Suppressed {
                    finding: f.clone(),
                    kind: "ignore",
                    status: None,
                    justification: ig.reason.clone(),
                    origin: ig.origin.clone(),
                });
            }
        }
        match hit {
            Some(h) => suppressed.push(h),
            None => kept.push(f),
        }
    }
    *vulns = kept;
    for (i, ig) in s.ignores.iter().enumerate() {
        let loc = Location {
            path: Some(ig.origin.clone()),
            ..Location::default()
        };
        if expired_hit[i] {
            tool.push(StaleVulnSuppression::META.finding(
                format!(
                    "the ignore of {} expired on {}; its findings are reported again",
                    ig.id,
                    ig.expires.map(|d| d.to_string()).unwrap_or_default()
                ),
                loc,
            ));
        } else if !used_ignore[i] {
            tool.push(StaleVulnSuppression::META.finding(
                format!("the ignore of {} suppressed nothing in this scan", ig.id),
                loc,
            ));
        }
    }
    for (i, st) in s.vex.iter().enumerate() {
        if !used_vex[i] {
            let loc = Location {
                path: Some(st.origin.clone()),
                ..Location::default()
            };
            tool.push(StaleVulnSuppression::META.finding(
                format!(
                    "the VEX statement on {} suppressed nothing in this scan",
                    st.ids[0]
                ),
                loc,
            ));
        }
    }
    suppressed
}

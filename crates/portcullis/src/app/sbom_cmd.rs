//! `portcullis sbom`: read an image once and write its SBOM (CycloneDX 1.5 or SPDX 2.3 JSON).

use super::cli::{SbomArgs, SbomFormat};
use super::output::write_stdout;
use super::vuln_step::{SbomVulns, VulnStep};
use super::{EXIT_CLEAN, Fatal};
use portcullis_core::Finding;
use portcullis_image::{ProgressEvent, ScanOptions, Source, scan};
use portcullis_imgaudit::sbom::{self, cyclonedx, spdx};
use portcullis_imgaudit::sbom::{VulnAnalysis, VulnRecord};
use portcullis_vuln::scan::Suppressed;
use std::io::IsTerminal;

pub fn run(args: SbomArgs) -> Result<u8, Fatal> {
    let source = Source::parse(&args.image).map_err(|e| Fatal(e.0))?;
    // CycloneDX carries vulnerabilities; SPDX 2.3 has no place for them.
    let vulns = match args.format {
        SbomFormat::Cyclonedx if !args.vuln.no_vulns => Some(VulnStep::new(&args.vuln)?),
        _ => None,
    };
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let timestamp =
        sbom::timestamp(epoch.as_deref(), time::OffsetDateTime::now_utc()).map_err(Fatal)?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let on_progress = |e: ProgressEvent| {
        let Some(b) = &bar else { return };
        match e {
            ProgressEvent::Layer { ordinal, total, .. } => {
                b.set_message(format!("layer {}", ordinal + 1));
                b.set_length(total.unwrap_or(0));
                b.set_position(0);
            }
            ProgressEvent::Bytes { done, .. } => b.set_position(done),
        }
    };
    let opts = ScanOptions {
        tag: args.tag.clone(),
        progress: Some(&on_progress),
        ..ScanOptions::default()
    };
    let image = scan(&source, &opts, &mut []);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let image = image.map_err(|e| Fatal(e.0))?;
    if !args.quiet {
        for f in &image.findings {
            eprintln!("portcullis: warning: {} {}", f.rule, f.message);
        }
    }
    let input = portcullis_imgaudit::sbom_input(&image, timestamp, env!("CARGO_PKG_VERSION"));
    let doc = match args.format {
        SbomFormat::Cyclonedx => {
            let records = match &vulns {
                Some(step) => match step.scan_for_sbom(&image) {
                    SbomVulns::Checked {
                        vulns,
                        other,
                        suppressed,
                    } => {
                        if !args.quiet {
                            for f in &other {
                                eprintln!("portcullis: warning: {} {}", f.rule, f.message);
                            }
                        }
                        let mut list: Vec<VulnRecord> = vulns.iter().filter_map(record).collect();
                        list.extend(suppressed.iter().filter_map(|s| {
                            let mut r = record(&s.finding)?;
                            r.analysis = Some(vex_analysis(s));
                            Some(r)
                        }));
                        Some(list)
                    }
                    SbomVulns::Unavailable(why) => {
                        if !args.quiet {
                            eprintln!(
                                "portcullis: warning: the SBOM has no vulnerabilities section: {why}; \
                                 --no-vulns leaves it out without this warning"
                            );
                        }
                        None
                    }
                },
                None => None,
            };
            cyclonedx(&input, records.as_deref())
        }
        SbomFormat::Spdx => spdx(&input),
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Fatal(format!("internal error rendering the SBOM: {e}")))?;
    text.push('\n');
    match &args.output {
        Some(p) => std::fs::write(p, text).map_err(|e| {
            Fatal(format!(
                "{}: {}",
                p.display(),
                super::discover::io_reason(&e)
            ))
        })?,
        None => write_stdout(text.as_bytes())?,
    }
    Ok(EXIT_CLEAN)
}

/// A VEX statement's verdict as CycloneDX `analysis`: `not_affected` stays, `fixed` is
/// `resolved`; OpenVEX justifications map to CycloneDX's where one means the same, and the
/// statement's own words and file are the `detail`.
fn vex_analysis(s: &Suppressed) -> VulnAnalysis {
    let state = match s.status.as_deref() {
        Some("fixed") => "resolved",
        _ => "not_affected",
    };
    let justification = match s.justification.as_str() {
        "component_not_present" | "vulnerable_code_not_present" => Some("code_not_present"),
        "vulnerable_code_not_in_execute_path" => Some("code_not_reachable"),
        "inline_mitigations_already_exist" => Some("protected_by_mitigating_control"),
        _ => None,
    };
    VulnAnalysis {
        state: state.to_string(),
        justification: justification.map(str::to_string),
        detail: Some(format!("{} (VEX: {})", s.justification, s.origin)),
    }
}

/// Id prefixes of the feeds osv.dev publishes.
const OSV_DEV_PREFIXES: &[&str] = &[
    "GHSA-",
    "PYSEC-",
    "RUSTSEC-",
    "GO-",
    "CVE-",
    "DSA-",
    "DLA-",
    "DTSA-",
    "USN-",
    "UBUNTU-",
    "ALSA-",
    "ALBA-",
    "ALEA-",
    "RHSA-",
    "RHBA-",
    "RHEA-",
    "RLSA-",
    "MAL-",
    "CGA-",
    "SUSE-",
    "openSUSE-",
    "BIT-",
    "PSF-",
    "RSEC-",
    "MGASA-",
    "OSV-",
];

/// A `VULN` finding as a CycloneDX vulnerability record: the advisory id, the package's purl
/// (the writer points `affects[].ref` at the component of that purl), the rating from the CVSS
/// vector where there is one, and the fixed version.
fn record(f: &Finding) -> Option<VulnRecord> {
    let v = f.detail.as_ref()?.get("vulnerability")?;
    let id = v["id"].as_str()?.to_string();
    let text = |k: &str| v[k].as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let vector = text("cvss_vector");
    let method = match (v["severity_source"].as_str(), vector.as_deref()) {
        (Some("cvss_v3"), Some(vec)) if vec.starts_with("CVSS:3.1/") => Some("CVSSv31"),
        (Some("cvss_v3"), _) => Some("CVSSv3"),
        (Some("cvss_v4"), _) => Some("CVSSv4"),
        (Some("cvss_v2"), _) => Some("CVSSv2"),
        (Some("database"), _) => Some("other"),
        _ => None,
    };
    // osv.dev serves the records of the public feeds; derived or private ids get no URL.
    let public = OSV_DEV_PREFIXES.iter().any(|p| id.starts_with(p));
    Some(VulnRecord {
        source_name: Some("OSV".into()),
        source_url: public.then(|| format!("https://osv.dev/vulnerability/{id}")),
        purl: f.location.purl.clone()?,
        // Without a CVSS vector or the feed's own rating, the severity is unknown (the
        // report's default severity is a policy, not a rating).
        severity: (v["severity_source"].as_str() != Some("default")).then_some(f.severity),
        score: v["cvss_score"].as_f64(),
        method: method.map(str::to_string),
        vector,
        description: text("summary"),
        aliases: v["aliases"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        fixed_version: text("fixed_version"),
        id,
        ..VulnRecord::default()
    })
}

#[cfg(test)]
mod tests {
    use super::record;
    use portcullis_core::{Location, Severity};
    use portcullis_vuln::rules::VulnerablePackage;
    use serde_json::json;

    fn finding(source: &str, vector: Option<&str>) -> portcullis_core::Finding {
        let mut f = VulnerablePackage::META.finding(
            "openssl 3.0.11-1 is affected",
            Location {
                purl: Some("pkg:deb/debian/openssl@3.0.11-1".into()),
                ..Location::default()
            },
        );
        f.severity = Severity::High;
        f.detail = Some(json!({"vulnerability": {
            "id": "CVE-2024-0727", "severity_source": source, "cvss_score": 7.5,
            "cvss_vector": vector, "fixed_version": "3.0.13-1", "summary": "",
            "aliases": ["GHSA-9c47-m6qq-7p4h"],
        }}));
        f
    }

    #[test]
    fn record_carries_rating_fix_and_purl() {
        let v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";
        let r = record(&finding("cvss_v3", Some(v))).unwrap();
        assert_eq!(r.id, "CVE-2024-0727");
        assert_eq!(r.purl, "pkg:deb/debian/openssl@3.0.11-1");
        assert_eq!(r.method.as_deref(), Some("CVSSv31"));
        assert_eq!(r.vector.as_deref(), Some(v));
        assert_eq!(r.score, Some(7.5));
        assert_eq!(r.severity, Some(Severity::High));
        assert_eq!(r.fixed_version.as_deref(), Some("3.0.13-1"));
        assert_eq!(r.description, None);
        assert_eq!(r.aliases, vec!["GHSA-9c47-m6qq-7p4h".to_string()]);
        assert_eq!(
            r.source_url.as_deref(),
            Some("https://osv.dev/vulnerability/CVE-2024-0727")
        );
        let d = record(&finding("default", None)).unwrap();
        assert_eq!((d.severity, d.method), (None, None));
    }
}

//! The vulnerability step of `portcullis image`: the image's packages against the database.

use super::Fatal;
use super::cli::VulnArgs;
use super::image_cmd::ImageStep;
use portcullis_core::{Finding, Location};
use portcullis_image::Image;
use portcullis_vuln::Db;
use portcullis_vuln::rules::{VulnDbUnreadable, VulnerablePackage};
use portcullis_vuln::scan::{ScanOptions, Suppressed, scan, scan_cache};
use portcullis_vuln::suppress::{self, Suppressions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone)]
pub struct VulnStep {
    cache_dir: PathBuf,
    /// The database, when the caller opened it once for many images (`audit`); otherwise each
    /// image opens it (a missing one is then a PC025 finding).
    db: Option<Arc<Db>>,
    opts: ScanOptions,
    show_suppressed: bool,
}

impl VulnStep {
    /// Reads the VEX documents and the ignore file; their errors end the run (exit 2).
    pub fn new(a: &VulnArgs) -> Result<VulnStep, Fatal> {
        let cache_dir = portcullis_vuln::store::cache_dir(a.cache_dir.as_deref())
            .map_err(|e| Fatal(e.to_string()))?;
        let mut s = Suppressions::default();
        for p in &a.vex {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Fatal(format!(
                    "{}: {}",
                    p.display(),
                    super::discover::io_reason(&e)
                ))
            })?;
            s.vex
                .extend(suppress::parse_openvex(&p.display().to_string(), &text).map_err(Fatal)?);
        }
        if let Some(p) = &a.vuln_ignore {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Fatal(format!(
                    "{}: {}",
                    p.display(),
                    super::discover::io_reason(&e)
                ))
            })?;
            s.ignores =
                suppress::parse_ignore_file(&p.display().to_string(), &text).map_err(Fatal)?;
        }
        Ok(VulnStep {
            cache_dir,
            db: None,
            opts: ScanOptions {
                ignore_unfixed: a.ignore_unfixed,
                max_age_secs: a.db_max_age.saturating_mul(86400),
                suppressions: s,
                ..ScanOptions::default()
            },
            show_suppressed: a.show_suppressed,
        })
    }
}

impl VulnStep {
    /// The cache directory the database is read from.
    pub fn cache_dir(&self) -> &Path {
        &self.cache_dir
    }

    /// Matches against this open database instead of opening it for each image.
    pub fn with_db(mut self, db: Arc<Db>) -> VulnStep {
        self.db = Some(db);
        self
    }
}

/// What the vulnerability scan gives `portcullis sbom`.
pub enum SbomVulns {
    /// The `VULN` findings (suppressions applied) and the tool's other findings (stale
    /// database, packages not checked, stale suppressions), shown as warnings.
    Checked {
        vulns: Vec<Finding>,
        other: Vec<Finding>,
        /// What VEX statements suppressed, when `--show-suppressed` asks for it.
        suppressed: Vec<Suppressed>,
    },
    /// No database, or one that cannot be read: why, in one line.
    Unavailable(String),
}

impl VulnStep {
    /// Scans the image's packages for `portcullis sbom`.
    pub fn scan_for_sbom(&self, image: &Image) -> SbomVulns {
        let opts = ScanOptions {
            image: Some(image.name.clone()),
            ..self.opts.clone()
        };
        let db = match Db::open_in(&self.cache_dir) {
            Ok(db) => db,
            Err(e) => return SbomVulns::Unavailable(e.to_string()),
        };
        match scan(&db, image.distro.as_ref(), &image.packages, &opts) {
            Ok(r) => {
                let (vulns, other) = r
                    .findings
                    .into_iter()
                    .partition(|f| f.rule == VulnerablePackage::META.code);
                let suppressed = if self.show_suppressed {
                    r.suppressed
                        .into_iter()
                        .filter(|s| s.kind == "vex")
                        .collect()
                } else {
                    Vec::new()
                };
                SbomVulns::Checked {
                    vulns,
                    other,
                    suppressed,
                }
            }
            Err(e) => SbomVulns::Unavailable(e.to_string()),
        }
    }
}

impl ImageStep for VulnStep {
    fn finish(&mut self, image: &Image, out: &mut Vec<Finding>) {
        let opts = ScanOptions {
            image: Some(image.name.clone()),
            ..self.opts.clone()
        };
        let scanned = match &self.db {
            Some(db) => scan(db, image.distro.as_ref(), &image.packages, &opts),
            None => scan_cache(
                &self.cache_dir,
                image.distro.as_ref(),
                &image.packages,
                &opts,
            ),
        };
        match scanned {
            Ok(r) => {
                out.extend(r.findings);
                if self.show_suppressed {
                    out.extend(r.suppressed.into_iter().map(|s| s.into_info_finding()));
                }
            }
            Err(e) => out.push(
                VulnDbUnreadable::META.finding(
                    format!("packages not checked for vulnerabilities: {e}"),
                    Location {
                        path: Some(
                            self.cache_dir
                                .join(portcullis_vuln::store::DB_FILE)
                                .display()
                                .to_string(),
                        ),
                        ..Location::default()
                    },
                ),
            ),
        }
    }
}

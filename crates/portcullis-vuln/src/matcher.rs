//! OSV range evaluation and the mapping from installed packages to advisory keys.

use crate::osv::{self, Affected, Event, Range};
use crate::version::Scheme;
use portcullis_core::{Distro, Package, PackageKind};
use std::cmp::Ordering;

/// Whether `v` lies in `range` (events sorted at import). `Some(fixed)` when it does, with the
/// first fixed version above `v` in that range, if any.
pub fn in_range(scheme: Scheme, range: &Range, v: &str) -> Option<Option<String>> {
    let order = if range.semver && scheme != Scheme::Go {
        Scheme::Semver
    } else {
        scheme
    };
    // `limit` events bound the range from above.
    let mut limited = false;
    let mut under_limit = false;
    for e in &range.events {
        if let Event::Limit(l) = e {
            limited = true;
            if l == "*" || order.compare(v, l) == Ordering::Less {
                under_limit = true;
            }
        }
    }
    if limited && !under_limit {
        return None;
    }
    let mut affected = false;
    let mut fixed = None;
    for e in &range.events {
        match e {
            Event::Introduced(x) => {
                if x == "0" || order.compare(v, x) != Ordering::Less {
                    affected = true;
                } else if !affected {
                    break;
                }
            }
            Event::Fixed(x) => {
                if order.compare(v, x) != Ordering::Less {
                    affected = false;
                } else {
                    if affected {
                        fixed = Some(x.clone());
                    }
                    break;
                }
            }
            Event::LastAffected(x) => {
                if order.compare(v, x) == Ordering::Greater {
                    affected = false;
                } else {
                    break;
                }
            }
            Event::Limit(_) => {}
        }
    }
    affected.then_some(fixed)
}

/// Whether version `v` is affected by `entry`: inside any range, or listed. `Some(fixed)` when
/// it is.
pub fn evaluate(scheme: Scheme, entry: &Affected, v: &str) -> Option<Option<String>> {
    for r in &entry.ranges {
        if let Some(f) = in_range(scheme, r, v) {
            return Some(f);
        }
    }
    if !entry.versions.is_empty()
        && entry
            .versions
            .binary_search_by(|x| scheme.compare(x, v))
            .is_ok()
    {
        // Listed explicitly: report the lowest fix above it, if a range has one.
        let fixed = entry
            .ranges
            .iter()
            .flat_map(|r| r.events.iter())
            .filter_map(|e| match e {
                Event::Fixed(x) if scheme.compare(x, v) == Ordering::Greater => Some(x),
                _ => None,
            })
            .min_by(|a, b| scheme.compare(a, b))
            .cloned();
        return Some(fixed);
    }
    None
}

/// What a package is looked up by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// OSV ecosystem (`Debian:12`, `Alpine:v3.10`, `PyPI`).
    pub ecosystem: String,
    /// Name advisories use (the source package for Debian/Ubuntu and Alpine).
    pub name: String,
    /// Version compared (the source version for Debian/Ubuntu).
    pub version: String,
    pub scheme: Scheme,
}

impl Query {
    pub fn key(&self) -> String {
        osv::key(&self.ecosystem, &self.name)
    }
}

/// Why a package cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    /// OS packages of a distribution with no OSV data portcullis can use.
    Distro(String),
    /// A package kind whose versions portcullis cannot order.
    Kind(PackageKind),
}

fn major(v: &str) -> &str {
    v.split(['.', ' ']).next().unwrap_or(v)
}

fn major_minor(v: &str) -> Option<String> {
    let mut it = v.split(['.', '_', '-']);
    let a = it.next().filter(|s| !s.is_empty())?;
    let b = it.next().filter(|s| !s.is_empty())?;
    Some(format!("{a}.{b}"))
}

fn debian_release(d: &Distro) -> Option<String> {
    if !d.version_id.is_empty() {
        return Some(major(&d.version_id).to_string());
    }
    let n = match d.codename.as_deref()? {
        "stretch" => "9",
        "buster" => "10",
        "bullseye" => "11",
        "bookworm" => "12",
        "trixie" => "13",
        "forky" => "14",
        _ => return None,
    };
    Some(n.to_string())
}

/// The OSV query for an installed package, per the distribution for OS packages.
pub fn query_for(distro: Option<&Distro>, p: &Package) -> Result<Query, Unsupported> {
    let lang = |eco: &str, scheme: Scheme| Query {
        ecosystem: eco.to_string(),
        name: p.name.clone(),
        version: p.version.clone(),
        scheme,
    };
    let distro_name = || {
        distro
            .map(|d| format!("{} {}", d.id, d.version_id).trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unknown distribution".into())
    };
    match p.kind {
        PackageKind::Python => Ok(lang("PyPI", Scheme::Pep440)),
        PackageKind::Npm => Ok(lang("npm", Scheme::Semver)),
        PackageKind::Cargo => Ok(lang("crates.io", Scheme::Semver)),
        PackageKind::Go => Ok(lang("Go", Scheme::Go)),
        PackageKind::Maven => Ok(lang("Maven", Scheme::Maven)),
        PackageKind::Gem => Ok(lang("RubyGems", Scheme::RubyGems)),
        PackageKind::Composer => Ok(lang("Packagist", Scheme::Packagist)),
        PackageKind::Dpkg => {
            let d = distro.ok_or_else(|| Unsupported::Distro(distro_name()))?;
            let eco = match d.id.as_str() {
                "debian" => format!(
                    "Debian:{}",
                    debian_release(d).ok_or_else(|| Unsupported::Distro(distro_name()))?
                ),
                "ubuntu" if !d.version_id.is_empty() => format!("Ubuntu:{}", d.version_id),
                _ => return Err(Unsupported::Distro(distro_name())),
            };
            Ok(Query {
                ecosystem: eco,
                name: p.source_or_name().to_string(),
                version: p.source_version_or_version().to_string(),
                scheme: Scheme::Dpkg,
            })
        }
        PackageKind::Apk => {
            let d = distro.ok_or_else(|| Unsupported::Distro(distro_name()))?;
            let eco = match d.id.as_str() {
                "alpine" => format!(
                    "Alpine:v{}",
                    major_minor(&d.version_id).ok_or_else(|| Unsupported::Distro(distro_name()))?
                ),
                "wolfi" => "Wolfi".to_string(),
                "chainguard" => "Chainguard".to_string(),
                _ => return Err(Unsupported::Distro(distro_name())),
            };
            Ok(Query {
                ecosystem: eco,
                name: p.source_or_name().to_string(),
                version: p.version.clone(),
                scheme: Scheme::Apk,
            })
        }
        PackageKind::Rpm => {
            let d = distro.ok_or_else(|| Unsupported::Distro(distro_name()))?;
            let eco = match d.id.as_str() {
                "almalinux" => format!("AlmaLinux:{}", major(&d.version_id)),
                "rocky" => format!("Rocky Linux:{}", major(&d.version_id)),
                "mageia" => format!("Mageia:{}", major(&d.version_id)),
                _ => return Err(Unsupported::Distro(distro_name())),
            };
            Ok(Query {
                ecosystem: eco,
                name: p.name.clone(),
                version: p.version.clone(),
                scheme: Scheme::Rpm,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(events: Vec<Event>) -> Range {
        Range {
            semver: false,
            events,
        }
    }

    #[test]
    fn range_walk() {
        use Event::*;
        let s = Scheme::Semver;
        // Two introduced/fixed pairs in one range (RUSTSEC-2021-0003 shape).
        let r = range(vec![
            Introduced("0.6.3".into()),
            Fixed("0.6.14".into()),
            Introduced("1.0.0".into()),
            Fixed("1.6.1".into()),
        ]);
        assert_eq!(in_range(s, &r, "0.6.2"), None);
        assert_eq!(in_range(s, &r, "0.6.3"), Some(Some("0.6.14".into())));
        assert_eq!(in_range(s, &r, "0.9.0"), None);
        assert_eq!(in_range(s, &r, "1.6.0"), Some(Some("1.6.1".into())));
        assert_eq!(in_range(s, &r, "1.6.1"), None);
        let la = range(vec![Introduced("0".into()), LastAffected("2.0.0".into())]);
        assert_eq!(in_range(s, &la, "2.0.0"), Some(None));
        assert_eq!(in_range(s, &la, "2.0.1"), None);
        let open = range(vec![Introduced("1.0.0".into())]);
        assert_eq!(in_range(s, &open, "9.0.0"), Some(None));
        let lim = range(vec![Introduced("0".into()), Limit("2.0.0".into())]);
        assert_eq!(in_range(s, &lim, "1.0.0"), Some(None));
        assert_eq!(in_range(s, &lim, "2.0.0"), None);
    }

    #[test]
    fn listed_versions() {
        let a = Affected {
            id: "X".into(),
            ranges: vec![],
            versions: vec!["1.0".into(), "1.1".into(), "2.0".into()],
        };
        assert_eq!(evaluate(Scheme::Pep440, &a, "1.1.0"), Some(None));
        assert_eq!(evaluate(Scheme::Pep440, &a, "1.2"), None);
    }
}

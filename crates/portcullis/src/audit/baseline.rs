//! `--baseline REPORT`: list only findings that a previous `audit --format json` report did not
//! have.
//!
//! Findings match by fingerprint ([`crate::report::fingerprints`]): rule, path and the
//! normalised text of the offending line (object findings: object, pointer and message), with an
//! occurrence number — so a finding keeps matching when lines move, and a second copy of the same
//! line is new. A baseline finding without a fingerprint (a `lint --format json` report) matches
//! by rule, path and message instead.

use portcullis_core::Finding;
use std::collections::HashMap;
use std::path::Path;

/// The largest baseline report read.
const MAX_BASELINE_BYTES: u64 = 256 << 20;

/// The findings of an earlier report, as keys to match.
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashMap<String, usize>,
    fallback: HashMap<(String, String, String), usize>,
    total: usize,
}

/// How the current findings compare with the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// For each current finding: true when it is new.
    pub is_new: Vec<bool>,
    pub known: usize,
    /// Baseline findings not found any more.
    pub fixed: usize,
}

fn fallback_key(rule: &str, path: Option<&str>, message: &str) -> (String, String, String) {
    (
        rule.to_string(),
        path.unwrap_or("").replace('\\', "/"),
        message.to_string(),
    )
}

impl Baseline {
    /// Reads a JSON report written by portcullis (`schema_version` 1). `Err` is one line naming
    /// the file and the problem.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {}", reason(&e)))?;
        if meta.len() > MAX_BASELINE_BYTES {
            return Err(format!(
                "{shown}: larger than {} MiB; not a portcullis report",
                MAX_BASELINE_BYTES >> 20
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {}", reason(&e)))?;
        Self::parse(&bytes).map_err(|e| format!("{shown}: {e}"))
    }

    /// Parses a report's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Baseline, String> {
        let v: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("not a portcullis JSON report ({e})"))?;
        match v.get("schema_version").and_then(|s| s.as_u64()) {
            Some(1) => {}
            Some(n) => {
                return Err(format!(
                    "report schema version {n} is not supported (expected 1)"
                ));
            }
            None => {
                return Err("not a portcullis JSON report (no `schema_version`)".to_string());
            }
        }
        let findings = v
            .get("findings")
            .and_then(|f| f.as_array())
            .ok_or("not a portcullis JSON report (no `findings` list)")?;
        let mut b = Baseline::default();
        for f in findings {
            b.total += 1;
            if let Some(fp) = f.get("fingerprint").and_then(|x| x.as_str()) {
                *b.fingerprints.entry(fp.to_string()).or_insert(0) += 1;
                continue;
            }
            let rule = f.get("rule").and_then(|x| x.as_str()).unwrap_or("");
            let path = f
                .get("location")
                .and_then(|l| l.get("path"))
                .and_then(|x| x.as_str());
            let message = f.get("message").and_then(|x| x.as_str()).unwrap_or("");
            *b.fallback
                .entry(fallback_key(rule, path, message))
                .or_insert(0) += 1;
        }
        Ok(b)
    }

    /// How many findings the baseline has.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Compares `findings` (with their `fingerprints`, same order) with the baseline.
    pub fn compare(&self, findings: &[Finding], fingerprints: &[String]) -> Comparison {
        let mut fps = self.fingerprints.clone();
        let mut fallback = self.fallback.clone();
        let mut is_new = Vec::with_capacity(findings.len());
        let mut known = 0;
        for (f, fp) in findings.iter().zip(fingerprints) {
            let mut hit = false;
            if let Some(n) = fps.get_mut(fp.as_str())
                && *n > 0
            {
                *n -= 1;
                hit = true;
            }
            if !hit {
                let key = fallback_key(&f.rule, f.location.path.as_deref(), &f.message);
                if let Some(n) = fallback.get_mut(&key)
                    && *n > 0
                {
                    *n -= 1;
                    hit = true;
                }
            }
            if hit {
                known += 1;
            }
            is_new.push(!hit);
        }
        Comparison {
            is_new,
            known,
            fixed: self.total.saturating_sub(known),
        }
    }
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_core::Location;
    use portcullis_core::tool_rules::UnusedSuppression;

    fn f(msg: &str, line: u32) -> Finding {
        UnusedSuppression::META.finding(
            msg,
            Location {
                path: Some("a/Dockerfile".into()),
                line: Some(line),
                ..Location::default()
            },
        )
    }

    #[test]
    fn matches_by_fingerprint_then_by_message() {
        let report = br#"{"schema_version": 1, "findings": [
            {"rule": "PC002", "message": "m1", "location": {"path": "a/Dockerfile", "line": 3}, "fingerprint": "00ff:1"},
            {"rule": "PC002", "message": "m2", "location": {"path": "a/Dockerfile", "line": 9}},
            {"rule": "PC002", "message": "gone", "location": {"path": "a/Dockerfile", "line": 1}, "fingerprint": "dead:1"}
        ]}"#;
        let b = Baseline::parse(report).unwrap();
        assert_eq!(b.len(), 3);
        let now = vec![f("m1 moved", 30), f("m2", 12), f("m3", 4)];
        let fps = vec!["00ff:1".to_string(), "0001:1".into(), "0002:1".into()];
        let c = b.compare(&now, &fps);
        assert_eq!(c.is_new, vec![false, false, true]);
        assert_eq!((c.known, c.fixed), (2, 1));
    }

    #[test]
    fn rejects_what_is_not_a_report() {
        assert!(
            Baseline::parse(b"[]")
                .unwrap_err()
                .contains("schema_version")
        );
        assert!(
            Baseline::parse(b"{\"schema_version\": 2, \"findings\": []}")
                .unwrap_err()
                .contains("version 2")
        );
        assert!(
            Baseline::parse(b"{nope")
                .unwrap_err()
                .contains("not a portcullis")
        );
    }
}

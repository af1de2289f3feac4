//! `portcullis audit`: the scorecard, every output format, `--baseline`, and end to end on a
//! Compose stack brought up on the real dockerd.

use crate::common::{json, ok_json};
use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env("XDG_CACHE_HOME", "/nonexistent/cache");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn audit_json(args: &[&str], dir: &Path) -> (serde_json::Value, i32) {
    let out = portcullis()
        .arg("audit")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (json(&out.stdout), code)
}

const PRACTICES: [&str; 10] = [
    "minimal-image",
    "least-privilege",
    "secrets",
    "image-scanning",
    "host-audit",
    "runtime-hardening",
    "network",
    "updates",
    "monitoring",
    "build-hygiene",
];

/// Every practice is on the scorecard, in order, each with a score or a reason it was not
/// assessed; the checks add up.
fn assert_scorecard_complete(v: &serde_json::Value) {
    let practices = v["scorecard"]["practices"].as_array().expect("scorecard");
    let slugs: Vec<&str> = practices
        .iter()
        .map(|p| p["practice"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, PRACTICES);
    for p in practices {
        let c = &p["checks"];
        assert_eq!(
            c["run"].as_u64().unwrap(),
            c["passed"].as_u64().unwrap() + c["failed"].as_u64().unwrap(),
            "{p}"
        );
        match p["score"].as_u64() {
            Some(s) => {
                assert!(s <= 100);
                assert!(c["run"].as_u64().unwrap() > 0);
            }
            None => assert!(
                p["not_assessed"].as_str().is_some_and(|r| !r.is_empty()),
                "{p}"
            ),
        }
        assert_eq!(
            p["security"].as_bool(),
            Some(p["practice"] != "build-hygiene")
        );
    }
}

fn practice<'a>(v: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    v["scorecard"]["practices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["practice"] == slug)
        .unwrap()
}

const INSECURE: &str = "\
FROM node:latest
USER root
RUN apt-get update && apt-get install -y curl
CMD node server.js
";

#[test]
fn scorecard_counts_checks_of_enabled_rules_per_file() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/Dockerfile", INSECURE);
    write(d.path(), "b/Dockerfile", INSECURE);
    let (v, code) = audit_json(&["--skip", "bench,image"], d.path());
    assert_eq!(code, 1);
    assert_scorecard_complete(&v);
    assert_eq!(v["schema_version"], 1);
    // `rules --format json` lists the rules; the enabled Dockerfile rules run once per file.
    let rules = portcullis()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules = json(&rules.stdout);
    let enabled_lint: u64 = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["code"].as_str().is_some_and(|c| c.starts_with("DF")))
        .filter(|r| r["default_enabled"].as_bool().unwrap_or(true))
        .count() as u64;
    let total_run: u64 = v["scorecard"]["practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["checks"]["run"].as_u64().unwrap())
        .sum();
    assert_eq!(
        total_run,
        2 * enabled_lint,
        "checks = enabled rules × files"
    );
    // Root user fails least-privilege in both files; the fix list names it with its remedy.
    let lp = practice(&v, "least-privilege");
    assert!(lp["checks"]["failed"].as_u64().unwrap() >= 2);
    let top = &lp["top_fixes"][0];
    assert_eq!(top["rule"], "DF003");
    assert_eq!(top["occurrences"], 2);
    assert!(
        top["remediation"]
            .as_str()
            .unwrap()
            .contains("unprivileged")
    );
    // Practices no Dockerfile rule covers are not assessed, with the reasons.
    let host = practice(&v, "host-audit");
    assert!(host["score"].is_null());
    assert!(host["not_assessed"].as_str().unwrap().contains("skipped"));
    // Every finding carries a fingerprint.
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["fingerprint"].as_str().is_some_and(|s| s.len() > 16))
    );
}

#[test]
fn a_clean_project_scores_100_where_assessed() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "Dockerfile",
        "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --chown=0:0 app /app\nUSER 65532:65532\nHEALTHCHECK CMD [\"/app\", \"-healthcheck\"]\nENTRYPOINT [\"/app\"]\n",
    );
    write(d.path(), ".dockerignore", "*\n!app\n");
    let (v, _) = audit_json(&["--skip", "bench", "--severity", "low"], d.path());
    assert_scorecard_complete(&v);
    for p in v["scorecard"]["practices"].as_array().unwrap() {
        if let Some(s) = p["score"].as_u64()
            && p["by_severity"].as_object().unwrap().is_empty()
        {
            assert_eq!(s, 100, "{p}");
        }
    }
}

#[test]
fn every_format_carries_the_scorecard_where_it_can() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "app/Dockerfile", INSECURE);
    let run = |format: &str| {
        let out = portcullis()
            .arg("audit")
            .arg(d.path())
            .args(["--skip", "bench", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    // human: the scorecard comes first, then what to fix, what was skipped, the findings.
    let human = run("human");
    assert!(human.starts_with("Scorecard"), "{human}");
    let at = |s: &str| {
        human
            .find(s)
            .unwrap_or_else(|| panic!("no {s:?} in\n{human}"))
    };
    assert!(at("least-privilege") < at("Fix first"));
    assert!(at("Fix first") < at("Skipped"));
    // The findings come after the summary sections (the fix list names DF003 too).
    assert!(at("Skipped") < human.rfind("DF003 root-user").unwrap());
    assert!(human.contains("not assessed: "));
    // markdown: a table row per practice, findings in collapsible sections.
    let md = run("markdown");
    assert!(md.contains("| Practice | Score | Checks | Passed | Failed | Findings |"));
    for slug in PRACTICES {
        assert!(md.contains(&format!("(`{slug}`")), "{slug} missing:\n{md}");
    }
    assert!(md.contains("<details><summary><b>least-privilege</b>"));
    assert!(md.contains("</details>"));
    // sarif: the scorecard in the run's property bag.
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let bag = &sarif["runs"][0]["properties"]["portcullis/scorecard"]["practices"];
    assert_eq!(bag.as_array().unwrap().len(), 10);
    // junit: one test suite per practice, not-assessed ones skipped.
    let junit = run("junit");
    assert_eq!(junit.matches("<testsuite name=").count(), 10);
    assert!(junit.contains(r#"<testsuite name="least-privilege""#));
    assert!(junit.contains("<skipped message="));
}

#[test]
fn markdown_works_for_lint_too() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "Dockerfile", INSECURE);
    let out = portcullis()
        .args(["lint", "--format", "markdown"])
        .arg(&f)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("## portcullis: "), "{md}");
    assert!(md.contains("<details><summary><b>least-privilege</b>"));
    assert!(!md.contains("| Practice | Score"));
}

#[test]
fn baseline_lists_only_new_findings() {
    let d = tempfile::tempdir().unwrap();
    let df = write(d.path(), "svc/Dockerfile", INSECURE);
    let base = d.path().join("baseline.json");
    portcullis()
        .arg("audit")
        .arg(d.path().join("svc"))
        .args(["--skip", "bench", "--format", "json", "-o"])
        .arg(&base)
        .assert()
        .code(1);
    let before = json(&std::fs::read(&base).unwrap());
    let total = before["findings"].as_array().unwrap().len();
    assert!(total >= 4, "{before}");

    // Against its own report: nothing new, exit 0, the scorecard unchanged.
    let (v, code) = audit_json(
        &["--skip", "bench", "--baseline", base.to_str().unwrap()],
        &d.path().join("svc"),
    );
    assert_eq!(code, 0);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    let b = &v["scorecard"]["baseline"];
    assert_eq!(
        (b["new"].as_u64(), b["known"].as_u64()),
        (Some(0), Some(total as u64))
    );
    assert_eq!(
        v["scorecard"]["practices"],
        before["scorecard"]["practices"]
    );

    // Lines shift (a comment block above) and one misconfiguration is introduced: exactly one
    // new finding, the one introduced.
    let changed = format!(
        "# syntax=docker/dockerfile:1\n# build the api\n\n{}",
        INSECURE.replace("CMD node server.js\n", "EXPOSE 22\nCMD node server.js\n")
    );
    std::fs::write(&df, changed).unwrap();
    let (v, code) = audit_json(
        &["--skip", "bench", "--baseline", base.to_str().unwrap()],
        &d.path().join("svc"),
    );
    assert_eq!(code, 1);
    let new = v["findings"].as_array().unwrap();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["location"]["line"], 7);
    assert!(new[0]["message"].as_str().unwrap().contains("22"));
    let b = &v["scorecard"]["baseline"];
    assert_eq!(
        (b["new"].as_u64(), b["known"].as_u64(), b["fixed"].as_u64()),
        (Some(1), Some(total as u64), Some(0))
    );

    // Human output says so.
    let out = portcullis()
        .arg("audit")
        .arg(d.path().join("svc"))
        .args(["--skip", "bench", "--color", "never", "--baseline"])
        .arg(&base)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1 new, "), "{text}");
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "Dockerfile", INSECURE);
    let bad = write(d.path(), "not-a-report.json", "{\"hello\": 1}");
    for (args, needle) in [
        (vec!["--baseline", bad.to_str().unwrap()], "schema_version"),
        (vec!["--baseline", "/nonexistent/r.json"], "no such file"),
    ] {
        let out = portcullis()
            .arg("audit")
            .arg(d.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(needle), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let out = portcullis()
        .args(["audit", "/nonexistent/project"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A broken Compose file: one line naming it, exit 2, and the rest is still reported.
    write(d.path(), "compose.yaml", "services: [unclosed\n");
    let out = portcullis()
        .arg("audit")
        .arg(d.path())
        .args(["--skip", "bench", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("compose.yaml:1:"), "{err}");
    let v = json(&out.stdout);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "DF003")
    );
}

#[test]
fn explain_score_prints_the_formula() {
    let out = portcullis().args(["explain", "score"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("score = round(100 × passed weight / (passed weight + failed weight))"));
    assert!(text.contains("critical 16, high 8, medium 4, low 2, info 1"));
}

/// `--image ARCHIVE` is read from the file, with no daemon: its IMG findings and one
/// vulnerability check per package (the shared Alpine OSV data), on a target that names the
/// archive.
#[test]
fn image_archive_without_a_daemon() {
    let Some(data) = crate::common::testdata() else {
        return;
    };
    let cache = tempfile::tempdir().unwrap();
    portcullis()
        .args(["db", "import", "--quiet", "--cache-dir"])
        .arg(cache.path())
        .arg(data.join("osv/Alpine-derived/all.zip"))
        .assert()
        .success();
    let archive = data.join("images/alpine-3.10.4.docker-save.tar.gz");
    let project = tempfile::tempdir().unwrap();
    let out = portcullis()
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .arg("audit")
        .arg(project.path())
        .args(["--format", "json", "--fail-on", "none", "--image"])
        .arg(&archive)
        .arg("--cache-dir")
        .arg(cache.path())
        .output()
        .unwrap();
    let v = ok_json(&out);
    let targets = v["targets"].as_array().unwrap();
    let t = targets
        .iter()
        .position(|t| t["kind"] == "image" && t["path"] == archive.to_str().unwrap())
        .unwrap_or_else(|| panic!("archive not scanned: {v:#}"));
    assert_eq!(targets[t]["name"], "alpine:3.10");
    let findings = v["findings"].as_array().unwrap();
    for rule in ["IMG001", "IMG012"] {
        assert!(
            findings
                .iter()
                .any(|f| f["rule"] == rule && f["target"] == t),
            "no {rule} on the archive: {findings:#?}"
        );
    }
    // No image notice: nothing was looked up in a daemon.
    let notices = v["notices"].as_array().unwrap();
    assert!(
        !notices.iter().any(|n| n["source"] == "image"),
        "{notices:#?}"
    );
    let scanning = practice(&v, "image-scanning");
    // alpine 3.10.4's 14 apk packages, each matched once.
    assert_eq!(scanning["checks"]["run"], 14, "{scanning}");
    assert!(scanning["score"].is_u64(), "{scanning}");

    // The image is from 2020: old by the default 90 days (IMG011), not by --max-age-days.
    let has_img011 = |v: &serde_json::Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "IMG011")
    };
    assert!(has_img011(&v), "{findings:#?}");
    let out = portcullis()
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .arg("audit")
        .arg(project.path())
        .args(["--format", "json", "--fail-on", "none", "--no-vulns"])
        .args(["--max-age-days", "100000", "--image"])
        .arg(&archive)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!has_img011(&json(&out.stdout)));
}

/// An `--image` path that does not exist is a usage error: exit 2, one line naming it.
#[test]
fn missing_image_archive_exits_2() {
    let project = tempfile::tempdir().unwrap();
    let out = portcullis()
        .arg("audit")
        .arg(project.path())
        .args(["--image", "./no/such/image.tar.gz"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("./no/such/image.tar.gz") && err.lines().count() == 1,
        "{err}"
    );
}

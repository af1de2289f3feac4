//! Differential test against hadolint 2.15.1 on the corpus in `tests/corpus/dockerfiles`.
//!
//! For every hadolint finding whose DL code a portcullis rule aliases, portcullis must report
//! that alias on the same instruction (hadolint reports heredoc-body findings on the RUN line;
//! portcullis on the body line of the same instruction). Exceptions, where hadolint is
//! demonstrably wrong, are listed in `HADOLINT_WRONG` with the reason. Agreement on the rest
//! must be at least 99%.

use portcullis_core::Severity;
use portcullis_core::config::Config;
use portcullis_core::suppress;
use portcullis_lint::dockerfile::lint::lint;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// (file name, line, code, why hadolint is wrong there).
const HADOLINT_WRONG: &[(&str, u32, &str, &str)] = &[
    (
        "014-dotnet-aspnet-chiseled.Dockerfile",
        13,
        "DL3066",
        "`USER $APP_UID`: the .NET images set APP_UID to a numeric id (1654); a variable is not a user name",
    ),
    (
        "030-buildkit-ssh-private-modules.Dockerfile",
        3,
        "DL3064",
        "`GOPRIVATE` is a list of module path globs, not a secret: hadolint matches `PRIVATE` as a substring",
    ),
    (
        "207-postgres-docker-secrets.Dockerfile",
        4,
        "DL3064",
        "`POSTGRES_PASSWORD_FILE` holds the path of a mounted secret, the pattern Docker recommends instead of a password",
    ),
];

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/dockerfiles")
}

fn hadolint() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_HADOLINT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.peers/bin/hadolint")
        });
    p.is_file().then_some(p)
}

#[derive(serde::Deserialize)]
struct HadolintFinding {
    code: String,
    file: String,
    line: u32,
}

#[test]
fn agrees_with_hadolint_on_the_corpus() {
    let Some(hadolint) = hadolint() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("hadolint not found (set PORTCULLIS_HADOLINT or run scripts/test.sh)");
        }
        eprintln!("skipping: hadolint not installed (scripts/test.sh installs it into .peers/)");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 150,
        "corpus has only {} Dockerfiles",
        files.len()
    );

    // hadolint over the whole corpus in one run; default configuration, no user config.
    let empty_cfg = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(empty_cfg.path(), "{}\n").unwrap();
    let out = Command::new(&hadolint)
        .arg("-c")
        .arg(empty_cfg.path())
        .args(["-f", "json", "--no-fail"])
        .args(&files)
        .output()
        .expect("run hadolint");
    let theirs: Vec<HadolintFinding> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "hadolint JSON: {e}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });

    let aliased: BTreeSet<String> = portcullis_lint::all_rules()
        .iter()
        .flat_map(|r| r.aliases.iter().map(|a| a.to_string()))
        .collect();
    let config = Config {
        fail_on: Some(Severity::Info),
        ..Config::default()
    };
    let today = time::OffsetDateTime::now_utc().date();

    let mut by_file: BTreeMap<String, Vec<&HadolintFinding>> = BTreeMap::new();
    for f in &theirs {
        by_file.entry(f.file.clone()).or_default().push(f);
    }
    let mut parse_failures = Vec::new();
    let mut total = 0usize;
    let mut agreed = 0usize;
    let mut excused = Vec::new();
    let mut missed = Vec::new();
    let mut per_code: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for path in &files {
        let key = path.to_string_lossy().to_string();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let res = lint(&name, &text, &config, dockerignore_for(path).as_deref());
        let ours = suppress::apply(res.findings, &res.pragmas, &config, today);
        let df = &res.dockerfile;
        let theirs = by_file.get(&key).cloned().unwrap_or_default();
        if theirs.iter().any(|f| f.code == "DL1000") {
            // hadolint could not parse the file at all (its heredoc bug): nothing to compare.
            assert!(
                !ours.iter().any(|f| f.rule == "PC001"),
                "{name}: hadolint fails to parse it, and so do we"
            );
            parse_failures.push(name.clone());
            continue;
        }
        // The instruction span (first..last line) containing a line.
        let span_of = |line: u32| {
            df.instructions
                .iter()
                .find(|i| i.line <= line && line <= i.end_line)
                .map(|i| (i.line, i.end_line))
                .unwrap_or((line, line))
        };
        for t in theirs {
            if !aliased.contains(&t.code) {
                continue;
            }
            total += 1;
            let entry = per_code.entry(t.code.clone()).or_default();
            entry.0 += 1;
            let (a, b) = span_of(t.line);
            let hit = ours.iter().any(|f| {
                f.aliases.iter().any(|x| x == t.code)
                    && f.location
                        .line
                        .is_some_and(|l| (a <= l && l <= b) || l == t.line)
            });
            if hit {
                agreed += 1;
                entry.1 += 1;
            } else if let Some(w) = HADOLINT_WRONG
                .iter()
                .find(|w| w.0 == name && w.1 == t.line && w.2 == t.code)
            {
                excused.push(format!("{name}:{} {}: {}", t.line, t.code, w.3));
            } else {
                missed.push(format!("{name}:{} {}", t.line, t.code));
            }
        }
    }
    let judged = total - excused.len();
    let rate = if judged == 0 {
        1.0
    } else {
        agreed as f64 / judged as f64
    };
    eprintln!(
        "differential vs hadolint: {} files ({} unparseable by hadolint), {total} aliased hadolint findings, \
         {agreed} agreed, {} excused (hadolint wrong), {} missed; agreement {:.2}%",
        files.len(),
        parse_failures.len(),
        excused.len(),
        missed.len(),
        rate * 100.0
    );
    for (code, (n, ok)) in &per_code {
        eprintln!("  {code}: {ok}/{n}");
    }
    for m in &missed {
        eprintln!("  missed {m}");
    }
    assert!(
        total >= 300,
        "only {total} hadolint findings to compare: corpus too small to judge"
    );
    assert!(
        rate >= 0.99,
        "agreement {:.2}% < 99%; missed:\n{}",
        rate * 100.0,
        missed.join("\n")
    );
}

fn dockerignore_for(path: &Path) -> Option<String> {
    std::fs::read_to_string(path.with_file_name(".dockerignore")).ok()
}

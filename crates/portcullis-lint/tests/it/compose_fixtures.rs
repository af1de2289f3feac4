//! Every Compose check has a fixture `tests/fixtures/compose/<CODE>.yaml`; a comment
//! `# expect: CODE` marks the next non-comment line as one where CODE must fire, and no other
//! line may fire it. Fixtures are loaded through the real model (interpolation, merge).

use super::compose_diff::Fs;
use super::fixtures::fixture_config;
use portcullis_lint::compose::lint::{Host, lint, pragmas};
use portcullis_lint::compose::{self, LoadOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub struct TestHost;
impl portcullis_lint::compose::Files for TestHost {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        compose::Files::read(&Fs, path)
    }
}
impl Host for TestHost {
    fn mode(&self, path: &Path) -> Option<u32> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).ok().map(|m| m.permissions().mode())
    }
    fn git_ignored(&self, _: &Path) -> bool {
        false
    }
    fn docker_ignored(&self, _: &Path, _: &Path) -> bool {
        false
    }
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compose")
}

fn expectations(text: &str) -> BTreeSet<(u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.trim().strip_prefix("# expect:") else {
            continue;
        };
        let Some(t) = (i + 1..lines.len()).find(|&j| !lines[j].trim_start().starts_with('#'))
        else {
            continue;
        };
        for c in rest.split(',') {
            out.insert((t as u32 + 1, c.trim().to_string()));
        }
    }
    out
}

fn run(path: &Path) -> Vec<portcullis_core::Finding> {
    let opts = LoadOptions {
        files: vec![path.to_path_buf()],
        project_dir: None,
        env: Default::default(),
        env_file: None,
        stdin_text: None,
        limits: Default::default(),
    };
    let p = compose::load(&opts, &TestHost).unwrap_or_else(|e| panic!("{e}"));
    let mut c = fixture_config();
    for r in compose::rules::all_rules() {
        if !r.default_enabled {
            c.enable.push(portcullis_core::config::AtLine {
                value: r.code.to_string(),
                line: 0,
            });
        }
    }
    lint(&p, &c, &TestHost)
}

#[test]
fn every_compose_check_has_a_fixture_and_fires_exactly_where_marked() {
    // DC063 needs a group/world-readable file whatever the checkout's umask.
    {
        use std::os::unix::fs::PermissionsExt;
        let p = dir().join("DC063.secret");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mut failures = Vec::new();
    let rules = compose::rules::all_rules();
    assert!(rules.len() >= 35);
    for r in rules {
        let path = dir().join(format!("{}.yaml", r.code));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{}: no fixture", r.code));
            continue;
        };
        let want: BTreeSet<(u32, String)> = expectations(&text);
        if !want.iter().any(|(_, c)| c == r.code) {
            failures.push(format!("{}: fixture has no marker for it", r.code));
        }
        let codes: BTreeSet<&str> = want
            .iter()
            .map(|(_, c)| c.as_str())
            .chain([r.code])
            .collect();
        let got: BTreeSet<(u32, String)> = run(&path)
            .into_iter()
            .filter(|f| codes.contains(&*f.rule))
            .map(|f| (f.location.line.unwrap_or(0), f.rule.into_owned()))
            .collect();
        for m in want.difference(&got) {
            failures.push(format!("{}: expected {} at line {}", r.code, m.1, m.0));
        }
        for m in got.difference(&want) {
            failures.push(format!("{}: unexpected {} at line {}", r.code, m.1, m.0));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pragma_above_a_key_suppresses_its_block() {
    let text = "services:\n  # portcullis ignore=DC001 -- lab box\n  lab:\n    image: busybox:1.36\n    privileged: true\n  other:\n    image: busybox:1.36\n    privileged: true\n";
    let p = pragmas("c.yaml", text);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].scope,
        portcullis_core::suppress::Scope::Lines { start: 3, end: 5 }
    );
    assert_eq!(p[0].reason.as_deref(), Some("lab box"));
}

#[test]
fn findings_point_at_the_file_that_wrote_the_value() {
    let d = tempdir();
    std::fs::write(
        d.join("compose.yaml"),
        "services:\n  web:\n    image: busybox:1.36\n",
    )
    .unwrap();
    std::fs::write(
        d.join("over.yaml"),
        "services:\n  web:\n    privileged: true\n",
    )
    .unwrap();
    let opts = LoadOptions {
        files: vec![d.join("compose.yaml"), d.join("over.yaml")],
        project_dir: None,
        env: Default::default(),
        env_file: None,
        stdin_text: None,
        limits: Default::default(),
    };
    let p = compose::load(&opts, &TestHost).unwrap();
    let f = lint(&p, &fixture_config(), &TestHost);
    let priv_ = f.iter().find(|f| f.rule == "DC001").expect("DC001");
    assert!(
        priv_
            .location
            .path
            .as_deref()
            .unwrap()
            .ends_with("over.yaml")
    );
    assert_eq!(priv_.location.line, Some(3));
    let _ = std::fs::remove_dir_all(&d);
}

fn tempdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "portcullis-compose-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn compose_catalogue_is_well_formed_and_disjoint_from_the_dockerfile_one() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for r in portcullis_lint::all_rules()
        .into_iter()
        .chain(compose::rules::all_rules())
    {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
    }
    for r in compose::rules::all_rules() {
        let ok = (r.code.starts_with("DC") || r.code.starts_with("PC"))
            && r.code.len() == 5
            && r.code[2..].chars().all(|c| c.is_ascii_digit());
        assert!(ok, "bad code {}", r.code);
        if r.code.starts_with("PC") {
            let n: u32 = r.code[2..].parse().unwrap();
            assert!((45..=54).contains(&n), "{} outside PC045-PC054", r.code);
        }
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix safety",
        ] {
            assert!(r.docs.contains(section), "{} docs lack `{section}`", r.code);
        }
        assert!(
            !r.summary.is_empty() && !r.remediation.is_empty(),
            "{}",
            r.code
        );
    }
}

//! The hardened-override round trip on every Compose example: `docker-compose -f compose.yaml
//! -f compose.hardened.yaml config` (1.29) accepts the pair, and linting the merged pair loses
//! exactly the findings the override claims to close, and gains none.

use super::compose_fixtures::TestHost;
use super::fixtures::fixture_config;
use portcullis_lint::compose::harden::harden;
use portcullis_lint::compose::lint::lint;
use portcullis_lint::compose::{self, LoadOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn load(files: Vec<PathBuf>) -> compose::Project {
    let opts = LoadOptions {
        files,
        project_dir: None,
        env: Default::default(),
        env_file: None,
        stdin_text: None,
        limits: Default::default(),
    };
    compose::load(&opts, &TestHost).unwrap_or_else(|e| panic!("{e}"))
}

fn keyed(p: &compose::Project) -> BTreeSet<(String, String)> {
    lint(p, &fixture_config(), &TestHost)
        .into_iter()
        .map(|f| (f.rule.into_owned(), f.message))
        .collect()
}

fn service_of(msg: &str) -> String {
    msg.strip_prefix("service `")
        .and_then(|r| r.split_once('`'))
        .map(|(s, _)| s.to_string())
        .unwrap_or_default()
}

fn compose_accepts(dir: &Path, files: &[&Path]) -> Option<Result<(), String>> {
    let mut c = Command::new("docker-compose");
    for f in files {
        c.arg("-f").arg(f);
    }
    let out = c.args(["config", "-q"]).current_dir(dir).output().ok()?;
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

#[test]
fn hardened_override_round_trip_on_every_example() {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .canonicalize()
        .unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("compose.yaml")))
        .filter(|p| p.exists())
        .collect();
    files.sort();
    assert!(files.len() >= 2, "no Compose examples");
    let tmp = std::env::temp_dir().join(format!("portcullis-harden-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut checked_by_compose = 0;
    for f in &files {
        let name = f
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let orig = load(vec![f.clone()]);
        let h = harden(&orig);
        let out = tmp.join(format!("{name}.hardened.yaml"));
        std::fs::write(&out, &h.text).unwrap();
        let pair = load(vec![f.clone(), out.clone()]);
        let before = keyed(&orig);
        let after = keyed(&pair);
        let gained: Vec<_> = after.difference(&before).collect();
        assert!(
            gained.is_empty(),
            "{name}: the override adds findings: {gained:?}"
        );
        let lost: BTreeSet<(String, String)> = before
            .difference(&after)
            .map(|(r, m)| (r.clone(), service_of(m)))
            .collect();
        let claimed: BTreeSet<(String, String)> = h
            .closes
            .iter()
            .map(|(r, s)| (r.to_string(), s.clone()))
            .collect();
        assert_eq!(
            lost, claimed,
            "{name}: closed findings differ from the override's claim"
        );
        // Compose 1.29 must accept the pair whenever it accepts the original (the hardened
        // example uses `secrets: {environment: …}`, newer than 1.29).
        let dir = f.parent().unwrap();
        match compose_accepts(dir, &[f.as_path()]) {
            None => assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "docker-compose missing under CI"
            ),
            Some(Err(_)) => eprintln!(
                "{name}: docker-compose 1.29 rejects the original; pair not checked by it"
            ),
            Some(Ok(())) => {
                let r = compose_accepts(dir, &[f.as_path(), out.as_path()]).unwrap();
                assert!(r.is_ok(), "{name}: docker-compose rejects the pair: {r:?}");
                checked_by_compose += 1;
            }
        }
    }
    if Command::new("docker-compose")
        .arg("version")
        .output()
        .is_ok()
    {
        assert!(checked_by_compose >= 1);
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

//! Differential test of the Compose model against `docker-compose config` (1.29, Debian's
//! package): for every case of `tests/corpus/compose/NN-*` the merged, interpolated project in
//! canonical JSON equals what the real tool prints for the same files and environment.
//!
//! Left out, because Compose 1.29 predates them (checked against the specification's text in
//! `compose_spec.rs` instead): `include`, the `${VAR:+alt}` / `${VAR+alt}` operators, nested
//! defaults (`${A:-${B}}`; 1.29 stops the default at the first `}`), and errors
//! (`${VAR:?err}` unset, cyclic `extends`), whose messages differ by design.

use portcullis_lint::compose::{self, Files, LoadOptions, canonical::canonical};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Fs;
impl Files for Fs {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

pub fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus/compose")
        .canonicalize()
        .expect("corpus directory")
}

/// A case: the `-f` files (empty: Compose's own discovery) and the process environment.
pub struct Case {
    pub dir: PathBuf,
    pub files: Vec<String>,
    pub env: BTreeMap<String, String>,
}

pub fn read_case(dir: &Path) -> Case {
    let text = std::fs::read_to_string(dir.join("case")).unwrap_or_default();
    let mut files = Vec::new();
    let mut env = BTreeMap::new();
    for l in text.lines() {
        if let Some(f) = l.strip_prefix("files = ") {
            files = f.split_whitespace().map(str::to_string).collect();
        } else if let Some(kv) = l.strip_prefix("env ") {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            env.insert(k.to_string(), v.to_string());
        }
    }
    Case {
        dir: dir.to_path_buf(),
        files,
        env,
    }
}

/// The files Compose 1.29 uses when none is named: the first default name, plus its override.
pub fn discovered(dir: &Path) -> Vec<PathBuf> {
    let main = [
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
    ]
    .iter()
    .map(|n| dir.join(n))
    .find(|p| p.exists())
    .expect("a compose file");
    let mut v = vec![main];
    if let Some(o) = [
        "docker-compose.override.yml",
        "docker-compose.override.yaml",
        "compose.override.yml",
        "compose.override.yaml",
    ]
    .iter()
    .map(|n| dir.join(n))
    .find(|p| p.exists())
    {
        v.push(o);
    }
    v
}

pub fn ours(case: &Case) -> Result<serde_json::Value, String> {
    let files = if case.files.is_empty() {
        discovered(&case.dir)
    } else {
        case.files.iter().map(|f| case.dir.join(f)).collect()
    };
    let mut env = case.env.clone();
    env.insert("HOME".into(), "/nonexistent-home".into());
    let opts = LoadOptions {
        files,
        project_dir: None,
        env,
        env_file: None,
        stdin_text: None,
        limits: Default::default(),
    };
    let p = compose::load(&opts, &Fs).map_err(|e| e.to_string())?;
    Ok(canonical(&p, &Fs))
}

fn theirs(case: &Case) -> Result<serde_json::Value, String> {
    let mut cmd = Command::new("docker-compose");
    for f in &case.files {
        cmd.arg("-f").arg(f);
    }
    cmd.arg("config")
        .current_dir(&case.dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent-home")
        .envs(&case.env);
    let out = cmd.output().map_err(|e| format!("docker-compose: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let py = Command::new(compose_python().unwrap_or_else(|| "python3".into()))
        .args([
            "-c",
            "import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin)))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("python3: {e}"))?;
    use std::io::Write;
    py.stdin.as_ref().unwrap().write_all(&out.stdout).unwrap();
    let o = py.wait_with_output().map_err(|e| e.to_string())?;
    serde_json::from_slice(&o.stdout).map_err(|e| format!("yaml->json: {e}"))
}

/// The Python that runs docker-compose (its shebang), so that its `compose` package imports.
fn compose_python() -> Option<String> {
    let which = Command::new("sh")
        .args(["-c", "command -v docker-compose"])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&which.stdout).trim().to_string();
    let text = std::fs::read_to_string(&path).ok()?;
    let first = text.lines().next()?;
    let interp = first
        .strip_prefix("#!")?
        .split_whitespace()
        .collect::<Vec<_>>();
    match interp.as_slice() {
        [env, py, ..] if env.ends_with("/env") => Some(py.to_string()),
        [py, ..] => Some(py.to_string()),
        _ => None,
    }
}

/// docker-compose 1.29's own `config` code path (`config.find`, `config.load`,
/// `serialize_config`: what `docker-compose config` runs), in one Python process for all cases:
/// 48 CLI start-ups take over a minute on a loaded machine. The test also runs the real CLI on
/// a few cases and requires the same output from both paths.
const BATCH: &str = r#"
import sys, os, json, yaml
from compose.config import config as C
from compose.config.environment import Environment
from compose.config.serialize import serialize_config
base = {"PATH": os.environ.get("PATH", ""), "HOME": "/nonexistent-home"}
out = {}
for line in sys.stdin:
    case = json.loads(line)
    os.environ.clear(); os.environ.update(base); os.environ.update(case["env"])
    os.chdir(case["dir"])
    try:
        env = Environment.from_env_file(case["dir"])
        details = C.find(case["dir"], case["files"] or None, env)
        out[case["dir"]] = {"ok": yaml.safe_load(serialize_config(C.load(details)))}
    except Exception as e:
        out[case["dir"]] = {"err": "%s: %s" % (type(e).__name__, e)}
print(json.dumps(out))
"#;

fn batch(cases: &[Case]) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let py = compose_python().ok_or("cannot find docker-compose's Python")?;
    let mut child = Command::new(py)
        .args(["-c", BATCH])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        for c in cases {
            let line = serde_json::json!({"dir": c.dir, "files": c.files, "env": c.env});
            writeln!(stdin, "{line}").unwrap();
        }
    }
    let o = child.wait_with_output().map_err(|e| e.to_string())?;
    if !o.status.success() {
        return Err(String::from_utf8_lossy(&o.stderr).into_owned());
    }
    match serde_json::from_slice(&o.stdout).map_err(|e| e.to_string())? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err("batch output is not an object".into()),
    }
}

fn have_compose() -> bool {
    Command::new("docker-compose")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn model_equals_docker_compose_config_on_the_corpus() {
    if !have_compose() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "docker-compose 1.29 is required under CI"
        );
        eprintln!("skipping: docker-compose (1.29) is not installed");
        return;
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().as_bytes()[0].is_ascii_digit())
        })
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "corpus has only {} cases", dirs.len());
    let cases: Vec<Case> = dirs.iter().map(|d| read_case(d)).collect();
    let theirs_all = batch(&cases).expect("docker-compose's config code path");
    let results: Vec<(PathBuf, Result<(), String>)> = cases
        .iter()
        .map(|case| {
            let t = match theirs_all.get(&case.dir.to_string_lossy().into_owned()) {
                Some(v) if v.get("ok").is_some() => Ok(v["ok"].clone()),
                Some(v) => Err(v["err"].to_string()),
                None => Err("no result".into()),
            };
            let r = match (t, ours(case)) {
                (Ok(t), Ok(o)) if t == o => Ok(()),
                (Ok(t), Ok(o)) => Err(format!(
                    "differs\n docker-compose: {}\n portcullis:     {}",
                    serde_json::to_string(&t).unwrap(),
                    serde_json::to_string(&o).unwrap()
                )),
                (Err(e), _) => Err(format!("docker-compose failed: {e}")),
                (_, Err(e)) => Err(format!("portcullis failed: {e}")),
            };
            (case.dir.clone(), r)
        })
        .collect();
    // The batch path is the CLI's: check on a few cases that `docker-compose config` prints
    // exactly the same.
    for case in cases.iter().filter(|c| {
        let n = c.dir.file_name().unwrap().to_string_lossy().into_owned();
        ["07-", "23-", "30-", "45-"]
            .iter()
            .any(|p| n.starts_with(p))
    }) {
        let cli = theirs(case).expect("docker-compose config");
        let batch = &theirs_all[&case.dir.to_string_lossy().into_owned()]["ok"];
        assert_eq!(&cli, batch, "{}: CLI and batch differ", case.dir.display());
    }
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(d, r)| {
            r.as_ref()
                .err()
                .map(|e| format!("{}: {e}", d.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n\n")
    );
}

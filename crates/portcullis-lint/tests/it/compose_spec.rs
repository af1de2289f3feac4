//! Features Compose 1.29 predates (`include`, `${VAR:+alt}`, `${VAR+alt}`, nested defaults)
//! and errors, checked against the Compose specification's text: each case in
//! `tests/corpus/compose/spec/` has an `expect` file of lines
//! `POINTER = JSON` (the canonical model at that JSON pointer), `error ~ TEXT` (loading fails
//! with a message containing TEXT), `env K=V` (process environment), `envfile F` (`--env-file`).

use super::compose_diff::{Fs, corpus};
use portcullis_lint::compose::{self, LoadOptions, canonical::canonical};
use std::collections::BTreeMap;

#[test]
fn spec_cases_hold() {
    let root = corpus().join("spec");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10);
    let mut failures = Vec::new();
    for d in dirs {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        let expect = std::fs::read_to_string(d.join("expect")).unwrap();
        let mut env = BTreeMap::new();
        let mut env_file = None;
        for l in expect.lines() {
            if let Some(kv) = l.strip_prefix("env ") {
                let (k, v) = kv.split_once('=').unwrap();
                env.insert(k.to_string(), v.to_string());
            }
            if let Some(f) = l.strip_prefix("envfile ") {
                env_file = Some(d.join(f));
            }
        }
        let opts = LoadOptions {
            files: vec![d.join("compose.yaml")],
            project_dir: None,
            env,
            env_file,
            stdin_text: None,
            limits: Default::default(),
        };
        let got = compose::load(&opts, &Fs).map(|p| canonical(&p, &Fs));
        for l in expect.lines() {
            if let Some(text) = l.strip_prefix("error ~ ") {
                match &got {
                    Err(e) if e.to_string().contains(text) => {}
                    Err(e) => failures.push(format!("{name}: error `{e}` lacks `{text}`")),
                    Ok(_) => failures.push(format!("{name}: loaded, expected error `{text}`")),
                }
            } else if let Some((ptr, val)) = l.split_once(" = ") {
                let val = val.replace("{DIR}", &d.to_string_lossy());
                let want: serde_json::Value = serde_json::from_str(&val).unwrap();
                match &got {
                    Ok(j) if j.pointer(ptr) == Some(&want) => {}
                    Ok(j) => failures.push(format!(
                        "{name}: {ptr} is {:?}, want {want}",
                        j.pointer(ptr)
                    )),
                    Err(e) => failures.push(format!("{name}: failed to load: {e}")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

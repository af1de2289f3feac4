//! Must show 1: one container per insecure setting, a created-but-not-started privileged one and
//! a hardened one; the expected status of every per-container check asserted for every one.

use crate::common::*;
use portcullis_core::Severity;
use portcullis_host::cis::{self, Run, Status};
use std::collections::BTreeMap;

/// (name suffix, docker flags, overrides of the plain container's expected statuses).
type Case = (&'static str, Vec<String>, Vec<(&'static str, Status)>);

fn cases(port: u16) -> Vec<Case> {
    use Status::*;
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        ("pidhost", v(&["--pid", "host"]), vec![("5.16", Fail)]),
        (
            "nethost",
            v(&["--network", "host"]),
            vec![("5.10", Fail), ("5.30", Pass)],
        ),
        (
            "dockersock",
            v(&["-v", "/var/run/docker.sock:/var/run/docker.sock"]),
            vec![("5.32", Fail)],
        ),
        (
            "seccomp",
            v(&["--security-opt", "seccomp=unconfined"]),
            vec![("5.22", Fail)],
        ),
        (
            "capadd",
            v(&["--cap-add", "SYS_ADMIN"]),
            vec![("5.4", Fail)],
        ),
        ("etcro", v(&["-v", "/etc:/hostetc:ro"]), vec![("5.6", Fail)]),
        ("uidzero", v(&["--user", "0:0"]), vec![("4.1", Fail)]),
        ("restart", v(&["--restart", "always"]), vec![("5.15", Fail)]),
        (
            "privport",
            vec!["-p".into(), format!("127.0.0.1:{port}:80")],
            vec![("5.8", Fail), ("5.9", Info)],
        ),
        ("nomem", v(&[]), vec![]),
        (
            "hardened",
            v(&[
                "--read-only",
                "--cap-drop",
                "ALL",
                "--user",
                "1000:1000",
                "--security-opt",
                "no-new-privileges",
                "--memory",
                "64m",
                "--pids-limit",
                "50",
                "--cpu-shares",
                "512",
                "--health-cmd",
                "true",
                "--health-interval",
                "60s",
            ]),
            vec![
                ("5.4", Pass),
                ("5.11", Pass),
                ("5.12", Pass),
                ("5.13", Pass),
                ("5.26", Pass),
                ("5.27", Pass),
                ("5.29", Pass),
            ],
        ),
    ]
}

/// What a plain `docker run -d IMAGE` (user 1000 from the image, default bridge, running) gives.
fn plain(daemon_nnp: bool) -> BTreeMap<&'static str, Status> {
    use Status::*;
    // With AppArmor, Docker confines every unprivileged container with docker-default.
    let lsm = if host_has_apparmor() { Pass } else { Info };
    BTreeMap::from([
        ("4.1", Pass),
        ("5.2", lsm),
        ("5.3", Info),
        ("5.4", Warn),
        ("5.5", Pass),
        ("5.6", Pass),
        ("5.7", Pass),
        ("5.8", Pass),
        ("5.9", Pass),
        ("5.10", Pass),
        ("5.11", Fail),
        ("5.12", Fail),
        ("5.13", Fail),
        ("5.14", Pass),
        ("5.15", Pass),
        ("5.16", Pass),
        ("5.17", Pass),
        ("5.18", Pass),
        ("5.19", Pass),
        ("5.20", Pass),
        ("5.21", Pass),
        ("5.22", Pass),
        ("5.25", Pass),
        ("5.26", if daemon_nnp { Pass } else { Fail }),
        ("5.27", Fail),
        ("5.29", Fail),
        ("5.30", Fail),
        ("5.31", Pass),
        ("5.32", Pass),
    ])
}

#[test]
fn every_container_check_on_every_container() {
    if !docker_available() {
        return;
    }
    ensure_image();
    let pre = prefix("ctr");
    let mut guard = Guard { names: vec![] };
    let mut port: u16 = 100 + (std::process::id() % 800) as u16;
    let cases = cases(port);
    for (suffix, flags, _) in &cases {
        let name = format!("{pre}-{suffix}");
        guard.names.push(name.clone());
        let mut tries = 0;
        loop {
            let mut args: Vec<String> = vec![
                "run".into(),
                "-d".into(),
                "--name".into(),
                name.clone(),
                "--label".into(),
                "portcullis.test=1".into(),
            ];
            let mut f = flags.clone();
            if *suffix == "privport" {
                f = vec!["-p".into(), format!("127.0.0.1:{port}:80")];
            }
            args.extend(f);
            args.push(IMAGE.into());
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = docker(&refs);
            if o.status.success() {
                break;
            }
            let err = String::from_utf8_lossy(&o.stderr).to_string();
            // Another test run may hold the privileged port: try the next one.
            tries += 1;
            assert!(
                *suffix == "privport" && tries < 20,
                "docker run {suffix}: {err}"
            );
            let _ = docker(&["rm", "-f", &name]);
            port += 1;
        }
    }
    let privileged = format!("{pre}-privileged");
    guard.names.push(privileged.clone());
    docker_ok(&[
        "create",
        "--name",
        &privileged,
        "--label",
        "portcullis.test=1",
        "--privileged",
        IMAGE,
    ]);

    let run = bench_only(&pre);
    assert_eq!(run.snapshot.containers.len(), cases.len() + 1);
    let nnp = run
        .host
        .setting_bool("no-new-privileges", "no-new-privileges")
        .is_some_and(|(b, _)| b);

    let container_checks: Vec<&str> = cis::all_checks()
        .into_iter()
        .filter(|c| matches!(c.run, Run::Container(_)))
        .map(|c| c.id())
        .collect();
    let base = plain(nnp);
    let mut sorted = container_checks.clone();
    sorted.sort_unstable();
    let keys: Vec<&str> = base.keys().copied().collect();
    assert_eq!(
        sorted, keys,
        "the expectation table covers every per-container check"
    );

    let mut failures = Vec::new();
    let mut expect_all: Vec<(String, BTreeMap<&str, Status>)> = cases
        .iter()
        .map(|(suffix, _, over)| {
            let mut e = base.clone();
            e.extend(over.iter().cloned());
            (format!("{pre}-{suffix}"), e)
        })
        .collect();
    let mut priv_e = base.clone();
    if host_has_apparmor() {
        priv_e.insert("5.2", Status::Fail);
    }
    priv_e.extend([
        ("5.4", Status::Fail),
        ("5.5", Status::Fail),
        ("5.7", Status::Skipped),
        ("5.22", Status::Fail),
    ]);
    expect_all.push((privileged.clone(), priv_e));
    for (name, expect) in &expect_all {
        for id in &container_checks {
            let want = expect[id];
            let got = status_for(&run, id, name);
            if got != want {
                failures.push(format!("{name} CIS-{id}: expected {want:?}, got {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Evidence: pointer and value of a few.
    let obs = |id: &str, name: &str| {
        cis::run(&run.snapshot, &run.host, &[id.to_string()])
            .remove(0)
            .observations
            .into_iter()
            .find(|o| o.location.name.as_deref() == Some(name))
            .unwrap()
    };
    let p = obs("5.5", &privileged);
    assert_eq!(p.location.object.as_deref(), Some("container"));
    assert_eq!(
        p.location.pointer.as_deref(),
        Some("/HostConfig/Privileged")
    );
    assert_eq!(p.value, Some(serde_json::json!(true)));
    assert!(p.message.contains("created"), "{}", p.message);
    let u = obs("4.1", &format!("{pre}-uidzero"));
    assert_eq!(u.location.pointer.as_deref(), Some("/Config/User"));
    assert_eq!(u.value, Some(serde_json::json!("0:0")));
    let e = obs("5.6", &format!("{pre}-etcro"));
    assert_eq!(e.location.pointer.as_deref(), Some("/Mounts/0/Source"));
    assert_eq!(
        e.severity,
        Some(Severity::Medium),
        "read-only /etc is medium"
    );
    let s = obs("5.22", &format!("{pre}-seccomp"));
    assert_eq!(
        s.location.pointer.as_deref(),
        Some("/HostConfig/SecurityOpt/0")
    );
    assert_eq!(s.value, Some(serde_json::json!("seccomp=unconfined")));

    // The hardened container: nothing above low, and what the host makes impossible says so.
    let hardened = format!("{pre}-hardened");
    let findings = run.findings();
    let mine: Vec<_> = findings
        .iter()
        .filter(|f| f.location.name.as_deref() == Some(hardened.as_str()))
        .collect();
    for f in &mine {
        assert!(
            f.severity <= Severity::Low,
            "hardened: {} {} {:?}",
            f.rule,
            f.message,
            f.severity
        );
        if f.rule == "CIS-5.2" || f.rule == "CIS-5.3" {
            assert_eq!(f.severity, Severity::Info);
            assert!(
                f.message.contains("host makes this impossible"),
                "{}",
                f.message
            );
        }
    }
    if !host_has_apparmor() {
        assert!(mine.iter().any(|f| f.rule == "CIS-5.2"));
    }
    // --running-only leaves out the created container; --exclude-containers leaves out a name.
    let narrowed = portcullis_host::bench(&portcullis_host::BenchOptions {
        host: None,
        snapshot: portcullis_host::SnapshotOptions {
            running_only: true,
            include: Some(regex::Regex::new(&format!("^{}", regex::escape(&pre))).unwrap()),
            exclude: Some(regex::Regex::new("-hardened$").unwrap()),
        },
        checks: vec!["5.5".into()],
    })
    .unwrap();
    let names: Vec<&str> = narrowed
        .snapshot
        .containers
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names.len(), cases.len() - 1, "{names:?}");
    assert!(!names.contains(&privileged.as_str()) && !names.contains(&hardened.as_str()));
    assert_eq!(narrowed.results.len(), 1);
    drop(guard);
    assert!(
        !docker(&["inspect", &privileged]).status.success(),
        "guard removed the containers"
    );
}

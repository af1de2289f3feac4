//! Checks over documents recorded from the real daemon (`tests/fixtures`): Docker 20.10.24,
//! API 1.41, a container created with `-p 18080:80 -p [::]:18443:443 --restart on-failure:10
//! --device /dev/null:/dev/xnull --ulimit nofile=1024:2048 --security-opt apparmor=unconfined`.

use super::*;
use crate::engine::{Container, Endpoint, Snapshot};
use crate::hostfacts::HostFacts;

fn info() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/info.json")).unwrap()
}
fn recorded() -> Container {
    Container::from_inspect(
        serde_json::from_str(include_str!(
            "../../tests/fixtures/container-ports-restart.json"
        ))
        .unwrap(),
    )
}
fn snap(containers: Vec<Container>) -> Snapshot {
    Snapshot {
        info: info(),
        containers,
        ..Snapshot::default()
    }
}
fn local_host() -> HostFacts {
    HostFacts {
        local: true,
        ..HostFacts::default()
    }
}
fn one(snap: &Snapshot, host: &HostFacts, id: &str) -> CheckResult {
    run(snap, host, &[id.to_string()]).remove(0)
}

#[test]
fn recorded_container_ports_restart_devices() {
    let s = snap(vec![recorded()]);
    let h = local_host();
    let r = one(&s, &h, "5.14");
    assert_eq!(r.status, Status::Fail);
    assert!(
        r.observations[0]
            .location
            .pointer
            .as_deref()
            .unwrap()
            .starts_with("/HostConfig/PortBindings/")
    );
    assert_eq!(one(&s, &h, "5.8").status, Status::Pass, "ports above 1023");
    assert_eq!(one(&s, &h, "5.9").status, Status::Info);
    let r = one(&s, &h, "5.15");
    assert_eq!(r.status, Status::Fail);
    assert!(r.observations[0].message.contains("10 retries"));
    assert_eq!(one(&s, &h, "5.18").status, Status::Fail);
    assert_eq!(one(&s, &h, "5.19").status, Status::Info);
    // Created, not running: no processes to look at.
    assert_eq!(one(&s, &h, "5.7").status, Status::Skipped);
}

#[test]
fn ipv6_wildcard_is_all_interfaces() {
    let mut c = recorded();
    let pb = c.inspect.pointer_mut("/HostConfig/PortBindings").unwrap();
    pb.as_object_mut().unwrap().remove("80/tcp");
    let s = snap(vec![c]);
    let r = one(&s, &local_host(), "5.14");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.observations[0].location.pointer.as_deref(),
        Some("/HostConfig/PortBindings/443~1tcp/0")
    );
    // Bound to one address: passes.
    let mut c = recorded();
    *c.inspect.pointer_mut("/HostConfig/PortBindings").unwrap() =
        json!({"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]});
    assert_eq!(
        one(&snap(vec![c]), &local_host(), "5.14").status,
        Status::Pass
    );
}

#[test]
fn restart_policies() {
    let with = |name: &str, max: i64| {
        let mut c = recorded();
        *c.inspect.pointer_mut("/HostConfig/RestartPolicy").unwrap() =
            json!({"Name": name, "MaximumRetryCount": max});
        one(&snap(vec![c]), &local_host(), "5.15").status
    };
    assert_eq!(with("always", 0), Status::Fail);
    assert_eq!(with("unless-stopped", 0), Status::Fail);
    assert_eq!(with("on-failure", 0), Status::Fail);
    assert_eq!(with("on-failure", 5), Status::Pass);
    assert_eq!(with("no", 0), Status::Pass);
}

#[test]
fn apparmor_only_credited_when_the_host_has_it() {
    let s = snap(vec![recorded()]);
    let mut h = local_host();
    let r = one(&s, &h, "5.2");
    assert_eq!(r.status, Status::Info);
    assert!(
        r.observations[0]
            .message
            .contains("host makes this impossible")
    );
    h.apparmor = true;
    assert_eq!(
        one(&s, &h, "5.2").status,
        Status::Fail,
        "apparmor=unconfined"
    );
}

#[test]
fn selinux_options_are_not_any_option() {
    let mut s = snap(vec![recorded()]);
    s.info["SecurityOptions"] = json!(["name=seccomp,profile=default", "name=selinux"]);
    let h = local_host();
    assert_eq!(one(&s, &h, "5.3").status, Status::Pass);
    *s.containers[0]
        .inspect
        .pointer_mut("/HostConfig/SecurityOpt")
        .unwrap() = json!(["label=disable", "seccomp=unconfined"]);
    assert_eq!(one(&s, &h, "5.3").status, Status::Fail);
}

#[test]
fn remote_daemon_skips_host_checks() {
    let s = snap(vec![recorded()]);
    let h = HostFacts::unavailable("the daemon at tcp://10.0.0.5:2376 is remote");
    for id in ["1.1.1", "1.1.3", "2.4", "2.14", "2.16", "3.1", "3.16"] {
        let r = one(&s, &h, id);
        assert_eq!(r.status, Status::Skipped, "{id}");
        assert!(
            r.observations[0]
                .message
                .starts_with("skipped: the daemon at tcp://10.0.0.5:2376 is remote")
        );
    }
    assert_eq!(one(&s, &h, "5.7").status, Status::Skipped);
    // API-answered checks still run.
    assert_eq!(one(&s, &h, "2.9").status, Status::Fail);
    assert_eq!(one(&s, &h, "2.15").status, Status::Fail);
    let f = to_findings(&run(&s, &h, &["3".into()]));
    assert!(f.is_empty(), "skipped checks are not findings");
}

#[test]
fn rootless_daemon() {
    let mut s = snap(vec![]);
    s.info["SecurityOptions"] = json!(["name=seccomp,profile=default", "name=rootless"]);
    let h = local_host();
    assert_eq!(one(&s, &h, "2.1").status, Status::Pass);
    assert_eq!(one(&s, &h, "2.9").status, Status::Pass);
    let r = one(&s, &h, "3.15");
    assert_eq!(r.status, Status::Skipped);
    assert!(r.observations[0].message.contains("rootless"));
}

#[test]
fn daemon_state_from_the_api() {
    let mut s = snap(vec![]);
    let h = local_host();
    assert_eq!(one(&s, &h, "2.15").status, Status::Fail);
    s.info["LiveRestoreEnabled"] = json!(true);
    assert_eq!(one(&s, &h, "2.15").status, Status::Pass);
    assert_eq!(one(&s, &h, "2.9").status, Status::Fail);
    s.info["SecurityOptions"] = json!(["name=seccomp,profile=default", "name=userns"]);
    assert_eq!(one(&s, &h, "2.9").status, Status::Pass);
    // The default 127.0.0.0/8 is not an insecure registry.
    assert_eq!(one(&s, &h, "2.5").status, Status::Pass);
    s.info["RegistryConfig"]["InsecureRegistryCIDRs"] = json!(["127.0.0.0/8", "10.1.0.0/16"]);
    assert_eq!(one(&s, &h, "2.5").status, Status::Fail);
    s.info["Warnings"] =
        json!(["WARNING: API is accessible on http://0.0.0.0:2375 without encryption."]);
    let r = one(&s, &h, "2.7");
    assert_eq!(r.status, Status::Fail);
    assert!(r.observations[0].message.contains("0.0.0.0:2375"));
    for (driver, want) in [
        ("json-file", Status::Fail),
        ("journald", Status::Warn),
        ("syslog", Status::Pass),
    ] {
        s.info["LoggingDriver"] = json!(driver);
        assert_eq!(one(&s, &h, "2.13").status, want, "{driver}");
    }
}

#[test]
fn tls_from_daemon_json_multiline_hosts() {
    let s = snap(vec![]);
    let mut h = local_host();
    h.daemon_json = Some(
        json!({"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"], "tlsverify": true}),
    );
    assert_eq!(one(&s, &h, "2.7").status, Status::Pass);
    h.daemon_json = Some(json!({"hosts": ["tcp://0.0.0.0:2376"], "tls": true}));
    let r = one(&s, &h, "2.7");
    assert_eq!(r.status, Status::Fail);
    assert_eq!(r.observations[0].severity, Some(Severity::High));
    h.daemon_json = Some(json!({"hosts": ["tcp://0.0.0.0:2375"]}));
    assert_eq!(
        to_findings(&[one(&s, &h, "2.7")])[0].severity,
        Severity::Critical
    );
}

#[test]
fn selectors() {
    let all = all_checks();
    let pick = |s: &str| {
        all.iter()
            .filter(|c| c.selected_by(s))
            .map(|c| c.id())
            .collect::<Vec<_>>()
    };
    assert_eq!(pick("5.3"), ["5.3"]);
    assert_eq!(pick("CIS-5.31"), ["5.31"]);
    assert_eq!(pick("1.1").len(), 18);
    assert_eq!(pick("CIS-v1.8.0-2.8"), ["2.7"]);
    assert_eq!(pick("7").len(), 9);
}

#[test]
fn catalogue() {
    let all = all_checks();
    assert_eq!(all.len(), 117, "117 checks of CIS v1.6.0 sections 1-7");
    let per: Vec<usize> = (1..=7)
        .map(|s| all.iter().filter(|c| c.section() == s).count())
        .collect();
    assert_eq!(per, [20, 18, 24, 12, 32, 2, 9]);
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for c in &all {
        assert!(codes.insert(c.meta.code), "{}", c.meta.code);
        assert!(names.insert(c.meta.name), "{}", c.meta.name);
        assert!(
            c.meta.docs.contains("## What it does") && c.meta.docs.contains("## Why is this bad?")
        );
        assert!(
            c.meta.aliases[0].starts_with("CIS-v1.8.0-"),
            "{}",
            c.meta.code
        );
        assert!(c.level == 1 || c.level == 2);
        assert!(!c.meta.remediation.is_empty());
    }
    // v1.8.0 inserted 2.7 (devicemapper): v1.6.0 2.7-2.18 are 2.8-2.19 there.
    let c = all.iter().find(|c| c.id() == "2.18").unwrap();
    assert_eq!(c.id_v1_8(), "2.19");
}

#[test]
fn docker_bench_shape() {
    let s = snap(vec![recorded()]);
    let h = local_host();
    let results = run(&s, &h, &[]);
    let br = crate::BenchRun {
        endpoint: Endpoint {
            host: "unix:///var/run/docker.sock".into(),
            tls_dir: None,
            source: "default".into(),
        },
        snapshot: s,
        host: h,
        results,
        tool_findings: vec![],
        started: 1,
        ended: 2,
    };
    let practices = br.by_practice();
    let total: usize = practices
        .values()
        .map(|c| c.pass + c.fail + c.warn + c.info + c.skipped)
        .sum();
    assert_eq!(total, 117);
    assert!(practices[&portcullis_core::Practice::HostAudit].fail > 0);
    let v = crate::dockerbench::render(&br);
    assert_eq!(v["dockerbenchsecurity"], "1.6.0");
    assert_eq!(v["checks"], 117);
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 7);
    let r514 = tests[4]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "5.14")
        .unwrap();
    assert_eq!(r514["result"], "WARN");
    assert_eq!(r514["items"][0], br.snapshot.containers[0].name);
    assert!(r514["remediation"].is_string());
    let scored_pass = br
        .results
        .iter()
        .filter(|r| r.check.scored && r.status == Status::Pass)
        .count() as i64;
    let scored_bad = br
        .results
        .iter()
        .filter(|r| r.check.scored && matches!(r.status, Status::Fail | Status::Warn))
        .count() as i64;
    assert_eq!(v["score"], scored_pass - scored_bad);
}

//! Remote endpoints: `DOCKER_HOST=tcp://…` with TLS (`DOCKER_CERT_PATH`) and a Docker context
//! with TLS material, against a second dockerd the test starts on 127.0.0.1 with `--tlsverify`
//! and certificates it generates with the openssl CLI. A container created in that daemon is
//! inspected over TLS (the bollard path; unix sockets use keep-alive connections of our own).
//! The daemon runs in its own network namespace (`unshare -n`), so its bridge, iptables rules
//! and TCP listener never touch the shared daemon's (a dockerd started with `--bridge none` in
//! the host's namespace deletes the host's `docker0`); the audit over TCP runs in a child of
//! this test binary that `nsenter` puts in that namespace. Its data, exec root, pid file and
//! socket live in a directory of its own.

use crate::common::stop_daemon;
use portcullis_host::cis::Status;
use portcullis_host::engine::resolve_endpoint_with;
use portcullis_host::{BenchOptions, SnapshotOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct TlsDaemon {
    dir: PathBuf,
    port: u16,
    child: Child,
}

fn sh(dir: &Path, script: &str) {
    let out = Command::new("sh")
        .args(["-ec", script])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TlsDaemon {
    fn start() -> Option<TlsDaemon> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let tools = Command::new("sh")
            .args([
                "-c",
                "command -v dockerd && command -v openssl && command -v unshare \
                 && command -v nsenter && command -v ip",
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if !root || !tools {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but this machine cannot start a TLS dockerd (root, dockerd, openssl, unshare, nsenter, ip)"
            );
            eprintln!(
                "skipping: a TLS test dockerd needs root, dockerd, openssl, unshare, nsenter and ip"
            );
            return None;
        }
        let dir = PathBuf::from(format!("/tmp/pct-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker`
        // expects them in DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem).
        sh(
            &dir,
            "ec='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes'
             openssl req -x509 $ec -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=pc-test-ca 2>/dev/null
             openssl req $ec -keyout server-key.pem -out server.csr -subj /CN=127.0.0.1 2>/dev/null
             printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
             openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
               -out server-cert.pem -days 2 -extfile server.ext 2>/dev/null
             openssl req $ec -keyout key.pem -out client.csr -subj /CN=pc-test-client 2>/dev/null
             printf 'extendedKeyUsage=clientAuth\\n' > client.ext
             openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
               -out cert.pem -days 2 -extfile client.ext 2>/dev/null",
        );
        // Inside its own network namespace: the port is private to it.
        let port = 2376;
        std::fs::write(dir.join("daemon.json"), "{}").unwrap();
        let d = dir.display();
        let script = format!(
            "ip link set lo up; exec dockerd --config-file {d}/daemon.json --data-root {d}/data \
             --exec-root {d}/x --pidfile {d}/d.pid -H unix://{d}/d.sock \
             -H tcp://127.0.0.1:{port} --tlsverify --tlscacert {d}/ca.pem \
             --tlscert {d}/server-cert.pem --tlskey {d}/server-key.pem --bip 10.213.9.1/24"
        );
        let child = Command::new("unshare")
            .args(["-n", "sh", "-c", &script])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("log")).unwrap())
            .spawn();
        let td = TlsDaemon {
            dir,
            port,
            child: child.unwrap(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if td.docker(&["version", "--format", "{{.Server.Version}}"]) {
                return Some(td);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "TLS test dockerd did not come up: {}",
            std::fs::read_to_string(td.dir.join("log")).unwrap_or_default()
        );
    }

    /// `docker` against the daemon's unix socket (setup only; the test audits over TCP).
    fn docker(&self, args: &[&str]) -> bool {
        Command::new("docker")
            .arg("-H")
            .arg(format!("unix://{}/d.sock", self.dir.display()))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for TlsDaemon {
    fn drop(&mut self) {
        stop_daemon(&mut self.child, &self.dir);
    }
}

fn env_of(pairs: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + use<> {
    let m: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    move |k: &str| m.get(k).cloned()
}

#[test]
fn docker_host_tcp_tls_and_context() {
    if let Some(dir) = std::env::var_os(INNER) {
        let port = std::env::var("PC_TLS_TEST_PORT").unwrap().parse().unwrap();
        return inner(PathBuf::from(dir), port);
    }
    let Some(d) = TlsDaemon::start() else {
        return;
    };
    // One container to inspect over TLS: a tiny image imported into the test daemon.
    let rootfs = d.dir.join("rootfs");
    std::fs::create_dir_all(rootfs.join("bin")).unwrap();
    std::fs::copy("/bin/busybox", rootfs.join("bin/busybox")).unwrap();
    sh(&d.dir, "tar -C rootfs -cf rootfs.tar .");
    let tar = d.dir.join("rootfs.tar");
    assert!(d.docker(&[
        "import",
        "--change",
        "CMD [\"/bin/busybox\", \"sleep\", \"600\"]",
        &tar.to_string_lossy(),
        "pc-tls-test/busybox:1",
    ]));
    assert!(d.docker(&[
        "create",
        "--name",
        "pctls-priv",
        "--label",
        "portcullis.test=1",
        "--network",
        "none",
        "--privileged",
        "pc-tls-test/busybox:1",
    ]));
    // This same test, in a child process inside the daemon's network namespace.
    let out = Command::new("nsenter")
        .arg(format!("--net=/proc/{}/ns/net", d.child.id()))
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "tls::docker_host_tcp_tls_and_context",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INNER, &d.dir)
        .env("PC_TLS_TEST_PORT", d.port.to_string())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("1 passed"),
        "the inner test did not run: {text}"
    );
}

/// Set (to the daemon's directory) in the child that runs inside the daemon's namespace.
const INNER: &str = "PC_TLS_TEST_DIR";

/// The audits over TCP, inside the test daemon's network namespace.
fn inner(dir: PathBuf, port: u16) {
    let host = format!("tcp://127.0.0.1:{port}");
    let opts = BenchOptions {
        checks: vec!["5.5".into(), "2.7".into()],
        snapshot: SnapshotOptions::default(),
        host: None,
    };

    // DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, as the docker CLI reads them.
    let env = env_of(&[
        ("DOCKER_HOST", host.clone()),
        ("DOCKER_TLS_VERIFY", "1".into()),
        ("DOCKER_CERT_PATH", dir.display().to_string()),
    ]);
    let ep = resolve_endpoint_with(None, &env).unwrap();
    assert_eq!(ep.source, "DOCKER_HOST");
    assert_eq!(ep.tls_dir.as_deref(), Some(dir.as_path()));
    let run = portcullis_host::bench_endpoint(ep, &opts).expect("bench over tcp with TLS");
    assert_eq!(
        run.snapshot.containers.len(),
        1,
        "{:?}",
        run.snapshot.errors
    );
    let c = &run.snapshot.containers[0];
    assert_eq!(c.name, "pctls-priv");
    assert_eq!(
        c.at("/HostConfig/Privileged"),
        Some(&serde_json::json!(true))
    );
    let r = run.results.iter().find(|r| r.check.id() == "5.5").unwrap();
    assert_eq!(r.status, Status::Fail);
    assert_eq!(
        r.observations[0].location.name.as_deref(),
        Some("pctls-priv")
    );
    assert!(run.snapshot.api_version.starts_with("1."));

    // A Docker context named in DOCKER_CONTEXT, its TLS files under contexts/tls/<dir>/docker.
    let cfg = dir.join("config");
    let meta = cfg.join("contexts/meta/pcctx0001");
    let tls = cfg.join("contexts/tls/pcctx0001/docker");
    std::fs::create_dir_all(&meta).unwrap();
    std::fs::create_dir_all(&tls).unwrap();
    for f in ["ca.pem", "cert.pem", "key.pem"] {
        std::fs::copy(dir.join(f), tls.join(f)).unwrap();
    }
    std::fs::write(
        meta.join("meta.json"),
        serde_json::json!({
            "Name": "pc-tls",
            "Metadata": {},
            "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}},
        })
        .to_string(),
    )
    .unwrap();
    let env = env_of(&[
        ("DOCKER_CONFIG", cfg.display().to_string()),
        ("DOCKER_CONTEXT", "pc-tls".into()),
    ]);
    let ep = resolve_endpoint_with(None, &env).unwrap();
    assert_eq!(ep.source, "context pc-tls");
    assert_eq!(ep.tls_dir.as_deref(), Some(tls.as_path()));
    let run = portcullis_host::bench_endpoint(ep, &opts).expect("bench through the context");
    assert_eq!(run.snapshot.containers.len(), 1);

    // Without the client certificate the daemon refuses: one line, no panic.
    let env = env_of(&[("DOCKER_HOST", host.clone())]);
    let ep = resolve_endpoint_with(None, &env).unwrap();
    assert_eq!(ep.tls_dir, None);
    let err = portcullis_host::bench_endpoint(ep, &opts).unwrap_err();
    assert!(!err.contains('\n'), "{err}");
    // A certificate directory without the client key: a clear error naming the problem.
    let half = dir.join("half");
    std::fs::create_dir_all(&half).unwrap();
    std::fs::copy(dir.join("ca.pem"), half.join("ca.pem")).unwrap();
    let env = env_of(&[
        ("DOCKER_HOST", host),
        ("DOCKER_CERT_PATH", half.display().to_string()),
    ]);
    let ep = resolve_endpoint_with(None, &env).unwrap();
    let err = portcullis_host::bench_endpoint(ep, &opts).unwrap_err();
    assert!(err.contains("cannot reach the Docker daemon"), "{err}");
}

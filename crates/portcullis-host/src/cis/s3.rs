//! Section 3: owners and permission bits of the daemon's files. Modes are compared as bits
//! (`0o622` is not within `0o644`), never as numbers. Rootless daemons own their files, so the
//! section is skipped for them.

use super::{Check, Cx, Observation, Run, Status, cis, daemon_loc, file_loc};
use crate::hostfacts::FileFact;
use std::path::{Path, PathBuf};

fn skip(cx: &Cx) -> Option<Vec<Observation>> {
    if let Some(s) = cx.host_skip() {
        return Some(s);
    }
    cx.snap.rootless().then(|| {
        vec![Observation::new(
            Status::Skipped,
            "skipped: the daemon is rootless; its files belong to its user, not root",
            daemon_loc(None),
        )]
    })
}

/// gid of the `docker` group, from /etc/group.
fn docker_gid() -> Option<u32> {
    let t = std::fs::read_to_string("/etc/group").ok()?;
    t.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.first() == Some(&"docker")).then(|| f.get(2)?.parse().ok())?
    })
}

/// Ownership check: uid 0 and a gid from `gids`.
fn owner(cx: &Cx, path: Option<PathBuf>, what: &str, gids: &[u32], want: &str) -> Vec<Observation> {
    if let Some(s) = skip(cx) {
        return s;
    }
    let Some(f) = path.map(|p| cx.host.file(&p)).filter(|f| f.exists) else {
        return vec![Observation::new(
            Status::Skipped,
            format!("skipped: {what} does not exist on this host"),
            daemon_loc(None),
        )];
    };
    vec![owner_of(&f, gids, want)]
}

fn owner_of(f: &FileFact, gids: &[u32], want: &str) -> Observation {
    let found = format!("{}:{}", f.uid, f.gid);
    let o = if f.uid == 0 && gids.contains(&f.gid) {
        Observation::new(
            Status::Pass,
            format!("{} is owned by {want}", f.path.display()),
            file_loc(&f.path),
        )
    } else {
        Observation::new(
            Status::Fail,
            format!(
                "{} is owned by {found} (uid:gid), not {want}",
                f.path.display()
            ),
            file_loc(&f.path),
        )
    };
    o.value(found)
}

/// Permission check: no bit outside `allowed`.
fn mode(cx: &Cx, path: Option<PathBuf>, what: &str, allowed: u32) -> Vec<Observation> {
    if let Some(s) = skip(cx) {
        return s;
    }
    let Some(f) = path.map(|p| cx.host.file(&p)).filter(|f| f.exists) else {
        return vec![Observation::new(
            Status::Skipped,
            format!("skipped: {what} does not exist on this host"),
            daemon_loc(None),
        )];
    };
    vec![mode_of(&f, allowed)]
}

fn mode_of(f: &FileFact, allowed: u32) -> Observation {
    let found = format!("{:04o}", f.mode);
    if f.mode_within(allowed) {
        Observation::new(
            Status::Pass,
            format!("{} has mode {found}", f.path.display()),
            file_loc(&f.path),
        )
    } else {
        Observation::new(
            Status::Fail,
            format!(
                "{} has mode {found}, more permissive than {allowed:04o}",
                f.path.display()
            ),
            file_loc(&f.path),
        )
    }
    .value(found)
}

fn unit(cx: &Cx, name: &str) -> Option<PathBuf> {
    cx.host.units.get(name).cloned()
}
fn tls_file(cx: &Cx, key: &str) -> Option<PathBuf> {
    cx.host
        .setting(key, key)
        .and_then(|s| s.value.as_str().map(PathBuf::from))
}

macro_rules! file_check {
    (owner $ty:ident, $code:literal, $v18:literal, $name:literal, $level:literal, $summary:literal, $what:literal, $fn:ident, $path:expr, $gids:expr, $want:literal) => {
        cis! {
            /// ## What it does
            /// Checks the owner and group of this Docker file (stat of the file the daemon
            /// actually uses; absent files are skipped).
            ///
            /// ## Why is this bad?
            /// A file owned by another user can be changed by that user to change how the daemon
            /// runs, which is root on the host.
            ///
            /// ## Example
            /// A unit file or certificate owned by a deploy user.
            $ty {
                code: $code, v18: $v18, name: $name, practice: HostAudit,
                severity: Medium, level: $level, scored: true,
                summary: $summary,
                remediation: "chown the reported file to the owner the check names (chown root:root FILE)",
                run: Run::Global($fn),
            }
        }
        fn $fn(cx: &Cx) -> Vec<Observation> {
            #[allow(clippy::redundant_closure_call)]
            let p: Option<PathBuf> = ($path)(cx);
            #[allow(clippy::redundant_closure_call)]
            let g: Vec<u32> = ($gids)();
            owner(cx, p, $what, &g, $want)
        }
    };
    (mode $ty:ident, $code:literal, $v18:literal, $name:literal, $level:literal, $summary:literal, $what:literal, $fn:ident, $path:expr, $allowed:literal) => {
        cis! {
            /// ## What it does
            /// Checks the permission bits of this Docker file as a bitmask: any bit beyond the
            /// allowed mode fails (docker-bench-security compared octal modes as decimal numbers
            /// and passed 0622, 0606 and 0747).
            ///
            /// ## Why is this bad?
            /// A file others can write changes how the daemon runs; a key others can read lets them
            /// impersonate the daemon.
            ///
            /// ## Example
            /// `chmod 666 /etc/docker/daemon.json`
            $ty {
                code: $code, v18: $v18, name: $name, practice: HostAudit,
                severity: Medium, level: $level, scored: true,
                summary: $summary,
                remediation: "chmod the reported file to the mode the check names, or stricter",
                run: Run::Global($fn),
            }
        }
        fn $fn(cx: &Cx) -> Vec<Observation> {
            #[allow(clippy::redundant_closure_call)]
            let p: Option<PathBuf> = ($path)(cx);
            mode(cx, p, $what, $allowed)
        }
    };
}

fn root_only() -> Vec<u32> {
    vec![0]
}
fn root_or_docker() -> Vec<u32> {
    let mut v = vec![0];
    v.extend(docker_gid());
    v
}

file_check!(owner Cis3_1, "CIS-3.1", "CIS-v1.8.0-3.1", "docker-service-owner", 1, "Ensure that the docker.service file ownership is set to root:root", "docker.service", c3_1, |cx: &Cx| unit(cx, "docker.service"), root_only, "root:root");
file_check!(mode Cis3_2, "CIS-3.2", "CIS-v1.8.0-3.2", "docker-service-mode", 1, "Ensure that docker.service file permissions are appropriately set", "docker.service", c3_2, |cx: &Cx| unit(cx, "docker.service"), 0o644);
file_check!(owner Cis3_3, "CIS-3.3", "CIS-v1.8.0-3.3", "docker-socket-unit-owner", 1, "Ensure that docker.socket file ownership is set to root:root", "docker.socket", c3_3, |cx: &Cx| unit(cx, "docker.socket"), root_only, "root:root");
file_check!(mode Cis3_4, "CIS-3.4", "CIS-v1.8.0-3.4", "docker-socket-unit-mode", 1, "Ensure that docker.socket file permissions are set to 644 or more restrictive", "docker.socket", c3_4, |cx: &Cx| unit(cx, "docker.socket"), 0o644);
file_check!(owner Cis3_5, "CIS-3.5", "CIS-v1.8.0-3.5", "etc-docker-owner", 1, "Ensure that the /etc/docker directory ownership is set to root:root", "/etc/docker", c3_5, |_cx: &Cx| Some(PathBuf::from("/etc/docker")), root_only, "root:root");
file_check!(mode Cis3_6, "CIS-3.6", "CIS-v1.8.0-3.6", "etc-docker-mode", 1, "Ensure that /etc/docker directory permissions are set to 755 or more restrictively", "/etc/docker", c3_6, |_cx: &Cx| Some(PathBuf::from("/etc/docker")), 0o755);

cis! {
    /// ## What it does
    /// Checks that every file under `/etc/docker/certs.d` (`*.crt`, `client.cert`,
    /// `client.key`) is owned by root:root.
    ///
    /// ## Why is this bad?
    /// Whoever can replace a registry CA certificate can serve the daemon forged images.
    ///
    /// ## Example
    /// `/etc/docker/certs.d/reg:5000/ca.crt` owned by a deploy user.
    Cis3_7 {
        code: "CIS-3.7", v18: "CIS-v1.8.0-3.7", name: "registry-cert-owner", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that registry certificate file ownership is set to root:root",
        remediation: "chown -R root:root /etc/docker/certs.d",
        run: Run::Global(c3_7),
    }
}
fn c3_7(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = skip(cx) {
        return s;
    }
    if cx.host.registry_certs.is_empty() {
        return vec![Observation::new(
            Status::Skipped,
            "skipped: no registry certificates under /etc/docker/certs.d",
            file_loc(Path::new("/etc/docker/certs.d")),
        )];
    }
    cx.host
        .registry_certs
        .iter()
        .map(|f| owner_of(f, &[0], "root:root"))
        .collect()
}

cis! {
    /// ## What it does
    /// Checks that every file under `/etc/docker/certs.d` has mode 0444 or stricter (bitmask).
    ///
    /// ## Why is this bad?
    /// A writable certificate can be replaced; a readable client key can be stolen.
    ///
    /// ## Example
    /// `chmod 644 /etc/docker/certs.d/reg:5000/client.key`
    Cis3_8 {
        code: "CIS-3.8", v18: "CIS-v1.8.0-3.8", name: "registry-cert-mode", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that registry certificate file permissions are set to 444 or more restrictively",
        remediation: "chmod 444 the certificates under /etc/docker/certs.d (and 400 the keys)",
        run: Run::Global(c3_8),
    }
}
fn c3_8(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = skip(cx) {
        return s;
    }
    if cx.host.registry_certs.is_empty() {
        return vec![Observation::new(
            Status::Skipped,
            "skipped: no registry certificates under /etc/docker/certs.d",
            file_loc(Path::new("/etc/docker/certs.d")),
        )];
    }
    cx.host
        .registry_certs
        .iter()
        .map(|f| mode_of(f, 0o444))
        .collect()
}

file_check!(owner Cis3_9, "CIS-3.9", "CIS-v1.8.0-3.9", "tls-ca-owner", 1, "Ensure that TLS CA certificate file ownership is set to root:root", "the TLS CA certificate (--tlscacert)", c3_9, |cx: &Cx| tls_file(cx, "tlscacert"), root_only, "root:root");
file_check!(mode Cis3_10, "CIS-3.10", "CIS-v1.8.0-3.10", "tls-ca-mode", 1, "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively", "the TLS CA certificate (--tlscacert)", c3_10, |cx: &Cx| tls_file(cx, "tlscacert"), 0o444);
file_check!(owner Cis3_11, "CIS-3.11", "CIS-v1.8.0-3.11", "tls-cert-owner", 1, "Ensure that Docker server certificate file ownership is set to root:root", "the server certificate (--tlscert)", c3_11, |cx: &Cx| tls_file(cx, "tlscert"), root_only, "root:root");
file_check!(mode Cis3_12, "CIS-3.12", "CIS-v1.8.0-3.12", "tls-cert-mode", 1, "Ensure that the Docker server certificate file permissions are set to 444 or more restrictively", "the server certificate (--tlscert)", c3_12, |cx: &Cx| tls_file(cx, "tlscert"), 0o444);
file_check!(owner Cis3_13, "CIS-3.13", "CIS-v1.8.0-3.13", "tls-key-owner", 1, "Ensure that the Docker server certificate key file ownership is set to root:root", "the server key (--tlskey)", c3_13, |cx: &Cx| tls_file(cx, "tlskey"), root_only, "root:root");
file_check!(mode Cis3_14, "CIS-3.14", "CIS-v1.8.0-3.14", "tls-key-mode", 1, "Ensure that the Docker server certificate key file permissions are set to 400", "the server key (--tlskey)", c3_14, |cx: &Cx| tls_file(cx, "tlskey"), 0o400);
file_check!(owner Cis3_15, "CIS-3.15", "CIS-v1.8.0-3.15", "docker-sock-owner", 1, "Ensure that the Docker socket file ownership is set to root:docker", "the Docker socket", c3_15, |cx: &Cx| cx.host.socket_path.clone(), root_or_docker, "root:docker");
file_check!(mode Cis3_16, "CIS-3.16", "CIS-v1.8.0-3.16", "docker-sock-mode", 1, "Ensure that the Docker socket file permissions are set to 660 or more restrictively", "the Docker socket", c3_16, |cx: &Cx| cx.host.socket_path.clone(), 0o660);
file_check!(owner Cis3_17, "CIS-3.17", "CIS-v1.8.0-3.17", "daemon-json-owner", 2, "Ensure that the daemon.json file ownership is set to root:root", "daemon.json", c3_17, |cx: &Cx| Some(cx.host.daemon_json_path.clone()), root_only, "root:root");
file_check!(mode Cis3_18, "CIS-3.18", "CIS-v1.8.0-3.18", "daemon-json-mode", 2, "Ensure that daemon.json file permissions are set to 644 or more restrictive", "daemon.json", c3_18, |cx: &Cx| Some(cx.host.daemon_json_path.clone()), 0o644);
file_check!(owner Cis3_19, "CIS-3.19", "CIS-v1.8.0-3.19", "etc-default-docker-owner", 2, "Ensure that the /etc/default/docker file ownership is set to root:root", "/etc/default/docker", c3_19, |_cx: &Cx| Some(PathBuf::from("/etc/default/docker")), root_only, "root:root");
file_check!(mode Cis3_20, "CIS-3.20", "CIS-v1.8.0-3.20", "etc-default-docker-mode", 2, "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively", "/etc/default/docker", c3_20, |_cx: &Cx| Some(PathBuf::from("/etc/default/docker")), 0o644);
file_check!(mode Cis3_21, "CIS-3.21", "CIS-v1.8.0-3.21", "etc-sysconfig-docker-mode", 2, "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively", "/etc/sysconfig/docker", c3_21, |_cx: &Cx| Some(PathBuf::from("/etc/sysconfig/docker")), 0o644);
file_check!(owner Cis3_22, "CIS-3.22", "CIS-v1.8.0-3.22", "etc-sysconfig-docker-owner", 2, "Ensure that the /etc/sysconfig/docker file ownership is set to root:root", "/etc/sysconfig/docker", c3_22, |_cx: &Cx| Some(PathBuf::from("/etc/sysconfig/docker")), root_only, "root:root");
file_check!(owner Cis3_23, "CIS-3.23", "CIS-v1.8.0-3.23", "containerd-sock-owner", 1, "Ensure that the Containerd socket file ownership is set to root:root", "the containerd socket", c3_23, |cx: &Cx| Some(cx.host.containerd_socket.clone()), root_only, "root:root");
file_check!(mode Cis3_24, "CIS-3.24", "CIS-v1.8.0-3.24", "containerd-sock-mode", 1, "Ensure that the Containerd socket file permissions are set to 660 or more restrictively", "the containerd socket", c3_24, |cx: &Cx| Some(cx.host.containerd_socket.clone()), 0o660);

pub static CHECKS: &[&Check] = &[
    &Cis3_1::CHECK,
    &Cis3_2::CHECK,
    &Cis3_3::CHECK,
    &Cis3_4::CHECK,
    &Cis3_5::CHECK,
    &Cis3_6::CHECK,
    &Cis3_7::CHECK,
    &Cis3_8::CHECK,
    &Cis3_9::CHECK,
    &Cis3_10::CHECK,
    &Cis3_11::CHECK,
    &Cis3_12::CHECK,
    &Cis3_13::CHECK,
    &Cis3_14::CHECK,
    &Cis3_15::CHECK,
    &Cis3_16::CHECK,
    &Cis3_17::CHECK,
    &Cis3_18::CHECK,
    &Cis3_19::CHECK,
    &Cis3_20::CHECK,
    &Cis3_21::CHECK,
    &Cis3_22::CHECK,
    &Cis3_23::CHECK,
    &Cis3_24::CHECK,
];

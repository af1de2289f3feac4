//! Section 1: the host. The partition from the daemon's root dir and the mount table; audit
//! watches from `auditctl -l` (or the rules files) matched as watches on the exact path.

use super::{Check, Cx, Observation, Run, Status, cis, daemon_loc, file_loc};
use serde_json::Value;
use std::path::{Path, PathBuf};

cis! {
    /// ## What it does
    /// Checks that the daemon's root directory (`DockerRootDir` from `/info`; its parent with
    /// user namespaces) is a mount point of its own.
    ///
    /// ## Why is this bad?
    /// Images and containers filling `/var/lib/docker` fill the root filesystem and stop the
    /// host.
    ///
    /// ## Example
    /// `/var/lib/docker` on the root partition.
    Cis1_1_1 {
        code: "CIS-1.1.1", v18: "CIS-v1.8.0-1.1.1", name: "docker-root-partition", practice: HostAudit,
        severity: Low, level: 1, scored: true,
        summary: "Ensure a separate partition for containers has been created",
        remediation: "mount a dedicated filesystem (LVM volume or disk) at the Docker root directory",
        run: Run::Global(partition),
    }
}
fn partition(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    let root = PathBuf::from(
        cx.snap
            .info_str("DockerRootDir")
            .unwrap_or("/var/lib/docker"),
    );
    let root = if cx.snap.has_security_option("userns") {
        root.parent().map(Path::to_path_buf).unwrap_or(root)
    } else {
        root
    };
    let o = if cx.host.mountpoints.contains(&root) {
        Observation::new(
            Status::Pass,
            format!("{} is a separate mount", root.display()),
            file_loc(&root),
        )
    } else {
        Observation::new(
            Status::Fail,
            format!("{} is not a separate partition", root.display()),
            file_loc(&root),
        )
    };
    vec![o]
}

cis! {
    /// ## What it does
    /// Lists the members of the `docker` group for a human to confirm: each one is root on this
    /// host.
    ///
    /// ## Why is this bad?
    /// Access to the Docker socket is root access.
    ///
    /// ## Example
    /// A developer account left in the `docker` group.
    Cis1_1_2 {
        code: "CIS-1.1.2", v18: "CIS-v1.8.0-1.1.2", name: "docker-group-members", practice: HostAudit,
        severity: Info, level: 1, scored: true,
        summary: "Ensure only trusted users are allowed to control Docker daemon",
        remediation: "remove untrusted users from the docker group (gpasswd -d USER docker)",
        run: Run::Global(group),
    }
}
fn group(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    let loc = file_loc(Path::new("/etc/group"));
    vec![match &cx.host.docker_group {
        None => Observation::new(
            Status::Pass,
            "there is no docker group: only root reaches the socket",
            loc,
        ),
        Some(m) if m.is_empty() => {
            Observation::new(Status::Pass, "the docker group has no members", loc)
        }
        Some(m) => Observation::new(
            Status::Info,
            format!(
                "confirm these docker group members are trusted (each is root on this host): {}",
                m.join(", ")
            ),
            loc,
        )
        .value(m.clone()),
    }]
}

/// One audit-watch check of `path` (absent paths are skipped).
fn audit(cx: &Cx, path: Option<PathBuf>, what: &str) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    let Some(path) = path.filter(|p| p.exists()) else {
        return vec![Observation::new(
            Status::Skipped,
            format!("skipped: {what} does not exist on this host"),
            daemon_loc(None),
        )];
    };
    let loc = file_loc(&path);
    vec![match cx.host.audited(&path) {
        None => Observation::new(
            Status::Fail,
            format!("{} is not audited: auditd is not installed", path.display()),
            loc,
        ),
        Some(true) => Observation::new(
            Status::Pass,
            format!("{} is audited ({})", path.display(), cx.host.audit_source),
            loc,
        ),
        Some(false) => Observation::new(
            Status::Fail,
            format!(
                "no audit watch on {} ({})",
                path.display(),
                cx.host.audit_source
            ),
            loc,
        ),
    }]
}

fn binary(name: &str) -> Option<PathBuf> {
    [
        "/usr/bin",
        "/usr/sbin",
        "/usr/local/bin",
        "/usr/local/sbin",
        "/bin",
        "/sbin",
    ]
    .iter()
    .map(|d| Path::new(d).join(name))
    .find(|p| p.exists())
}

macro_rules! audit_check {
    ($ty:ident, $code:literal, $v18:literal, $name:literal, $level:literal, $summary:literal, $what:literal, $fn:ident, $path:expr) => {
        cis! {
            /// ## What it does
            /// Checks that auditd watches this Docker file or directory (`-w PATH -p wa`). A rule
            /// on a longer path or a `never` rule does not count (docker-bench-security's substring
            /// match counted them).
            ///
            /// ## Why is this bad?
            /// Without an audit trail, changes to Docker's binaries and configuration go unseen.
            ///
            /// ## Example
            /// `-w /usr/bin/dockerd -p wa -k docker` missing from `/etc/audit/rules.d/`.
            $ty {
                code: $code, v18: $v18, name: $name, practice: HostAudit,
                severity: Low, level: $level, scored: true,
                summary: $summary,
                remediation: "add a watch `-w PATH -p wa -k docker` for the reported path to /etc/audit/rules.d/docker.rules and reload auditd",
                run: Run::Global($fn),
            }
        }
        fn $fn(cx: &Cx) -> Vec<Observation> {
            #[allow(clippy::redundant_closure_call)]
            let p: Option<PathBuf> = ($path)(cx);
            audit(cx, p, $what)
        }
    };
}

audit_check!(
    Cis1_1_3,
    "CIS-1.1.3",
    "CIS-v1.8.0-1.1.3",
    "audit-dockerd",
    1,
    "Ensure auditing is configured for the Docker daemon",
    "/usr/bin/dockerd",
    a_dockerd,
    |cx: &Cx| cx
        .host
        .dockerd
        .as_ref()
        .and_then(|d| std::fs::read_link(format!("/proc/{}/exe", d.pid)).ok())
        .or_else(|| binary("dockerd"))
);
audit_check!(
    Cis1_1_4,
    "CIS-1.1.4",
    "CIS-v1.8.0-1.1.4",
    "audit-run-containerd",
    1,
    "Ensure auditing is configured for Docker files and directories - /run/containerd",
    "/run/containerd",
    a_run_containerd,
    |_cx: &Cx| Some(PathBuf::from("/run/containerd"))
);
audit_check!(
    Cis1_1_5,
    "CIS-1.1.5",
    "CIS-v1.8.0-1.1.5",
    "audit-var-lib-docker",
    1,
    "Ensure auditing is configured for Docker files and directories - /var/lib/docker",
    "/var/lib/docker",
    a_var_lib_docker,
    |cx: &Cx| Some(PathBuf::from(
        cx.snap
            .info_str("DockerRootDir")
            .unwrap_or("/var/lib/docker")
    ))
);
audit_check!(
    Cis1_1_6,
    "CIS-1.1.6",
    "CIS-v1.8.0-1.1.6",
    "audit-etc-docker",
    1,
    "Ensure auditing is configured for Docker files and directories - /etc/docker",
    "/etc/docker",
    a_etc_docker,
    |_cx: &Cx| Some(PathBuf::from("/etc/docker"))
);
audit_check!(
    Cis1_1_7,
    "CIS-1.1.7",
    "CIS-v1.8.0-1.1.7",
    "audit-docker-service",
    2,
    "Ensure auditing is configured for Docker files and directories - docker.service",
    "docker.service",
    a_docker_service,
    |cx: &Cx| cx.host.units.get("docker.service").cloned()
);
audit_check!(
    Cis1_1_8,
    "CIS-1.1.8",
    "CIS-v1.8.0-1.1.8",
    "audit-containerd-sock",
    2,
    "Ensure auditing is configured for Docker files and directories - containerd.sock",
    "containerd.sock",
    a_containerd_sock,
    |cx: &Cx| Some(cx.host.containerd_socket.clone())
);
audit_check!(
    Cis1_1_9,
    "CIS-1.1.9",
    "CIS-v1.8.0-1.1.9",
    "audit-docker-socket",
    2,
    "Ensure auditing is configured for Docker files and directories - docker.socket",
    "docker.sock",
    a_docker_socket,
    |cx: &Cx| cx
        .host
        .systemd_socket_path
        .clone()
        .or_else(|| cx.host.socket_path.clone())
);
audit_check!(
    Cis1_1_10,
    "CIS-1.1.10",
    "CIS-v1.8.0-1.1.10",
    "audit-etc-default-docker",
    2,
    "Ensure auditing is configured for Docker files and directories - /etc/default/docker",
    "/etc/default/docker",
    a_default_docker,
    |_cx: &Cx| Some(PathBuf::from("/etc/default/docker"))
);
audit_check!(
    Cis1_1_11,
    "CIS-1.1.11",
    "CIS-v1.8.0-1.1.11",
    "audit-daemon-json",
    2,
    "Ensure auditing is configured for Docker files and directories - /etc/docker/daemon.json",
    "/etc/docker/daemon.json",
    a_daemon_json,
    |cx: &Cx| Some(cx.host.daemon_json_path.clone())
);
audit_check!(
    Cis1_1_12,
    "CIS-1.1.12",
    "CIS-v1.8.0-1.1.12",
    "audit-containerd-config",
    2,
    "Ensure auditing is configured for Docker files and directories - /etc/containerd/config.toml",
    "/etc/containerd/config.toml",
    a_containerd_config,
    |_cx: &Cx| Some(PathBuf::from("/etc/containerd/config.toml"))
);
audit_check!(
    Cis1_1_13,
    "CIS-1.1.13",
    "CIS-v1.8.0-1.1.13",
    "audit-etc-sysconfig-docker",
    2,
    "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker",
    "/etc/sysconfig/docker",
    a_sysconfig_docker,
    |_cx: &Cx| Some(PathBuf::from("/etc/sysconfig/docker"))
);
audit_check!(
    Cis1_1_14,
    "CIS-1.1.14",
    "CIS-v1.8.0-1.1.14",
    "audit-containerd-binary",
    2,
    "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd",
    "/usr/bin/containerd",
    a_containerd,
    |_cx: &Cx| binary("containerd")
);
audit_check!(
    Cis1_1_15,
    "CIS-1.1.15",
    "CIS-v1.8.0-1.1.15",
    "audit-containerd-shim",
    2,
    "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
    "/usr/bin/containerd-shim",
    a_shim,
    |_cx: &Cx| binary("containerd-shim")
);
audit_check!(
    Cis1_1_16,
    "CIS-1.1.16",
    "CIS-v1.8.0-1.1.16",
    "audit-containerd-shim-runc-v1",
    2,
    "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v1",
    "/usr/bin/containerd-shim-runc-v1",
    a_shim_v1,
    |_cx: &Cx| binary("containerd-shim-runc-v1")
);
audit_check!(
    Cis1_1_17,
    "CIS-1.1.17",
    "CIS-v1.8.0-1.1.17",
    "audit-containerd-shim-runc-v2",
    2,
    "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim-runc-v2",
    "/usr/bin/containerd-shim-runc-v2",
    a_shim_v2,
    |_cx: &Cx| binary("containerd-shim-runc-v2")
);
audit_check!(
    Cis1_1_18,
    "CIS-1.1.18",
    "CIS-v1.8.0-1.1.18",
    "audit-runc",
    2,
    "Ensure auditing is configured for Docker files and directories - /usr/bin/runc",
    "/usr/bin/runc",
    a_runc,
    |_cx: &Cx| binary("runc")
);

cis! {
    /// ## What it does
    /// Reminds a human to harden the host itself (kernel, services, users, patches); a host
    /// benchmark such as CIS Distribution Independent Linux or Lynis covers it.
    ///
    /// ## Why is this bad?
    /// Containers share the host kernel: a weak host undoes every container control.
    ///
    /// ## Example
    /// A general-purpose server that also runs containers.
    Cis1_2_1 {
        code: "CIS-1.2.1", v18: "CIS-v1.8.0-1.2.1", name: "host-not-hardened", practice: HostAudit,
        severity: Info, level: 1, scored: false,
        summary: "Ensure the container host has been Hardened",
        remediation: "apply a host hardening baseline (CIS Linux benchmark) and keep the kernel patched",
        run: Run::Global(hardened),
    }
}
fn hardened(_cx: &Cx) -> Vec<Observation> {
    super::manual(
        "confirm the host follows a hardening baseline (kernel patches, minimal services, CIS Linux benchmark)",
    )
}

cis! {
    /// ## What it does
    /// Reports the Docker Engine version for a human to compare with the current releases;
    /// release lines that are out of upstream support (before 25.0) are a warning.
    ///
    /// ## Why is this bad?
    /// Old engines miss security fixes (runc and BuildKit escapes among them).
    ///
    /// ## Example
    /// Docker 20.10, end of life since 2023.
    Cis1_2_2 {
        code: "CIS-1.2.2", v18: "CIS-v1.8.0-1.2.2", name: "docker-version", practice: HostAudit,
        severity: Low, level: 1, scored: false,
        summary: "Ensure that the version of Docker is up to date",
        remediation: "upgrade Docker Engine to a supported release",
        run: Run::Global(version),
    }
}
fn version(cx: &Cx) -> Vec<Observation> {
    let v = cx
        .snap
        .version
        .get("Version")
        .and_then(Value::as_str)
        .or(cx.snap.info_str("ServerVersion"))
        .unwrap_or("")
        .to_string();
    let major: u32 = v
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let loc = daemon_loc(Some("/ServerVersion"));
    vec![
        if major > 0 && major < 25 {
            Observation::new(
                Status::Warn,
                format!("Docker Engine {v}: this release line is out of upstream support"),
                loc,
            )
        } else {
            Observation::new(
                Status::Info,
                format!("Docker Engine {v}: confirm it is the latest patch release"),
                loc,
            )
        }
        .value(v),
    ]
}

pub static CHECKS: &[&Check] = &[
    &Cis1_1_1::CHECK,
    &Cis1_1_2::CHECK,
    &Cis1_1_3::CHECK,
    &Cis1_1_4::CHECK,
    &Cis1_1_5::CHECK,
    &Cis1_1_6::CHECK,
    &Cis1_1_7::CHECK,
    &Cis1_1_8::CHECK,
    &Cis1_1_9::CHECK,
    &Cis1_1_10::CHECK,
    &Cis1_1_11::CHECK,
    &Cis1_1_12::CHECK,
    &Cis1_1_13::CHECK,
    &Cis1_1_14::CHECK,
    &Cis1_1_15::CHECK,
    &Cis1_1_16::CHECK,
    &Cis1_1_17::CHECK,
    &Cis1_1_18::CHECK,
    &Cis1_2_1::CHECK,
    &Cis1_2_2::CHECK,
];

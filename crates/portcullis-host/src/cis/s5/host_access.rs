//! Section 5 checks of what a container reaches on its host: sensitive and socket mounts, devices, host namespaces, sshd.

use super::*;

cis! {
    /// ## What it does
    /// Reports bind mounts of sensitive host directories (`/`, `/boot`, `/dev`, `/etc`, `/lib`,
    /// `/proc`, `/sys`, `/usr`, `/root`, `/run`, `/var/lib/docker`…) or of anything under them,
    /// read-write or read-only: a read-only `/etc` still hands out `/etc/shadow`.
    ///
    /// ## Why is this bad?
    /// The container reads host secrets, or changes host binaries and configuration.
    ///
    /// ## Example
    /// `docker run -v /etc:/hostetc:ro …`
    Cis5_6 {
        code: "CIS-5.6", v18: "CIS-v1.8.0-5.6", name: "sensitive-host-mount", practice: LeastPrivilege,
        severity: High, level: 1, scored: true,
        summary: "Ensure sensitive host system directories are not mounted on containers",
        remediation: "mount only the application directory the container needs, or use a named volume",
        run: Run::Container(sensitive_mounts),
    }
}
fn sensitive_mounts(_cx: &Cx, c: &Container) -> Observation {
    let mut hits = Vec::new();
    let mut first = None;
    let mut all_ro = true;
    for (i, m) in mounts(c) {
        if m.get("Type").and_then(Value::as_str) != Some("bind") {
            continue;
        }
        let src = m.get("Source").and_then(Value::as_str).unwrap_or("");
        if is_runtime_socket(src) {
            continue; // CIS 5.32
        }
        if let Some(dir) = sensitive_dir(src) {
            let rw = m.get("RW").and_then(Value::as_bool).unwrap_or(true);
            all_ro &= !rw;
            first.get_or_insert(i);
            hits.push(json!({"source": src, "destination": m.get("Destination"), "rw": rw, "sensitive": dir}));
        }
    }
    match first {
        None => on(
            c,
            Status::Pass,
            "/Mounts",
            "no sensitive host directory is mounted",
        ),
        Some(i) => {
            let desc: Vec<String> = hits
                .iter()
                .map(|h| {
                    format!(
                        "{} ({})",
                        h["source"].as_str().unwrap_or(""),
                        if h["rw"] == true { "rw" } else { "ro" }
                    )
                })
                .collect();
            let o = Observation::new(
                Status::Fail,
                format!("mounts sensitive host paths: {}", desc.join(", ")),
                container_loc(c, &format!("/Mounts/{i}/Source")),
            )
            .value(Value::Array(hits));
            if all_ro {
                o.severity(Severity::Medium)
            } else {
                o
            }
        }
    }
}

cis! {
    /// ## What it does
    /// Looks for an `sshd` process among the container's processes, read from the host's
    /// `/proc` (comm and executable), never by `docker exec` and never matching its own search.
    ///
    /// ## Why is this bad?
    /// An SSH daemon is one more service to patch and one more way in; `docker exec` already
    /// gives administrative access.
    ///
    /// ## Example
    /// An image whose entrypoint starts `sshd` next to the application.
    Cis5_7 {
        code: "CIS-5.7", v18: "CIS-v1.8.0-5.7", name: "sshd-in-container", practice: LeastPrivilege,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure sshd is not run within containers",
        remediation: "remove the SSH server from the image; use docker exec for administration",
        run: Run::Container(sshd),
    }
}
fn sshd(cx: &Cx, c: &Container) -> Observation {
    let loc = container_loc(c, "/State/Pid");
    if !cx.host.local {
        return Observation::new(
            Status::Skipped,
            "skipped: the container's processes are on another host",
            loc,
        );
    }
    if !c.running() {
        return Observation::new(
            Status::Skipped,
            format!("skipped: container is {}, no processes", c.state()),
            loc,
        );
    }
    let procs = cx
        .host
        .container_procs
        .get(&c.id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if procs.is_empty() {
        return Observation::new(
            Status::Skipped,
            "skipped: the container's processes are not visible in /proc",
            loc,
        );
    }
    let hits: Vec<&crate::hostfacts::Proc> = procs
        .iter()
        .filter(|p| p.comm == "sshd" || p.exe.rsplit('/').next() == Some("sshd"))
        .collect();
    if hits.is_empty() {
        Observation::new(
            Status::Pass,
            format!("no sshd among {} processes", procs.len()),
            loc,
        )
    } else {
        let v: Vec<Value> = hits
            .iter()
            .map(|p| json!({"pid": p.pid, "comm": p.comm, "exe": p.exe}))
            .collect();
        Observation::new(
            Status::Fail,
            format!("runs sshd (host pid {})", hits[0].pid),
            loc,
        )
        .value(Value::Array(v))
    }
}

cis! {
    /// ## What it does
    /// Reports containers sharing the host's PID namespace (`--pid host`).
    ///
    /// ## Why is this bad?
    /// The container sees and can signal every host process, and reads their environments.
    ///
    /// ## Example
    /// `docker run --pid host …`
    Cis5_16 {
        code: "CIS-5.16", v18: "CIS-v1.8.0-5.16", name: "host-pid", practice: LeastPrivilege,
        severity: High, level: 1, scored: true,
        summary: "Ensure that the host's process namespace is not shared",
        remediation: "remove --pid host",
        run: Run::Container(host_pid),
    }
}
host_ns_check!(host_pid, "/HostConfig/PidMode", "PID");

cis! {
    /// ## What it does
    /// Reports containers sharing the host's IPC namespace (`--ipc host`).
    ///
    /// ## Why is this bad?
    /// The container reads and writes the host's shared memory segments.
    ///
    /// ## Example
    /// `docker run --ipc host …`
    Cis5_17 {
        code: "CIS-5.17", v18: "CIS-v1.8.0-5.17", name: "host-ipc", practice: LeastPrivilege,
        severity: High, level: 1, scored: true,
        summary: "Ensure that the host's IPC namespace is not shared",
        remediation: "remove --ipc host",
        run: Run::Container(host_ipc),
    }
}
host_ns_check!(host_ipc, "/HostConfig/IpcMode", "IPC");

cis! {
    /// ## What it does
    /// Reports host devices passed to containers (`--device`) and device cgroup rules.
    ///
    /// ## Why is this bad?
    /// A raw device (a disk, `/dev/mem`) bypasses every filesystem permission.
    ///
    /// ## Example
    /// `docker run --device /dev/sda …`
    Cis5_18 {
        code: "CIS-5.18", v18: "CIS-v1.8.0-5.18", name: "host-device", practice: LeastPrivilege,
        severity: Medium, level: 1, scored: false,
        summary: "Ensure that host devices are not directly exposed to containers",
        remediation: "pass only the device the workload needs, with the least permissions (r, w, m)",
        run: Run::Container(devices),
    }
}
fn devices(_cx: &Cx, c: &Container) -> Observation {
    let devs = c
        .at("/HostConfig/Devices")
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    let rules = c
        .at("/HostConfig/DeviceCgroupRules")
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    if devs > 0 {
        on(
            c,
            Status::Fail,
            "/HostConfig/Devices",
            format!("{devs} host devices are exposed"),
        )
    } else if rules > 0 {
        on(
            c,
            Status::Fail,
            "/HostConfig/DeviceCgroupRules",
            format!("{rules} device cgroup rules allow host devices"),
        )
    } else {
        on(c, Status::Pass, "/HostConfig/Devices", "no host devices")
    }
}

cis! {
    /// ## What it does
    /// Reports containers sharing the host's UTS namespace (`--uts host`).
    ///
    /// ## Why is this bad?
    /// The container can change the host's hostname.
    ///
    /// ## Example
    /// `docker run --uts host …`
    Cis5_21 {
        code: "CIS-5.21", v18: "CIS-v1.8.0-5.21", name: "host-uts", practice: LeastPrivilege,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that the host's UTS namespace is not shared",
        remediation: "remove --uts host",
        run: Run::Container(host_uts),
    }
}
host_ns_check!(host_uts, "/HostConfig/UTSMode", "UTS");

cis! {
    /// ## What it does
    /// Reports containers that opt out of the daemon's user namespace remapping
    /// (`--userns host`).
    ///
    /// ## Why is this bad?
    /// Root in such a container is root on the host again.
    ///
    /// ## Example
    /// `docker run --userns host …`
    Cis5_31 {
        code: "CIS-5.31", v18: "CIS-v1.8.0-5.31", name: "host-userns", practice: LeastPrivilege,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that the host's user namespaces are not shared",
        remediation: "remove --userns host",
        run: Run::Container(host_userns),
    }
}
host_ns_check!(host_userns, "/HostConfig/UsernsMode", "user");

cis! {
    /// ## What it does
    /// Reports containers with a container runtime socket mounted: `docker.sock`,
    /// `containerd.sock`, `podman.sock`, or a `/run` / `/var/run` directory that contains it.
    ///
    /// ## Why is this bad?
    /// Whoever talks to the Docker socket can start a privileged container: it is root on the
    /// host.
    ///
    /// ## Example
    /// `docker run -v /var/run/docker.sock:/var/run/docker.sock …`
    Cis5_32 {
        code: "CIS-5.32", v18: "CIS-v1.8.0-5.32", name: "docker-socket-mount", practice: LeastPrivilege,
        severity: Critical, level: 1, scored: true,
        summary: "Ensure that the Docker socket is not mounted inside any containers",
        remediation: "do not mount the socket; use a narrowly scoped API proxy if a container must talk to Docker",
        run: Run::Container(docker_socket),
    }
}
fn docker_socket(cx: &Cx, c: &Container) -> Observation {
    let sock = cx
        .host
        .socket_path
        .as_ref()
        .map(|p| p.to_string_lossy().into_owned());
    for (i, m) in mounts(c) {
        let src = m.get("Source").and_then(Value::as_str).unwrap_or("");
        let src_t = src.trim_end_matches('/');
        let dir_with_socket = matches!(
            src_t,
            "/run" | "/var/run" | "/var/run/docker" | "/run/docker" | "/run/containerd"
        );
        if is_runtime_socket(src) || dir_with_socket || sock.as_deref() == Some(src) {
            return on(
                c,
                Status::Fail,
                &format!("/Mounts/{i}/Source"),
                format!("mounts the container runtime socket ({src})"),
            );
        }
    }
    on(c, Status::Pass, "/Mounts", "no runtime socket is mounted")
}

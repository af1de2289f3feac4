//! Section 5: container runtime. Every check runs on every container (created and exited ones
//! too), with a JSON pointer into its inspect document and the value found there.

use super::{Check, Cx, Observation, Run, Status, cis, container_loc, daemon_loc, on, ptr_token};
use crate::engine::Container;
use portcullis_core::Severity;
use serde_json::{Value, json};

fn s<'a>(c: &'a Container, p: &str) -> &'a str {
    c.at(p).and_then(Value::as_str).unwrap_or("")
}
fn n(c: &Container, p: &str) -> i64 {
    c.at(p).and_then(Value::as_i64).unwrap_or(0)
}
fn b(c: &Container, p: &str) -> bool {
    c.at(p).and_then(Value::as_bool).unwrap_or(false)
}
fn strs<'a>(c: &'a Container, p: &str) -> Vec<&'a str> {
    c.at(p)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
fn state_note(c: &Container) -> String {
    if c.running() {
        String::new()
    } else {
        format!(" (container is {})", c.state())
    }
}

cis! {
    /// ## What it does
    /// Reports a daemon in swarm mode: swarm opens management ports and keeps cluster secrets.
    ///
    /// ## Why is this bad?
    /// A swarm that is not needed is attack surface: the manager listens on 2377 and holds the
    /// raft store with secrets.
    ///
    /// ## Example
    /// `docker swarm init` on a host that runs standalone containers.
    Cis5_1 {
        code: "CIS-5.1", v18: "CIS-v1.8.0-5.1", name: "swarm-mode", practice: HostAudit,
        severity: Low, level: 1, scored: true,
        summary: "Ensure swarm mode is not Enabled, if not needed",
        remediation: "if the host does not need swarm, run `docker swarm leave`",
        run: Run::Global(swarm_mode),
    }
}
fn swarm_mode(cx: &Cx) -> Vec<Observation> {
    let state = cx
        .snap
        .info
        .pointer("/Swarm/LocalNodeState")
        .and_then(Value::as_str)
        .unwrap_or("inactive");
    let loc = daemon_loc(Some("/Swarm/LocalNodeState"));
    vec![
        if cx.snap.swarm_active() {
            Observation::new(
                Status::Warn,
                format!("swarm mode is {state}: confirm this host needs it"),
                loc,
            )
        } else {
            Observation::new(Status::Pass, format!("swarm mode is {state}"), loc)
        }
        .value(state),
    ]
}

cis! {
    /// ## What it does
    /// Checks each container's AppArmor profile. When the host kernel has no AppArmor, the
    /// result says the host makes the control impossible (info), instead of failing containers.
    ///
    /// ## Why is this bad?
    /// Without an AppArmor profile nothing but seccomp and capabilities limits what a process in
    /// the container may mount, write or execute.
    ///
    /// ## Example
    /// `docker run --security-opt apparmor=unconfined …`
    Cis5_2 {
        code: "CIS-5.2", v18: "CIS-v1.8.0-5.2", name: "no-apparmor-profile", practice: RuntimeHardening,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that, if applicable, an AppArmor Profile is enabled",
        remediation: "run containers with the docker-default or a custom AppArmor profile (--security-opt apparmor=PROFILE)",
        run: Run::Container(apparmor),
    }
}
fn apparmor(cx: &Cx, c: &Container) -> Observation {
    let host_has = if cx.host.local {
        cx.host.apparmor
    } else {
        cx.snap.has_security_option("apparmor")
    };
    let profile = s(c, "/AppArmorProfile");
    if !host_has {
        return on(
            c,
            Status::Info,
            "/AppArmorProfile",
            "the host makes this impossible: its kernel has no AppArmor, so no profile can confine this container",
        );
    }
    if b(c, "/HostConfig/Privileged") || profile.is_empty() || profile == "unconfined" {
        on(
            c,
            Status::Fail,
            "/AppArmorProfile",
            format!("no AppArmor profile confines this container (`{profile}`)"),
        )
    } else {
        on(
            c,
            Status::Pass,
            "/AppArmorProfile",
            format!("AppArmor profile `{profile}`"),
        )
    }
}

cis! {
    /// ## What it does
    /// Checks SELinux labels of each container when the daemon runs with SELinux; a
    /// `label=disable` option fails. Other security options (seccomp, no-new-privileges) do not
    /// count as SELinux options, unlike docker-bench-security.
    ///
    /// ## Why is this bad?
    /// Without an SELinux label the container's processes are not confined by type enforcement.
    ///
    /// ## Example
    /// `docker run --security-opt label=disable …`
    Cis5_3 {
        code: "CIS-5.3", v18: "CIS-v1.8.0-5.3", name: "no-selinux-options", practice: RuntimeHardening,
        severity: Medium, level: 2, scored: true,
        summary: "Ensure that, if applicable, SELinux security options are set",
        remediation: "run the daemon with --selinux-enabled and do not pass label=disable",
        run: Run::Container(selinux),
    }
}
fn selinux(cx: &Cx, c: &Container) -> Observation {
    let opts = strs(c, "/HostConfig/SecurityOpt");
    if !cx.snap.has_security_option("selinux") {
        return on(
            c,
            Status::Info,
            "/HostConfig/SecurityOpt",
            "the host makes this impossible: the daemon runs without SELinux support, so no label can confine this container",
        );
    }
    if opts
        .iter()
        .any(|o| *o == "label=disable" || *o == "label:disable")
        || b(c, "/HostConfig/Privileged")
    {
        on(
            c,
            Status::Fail,
            "/HostConfig/SecurityOpt",
            "SELinux labelling is disabled for this container",
        )
    } else {
        on(
            c,
            Status::Pass,
            "/HostConfig/SecurityOpt",
            "SELinux labels apply",
        )
    }
}

/// Capabilities that break isolation when added.
const DANGEROUS_CAPS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "DAC_READ_SEARCH",
    "NET_ADMIN",
    "SYS_BOOT",
    "SYS_TIME",
    "BPF",
    "PERFMON",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "SYSLOG",
];

fn cap(s: &str) -> String {
    let u = s.to_ascii_uppercase();
    u.strip_prefix("CAP_").map(str::to_string).unwrap_or(u)
}

cis! {
    /// ## What it does
    /// Reports containers that add capabilities (`--cap-add`), at high severity for the ones that
    /// break isolation (SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN, ALL…), and, at low
    /// severity, containers that keep Docker's whole default set without dropping any.
    ///
    /// ## Why is this bad?
    /// Every capability is a root power the process keeps. SYS_ADMIN alone re-enables `mount`
    /// and `unshare` past the default seccomp profile.
    ///
    /// ## Example
    /// `docker run --cap-add SYS_ADMIN …`
    Cis5_4 {
        code: "CIS-5.4", v18: "CIS-v1.8.0-5.4", name: "added-capabilities", practice: LeastPrivilege,
        severity: High, level: 1, scored: true,
        summary: "Ensure that Linux kernel capabilities are restricted within containers",
        remediation: "drop all capabilities (--cap-drop ALL) and add back only the few the process needs",
        run: Run::Container(capabilities),
    }
}
fn capabilities(_cx: &Cx, c: &Container) -> Observation {
    let add: Vec<String> = strs(c, "/HostConfig/CapAdd").into_iter().map(cap).collect();
    let drop: Vec<String> = strs(c, "/HostConfig/CapDrop")
        .into_iter()
        .map(cap)
        .collect();
    if b(c, "/HostConfig/Privileged") {
        return on(
            c,
            Status::Fail,
            "/HostConfig/Privileged",
            "privileged: holds every capability",
        );
    }
    let dangerous: Vec<&String> = add
        .iter()
        .filter(|a| DANGEROUS_CAPS.contains(&a.as_str()))
        .collect();
    if !dangerous.is_empty() {
        let list: Vec<&str> = dangerous.iter().map(|s| s.as_str()).collect();
        return on(
            c,
            Status::Fail,
            "/HostConfig/CapAdd",
            format!(
                "adds capabilities that break isolation: {}",
                list.join(", ")
            ),
        );
    }
    if !add.is_empty() {
        return on(
            c,
            Status::Fail,
            "/HostConfig/CapAdd",
            format!("adds capabilities: {}", add.join(", ")),
        )
        .severity(Severity::Medium);
    }
    if drop.is_empty() {
        return on(
            c,
            Status::Warn,
            "/HostConfig/CapDrop",
            "keeps Docker's whole default capability set (including NET_RAW); drop what it does not need",
        );
    }
    on(
        c,
        Status::Pass,
        "/HostConfig/CapDrop",
        format!("drops {}", drop.join(", ")),
    )
}

cis! {
    /// ## What it does
    /// Reports privileged containers, including created and stopped ones that
    /// docker-bench-security never sees.
    ///
    /// ## Why is this bad?
    /// `--privileged` gives every capability, every device, no seccomp and no AppArmor: root in
    /// the container is root on the host.
    ///
    /// ## Example
    /// `docker run --privileged …`
    Cis5_5 {
        code: "CIS-5.5", v18: "CIS-v1.8.0-5.5", name: "privileged-container", practice: LeastPrivilege,
        severity: Critical, level: 1, scored: true,
        summary: "Ensure that privileged containers are not used",
        remediation: "remove --privileged; add the one capability or device the container needs instead",
        run: Run::Container(privileged),
    }
}
fn privileged(_cx: &Cx, c: &Container) -> Observation {
    if b(c, "/HostConfig/Privileged") {
        on(
            c,
            Status::Fail,
            "/HostConfig/Privileged",
            format!("runs privileged{}", state_note(c)),
        )
    } else {
        on(c, Status::Pass, "/HostConfig/Privileged", "not privileged")
    }
}

/// Host directories whose contents must not be exposed to a container.
const SENSITIVE_DIRS: &[&str] = &[
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib64",
    "/proc",
    "/sys",
    "/usr",
    "/bin",
    "/sbin",
    "/root",
    "/var/lib/docker",
    "/run",
    "/var/run",
];

fn is_runtime_socket(src: &str) -> bool {
    let base = src.rsplit('/').next().unwrap_or(src);
    matches!(
        base,
        "docker.sock" | "containerd.sock" | "podman.sock" | "crio.sock" | "dockershim.sock"
    )
}

/// The sensitive directory `src` is, or lies under.
fn sensitive_dir(src: &str) -> Option<&'static str> {
    let src = if src.len() > 1 {
        src.trim_end_matches('/')
    } else {
        src
    };
    SENSITIVE_DIRS.iter().copied().find(|d| {
        if *d == "/" {
            src == "/"
        } else {
            src == *d || (src.starts_with(d) && src[d.len()..].starts_with('/'))
        }
    })
}

fn mounts(c: &Container) -> Vec<(usize, &Value)> {
    c.at("/Mounts")
        .and_then(Value::as_array)
        .map(|a| a.iter().enumerate().collect())
        .unwrap_or_default()
}

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

/// `(pointer, container port, host ip, host port)` of every published port binding.
fn bindings(c: &Container) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let Some(map) = c.at("/HostConfig/PortBindings").and_then(Value::as_object) else {
        return out;
    };
    for (port, list) in map {
        for (i, bnd) in list.as_array().into_iter().flatten().enumerate() {
            out.push((
                format!("/HostConfig/PortBindings/{}/{i}", ptr_token(port)),
                port.clone(),
                bnd.get("HostIp")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                bnd.get("HostPort")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ));
        }
    }
    out
}

cis! {
    /// ## What it does
    /// Reports port bindings with a host port below 1024.
    ///
    /// ## Why is this bad?
    /// Privileged ports are trusted by some clients as being bound by root; mapping them from a
    /// container blurs that and often exposes services meant to stay internal.
    ///
    /// ## Example
    /// `docker run -p 80:8080 …`
    Cis5_8 {
        code: "CIS-5.8", v18: "CIS-v1.8.0-5.8", name: "privileged-port", practice: Network,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure privileged ports are not mapped within containers",
        remediation: "publish on a host port of 1024 or above, or put a reverse proxy in front",
        run: Run::Container(privileged_ports),
    }
}
fn privileged_ports(_cx: &Cx, c: &Container) -> Observation {
    for (ptr, port, ip, hp) in bindings(c) {
        if let Ok(p) = hp.parse::<u32>()
            && p > 0
            && p < 1024
        {
            return on(
                c,
                Status::Fail,
                &ptr,
                format!("maps privileged host port {ip}:{hp} to {port}"),
            );
        }
    }
    on(
        c,
        Status::Pass,
        "/HostConfig/PortBindings",
        "no privileged host port is mapped",
    )
}

cis! {
    /// ## What it does
    /// Lists the ports each container publishes, for a human to confirm each is needed.
    ///
    /// ## Why is this bad?
    /// Every published port is reachable from the network the host is on.
    ///
    /// ## Example
    /// `docker run -P …` publishing every exposed port.
    Cis5_9 {
        code: "CIS-5.9", v18: "CIS-v1.8.0-5.9", name: "published-ports", practice: Network,
        severity: Info, level: 1, scored: false,
        summary: "Ensure that only needed ports are open on the container",
        remediation: "publish only the ports clients must reach; remove -P",
        run: Run::Container(needed_ports),
    }
}
fn needed_ports(_cx: &Cx, c: &Container) -> Observation {
    let binds = bindings(c);
    if binds.is_empty() && !b(c, "/HostConfig/PublishAllPorts") {
        return on(
            c,
            Status::Pass,
            "/HostConfig/PortBindings",
            "publishes no ports",
        );
    }
    let list: Vec<String> = binds
        .iter()
        .map(|(_, p, ip, hp)| format!("{ip}:{hp}->{p}"))
        .collect();
    on(
        c,
        Status::Info,
        "/HostConfig/PortBindings",
        format!(
            "publishes {}: confirm each is needed",
            if list.is_empty() {
                "all exposed ports (-P)".to_string()
            } else {
                list.join(", ")
            }
        ),
    )
}

macro_rules! host_ns_check {
    ($fn:ident, $ptr:literal, $what:literal) => {
        fn $fn(_cx: &Cx, c: &Container) -> Observation {
            if s(c, $ptr) == "host" {
                on(
                    c,
                    Status::Fail,
                    $ptr,
                    concat!("shares the host's ", $what, " namespace"),
                )
            } else {
                on(c, Status::Pass, $ptr, concat!("own ", $what, " namespace"))
            }
        }
    };
}

cis! {
    /// ## What it does
    /// Reports containers on the host's network namespace (`--network host`).
    ///
    /// ## Why is this bad?
    /// The container sees every host interface, can bind any host port and reach services on
    /// localhost, including the Docker API if it listens there.
    ///
    /// ## Example
    /// `docker run --network host …`
    Cis5_10 {
        code: "CIS-5.10", v18: "CIS-v1.8.0-5.10", name: "host-network", practice: Network,
        severity: High, level: 1, scored: true,
        summary: "Ensure that the host's network namespace is not shared",
        remediation: "use a user-defined bridge network and publish only the needed ports",
        run: Run::Container(host_network),
    }
}
host_ns_check!(host_network, "/HostConfig/NetworkMode", "network");

cis! {
    /// ## What it does
    /// Reports containers without a memory limit.
    ///
    /// ## Why is this bad?
    /// One container can exhaust the host's memory and take every other workload down.
    ///
    /// ## Example
    /// `docker run app` without `--memory`.
    Cis5_11 {
        code: "CIS-5.11", v18: "CIS-v1.8.0-5.11", name: "no-memory-limit", practice: RuntimeHardening,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that the memory usage for containers is limited",
        remediation: "set --memory (and --memory-swap) to what the workload needs",
        run: Run::Container(memory),
    }
}
fn memory(_cx: &Cx, c: &Container) -> Observation {
    let m = n(c, "/HostConfig/Memory");
    if m > 0 {
        on(
            c,
            Status::Pass,
            "/HostConfig/Memory",
            format!("memory limited to {m} bytes"),
        )
    } else {
        on(c, Status::Fail, "/HostConfig/Memory", "no memory limit")
    }
}

cis! {
    /// ## What it does
    /// Reports containers with neither CPU shares, a CPU quota, `--cpus` nor a CPU set.
    ///
    /// ## Why is this bad?
    /// A busy container starves the others of CPU.
    ///
    /// ## Example
    /// `docker run app` without `--cpu-shares`/`--cpus`.
    Cis5_12 {
        code: "CIS-5.12", v18: "CIS-v1.8.0-5.12", name: "no-cpu-priority", practice: RuntimeHardening,
        severity: Low, level: 1, scored: true,
        summary: "Ensure that CPU priority is set appropriately on containers",
        remediation: "set --cpu-shares or --cpus for the container",
        run: Run::Container(cpu),
    }
}
fn cpu(_cx: &Cx, c: &Container) -> Observation {
    let shares = n(c, "/HostConfig/CpuShares");
    if shares > 0 && shares != 1024 {
        return on(
            c,
            Status::Pass,
            "/HostConfig/CpuShares",
            format!("CPU shares {shares}"),
        );
    }
    for p in ["/HostConfig/NanoCpus", "/HostConfig/CpuQuota"] {
        if n(c, p) > 0 {
            return on(c, Status::Pass, p, "CPU limited");
        }
    }
    if !s(c, "/HostConfig/CpusetCpus").is_empty() {
        return on(
            c,
            Status::Pass,
            "/HostConfig/CpusetCpus",
            "pinned to a CPU set",
        );
    }
    on(
        c,
        Status::Fail,
        "/HostConfig/CpuShares",
        "no CPU shares, quota or CPU set",
    )
}

cis! {
    /// ## What it does
    /// Reports containers whose root filesystem is writable.
    ///
    /// ## Why is this bad?
    /// An attacker can drop tools and change binaries inside a writable root filesystem.
    ///
    /// ## Example
    /// `docker run app` without `--read-only`.
    Cis5_13 {
        code: "CIS-5.13", v18: "CIS-v1.8.0-5.13", name: "writable-rootfs", practice: RuntimeHardening,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that the container's root filesystem is mounted as read only",
        remediation: "run with --read-only and mount tmpfs or volumes where the app must write",
        run: Run::Container(readonly),
    }
}
fn readonly(_cx: &Cx, c: &Container) -> Observation {
    if b(c, "/HostConfig/ReadonlyRootfs") {
        on(
            c,
            Status::Pass,
            "/HostConfig/ReadonlyRootfs",
            "read-only root filesystem",
        )
    } else {
        on(
            c,
            Status::Fail,
            "/HostConfig/ReadonlyRootfs",
            "writable root filesystem",
        )
    }
}

cis! {
    /// ## What it does
    /// Reports ports published on every host interface: an empty host IP, `0.0.0.0` or `::`
    /// (docker-bench-security ignores the IPv6 wildcard).
    ///
    /// ## Why is this bad?
    /// A port meant for one network becomes reachable from all of them.
    ///
    /// ## Example
    /// `docker run -p 8080:80 …` instead of `-p 127.0.0.1:8080:80`.
    Cis5_14 {
        code: "CIS-5.14", v18: "CIS-v1.8.0-5.14", name: "port-on-all-interfaces", practice: Network,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that incoming container traffic is bound to a specific host interface",
        remediation: "publish with an explicit host address: -p 10.0.0.5:8080:80",
        run: Run::Container(bound_interface),
    }
}
fn bound_interface(_cx: &Cx, c: &Container) -> Observation {
    for (ptr, port, ip, hp) in bindings(c) {
        if matches!(ip.as_str(), "" | "0.0.0.0" | "::" | "[::]") {
            return on(
                c,
                Status::Fail,
                &ptr,
                format!("publishes {port} on every host interface (host port {hp})"),
            );
        }
    }
    on(
        c,
        Status::Pass,
        "/HostConfig/PortBindings",
        "every published port is bound to a specific address",
    )
}

cis! {
    /// ## What it does
    /// Checks the restart policy: `always` and `unless-stopped` restart forever, and so does
    /// `on-failure` without a retry limit or above 5 (docker-bench-security passes `always`).
    ///
    /// ## Why is this bad?
    /// A container that crashes in a loop keeps consuming resources and can be used to keep a
    /// denial of service going.
    ///
    /// ## Example
    /// `docker run --restart always …`
    Cis5_15 {
        code: "CIS-5.15", v18: "CIS-v1.8.0-5.15", name: "unbounded-restart", practice: RuntimeHardening,
        severity: Low, level: 1, scored: true,
        summary: "Ensure that the 'on-failure' container restart policy is set to '5'",
        remediation: "use --restart on-failure:5",
        run: Run::Container(restart),
    }
}
fn restart(_cx: &Cx, c: &Container) -> Observation {
    let name = s(c, "/HostConfig/RestartPolicy/Name");
    let max = n(c, "/HostConfig/RestartPolicy/MaximumRetryCount");
    let p = "/HostConfig/RestartPolicy";
    match name {
        "" | "no" => on(c, Status::Pass, p, "no restart policy"),
        "on-failure" if (1..=5).contains(&max) => {
            on(c, Status::Pass, p, format!("on-failure:{max}"))
        }
        "on-failure" => on(
            c,
            Status::Fail,
            p,
            format!(
                "on-failure with {} retries",
                if max == 0 {
                    "unlimited".to_string()
                } else {
                    max.to_string()
                }
            ),
        ),
        other => on(
            c,
            Status::Fail,
            p,
            format!("restart policy `{other}` restarts without limit"),
        ),
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
    /// Lists per-container ulimit overrides for a human to confirm; containers using the
    /// daemon's defaults pass.
    ///
    /// ## Why is this bad?
    /// A raised ulimit (open files, processes) lets one container exhaust host resources.
    ///
    /// ## Example
    /// `docker run --ulimit nofile=1048576:1048576 …`
    Cis5_19 {
        code: "CIS-5.19", v18: "CIS-v1.8.0-5.19", name: "ulimit-override", practice: RuntimeHardening,
        severity: Info, level: 1, scored: false,
        summary: "Ensure that the default ulimit is overwritten at runtime if needed",
        remediation: "override ulimits only where the workload needs it, with the smallest value that works",
        run: Run::Container(ulimits),
    }
}
fn ulimits(_cx: &Cx, c: &Container) -> Observation {
    let u = c
        .at("/HostConfig/Ulimits")
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    if u == 0 {
        on(
            c,
            Status::Pass,
            "/HostConfig/Ulimits",
            "uses the daemon's default ulimits",
        )
    } else {
        on(
            c,
            Status::Info,
            "/HostConfig/Ulimits",
            format!("overrides {u} ulimits: confirm each is needed"),
        )
    }
}

cis! {
    /// ## What it does
    /// Reports mounts with shared propagation (`shared`, `rshared`).
    ///
    /// ## Why is this bad?
    /// Mounts made inside the container appear on the host, and the other way round.
    ///
    /// ## Example
    /// `docker run -v /mnt:/mnt:rshared …`
    Cis5_20 {
        code: "CIS-5.20", v18: "CIS-v1.8.0-5.20", name: "shared-mount-propagation", practice: LeastPrivilege,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure mount propagation mode is not set to shared",
        remediation: "use the default private propagation (or rslave where needed)",
        run: Run::Container(propagation),
    }
}
fn propagation(_cx: &Cx, c: &Container) -> Observation {
    for (i, m) in mounts(c) {
        let p = m.get("Propagation").and_then(Value::as_str).unwrap_or("");
        if p == "shared" || p == "rshared" {
            return on(
                c,
                Status::Fail,
                &format!("/Mounts/{i}/Propagation"),
                format!("mount propagation `{p}`"),
            );
        }
    }
    on(c, Status::Pass, "/Mounts", "no shared mount propagation")
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
    /// Reports containers without seccomp: `seccomp=unconfined`, privileged containers, and
    /// inline profiles whose default action allows every syscall.
    ///
    /// ## Why is this bad?
    /// Without the default seccomp profile every syscall reaches the kernel, including the ~70
    /// the profile blocks (kexec, keyctl, bpf, mount without SYS_ADMIN…).
    ///
    /// ## Example
    /// `docker run --security-opt seccomp=unconfined …`
    Cis5_22 {
        code: "CIS-5.22", v18: "CIS-v1.8.0-5.22", name: "seccomp-disabled", practice: RuntimeHardening,
        severity: High, level: 1, scored: true,
        summary: "Ensure the default seccomp profile is not Disabled",
        remediation: "remove seccomp=unconfined; use the default or a custom profile",
        run: Run::Container(seccomp),
    }
}
fn seccomp(_cx: &Cx, c: &Container) -> Observation {
    let p = "/HostConfig/SecurityOpt";
    for (i, o) in strs(c, p).into_iter().enumerate() {
        let Some(v) = o
            .strip_prefix("seccomp=")
            .or_else(|| o.strip_prefix("seccomp:"))
        else {
            continue;
        };
        let ptr = format!("{p}/{i}");
        if v == "unconfined" {
            return on(
                c,
                Status::Fail,
                &ptr,
                "seccomp is disabled (seccomp=unconfined)",
            );
        }
        if let Ok(profile) = serde_json::from_str::<Value>(v) {
            let action = profile
                .get("defaultAction")
                .and_then(Value::as_str)
                .unwrap_or("");
            if matches!(action, "SCMP_ACT_ALLOW" | "SCMP_ACT_LOG") {
                return on(
                    c,
                    Status::Fail,
                    &ptr,
                    format!("custom seccomp profile allows every syscall by default ({action})"),
                );
            }
        }
        return on(c, Status::Pass, &ptr, "custom seccomp profile");
    }
    if b(c, "/HostConfig/Privileged") {
        return on(
            c,
            Status::Fail,
            "/HostConfig/Privileged",
            "privileged: seccomp does not apply",
        );
    }
    on(c, Status::Pass, p, "default seccomp profile")
}

cis! {
    /// ## What it does
    /// Points a human at the audit trail of `docker exec --privileged`: the daemon keeps no
    /// history of exec sessions beyond its short event buffer.
    ///
    /// ## Why is this bad?
    /// A privileged exec gives a shell with every capability and no seccomp.
    ///
    /// ## Example
    /// `docker exec --privileged app sh`
    Cis5_23 {
        code: "CIS-5.23", v18: "CIS-v1.8.0-5.23", name: "privileged-exec", practice: Monitoring,
        severity: Info, level: 2, scored: false,
        summary: "Ensure that docker exec commands are not used with the privileged option",
        remediation: "audit dockerd (CIS 1.1.3) and review `ausearch -k docker | grep exec | grep privileged`",
        run: Run::Global(exec_privileged),
    }
}
fn exec_privileged(_cx: &Cx) -> Vec<Observation> {
    super::manual(
        "review the audit log for `docker exec --privileged` (ausearch -k docker); the API keeps no exec history",
    )
}

cis! {
    /// ## What it does
    /// Points a human at the audit trail of `docker exec --user root`.
    ///
    /// ## Why is this bad?
    /// An exec as root undoes a container's non-root user.
    ///
    /// ## Example
    /// `docker exec --user root app sh`
    Cis5_24 {
        code: "CIS-5.24", v18: "CIS-v1.8.0-5.24", name: "root-exec", practice: Monitoring,
        severity: Info, level: 2, scored: false,
        summary: "Ensure that docker exec commands are not used with the user=root option",
        remediation: "audit dockerd (CIS 1.1.3) and review `ausearch -k docker | grep exec | grep user`",
        run: Run::Global(exec_root),
    }
}
fn exec_root(_cx: &Cx) -> Vec<Observation> {
    super::manual(
        "review the audit log for `docker exec --user root` (ausearch -k docker); the API keeps no exec history",
    )
}

cis! {
    /// ## What it does
    /// Reports containers placed in a non-default cgroup parent, for a human to confirm.
    ///
    /// ## Why is this bad?
    /// A custom cgroup parent can move a container out of the limits meant for it.
    ///
    /// ## Example
    /// `docker run --cgroup-parent /custom …`
    Cis5_25 {
        code: "CIS-5.25", v18: "CIS-v1.8.0-5.25", name: "custom-cgroup-parent", practice: RuntimeHardening,
        severity: Low, level: 1, scored: true,
        summary: "Ensure that cgroup usage is confirmed",
        remediation: "remove --cgroup-parent unless the cgroup is meant to hold this container",
        run: Run::Container(cgroup_parent),
    }
}
fn cgroup_parent(_cx: &Cx, c: &Container) -> Observation {
    let p = s(c, "/HostConfig/CgroupParent");
    if p.is_empty() {
        on(
            c,
            Status::Pass,
            "/HostConfig/CgroupParent",
            "default cgroup parent",
        )
    } else {
        on(
            c,
            Status::Warn,
            "/HostConfig/CgroupParent",
            format!("cgroup parent `{p}`: confirm it is intended"),
        )
    }
}

cis! {
    /// ## What it does
    /// Checks that processes cannot gain privileges (setuid binaries, file capabilities): the
    /// daemon's `no-new-privileges` default or the container's `no-new-privileges` option.
    ///
    /// ## Why is this bad?
    /// A setuid binary in the image turns a non-root process back into root.
    ///
    /// ## Example
    /// `docker run app` without `--security-opt no-new-privileges`.
    Cis5_26 {
        code: "CIS-5.26", v18: "CIS-v1.8.0-5.26", name: "new-privileges-allowed", practice: RuntimeHardening,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that the container is restricted from acquiring additional privileges",
        remediation: "run with --security-opt no-new-privileges (or set it daemon-wide)",
        run: Run::Container(no_new_privileges),
    }
}
fn no_new_privileges(cx: &Cx, c: &Container) -> Observation {
    let p = "/HostConfig/SecurityOpt";
    for (i, o) in strs(c, p).into_iter().enumerate() {
        let o = o.replace(':', "=");
        if o == "no-new-privileges" || o == "no-new-privileges=true" {
            return on(
                c,
                Status::Pass,
                &format!("{p}/{i}"),
                "no-new-privileges is set",
            );
        }
        if o == "no-new-privileges=false" {
            return on(
                c,
                Status::Fail,
                &format!("{p}/{i}"),
                "no-new-privileges is explicitly off",
            );
        }
    }
    if let Some((true, src)) = cx
        .host
        .setting_bool("no-new-privileges", "no-new-privileges")
    {
        return on(
            c,
            Status::Pass,
            p,
            format!("no-new-privileges set daemon-wide ({src})"),
        );
    }
    on(
        c,
        Status::Fail,
        p,
        "processes may gain privileges (no-new-privileges is not set)",
    )
}

cis! {
    /// ## What it does
    /// Reports containers without a health check (neither in the image nor at run time).
    ///
    /// ## Why is this bad?
    /// A hung service keeps running and keeps receiving traffic; nothing restarts it.
    ///
    /// ## Example
    /// `docker run app` for an image without HEALTHCHECK and no `--health-cmd`.
    Cis5_27 {
        code: "CIS-5.27", v18: "CIS-v1.8.0-5.27", name: "no-healthcheck", practice: RuntimeHardening,
        severity: Low, level: 1, scored: true,
        summary: "Ensure that container health is checked at runtime",
        remediation: "add HEALTHCHECK to the image or --health-cmd to the run",
        run: Run::Container(health),
    }
}
fn health(_cx: &Cx, c: &Container) -> Observation {
    let test = strs(c, "/Config/Healthcheck/Test");
    match test.first() {
        Some(&"NONE") | None => on(c, Status::Fail, "/Config/Healthcheck", "no health check"),
        Some(_) => on(
            c,
            Status::Pass,
            "/Config/Healthcheck/Test",
            "health check configured",
        ),
    }
}

cis! {
    /// ## What it does
    /// Lists the images containers run from, for a human to confirm each is current (pulled or
    /// rebuilt recently); `portcullis image` checks their packages.
    ///
    /// ## Why is this bad?
    /// A cached old image keeps old vulnerabilities after the registry has a fixed one.
    ///
    /// ## Example
    /// `docker run app:latest` with a months-old local `app:latest`.
    Cis5_28 {
        code: "CIS-5.28", v18: "CIS-v1.8.0-5.28", name: "stale-image", practice: Updates,
        severity: Info, level: 1, scored: false,
        summary: "Ensure that Docker commands always make use of the latest version of their image",
        remediation: "pull (or rebuild) before running, and pin by digest",
        run: Run::Global(latest_image),
    }
}
fn latest_image(cx: &Cx) -> Vec<Observation> {
    let mut imgs: Vec<&str> = cx
        .snap
        .containers
        .iter()
        .filter_map(|c| c.at("/Config/Image").and_then(Value::as_str))
        .collect();
    imgs.sort_unstable();
    imgs.dedup();
    if imgs.is_empty() {
        return vec![Observation::new(
            Status::Skipped,
            "skipped: no containers",
            daemon_loc(None),
        )];
    }
    super::manual(format!(
        "confirm these {} images are current (pulled or rebuilt recently): {}",
        imgs.len(),
        imgs.iter().take(20).copied().collect::<Vec<_>>().join(", ")
    ))
}

cis! {
    /// ## What it does
    /// Reports containers without a PIDs limit.
    ///
    /// ## Why is this bad?
    /// A fork bomb inside one container exhausts the host's process table.
    ///
    /// ## Example
    /// `docker run app` without `--pids-limit`.
    Cis5_29 {
        code: "CIS-5.29", v18: "CIS-v1.8.0-5.29", name: "no-pids-limit", practice: RuntimeHardening,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that the PIDs cgroup limit is used",
        remediation: "set --pids-limit (e.g. 100)",
        run: Run::Container(pids),
    }
}
fn pids(_cx: &Cx, c: &Container) -> Observation {
    let l = n(c, "/HostConfig/PidsLimit");
    if l > 0 {
        on(
            c,
            Status::Pass,
            "/HostConfig/PidsLimit",
            format!("PIDs limited to {l}"),
        )
    } else {
        on(c, Status::Fail, "/HostConfig/PidsLimit", "no PIDs limit")
    }
}

cis! {
    /// ## What it does
    /// Reports containers attached to the default bridge (`docker0`).
    ///
    /// ## Why is this bad?
    /// Every container on the default bridge can reach every other one (unless icc is off), and
    /// it has no embedded DNS or per-application isolation.
    ///
    /// ## Example
    /// `docker run app` without `--network`.
    Cis5_30 {
        code: "CIS-5.30", v18: "CIS-v1.8.0-5.30", name: "default-bridge", practice: Network,
        severity: Low, level: 2, scored: false,
        summary: "Ensure that Docker's default bridge 'docker0' is not used",
        remediation: "create a user-defined network per application and attach containers to it",
        run: Run::Container(default_bridge),
    }
}
fn default_bridge(_cx: &Cx, c: &Container) -> Observation {
    if c.at("/NetworkSettings/Networks/bridge").is_some() {
        return on(
            c,
            Status::Fail,
            "/NetworkSettings/Networks/bridge",
            "attached to the default bridge",
        );
    }
    let mode = s(c, "/HostConfig/NetworkMode");
    if (mode == "default" || mode == "bridge")
        && c.at("/NetworkSettings/Networks")
            .and_then(Value::as_object)
            .is_none_or(|m| m.is_empty())
    {
        return on(
            c,
            Status::Fail,
            "/HostConfig/NetworkMode",
            "attached to the default bridge",
        );
    }
    on(
        c,
        Status::Pass,
        "/HostConfig/NetworkMode",
        "not on the default bridge",
    )
}

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

pub static CHECKS: &[&Check] = &[
    &Cis5_1::CHECK,
    &Cis5_2::CHECK,
    &Cis5_3::CHECK,
    &Cis5_4::CHECK,
    &Cis5_5::CHECK,
    &Cis5_6::CHECK,
    &Cis5_7::CHECK,
    &Cis5_8::CHECK,
    &Cis5_9::CHECK,
    &Cis5_10::CHECK,
    &Cis5_11::CHECK,
    &Cis5_12::CHECK,
    &Cis5_13::CHECK,
    &Cis5_14::CHECK,
    &Cis5_15::CHECK,
    &Cis5_16::CHECK,
    &Cis5_17::CHECK,
    &Cis5_18::CHECK,
    &Cis5_19::CHECK,
    &Cis5_20::CHECK,
    &Cis5_21::CHECK,
    &Cis5_22::CHECK,
    &Cis5_23::CHECK,
    &Cis5_24::CHECK,
    &Cis5_25::CHECK,
    &Cis5_26::CHECK,
    &Cis5_27::CHECK,
    &Cis5_28::CHECK,
    &Cis5_29::CHECK,
    &Cis5_30::CHECK,
    &Cis5_31::CHECK,
    &Cis5_32::CHECK,
];

//! Least privilege: privileged mode, capabilities, users, host namespaces, host mounts,
//! devices, sysctls.

use super::{ComposeRule, rule_meta};
use crate::compose::lint::{Cx, Svc};
use crate::compose::yaml::Node;
use portcullis_core::{Finding, Severity, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `privileged: true`.
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability, every device, no seccomp or AppArmor
    /// confinement: root in it is root on the host.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     privileged: true
    /// ```
    ///
    /// ## Fix safety
    /// `harden compose` does not change it: the service may need a specific capability or
    /// device instead; grant exactly that.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.5; KICS "Privileged Containers Enabled"
    pub Privileged {
        code: "DC001",
        name: "privileged",
        practice: LeastPrivilege,
        severity: Critical,
        summary: "a service runs privileged",
        aliases: ["CIS-5.5", "Privileged Containers Enabled"],
        references: ["https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"],
        remediation: "remove `privileged: true`; add only the capabilities or devices the service needs",
    }
}

impl ComposeRule for Privileged {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some(n) = s.get("privileged").filter(|n| n.as_bool() == Some(true)) {
                out.push(Self::META.finding(
                    format!("service `{}` runs privileged", s.name),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

/// Capabilities that give a container a way out, or power over the host.
pub const DANGEROUS_CAPS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "DAC_READ_SEARCH",
    "SYS_RAWIO",
    "SYS_BOOT",
    "SYS_TIME",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "BPF",
    "PERFMON",
    "NET_RAW",
    "SETFCAP",
    "LINUX_IMMUTABLE",
    "SYSLOG",
];

fn cap_name(s: &str) -> String {
    let u = s.trim().to_ascii_uppercase();
    u.strip_prefix("CAP_").map(str::to_string).unwrap_or(u)
}

declare_rule! {
    /// ## What it does
    /// Reports `cap_add` entries that give a container power over the host: `ALL`,
    /// `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE`, `DAC_READ_SEARCH`, `SYS_RAWIO`,
    /// `BPF`, `PERFMON` and others (with or without the `CAP_` prefix).
    ///
    /// ## Why is this bad?
    /// `SYS_ADMIN` alone is "the new root"; `SYS_MODULE` loads kernel code; `DAC_READ_SEARCH`
    /// was the Shocker escape; `SYS_PTRACE` reads other processes' memory.
    ///
    /// ## Example
    /// ```yaml
    ///     cap_add: [SYS_ADMIN]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.4 and community checks C.5.3.1–C.5.3.4; KICS "Container Capabilities Unrestricted"
    pub DangerousCapability {
        code: "DC002",
        name: "dangerous-capability",
        practice: LeastPrivilege,
        severity: High,
        summary: "a service adds a dangerous capability",
        aliases: ["CIS-5.4", "Container Capabilities Unrestricted"],
        references: ["https://man7.org/linux/man-pages/man7/capabilities.7.html"],
        remediation: "remove the capability; if one narrow capability is needed, add only that one",
    }
}

impl ComposeRule for DangerousCapability {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for (n, c) in s.list("cap_add") {
                let name = cap_name(&c);
                if DANGEROUS_CAPS.contains(&name.as_str()) {
                    let mut f = Self::META.finding(
                        format!("service `{}` adds capability {name}", s.name),
                        cx.at(n.pos),
                    );
                    if name == "ALL" || name == "SYS_ADMIN" || name == "SYS_MODULE" {
                        f.severity = Severity::Critical;
                    }
                    out.push(f);
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service without `cap_drop: [ALL]`. Reported at the service's name.
    ///
    /// ## Why is this bad?
    /// Docker's default set keeps 14 capabilities (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `NET_RAW`,
    /// `SETUID`, …) that most services never use; each is attack surface for an exploit.
    ///
    /// ## Example
    /// ```yaml
    ///   web:
    ///     image: nginx:1.27
    /// ```
    /// Use instead: `cap_drop: [ALL]` and `cap_add: [NET_BIND_SERVICE]` if it binds a port
    /// below 1024.
    ///
    /// ## Fix safety
    /// `harden compose` writes `cap_drop: [ALL]` plus the capabilities the service evidently
    /// needs; test the service with it.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.4; KICS "Container Capabilities Unrestricted"
    pub NoCapDrop {
        code: "DC003",
        name: "capabilities-not-dropped",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "a service keeps Docker's default capabilities",
        aliases: [],
        references: ["https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"],
        remediation: "add `cap_drop: [ALL]` and add back only what the service needs",
    }
}

impl ComposeRule for NoCapDrop {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if s.get("privileged").and_then(Node::as_bool) == Some(true) {
                continue;
            }
            if !s.list("cap_drop").iter().any(|(_, c)| cap_name(c) == "ALL") {
                out.push(Self::META.finding(
                    format!("service `{}` does not drop all capabilities", s.name),
                    cx.at_name(&s),
                ));
            }
        }
    }
}

fn is_root(u: &str) -> bool {
    let user = u.trim().split(':').next().unwrap_or("");
    user == "root" || user == "0" || user.is_empty()
}

declare_rule! {
    /// ## What it does
    /// Reports a service that runs as root: `user: root` / `0` / `0:0`, or no `user:` while
    /// the Dockerfile the service builds leaves its final stage as root (no `USER`, or
    /// `USER root`). A service with only an `image:` and no `user:` runs as the image's
    /// default user, root for most images: that is reported at a lower severity.
    ///
    /// ## Why is this bad?
    /// Root in a container is root on the host kernel; any escape or writable host mount
    /// becomes a host compromise.
    ///
    /// ## Example
    /// ```yaml
    ///     user: root
    /// ```
    ///
    /// ## Fix safety
    /// `harden compose` sets a non-root user only where the image is known to have one.
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.1; KICS "Container Running As Root"
    pub RootUser {
        code: "DC004",
        name: "compose-root-user",
        practice: LeastPrivilege,
        severity: High,
        summary: "a service runs as root",
        aliases: ["CIS-4.1"],
        references: ["https://docs.docker.com/reference/compose-file/services/#user"],
        remediation: "set `user: \"10001:10001\"` (a UID the image's files allow), or `USER` in its Dockerfile",
    }
}

impl ComposeRule for RootUser {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some(n) = s.get("user") {
                if n.text().is_some_and(|u| is_root(&u)) {
                    out.push(Self::META.finding(
                        format!(
                            "service `{}` runs as root (`user: {}`)",
                            s.name,
                            n.text().unwrap_or_default()
                        ),
                        cx.at(n.pos),
                    ));
                }
                continue;
            }
            match cx.built.get(s.name) {
                Some(b) => match &b.final_user {
                    Some(u) if !is_root(u) => {}
                    Some(_) => out.push(Self::META.finding(format!("service `{}` has no `user:` and its Dockerfile {} switches to root (line {})", s.name, b.path, b.from_line), cx.at_name(&s))),
                    None => out.push(Self::META.finding(format!("service `{}` has no `user:` and the final stage of {} never sets USER: it runs as root", s.name, b.path), cx.at_name(&s))),
                },
                None => {
                    if s.image().is_some_and(|i| i.contains("nonroot") || i.contains("rootless")) {
                        continue;
                    }
                    let mut f = Self::META.finding(format!("service `{}` has no `user:`: it runs as the image's default user, root for most images", s.name), cx.at_name(&s));
                    f.severity = Severity::Medium;
                    out.push(f);
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `pid: host`, `ipc: host`, `uts: host` and `userns_mode: host`.
    ///
    /// ## Why is this bad?
    /// A shared PID namespace lets the container see and signal host processes; IPC exposes
    /// shared memory; UTS lets it rename the host; `userns_mode: host` undoes user-namespace
    /// remapping.
    ///
    /// ## Example
    /// ```yaml
    ///     pid: host
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.16, 5.17, 5.21, 5.31; KICS "Shared Host PID Namespace", "Shared Host IPC Namespace", "Shared Host User Namespace"
    pub HostNamespace {
        code: "DC005",
        name: "host-namespace",
        practice: LeastPrivilege,
        severity: High,
        summary: "a service shares a host namespace",
        aliases: ["CIS-5.16", "CIS-5.17", "CIS-5.21", "CIS-5.31", "Shared Host PID Namespace", "Shared Host IPC Namespace", "Shared Host User Namespace"],
        references: ["https://docs.docker.com/reference/compose-file/services/#pid"],
        remediation: "remove the host namespace setting",
    }
}

impl ComposeRule for HostNamespace {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for k in ["pid", "ipc", "uts", "userns_mode"] {
                if let Some(n) = s.get(k).filter(|n| n.text().as_deref() == Some("host")) {
                    out.push(Self::META.finding(
                        format!(
                            "service `{}` shares the host's {} namespace (`{k}: host`)",
                            s.name,
                            k.trim_end_matches("_mode")
                        ),
                        cx.at(n.pos),
                    ));
                }
            }
        }
    }
}

/// A volume of a service: host source (when a bind mount), target, read-only.
pub struct Mount<'a> {
    pub node: &'a Node,
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
    pub bind: bool,
}

/// The volumes of a service, short and long syntax alike.
pub fn mounts<'a>(s: &Svc<'a>) -> Vec<Mount<'a>> {
    let mut out = Vec::new();
    for n in s.get("volumes").and_then(Node::as_seq).unwrap_or(&[]) {
        if let Some(t) = n.as_str() {
            let parts: Vec<&str> = t.split(':').collect();
            let (source, target, mode) = match parts.len() {
                1 => (None, parts[0], ""),
                2 => (Some(parts[0]), parts[1], ""),
                _ => (Some(parts[0]), parts[1], parts[2]),
            };
            let bind = source
                .is_some_and(|s| s.starts_with('/') || s.starts_with('.') || s.starts_with('~'));
            out.push(Mount {
                node: n,
                source: source.map(str::to_string),
                target: target.to_string(),
                read_only: mode.split(',').any(|m| m == "ro"),
                bind,
            });
        } else if n.as_map().is_some() {
            let ty = n.get("type").and_then(Node::text).unwrap_or_default();
            out.push(Mount {
                node: n,
                source: n.get("source").and_then(Node::text),
                target: n.get("target").and_then(Node::text).unwrap_or_default(),
                read_only: n.get("read_only").and_then(Node::as_bool) == Some(true),
                bind: ty == "bind",
            });
        }
    }
    out
}

fn clean(p: &str) -> String {
    let n = crate::compose::path::normalize(p);
    if n.len() > 1 {
        n.trim_end_matches('/').to_string()
    } else {
        n
    }
}

/// Whether a host path is the Docker socket or a directory containing it.
pub fn is_docker_socket(src: &str) -> bool {
    let p = clean(src);
    matches!(
        p.as_str(),
        "/var/run/docker.sock"
            | "/run/docker.sock"
            | "/var/run"
            | "/run"
            | "/var/run/docker"
            | "/run/docker"
            | "/run/containerd/containerd.sock"
            | "/var/run/containerd/containerd.sock"
            | "/run/containerd"
            | "/var/run/containerd"
    ) || p.ends_with("/docker.sock")
        || p.ends_with("/podman.sock")
}

declare_rule! {
    /// ## What it does
    /// Reports a bind mount of the Docker socket in any spelling: `/var/run/docker.sock`,
    /// `/run/docker.sock`, the directories that contain it (`/var/run`, `/run`), the
    /// containerd socket, short or long syntax, read-only or not.
    ///
    /// ## Why is this bad?
    /// Whoever can talk to the Docker API can start a privileged container with the host's
    /// root filesystem mounted: the socket is root on the host. `:ro` does not help, the
    /// API is still writable through it.
    ///
    /// ## Example
    /// ```yaml
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix; use a socket proxy that allows only the calls needed.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.32; KICS "Docker Socket Mounted In Container"
    pub DockerSocketMount {
        code: "DC006",
        name: "docker-socket-mount",
        practice: LeastPrivilege,
        severity: Critical,
        summary: "the Docker socket is mounted into a container",
        aliases: ["CIS-5.32", "Docker Socket Mounted In Container"],
        references: ["https://docs.docker.com/engine/security/#docker-daemon-attack-surface"],
        remediation: "remove the mount; if the service must use the API, put a filtering socket proxy in front of it",
    }
}

impl ComposeRule for DockerSocketMount {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for m in mounts(&s) {
                if m.bind && m.source.as_deref().is_some_and(is_docker_socket) {
                    out.push(Self::META.finding(
                        format!(
                            "service `{}` mounts the Docker socket (`{}`)",
                            s.name,
                            m.source.unwrap_or_default()
                        ),
                        cx.at(m.node.pos),
                    ));
                }
            }
        }
    }
}

/// Host paths whose mounting exposes the host.
pub const SENSITIVE: &[&str] = &[
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/boot",
    "/dev",
    "/root",
    "/var/lib/docker",
    "/home",
    "/usr",
    "/lib",
    "/var/log",
    "/var/lib/kubelet",
];

declare_rule! {
    /// ## What it does
    /// Reports bind mounts of sensitive host paths (`/`, `/etc`, `/proc`, `/sys`, `/boot`,
    /// `/dev`, `/root`, `/var/lib/docker`, `/home`, `/usr`, `/lib`) or anything under them,
    /// read-write at high severity, read-only at medium. The Docker socket is DC006's.
    ///
    /// ## Why is this bad?
    /// Writing to `/etc`, `/boot` or `/var/lib/docker` is a host takeover; reading `/etc/shadow`,
    /// `/root/.ssh` or `/home` leaks credentials.
    ///
    /// ## Example
    /// ```yaml
    ///     volumes: ["/etc:/host/etc"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.6; KICS "Volume Has Sensitive Host Directory"
    pub SensitiveHostMount {
        code: "DC007",
        name: "sensitive-host-mount",
        practice: LeastPrivilege,
        severity: High,
        summary: "a sensitive host path is mounted",
        aliases: ["CIS-5.6", "Volume Has Sensitive Host Directory"],
        references: ["https://docs.docker.com/engine/storage/bind-mounts/"],
        remediation: "mount only the specific file or directory the service needs, read-only",
    }
}

impl ComposeRule for SensitiveHostMount {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for m in mounts(&s) {
                let Some(src) = m.source.as_deref().filter(|_| m.bind) else {
                    continue;
                };
                if is_docker_socket(src) {
                    continue;
                }
                let p = clean(src);
                let hit = SENSITIVE
                    .iter()
                    .find(|d| p == **d || (**d != "/" && p.starts_with(&format!("{d}/"))));
                if let Some(d) = hit {
                    let mode = if m.read_only {
                        "read-only"
                    } else {
                        "read-write"
                    };
                    let mut f = Self::META.finding(
                        format!("service `{}` mounts host path `{p}` ({d}) {mode}", s.name),
                        cx.at(m.node.pos),
                    );
                    if m.read_only {
                        f.severity = Severity::Medium;
                    }
                    out.push(f);
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports host devices passed into a service (`devices:`).
    ///
    /// ## Why is this bad?
    /// A raw block device or `/dev/mem` gives the container the host's disks or memory.
    ///
    /// ## Example
    /// ```yaml
    ///     devices: ["/dev/sda:/dev/sda"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.18
    pub HostDevice {
        code: "DC008",
        name: "host-device",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "a host device is exposed to a service",
        aliases: ["CIS-5.18"],
        references: ["https://docs.docker.com/reference/compose-file/services/#devices"],
        remediation: "remove the device, or pass only the one device needed with the `r`/`rw` permissions it needs",
    }
}

impl ComposeRule for HostDevice {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for (n, d) in s.list("devices") {
                let host = d.split(':').next().unwrap_or("");
                let mut f = Self::META.finding(
                    format!("service `{}` gets host device `{host}`", s.name),
                    cx.at(n.pos),
                );
                if ["/dev/mem", "/dev/kmem", "/dev/port"].contains(&host)
                    || host.starts_with("/dev/sd")
                    || host.starts_with("/dev/nvme")
                {
                    f.severity = Severity::High;
                }
                out.push(f);
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports sysctls that weaken the host's or the container network's protections:
    /// `net.ipv4.ip_forward`, `net.ipv4.conf.*.route_localnet`, `net.ipv4.ip_unprivileged_port_start=0`,
    /// `kernel.*` settings.
    ///
    /// ## Why is this bad?
    /// Forwarding turns the container into a router between networks; `route_localnet`
    /// exposes services bound to 127.0.0.1; kernel settings change the host's behaviour.
    ///
    /// ## Example
    /// ```yaml
    ///     sysctls:
    ///       net.ipv4.ip_forward: 1
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub DangerousSysctl {
        code: "DC009",
        name: "dangerous-sysctl",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "a service sets a dangerous sysctl",
        aliases: [],
        references: ["https://docs.docker.com/reference/cli/docker/container/run/#sysctl"],
        remediation: "remove the sysctl",
    }
}

impl ComposeRule for DangerousSysctl {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for e in s.get("sysctls").and_then(Node::as_map).unwrap_or(&[]) {
                let v = e.value.text().unwrap_or_default();
                let k = e.key.as_str();
                let enabled = v != "0";
                let bad = (k == "net.ipv4.ip_forward" || k.ends_with(".route_localnet")) && enabled
                    || (k == "net.ipv4.ip_unprivileged_port_start" && v == "0")
                    || k.starts_with("kernel.")
                    || (k.starts_with("net.ipv6.conf.") && k.ends_with(".forwarding") && v != "0");
                if bad {
                    out.push(Self::META.finding(
                        format!("service `{}` sets sysctl {k}={v}", s.name),
                        cx.at(e.key_pos),
                    ));
                }
            }
        }
    }
}

pub static RULES: &[&dyn ComposeRule] = &[
    &Privileged,
    &DangerousCapability,
    &NoCapDrop,
    &RootUser,
    &HostNamespace,
    &DockerSocketMount,
    &SensitiveHostMount,
    &HostDevice,
    &DangerousSysctl,
];

//! Runtime hardening: seccomp/AppArmor/SELinux, no-new-privileges, read-only root, limits,
//! restart policy, healthchecks, OOM killer, ulimits.

use super::{ComposeRule, rule_meta};
use crate::compose::lint::{Cx, Svc};
use crate::compose::yaml::Node;
use portcullis_core::{Finding, declare_rule};

/// `security_opt` entries as (node, key, value): `seccomp:unconfined`, `seccomp=unconfined`.
pub fn security_opts<'a>(s: &Svc<'a>) -> Vec<(&'a Node, String, String)> {
    s.list("security_opt")
        .into_iter()
        .map(|(n, t)| {
            let (k, v) = match t.find([':', '=']) {
                Some(i) => (t[..i].to_string(), t[i + 1..].to_string()),
                None => (t.clone(), String::new()),
            };
            (n, k, v)
        })
        .collect()
}

macro_rules! opt_rule {
    ($ty:ident, $code:literal, $name:literal, $sev:ident, $summary:literal, [$($alias:literal),*], $key:literal, $val:literal, $what:literal, $doc_example:literal) => {
        declare_rule! {
            /// ## What it does
            /// Reports a `security_opt` entry that switches a confinement layer off (`KEY:VALUE` or
            /// `KEY=VALUE`): see the example.
            ///
            /// ## Why is this bad?
            /// It switches off one of the layers that keep a compromised process inside its
            /// container.
            ///
            /// ## Example
            /// ```yaml
            #[doc = $doc_example]
            /// ```
            ///
            /// ## Fix safety
            /// No automatic fix: remove the option; if the default profile blocks a call the
            /// service needs, write a profile that allows just that call.
            pub $ty {
                code: $code,
                name: $name,
                practice: RuntimeHardening,
                severity: $sev,
                summary: $summary,
                aliases: [$($alias),*],
                references: ["https://docs.docker.com/engine/security/seccomp/"],
                remediation: "remove the option and keep Docker's default confinement",
            }
        }
        impl ComposeRule for $ty {
            rule_meta!();
            fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
                for s in cx.services() {
                    for (n, k, v) in security_opts(&s) {
                        if k == $key && v == $val {
                            out.push(Self::META.finding(format!("service `{}` disables {}", s.name, $what), cx.at(n.pos)));
                        }
                    }
                }
            }
        }
    };
}

opt_rule!(
    SeccompUnconfined,
    "DC010",
    "seccomp-unconfined",
    High,
    "seccomp is disabled for a service",
    ["CIS-5.22", "Seccomp Profile Disabled"],
    "seccomp",
    "unconfined",
    "the seccomp system-call filter",
    "    security_opt: [\"seccomp:unconfined\"]"
);
opt_rule!(
    ApparmorUnconfined,
    "DC011",
    "apparmor-unconfined",
    High,
    "AppArmor is disabled for a service",
    ["CIS-5.2"],
    "apparmor",
    "unconfined",
    "the AppArmor profile",
    "    security_opt: [\"apparmor:unconfined\"]"
);
opt_rule!(
    SelinuxDisabled,
    "DC012",
    "selinux-label-disabled",
    Medium,
    "SELinux labelling is disabled for a service",
    ["CIS-5.3"],
    "label",
    "disable",
    "SELinux separation",
    "    security_opt: [\"label:disable\"]"
);

declare_rule! {
    /// ## What it does
    /// Reports a service without `security_opt: [no-new-privileges:true]`. Reported at the
    /// service's name.
    ///
    /// ## Why is this bad?
    /// Without it a setuid binary in the image (`su`, `sudo`, `passwd`) can raise a process's
    /// privileges again after the service dropped them.
    ///
    /// ## Example
    /// ```yaml
    ///   app:
    ///     image: example/app:1.4
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `harden compose` adds it. Only programs that need setuid stop working.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.26; KICS "No New Privileges Not Set"
    pub NoNewPrivileges {
        code: "DC013",
        name: "no-new-privileges-missing",
        practice: RuntimeHardening,
        severity: Medium,
        summary: "a service can gain new privileges through setuid binaries",
        aliases: ["CIS-5.26", "No New Privileges Not Set", "Security Opt Not Set"],
        references: ["https://docs.docker.com/reference/cli/docker/container/run/#security-opt"],
        remediation: "add `security_opt: [\"no-new-privileges:true\"]`",
    }
}

impl ComposeRule for NoNewPrivileges {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let set = security_opts(&s)
                .iter()
                .any(|(_, k, v)| k == "no-new-privileges" && (v.is_empty() || v == "true"));
            if !set {
                out.push(Self::META.finding(
                    format!("service `{}` does not set no-new-privileges", s.name),
                    cx.at_name(&s),
                ));
            }
        }
    }
}

/// Writable paths services commonly need, by image name.
pub fn writable_paths(image: &str) -> Vec<&'static str> {
    let name = image
        .rsplit('/')
        .next()
        .unwrap_or(image)
        .split([':', '@'])
        .next()
        .unwrap_or("");
    let mut v = vec!["/tmp"];
    match name {
        "nginx" => v.extend(["/var/cache/nginx", "/var/run"]),
        "httpd" => v.extend(["/usr/local/apache2/logs"]),
        "postgres" => v.extend(["/var/run/postgresql"]),
        "redis" | "valkey" => {}
        "mysql" | "mariadb" => v.extend(["/var/run/mysqld"]),
        "node" | "python" | "ruby" | "php" => {}
        _ => {}
    }
    v
}

declare_rule! {
    /// ## What it does
    /// Reports a service whose root filesystem is writable (no `read_only: true`). The message
    /// names the `tmpfs` paths to add for the service's image.
    ///
    /// ## Why is this bad?
    /// An intruder who can write the root filesystem can drop tools, change binaries and
    /// persist across restarts of the process.
    ///
    /// ## Example
    /// ```yaml
    ///   web:
    ///     image: nginx:1.27
    /// ```
    /// Use instead: `read_only: true` with `tmpfs: [/tmp, /var/cache/nginx, /var/run]`.
    ///
    /// ## Fix safety
    /// `harden compose` adds `read_only: true` with tmpfs for the paths the image is known to
    /// write; test the service, it may write elsewhere.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.13
    pub WritableRootFs {
        code: "DC014",
        name: "writable-root-filesystem",
        practice: RuntimeHardening,
        severity: Low,
        summary: "a service's root filesystem is writable",
        aliases: ["CIS-5.13"],
        references: ["https://docs.docker.com/reference/compose-file/services/#read_only"],
        remediation: "add `read_only: true` and a `tmpfs` for each path the service writes",
    }
}

impl ComposeRule for WritableRootFs {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if s.get("read_only").and_then(Node::as_bool) == Some(true) {
                continue;
            }
            let paths = writable_paths(&s.image().unwrap_or_default());
            let at = s
                .get("read_only")
                .map(|n| cx.at(n.pos))
                .unwrap_or_else(|| cx.at_name(&s));
            out.push(Self::META.finding(format!("service `{}` has a writable root filesystem; add `read_only: true` with tmpfs {}", s.name, paths.join(", ")), at));
        }
    }
}

fn deploy_limit<'a>(s: &Svc<'a>, k: &str) -> Option<&'a Node> {
    s.get("deploy")?.get("resources")?.get("limits")?.get(k)
}

macro_rules! limit_rule {
    ($ty:ident, $code:literal, $name:literal, $sev:ident, $summary:literal, [$($alias:literal),*], [$($key:literal),*], $deploy:literal, $what:literal, $remedy:literal) => {
        declare_rule! {
            /// ## What it does
            /// Reports a service without this resource limit (its Compose key, or the matching
            /// `deploy.resources.limits` entry). Reported at the service's name.
            ///
            /// ## Why is this bad?
            /// One runaway or compromised service can starve every other container and the
            /// host itself (a fork bomb, a memory leak, a crypto miner).
            ///
            /// ## Example
            /// ```yaml
            ///   worker:
            ///     image: example/worker:2.1
            /// ```
            ///
            /// ## Fix safety
            /// `harden compose` adds memory and pids limits with generous defaults; tune them.
            pub $ty {
                code: $code,
                name: $name,
                practice: RuntimeHardening,
                severity: $sev,
                summary: $summary,
                aliases: [$($alias),*],
                references: ["https://docs.docker.com/reference/compose-file/deploy/#resources"],
                remediation: $remedy,
            }
        }
        impl ComposeRule for $ty {
            rule_meta!();
            fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
                for s in cx.services() {
                    let set = [$($key),*].iter().any(|k| s.get(k).is_some_and(|n| !n.is_null() && n.text().as_deref() != Some("0") && n.text().as_deref() != Some("-1")))
                        || deploy_limit(&s, $deploy).is_some_and(|n| !n.is_null());
                    if !set {
                        out.push(Self::META.finding(format!("service `{}` has no {} limit", s.name, $what), cx.at_name(&s)));
                    }
                }
            }
        }
    };
}

limit_rule!(
    NoMemoryLimit,
    "DC015",
    "no-memory-limit",
    Medium,
    "a service has no memory limit",
    ["CIS-5.11", "Memory Not Limited"],
    ["mem_limit"],
    "memory",
    "memory",
    "set `mem_limit` (or `deploy.resources.limits.memory`)"
);
limit_rule!(
    NoCpuLimit,
    "DC016",
    "no-cpu-limit",
    Low,
    "a service has no CPU limit",
    ["CIS-5.12", "Cpus Not Limited"],
    ["cpus", "cpu_quota", "cpu_shares", "cpuset"],
    "cpus",
    "CPU",
    "set `cpus` (or `deploy.resources.limits.cpus`)"
);
limit_rule!(
    NoPidsLimit,
    "DC017",
    "no-pids-limit",
    Low,
    "a service has no pids limit",
    ["CIS-5.29", "Pids Limit Not Set"],
    ["pids_limit"],
    "pids",
    "pids",
    "set `pids_limit` (e.g. 200)"
);

declare_rule! {
    /// ## What it does
    /// Reports `restart: always` and `restart: unless-stopped`, and `on-failure` with more than
    /// 5 retries.
    ///
    /// ## Why is this bad?
    /// A service that crashes on every start (or is crashed on purpose) restarts forever,
    /// which hides the problem and can be used to exhaust the host.
    ///
    /// ## Example
    /// ```yaml
    ///     restart: always
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: `always` also restarts after a daemon restart, which some services rely on.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.15; KICS "Restart Policy On Failure Not Set To 5"
    pub RestartAlways {
        code: "DC018",
        name: "restart-unbounded",
        practice: RuntimeHardening,
        severity: Low,
        summary: "a service restarts without bound",
        aliases: ["CIS-5.15", "Restart Policy On Failure Not Set To 5"],
        references: ["https://docs.docker.com/reference/compose-file/services/#restart"],
        remediation: "use `restart: on-failure:5`",
    }
}

impl ComposeRule for RestartAlways {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let Some(n) = s.get("restart") else { continue };
            let t = n.text().unwrap_or_default();
            let bad = match t.split_once(':') {
                Some(("on-failure", c)) => {
                    c.trim().parse::<u32>().map_or(true, |c| c > 5 || c == 0)
                }
                _ => t == "always" || t == "unless-stopped",
            };
            if bad {
                out.push(Self::META.finding(
                    format!(
                        "service `{}` restarts without bound (`restart: {t}`)",
                        s.name
                    ),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service without `healthcheck:`, and a disabled healthcheck (`disable: true`,
    /// `test: [NONE]`).
    ///
    /// ## Why is this bad?
    /// Without a healthcheck Docker cannot tell a hung service from a healthy one; dependants
    /// start too early and failures go unnoticed.
    ///
    /// ## Example
    /// ```yaml
    ///     healthcheck:
    ///       disable: true
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the check command depends on the service.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.27; KICS "Healthcheck Not Set"
    pub NoHealthcheck {
        code: "DC019",
        name: "no-healthcheck",
        practice: RuntimeHardening,
        severity: Low,
        summary: "a service has no healthcheck",
        aliases: ["CIS-5.27", "Healthcheck Not Set"],
        references: ["https://docs.docker.com/reference/compose-file/services/#healthcheck"],
        remediation: "add a `healthcheck:` with a `test` that probes the service",
    }
}

impl ComposeRule for NoHealthcheck {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            match s.get("healthcheck") {
                None => out.push(Self::META.finding(
                    format!("service `{}` has no healthcheck", s.name),
                    cx.at_name(&s),
                )),
                Some(h) => {
                    let test = h.get("test");
                    let none = test
                        .and_then(Node::as_seq)
                        .and_then(|t| t.first())
                        .and_then(Node::text)
                        .as_deref()
                        == Some("NONE")
                        || test.and_then(Node::text).as_deref() == Some("NONE");
                    if none {
                        out.push(Self::META.finding(
                            format!("service `{}` disables its healthcheck", s.name),
                            cx.at(test.map(|t| t.pos).unwrap_or(h.pos)),
                        ));
                    }
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `oom_kill_disable: true`.
    ///
    /// ## Why is this bad?
    /// When the host runs out of memory the kernel cannot kill this container; it kills
    /// something else instead, possibly the Docker daemon or sshd.
    ///
    /// ## Example
    /// ```yaml
    ///     oom_kill_disable: true
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub OomKillDisabled {
        code: "DC020",
        name: "oom-kill-disabled",
        practice: RuntimeHardening,
        severity: Medium,
        summary: "the OOM killer is disabled for a service",
        aliases: [],
        references: ["https://docs.docker.com/engine/containers/resource_constraints/"],
        remediation: "remove `oom_kill_disable` and set a memory limit",
    }
}

impl ComposeRule for OomKillDisabled {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if let Some(n) = s
                .get("oom_kill_disable")
                .filter(|n| n.as_bool() == Some(true))
            {
                out.push(Self::META.finding(
                    format!("service `{}` disables the OOM killer", s.name),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a service without `ulimits:` (opt-in: CIS 5.19 is a manual check, for hosts
    /// whose daemon sets no default ulimits).
    ///
    /// ## Why is this bad?
    /// Without limits on open files and processes a service inherits the daemon's, which may
    /// be unlimited.
    ///
    /// ## Example
    /// ```yaml
    ///   app:
    ///     image: example/app:1.4
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.19
    pub NoUlimits {
        code: "DC021",
        name: "no-ulimits",
        practice: RuntimeHardening,
        severity: Info,
        summary: "a service sets no ulimits",
        aliases: ["CIS-5.19"],
        references: ["https://docs.docker.com/reference/compose-file/services/#ulimits"],
        remediation: "set `ulimits: {nofile: {soft: 1024, hard: 4096}, nproc: 512}`",
        default_enabled: false,
    }
}

impl ComposeRule for NoUlimits {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            if s.get("ulimits").is_none() {
                out.push(Self::META.finding(
                    format!("service `{}` sets no ulimits", s.name),
                    cx.at_name(&s),
                ));
            }
        }
    }
}

pub static RULES: &[&dyn ComposeRule] = &[
    &SeccompUnconfined,
    &ApparmorUnconfined,
    &SelinuxDisabled,
    &NoNewPrivileges,
    &WritableRootFs,
    &NoMemoryLimit,
    &NoCpuLimit,
    &NoPidsLimit,
    &RestartAlways,
    &NoHealthcheck,
    &OomKillDisabled,
    &NoUlimits,
];

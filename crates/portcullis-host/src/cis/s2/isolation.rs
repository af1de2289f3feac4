//! Section 2 daemon isolation checks: rootless, user namespaces, cgroup parent, no-new-privileges, seccomp, authorization, ulimits, experimental.

use super::*;

cis! {
    /// ## What it does
    /// Reports a daemon running as root (rootless mode shows as `name=rootless` in the daemon's
    /// security options). Whether rootless mode fits the workloads is a human decision.
    ///
    /// ## Why is this bad?
    /// A root daemon turns every container escape into host root.
    ///
    /// ## Example
    /// The stock `dockerd` service started by systemd as root.
    Cis2_1 {
        code: "CIS-2.1", v18: "CIS-v1.8.0-2.1", name: "root-daemon", practice: HostAudit,
        severity: Info, level: 1, scored: false,
        summary: "Run the Docker daemon as a non-root user, if possible",
        remediation: "consider rootless mode (dockerd-rootless-setuptool.sh install)",
        run: Run::Global(rootless),
    }
}
fn rootless(cx: &Cx) -> Vec<Observation> {
    let loc = daemon_loc(Some("/SecurityOptions"));
    one(if cx.snap.rootless() {
        Observation::new(Status::Pass, "the daemon runs rootless", loc)
    } else {
        Observation::new(
            Status::Info,
            "the daemon runs as root: consider rootless mode where the workloads allow it",
            loc,
        )
    })
}

cis! {
    /// ## What it does
    /// Checks for daemon-wide default ulimits (`default-ulimits`); without them containers
    /// inherit dockerd's own limits. Not scored: the values are a human decision.
    ///
    /// ## Why is this bad?
    /// Unbounded open files or processes let one container exhaust the host.
    ///
    /// ## Example
    /// A daemon.json without `default-ulimits`.
    Cis2_8 {
        code: "CIS-2.8", v18: "CIS-v1.8.0-2.9", name: "no-default-ulimits", practice: HostAudit,
        severity: Low, level: 1, scored: false,
        summary: "Ensure the default ulimit is configured appropriately",
        remediation: "set \"default-ulimits\" (e.g. nofile, nproc) in daemon.json",
        run: Run::Global(default_ulimits),
    }
}
fn default_ulimits(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    match cx.host.setting("default-ulimit", "default-ulimits") {
        Some(s) => one(Observation::new(
            Status::Pass,
            format!("default ulimits set ({})", s.source),
            setting_loc(cx, &s.source),
        )
        .value(s.value)),
        None => one(Observation::new(
            Status::Warn,
            "no default ulimits: containers inherit dockerd's limits",
            daemon_loc(None),
        )),
    }
}

cis! {
    /// ## What it does
    /// Reads the daemon's effective user namespace support (`name=userns` in its security
    /// options).
    ///
    /// ## Why is this bad?
    /// Without user namespace remapping, root in a container is uid 0 on the host.
    ///
    /// ## Example
    /// A daemon without `"userns-remap": "default"`.
    Cis2_9 {
        code: "CIS-2.9", v18: "CIS-v1.8.0-2.10", name: "no-userns-remap", practice: HostAudit,
        severity: Medium, level: 2, scored: true,
        summary: "Enable user namespace support",
        remediation: "set \"userns-remap\": \"default\" in daemon.json",
        run: Run::Global(userns),
    }
}
fn userns(cx: &Cx) -> Vec<Observation> {
    let loc = daemon_loc(Some("/SecurityOptions"));
    one(
        if cx.snap.has_security_option("userns") || cx.snap.rootless() {
            Observation::new(Status::Pass, "user namespace remapping is active", loc)
        } else {
            Observation::new(
                Status::Fail,
                "user namespace remapping is off: root in a container is root on the host",
                loc,
            )
        },
    )
}

cis! {
    /// ## What it does
    /// Reports a daemon-wide `cgroup-parent`, for a human to confirm.
    ///
    /// ## Why is this bad?
    /// A wrong cgroup parent puts every container outside the limits meant for them.
    ///
    /// ## Example
    /// `"cgroup-parent": "/foo"` (docker-bench-security's check for it is dead code).
    Cis2_10 {
        code: "CIS-2.10", v18: "CIS-v1.8.0-2.11", name: "daemon-cgroup-parent", practice: HostAudit,
        severity: Low, level: 2, scored: true,
        summary: "Ensure the default cgroup usage has been confirmed",
        remediation: "remove cgroup-parent unless the cgroup is meant for all containers",
        run: Run::Global(cgroup_parent),
    }
}
fn cgroup_parent(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    match cx.host.setting("cgroup-parent", "cgroup-parent") {
        Some(s) => one(Observation::new(
            Status::Warn,
            format!(
                "default cgroup parent {} ({}): confirm it is intended",
                s.value, s.source
            ),
            setting_loc(cx, &s.source),
        )
        .value(s.value)),
        None => one(Observation::new(
            Status::Pass,
            "default cgroup parent",
            daemon_loc(None),
        )),
    }
}

cis! {
    /// ## What it does
    /// Reads the daemon's effective authorization plugins (`Plugins.Authorization` in `/info`).
    ///
    /// ## Why is this bad?
    /// Without an authorization plugin anyone who reaches the API can do everything.
    ///
    /// ## Example
    /// A daemon without `authorization-plugins`.
    Cis2_12 {
        code: "CIS-2.12", v18: "CIS-v1.8.0-2.13", name: "no-authorization-plugin", practice: HostAudit,
        severity: Low, level: 2, scored: true,
        summary: "Ensure that authorization for Docker client commands is enabled",
        remediation: "configure an authorization plugin (e.g. OPA) with \"authorization-plugins\"",
        run: Run::Global(authz),
    }
}
fn authz(cx: &Cx) -> Vec<Observation> {
    let p: Vec<&str> = cx
        .snap
        .info
        .pointer("/Plugins/Authorization")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let loc = daemon_loc(Some("/Plugins/Authorization"));
    one(if p.is_empty() {
        Observation::new(Status::Fail, "no authorization plugin", loc)
    } else {
        Observation::new(
            Status::Pass,
            format!("authorization plugins: {}", p.join(", ")),
            loc,
        )
        .value(p.join(","))
    })
}

cis! {
    /// ## What it does
    /// Checks the daemon-wide `no-new-privileges` default (dockerd argument or daemon.json;
    /// the API does not expose it).
    ///
    /// ## Why is this bad?
    /// Without it every container whose run forgets the option can regain root through setuid
    /// binaries.
    ///
    /// ## Example
    /// A daemon.json without `"no-new-privileges": true`.
    Cis2_14 {
        code: "CIS-2.14", v18: "CIS-v1.8.0-2.15", name: "daemon-new-privileges", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure containers are restricted from acquiring new privileges",
        remediation: "set \"no-new-privileges\": true in daemon.json",
        run: Run::Global(nnp),
    }
}
fn nnp(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    match cx
        .host
        .setting_bool("no-new-privileges", "no-new-privileges")
    {
        Some((true, src)) => one(Observation::new(
            Status::Pass,
            format!("no-new-privileges is the default ({src})"),
            setting_loc(cx, &src),
        )
        .value(true)),
        Some((false, src)) => one(Observation::new(
            Status::Fail,
            format!("no-new-privileges is off ({src})"),
            setting_loc(cx, &src),
        )
        .value(false)),
        None => one(Observation::new(
            Status::Fail,
            "no-new-privileges is not set daemon-wide",
            daemon_loc(None),
        )),
    }
}

cis! {
    /// ## What it does
    /// Reads the daemon's seccomp support from its security options: none fails; a custom
    /// daemon-wide profile passes; the default profile is reported for a human to confirm.
    ///
    /// ## Why is this bad?
    /// Without seccomp every syscall reaches the kernel.
    ///
    /// ## Example
    /// A kernel or daemon without seccomp support.
    Cis2_17 {
        code: "CIS-2.17", v18: "CIS-v1.8.0-2.18", name: "daemon-seccomp-profile", practice: HostAudit,
        severity: Medium, level: 2, scored: false,
        summary: "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
        remediation: "keep seccomp on; set \"seccomp-profile\" to a tighter profile where the workloads allow",
        run: Run::Global(daemon_seccomp),
    }
}
fn daemon_seccomp(cx: &Cx) -> Vec<Observation> {
    let loc = daemon_loc(Some("/SecurityOptions"));
    let opt = cx
        .snap
        .security_options()
        .find(|o| o.contains("name=seccomp"))
        .map(str::to_string);
    one(match opt {
        None => Observation::new(Status::Fail, "the daemon has no seccomp support", loc),
        Some(o) if o.contains("profile=default") => {
            Observation::new(Status::Info, "the default seccomp profile is in use: confirm it fits, or apply a tighter daemon-wide profile", loc).value(o)
        }
        Some(o) => Observation::new(Status::Pass, "a custom daemon-wide seccomp profile is in use", loc).value(o),
    })
}

cis! {
    /// ## What it does
    /// Reports experimental features (`Experimental` in `/version`, `ExperimentalBuild` in
    /// `/info`), which docker-bench-security no longer evaluates on modern Docker.
    ///
    /// ## Why is this bad?
    /// Experimental features are not covered by security support.
    ///
    /// ## Example
    /// `"experimental": true`
    Cis2_18 {
        code: "CIS-2.18", v18: "CIS-v1.8.0-2.19", name: "experimental-features", practice: HostAudit,
        severity: Low, level: 1, scored: true,
        summary: "Ensure that experimental features are not implemented in production",
        remediation: "remove \"experimental\": true",
        run: Run::Global(experimental),
    }
}
fn experimental(cx: &Cx) -> Vec<Observation> {
    let exp = cx
        .snap
        .version
        .get("Experimental")
        .and_then(Value::as_bool)
        .unwrap_or(false)
        || cx
            .snap
            .info
            .get("ExperimentalBuild")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    let loc = daemon_loc(Some("/ExperimentalBuild"));
    one(if exp {
        Observation::new(Status::Fail, "experimental features are enabled", loc)
    } else {
        Observation::new(Status::Pass, "experimental features are off", loc)
    }
    .value(exp))
}

//! Section 2: the daemon's configuration. Effective state from the API (`/info`, the `bridge`
//! network) comes first; the dockerd arguments and daemon.json fill in what the API does not
//! expose.

use super::{Check, Cx, Observation, Run, Status, cis, daemon_loc, file_loc};
use portcullis_core::{Location, Severity};
use serde_json::Value;

/// Where a setting came from, as a location: the daemon.json file, or the daemon.
fn setting_loc(cx: &Cx, source: &str) -> Location {
    if source.starts_with(&*cx.host.daemon_json_path.to_string_lossy()) && !source.is_empty() {
        file_loc(&cx.host.daemon_json_path)
    } else {
        daemon_loc(None)
    }
}

fn one(o: Observation) -> Vec<Observation> {
    vec![o]
}

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
    /// Reads the effective `com.docker.network.bridge.enable_icc` option of the default `bridge`
    /// network (not only daemon.json): `true` lets every container on it talk to every other.
    ///
    /// ## Why is this bad?
    /// One compromised container can reach every service of every other container on docker0.
    ///
    /// ## Example
    /// A daemon without `"icc": false`.
    Cis2_2 {
        code: "CIS-2.2", v18: "CIS-v1.8.0-2.2", name: "inter-container-communication", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure network traffic is restricted between containers on the default bridge",
        remediation: "set \"icc\": false in daemon.json and use user-defined networks for containers that must talk",
        run: Run::Global(icc),
    }
}
fn icc(cx: &Cx) -> Vec<Observation> {
    const KEY: &str = "com.docker.network.bridge.enable_icc";
    if let Some(net) = cx.snap.network("bridge") {
        let v = net
            .pointer(&format!("/Options/{KEY}"))
            .and_then(Value::as_str)
            .unwrap_or("true");
        let loc = Location {
            object: Some("network".into()),
            id: net.get("Id").and_then(Value::as_str).map(str::to_string),
            name: Some("bridge".into()),
            pointer: Some(format!("/Options/{KEY}")),
            ..Location::default()
        };
        return one(if v == "false" {
            Observation::new(
                Status::Pass,
                "inter-container communication is disabled on the default bridge",
                loc,
            )
        } else {
            Observation::new(
                Status::Fail,
                "inter-container communication is enabled on the default bridge",
                loc,
            )
        }
        .value(v));
    }
    one(Observation::new(
        Status::Pass,
        "the daemon has no default bridge network",
        daemon_loc(None),
    ))
}

cis! {
    /// ## What it does
    /// Checks the daemon's log level: `info` (the default) passes; `debug` (the API's `Debug`)
    /// and levels that drop information (`warn`, `error`, `fatal`) fail.
    ///
    /// ## Why is this bad?
    /// Debug logs leak request details; levels above info lose the events an investigation
    /// needs.
    ///
    /// ## Example
    /// `dockerd --log-level debug`
    Cis2_3 {
        code: "CIS-2.3", v18: "CIS-v1.8.0-2.3", name: "daemon-log-level", practice: HostAudit,
        severity: Low, level: 1, scored: true,
        summary: "Ensure the logging level is set to 'info'",
        remediation: "set \"log-level\": \"info\" in daemon.json (or remove the setting)",
        run: Run::Global(log_level),
    }
}
fn log_level(cx: &Cx) -> Vec<Observation> {
    if cx.snap.info.get("Debug").and_then(Value::as_bool) == Some(true) {
        return one(Observation::new(
            Status::Fail,
            "the daemon runs in debug mode",
            daemon_loc(Some("/Debug")),
        )
        .value(true));
    }
    match cx.host.setting("log-level", "log-level") {
        Some(s) => {
            let v = s.value.as_str().unwrap_or("").to_string();
            let loc = setting_loc(cx, &s.source);
            one(if v == "info" {
                Observation::new(Status::Pass, format!("log level info ({})", s.source), loc)
            } else {
                Observation::new(Status::Fail, format!("log level `{v}` ({})", s.source), loc)
            }
            .value(v))
        }
        None => one(Observation::new(
            Status::Pass,
            "log level is the default (info)",
            daemon_loc(Some("/Debug")),
        )),
    }
}

cis! {
    /// ## What it does
    /// Reports a daemon started with `--iptables=false` / `"iptables": false`.
    ///
    /// ## Why is this bad?
    /// Without its iptables rules Docker cannot isolate networks or enforce icc; published
    /// ports may be reachable in ways the firewall does not show.
    ///
    /// ## Example
    /// `"iptables": false` in daemon.json.
    Cis2_4 {
        code: "CIS-2.4", v18: "CIS-v1.8.0-2.4", name: "iptables-disabled", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure Docker is allowed to make changes to iptables",
        remediation: "remove --iptables=false / \"iptables\": false",
        run: Run::Global(iptables),
    }
}
fn iptables(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    match cx.host.setting_bool("iptables", "iptables") {
        Some((false, src)) => one(Observation::new(
            Status::Fail,
            format!("iptables management is disabled ({src})"),
            setting_loc(cx, &src),
        )
        .value(false)),
        _ => one(Observation::new(
            Status::Pass,
            "the daemon manages iptables",
            daemon_loc(None),
        )),
    }
}

cis! {
    /// ## What it does
    /// Reads the daemon's effective insecure registries (`RegistryConfig` in `/info`), ignoring
    /// the built-in `127.0.0.0/8`.
    ///
    /// ## Why is this bad?
    /// Images from an insecure registry travel without TLS verification: anyone on the path can
    /// swap them.
    ///
    /// ## Example
    /// `"insecure-registries": ["myreg:5000"]`
    Cis2_5 {
        code: "CIS-2.5", v18: "CIS-v1.8.0-2.5", name: "insecure-registry", practice: HostAudit,
        severity: High, level: 1, scored: true,
        summary: "Ensure insecure registries are not used",
        remediation: "remove insecure-registries; give the registry a certificate (certs.d/HOST/ca.crt)",
        run: Run::Global(insecure_registries),
    }
}
fn insecure_registries(cx: &Cx) -> Vec<Observation> {
    let mut bad: Vec<String> = cx
        .snap
        .info
        .pointer("/RegistryConfig/InsecureRegistryCIDRs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|c| *c != "127.0.0.0/8" && *c != "::1/128")
        .map(str::to_string)
        .collect();
    if let Some(idx) = cx
        .snap
        .info
        .pointer("/RegistryConfig/IndexConfigs")
        .and_then(Value::as_object)
    {
        for (name, cfg) in idx {
            if cfg.get("Secure").and_then(Value::as_bool) == Some(false) {
                bad.push(name.clone());
            }
        }
    }
    let loc = daemon_loc(Some("/RegistryConfig"));
    one(if bad.is_empty() {
        Observation::new(Status::Pass, "no insecure registries", loc)
    } else {
        Observation::new(
            Status::Fail,
            format!("insecure registries: {}", bad.join(", ")),
            loc,
        )
        .value(bad)
    })
}

cis! {
    /// ## What it does
    /// Reports the `aufs` storage driver (from `/info`).
    ///
    /// ## Why is this bad?
    /// aufs is unmaintained, was removed from Docker 24 and has known kernel crashes.
    ///
    /// ## Example
    /// `"storage-driver": "aufs"`
    Cis2_6 {
        code: "CIS-2.6", v18: "CIS-v1.8.0-2.6", name: "aufs-storage-driver", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure aufs storage driver is not used",
        remediation: "switch to overlay2",
        run: Run::Global(aufs),
    }
}
fn aufs(cx: &Cx) -> Vec<Observation> {
    let d = cx.snap.info_str("Driver").unwrap_or("");
    let loc = daemon_loc(Some("/Driver"));
    one(if d == "aufs" {
        Observation::new(Status::Fail, "storage driver aufs", loc)
    } else {
        Observation::new(Status::Pass, format!("storage driver {d}"), loc)
    }
    .value(d))
}

cis! {
    /// ## What it does
    /// Checks that a daemon listening on TCP requires TLS with client certificates
    /// (`--tlsverify`). Reads the `-H`/`hosts` settings (multi-line daemon.json included), the
    /// daemon's own `/info` warnings about unencrypted or unauthenticated API listeners, and the
    /// connection portcullis itself made.
    ///
    /// ## Why is this bad?
    /// The Docker API without client-certificate TLS is unauthenticated root over the network.
    ///
    /// ## Example
    /// `dockerd -H tcp://0.0.0.0:2375`
    Cis2_7 {
        code: "CIS-2.7", v18: "CIS-v1.8.0-2.8", name: "tcp-without-tls", practice: HostAudit,
        severity: Critical, level: 1, scored: true,
        summary: "Ensure TLS authentication for Docker daemon is configured",
        remediation: "listen on TCP only with --tlsverify --tlscacert --tlscert --tlskey, or use the unix socket / SSH",
        run: Run::Global(tls),
    }
}
fn tls(cx: &Cx) -> Vec<Observation> {
    // The daemon's own warnings are effective state, local or remote.
    let warnings: Vec<&str> = cx
        .snap
        .info
        .get("Warnings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|w| {
            w.contains("API is accessible on http://")
                || w.contains("without encryption")
                || w.contains("without TLS")
        })
        .collect();
    if let Some(w) = warnings.first() {
        let w = w
            .trim_start_matches("WARNING: ")
            .lines()
            .next()
            .unwrap_or(w)
            .to_string();
        return one(Observation::new(
            Status::Fail,
            format!("the daemon listens on TCP without TLS: {w}"),
            daemon_loc(Some("/Warnings")),
        )
        .value(w));
    }
    let hosts: Vec<String> = match cx.host.setting("host", "hosts") {
        Some(s) => match s.value {
            Value::String(h) => vec![h],
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => vec![],
        },
        None => vec![],
    };
    let tcp: Vec<&String> = hosts
        .iter()
        .filter(|h| h.starts_with("tcp://") || h.starts_with("http://"))
        .collect();
    if tcp.is_empty() {
        if !cx.host.local {
            return one(Observation::new(
                Status::Pass,
                "reached over TLS; the daemon reports no unencrypted listener",
                daemon_loc(None),
            ));
        }
        return one(Observation::new(
            Status::Pass,
            "the daemon does not listen on TCP",
            daemon_loc(None),
        ));
    }
    let verify = cx
        .host
        .setting_bool("tlsverify", "tlsverify")
        .map(|(b, _)| b)
        .unwrap_or(false);
    let list: Vec<&str> = tcp.iter().map(|s| s.as_str()).collect();
    one(if verify {
        Observation::new(
            Status::Pass,
            format!(
                "TCP listeners {} require client certificates",
                list.join(", ")
            ),
            daemon_loc(None),
        )
    } else if cx.host.setting_bool("tls", "tls").is_some_and(|(b, _)| b) {
        Observation::new(
            Status::Fail,
            format!(
                "TCP listeners {} use TLS without client verification (--tlsverify)",
                list.join(", ")
            ),
            daemon_loc(None),
        )
        .severity(Severity::High)
    } else {
        Observation::new(
            Status::Fail,
            format!("the daemon listens on TCP without TLS: {}", list.join(", ")),
            daemon_loc(None),
        )
    }
    .value(list.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
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
    /// Reports a changed devicemapper base device size (only the devicemapper driver has one).
    ///
    /// ## Why is this bad?
    /// A large base device lets one container fill the thin pool.
    ///
    /// ## Example
    /// `--storage-opt dm.basesize=50G`
    Cis2_11 {
        code: "CIS-2.11", v18: "CIS-v1.8.0-2.12", name: "base-device-size", practice: HostAudit,
        severity: Low, level: 2, scored: true,
        summary: "Ensure base device size is not changed until needed",
        remediation: "remove dm.basesize unless needed (and move off devicemapper, removed in Docker 25)",
        run: Run::Global(basesize),
    }
}
fn basesize(cx: &Cx) -> Vec<Observation> {
    let d = cx.snap.info_str("Driver").unwrap_or("");
    if d != "devicemapper" {
        return one(Observation::new(
            Status::Pass,
            format!("storage driver {d} has no base device"),
            daemon_loc(Some("/Driver")),
        )
        .value(d));
    }
    let opts = cx
        .host
        .setting("storage-opt", "storage-opts")
        .map(|s| s.value.to_string())
        .unwrap_or_default();
    one(if opts.contains("dm.basesize") {
        Observation::new(
            Status::Warn,
            "devicemapper base device size is changed",
            daemon_loc(None),
        )
        .value(opts)
    } else {
        Observation::new(
            Status::Pass,
            "devicemapper base device size is the default",
            daemon_loc(None),
        )
    })
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
    /// Reads the daemon's effective logging driver (`/info`): local drivers (`json-file`,
    /// `local`, `none`) fail; `journald` is a warning (host journal; forwarding is not visible);
    /// remote drivers (syslog, gelf, fluentd, awslogs, splunk…) pass.
    ///
    /// ## Why is this bad?
    /// Logs that stay on the host are lost with it, and an intruder can erase them.
    ///
    /// ## Example
    /// The default `json-file` driver.
    Cis2_13 {
        code: "CIS-2.13", v18: "CIS-v1.8.0-2.14", name: "local-logging", practice: HostAudit,
        severity: Low, level: 2, scored: true,
        summary: "Ensure centralized and remote logging is configured",
        remediation: "set \"log-driver\" to syslog, fluentd, gelf or another remote driver",
        run: Run::Global(logging),
    }
}
fn logging(cx: &Cx) -> Vec<Observation> {
    let d = cx.snap.info_str("LoggingDriver").unwrap_or("");
    let loc = daemon_loc(Some("/LoggingDriver"));
    one(match d {
        "json-file" | "local" | "none" | "" => Observation::new(
            Status::Fail,
            format!("logging driver `{d}` keeps logs on the host"),
            loc,
        ),
        "journald" => Observation::new(
            Status::Warn,
            "logging driver journald: confirm the journal is forwarded off the host",
            loc,
        ),
        _ => Observation::new(Status::Pass, format!("logging driver `{d}`"), loc),
    }
    .value(d))
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
    /// Reads the daemon's effective live-restore setting (`LiveRestoreEnabled` in `/info`);
    /// swarm mode, which is incompatible with it, passes.
    ///
    /// ## Why is this bad?
    /// Without live restore every daemon restart or upgrade stops all containers.
    ///
    /// ## Example
    /// A daemon.json without `"live-restore": true`.
    Cis2_15 {
        code: "CIS-2.15", v18: "CIS-v1.8.0-2.16", name: "no-live-restore", practice: HostAudit,
        severity: Low, level: 1, scored: true,
        summary: "Ensure live restore is enabled",
        remediation: "set \"live-restore\": true in daemon.json",
        run: Run::Global(live_restore),
    }
}
fn live_restore(cx: &Cx) -> Vec<Observation> {
    let on = cx
        .snap
        .info
        .get("LiveRestoreEnabled")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let loc = daemon_loc(Some("/LiveRestoreEnabled"));
    one(if on {
        Observation::new(Status::Pass, "live restore is enabled", loc)
    } else if cx.snap.swarm_active() {
        Observation::new(
            Status::Pass,
            "swarm mode is active (live restore does not apply)",
            loc,
        )
    } else {
        Observation::new(Status::Fail, "live restore is disabled", loc)
    }
    .value(on))
}

cis! {
    /// ## What it does
    /// Checks that the userland proxy is disabled (`"userland-proxy": false`), so published
    /// ports are served by iptables hairpin NAT.
    ///
    /// ## Why is this bad?
    /// docker-proxy is one more process per published port, with its own bugs.
    ///
    /// ## Example
    /// A daemon.json without `"userland-proxy": false`.
    Cis2_16 {
        code: "CIS-2.16", v18: "CIS-v1.8.0-2.17", name: "userland-proxy", practice: HostAudit,
        severity: Low, level: 1, scored: true,
        summary: "Ensure Userland Proxy is Disabled",
        remediation: "set \"userland-proxy\": false in daemon.json",
        run: Run::Global(userland_proxy),
    }
}
fn userland_proxy(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = cx.host_skip() {
        return s;
    }
    match cx.host.setting_bool("userland-proxy", "userland-proxy") {
        Some((false, src)) => one(Observation::new(
            Status::Pass,
            format!("userland proxy disabled ({src})"),
            setting_loc(cx, &src),
        )
        .value(false)),
        _ => one(Observation::new(
            Status::Fail,
            "the userland proxy is enabled",
            daemon_loc(None),
        )
        .value(true)),
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

pub static CHECKS: &[&Check] = &[
    &Cis2_1::CHECK,
    &Cis2_2::CHECK,
    &Cis2_3::CHECK,
    &Cis2_4::CHECK,
    &Cis2_5::CHECK,
    &Cis2_6::CHECK,
    &Cis2_7::CHECK,
    &Cis2_8::CHECK,
    &Cis2_9::CHECK,
    &Cis2_10::CHECK,
    &Cis2_11::CHECK,
    &Cis2_12::CHECK,
    &Cis2_13::CHECK,
    &Cis2_14::CHECK,
    &Cis2_15::CHECK,
    &Cis2_16::CHECK,
    &Cis2_17::CHECK,
    &Cis2_18::CHECK,
];

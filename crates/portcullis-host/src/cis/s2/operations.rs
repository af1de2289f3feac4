//! Section 2 daemon operations checks: log level, logging driver, live restore, storage driver and base size.

use super::*;

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

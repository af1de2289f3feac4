//! Section 5 resource and lifecycle checks: memory, CPU, pids, ulimits, read-only root, restart policy, healthcheck, image freshness.

use super::*;

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
    super::super::manual(format!(
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

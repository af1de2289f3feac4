//! Section 5 checks that confine a container: LSMs, capabilities, privileged, seccomp, no-new-privileges, exec, cgroup parent, mount propagation.

use super::*;

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
    super::super::manual(
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
    super::super::manual(
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

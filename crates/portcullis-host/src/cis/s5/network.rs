//! Section 5 network checks: swarm, published ports and interfaces, host network, default bridge.

use super::*;

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

//! Section 2 daemon network checks: icc, iptables, insecure registries, TLS, userland proxy.

use super::*;

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

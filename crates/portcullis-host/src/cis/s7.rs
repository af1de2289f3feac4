//! Section 7: swarm. Skipped (with the reason) when swarm mode is not active, instead of
//! docker-bench-security's scored passes for doing nothing.

use super::{Check, Cx, Observation, Run, Status, cis, daemon_loc, manual};
use portcullis_core::Location;
use serde_json::Value;

fn inactive(cx: &Cx) -> Option<Vec<Observation>> {
    (!cx.snap.swarm_active()).then(|| {
        vec![Observation::new(
            Status::Skipped,
            "skipped: swarm mode is not enabled",
            daemon_loc(Some("/Swarm/LocalNodeState")),
        )]
    })
}

macro_rules! swarm_manual {
    ($ty:ident, $code:literal, $v18:literal, $name:literal, $summary:literal, $rem:literal, $fn:ident, $what:literal) => {
        cis! {
            /// ## What it does
            /// A swarm check that needs a human: reported as `info` with what to look at when
            /// swarm mode is active, skipped otherwise.
            ///
            /// ## Why is this bad?
            /// Swarm managers hold the cluster's secrets and keys; their operation decides who
            /// controls every node.
            ///
            /// ## Example
            /// A swarm whose keys and certificates were never rotated.
            $ty {
                code: $code, v18: $v18, name: $name, practice: HostAudit,
                severity: Info, level: 1, scored: false,
                summary: $summary,
                remediation: $rem,
                run: Run::Global($fn),
            }
        }
        fn $fn(cx: &Cx) -> Vec<Observation> {
            inactive(cx).unwrap_or_else(|| manual($what))
        }
    };
}

swarm_manual!(
    Cis7_1,
    "CIS-7.1",
    "CIS-v1.8.0-7.1",
    "swarm-manager-count",
    "Ensure that the minimum number of manager nodes have been created in a swarm",
    "run an odd number of managers, no more than needed (docker node demote)",
    c7_1,
    "review the number of manager nodes (docker node ls): an odd number, no more than the fault tolerance needs"
);
swarm_manual!(
    Cis7_2,
    "CIS-7.2",
    "CIS-v1.8.0-7.2",
    "swarm-listen-address",
    "Ensure that swarm services are bound to a specific host interface",
    "init/join with --listen-addr on a specific interface",
    c7_2,
    "confirm the swarm listens on a specific interface (port 2377 not on 0.0.0.0)"
);
swarm_manual!(
    Cis7_4,
    "CIS-7.4",
    "CIS-v1.8.0-7.4",
    "swarm-secrets",
    "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster",
    "use docker secret for credentials",
    c7_4,
    "confirm services take credentials from docker secrets, not environment variables"
);
swarm_manual!(
    Cis7_6,
    "CIS-7.6",
    "CIS-v1.8.0-7.6",
    "swarm-unlock-key-rotation",
    "Ensure that the swarm manager auto-lock key is rotated periodically",
    "docker swarm unlock-key --rotate on a schedule",
    c7_6,
    "confirm the auto-lock key is rotated periodically (docker swarm unlock-key --rotate)"
);
swarm_manual!(
    Cis7_8,
    "CIS-7.8",
    "CIS-v1.8.0-7.8",
    "swarm-ca-rotation",
    "Ensure that CA certificates are rotated as appropriate",
    "docker swarm ca --rotate on a schedule",
    c7_8,
    "confirm the swarm CA is rotated as appropriate (docker swarm ca --rotate)"
);
swarm_manual!(
    Cis7_9,
    "CIS-7.9",
    "CIS-v1.8.0-7.9",
    "swarm-data-path",
    "Ensure that management plane traffic is separated from data plane traffic",
    "init with --data-path-addr on a separate interface",
    c7_9,
    "confirm management and data traffic use separate interfaces (--data-path-addr)"
);

cis! {
    /// ## What it does
    /// Reports swarm overlay networks without the `encrypted` option.
    ///
    /// ## Why is this bad?
    /// Container traffic between nodes travels in clear text.
    ///
    /// ## Example
    /// `docker network create -d overlay app`
    Cis7_3 {
        code: "CIS-7.3", v18: "CIS-v1.8.0-7.3", name: "unencrypted-overlay", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that all Docker swarm overlay networks are encrypted",
        remediation: "create overlay networks with --opt encrypted",
        run: Run::Global(c7_3),
    }
}
fn c7_3(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = inactive(cx) {
        return s;
    }
    let out: Vec<Observation> = cx
        .snap
        .networks
        .iter()
        .filter(|n| {
            n.get("Driver").and_then(Value::as_str) == Some("overlay")
                && n.get("Name").and_then(Value::as_str) != Some("ingress")
        })
        .map(|n| {
            let loc = Location {
                object: Some("network".into()),
                id: n.get("Id").and_then(Value::as_str).map(str::to_string),
                name: n.get("Name").and_then(Value::as_str).map(str::to_string),
                pointer: Some("/Options/encrypted".into()),
                ..Location::default()
            };
            if n.pointer("/Options/encrypted").is_some() {
                Observation::new(Status::Pass, "encrypted overlay", loc)
            } else {
                Observation::new(Status::Fail, "overlay network without encryption", loc)
            }
        })
        .collect();
    if out.is_empty() {
        vec![Observation::new(
            Status::Pass,
            "no overlay networks",
            daemon_loc(None),
        )]
    } else {
        out
    }
}

cis! {
    /// ## What it does
    /// Checks that swarm managers auto-lock (`Spec.EncryptionConfig.AutoLockManagers`).
    ///
    /// ## Why is this bad?
    /// Without auto-lock the raft keys sit unencrypted on the manager's disk.
    ///
    /// ## Example
    /// `docker swarm init` without `--autolock`.
    Cis7_5 {
        code: "CIS-7.5", v18: "CIS-v1.8.0-7.5", name: "swarm-autolock", practice: HostAudit,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that swarm manager is run in auto-lock mode",
        remediation: "docker swarm update --autolock=true",
        run: Run::Global(c7_5),
    }
}
fn c7_5(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = inactive(cx) {
        return s;
    }
    let Some(sw) = &cx.snap.swarm else {
        return vec![Observation::new(
            Status::Skipped,
            "skipped: this node is not a swarm manager",
            daemon_loc(None),
        )];
    };
    let on = sw
        .pointer("/Spec/EncryptionConfig/AutoLockManagers")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let loc = daemon_loc(Some("/Spec/EncryptionConfig/AutoLockManagers"));
    vec![
        if on {
            Observation::new(Status::Pass, "managers auto-lock", loc)
        } else {
            Observation::new(Status::Fail, "managers do not auto-lock", loc)
        }
        .value(on),
    ]
}

cis! {
    /// ## What it does
    /// Reports the node certificate expiry of the swarm CA configuration for a human to
    /// confirm (default 90 days).
    ///
    /// ## Why is this bad?
    /// Long-lived node certificates stay valid long after a node is compromised.
    ///
    /// ## Example
    /// `--cert-expiry 8760h`.
    Cis7_7 {
        code: "CIS-7.7", v18: "CIS-v1.8.0-7.7", name: "swarm-node-cert-expiry", practice: HostAudit,
        severity: Info, level: 1, scored: false,
        summary: "Ensure that node certificates are rotated as appropriate",
        remediation: "docker swarm update --cert-expiry with a period that fits your rotation policy",
        run: Run::Global(c7_7),
    }
}
fn c7_7(cx: &Cx) -> Vec<Observation> {
    if let Some(s) = inactive(cx) {
        return s;
    }
    let ns = cx
        .snap
        .swarm
        .as_ref()
        .and_then(|s| s.pointer("/Spec/CAConfig/NodeCertExpiry"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let hours = ns / 3_600_000_000_000;
    vec![
        Observation::new(
            Status::Info,
            format!(
                "node certificates expire after {hours} h: confirm this fits the rotation policy"
            ),
            daemon_loc(Some("/Spec/CAConfig/NodeCertExpiry")),
        )
        .value(ns),
    ]
}

pub static CHECKS: &[&Check] = &[
    &Cis7_1::CHECK,
    &Cis7_2::CHECK,
    &Cis7_3::CHECK,
    &Cis7_4::CHECK,
    &Cis7_5::CHECK,
    &Cis7_6::CHECK,
    &Cis7_7::CHECK,
    &Cis7_8::CHECK,
    &Cis7_9::CHECK,
];

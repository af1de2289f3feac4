//! Network segmentation: host networking, ports published on all interfaces for internal
//! services, wide port ranges, flat networks, databases reachable from public services,
//! backend networks that are not internal.

use super::{ComposeRule, rule_meta};
use crate::compose::lint::{Cx, Svc};
use crate::compose::yaml::Node;
use portcullis_core::{Finding, Severity, declare_rule};

/// Images that are internal by nature (databases, caches, brokers), and their ports.
pub const INTERNAL_IMAGES: &[&str] = &[
    "postgres",
    "postgis",
    "mysql",
    "mariadb",
    "mongo",
    "redis",
    "valkey",
    "memcached",
    "rabbitmq",
    "elasticsearch",
    "opensearch",
    "cassandra",
    "couchdb",
    "influxdb",
    "neo4j",
    "zookeeper",
    "kafka",
    "nats",
    "etcd",
    "consul",
    "clickhouse",
    "mssql",
    "oracle",
    "minio",
    "keydb",
    "dragonfly",
];
pub const INTERNAL_PORTS: &[i64] = &[
    5432, 3306, 27017, 6379, 11211, 5672, 9200, 9300, 9042, 5984, 8086, 7687, 2181, 9092, 4222,
    2379, 8500, 1433, 1521, 9000, 6380,
];

/// Whether a service is a database, cache or broker (by image name or port).
pub fn is_internal(s: &Svc) -> bool {
    let img = s.image().unwrap_or_default().to_ascii_lowercase();
    let name = img
        .rsplit('/')
        .next()
        .unwrap_or("")
        .split([':', '@'])
        .next()
        .unwrap_or("");
    INTERNAL_IMAGES
        .iter()
        .any(|i| name == *i || name.starts_with(&format!("{i}-")))
}

/// Published ports: (node, host ip or "", published, target).
pub fn published<'a>(s: &Svc<'a>) -> Vec<(&'a Node, String, String, i64)> {
    s.get("ports")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| {
            let target = p.get("target").and_then(Node::text)?.parse().ok()?;
            let pubd = p.get("published").and_then(Node::text).unwrap_or_default();
            let ip = p.get("host_ip").and_then(Node::text).unwrap_or_default();
            Some((p, ip, pubd, target))
        })
        .collect()
}

fn all_interfaces(ip: &str) -> bool {
    matches!(ip, "" | "0.0.0.0" | "::" | "[::]")
}

declare_rule! {
    /// ## What it does
    /// Reports `network_mode: host` (high) and `network_mode: service:NAME` /
    /// `container:NAME` (medium: the service shares another's network stack).
    ///
    /// ## Why is this bad?
    /// Host networking removes network isolation: the service sees every host interface,
    /// can bind any port and reach services bound to 127.0.0.1.
    ///
    /// ## Example
    /// ```yaml
    ///     network_mode: host
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.10; KICS "Host Network Mode"
    pub HostNetwork {
        code: "DC030",
        name: "host-network",
        practice: Network,
        severity: High,
        summary: "a service uses the host's network stack",
        aliases: ["CIS-5.10", "Host Network Mode"],
        references: ["https://docs.docker.com/engine/network/drivers/host/"],
        remediation: "use a user-defined bridge network and publish only the ports needed",
    }
}

impl ComposeRule for HostNetwork {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let Some(n) = s.get("network_mode") else {
                continue;
            };
            let t = n.text().unwrap_or_default();
            if t == "host" {
                out.push(Self::META.finding(
                    format!("service `{}` uses the host network", s.name),
                    cx.at(n.pos),
                ));
            } else if t.starts_with("service:") || t.starts_with("container:") {
                let mut f = Self::META.finding(
                    format!("service `{}` shares the network stack of `{t}`", s.name),
                    cx.at(n.pos),
                );
                f.severity = Severity::Medium;
                out.push(f);
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a database, cache or broker (known image such as `postgres`, `redis`,
    /// `mongo`, `rabbitmq`, or a known port such as 5432, 6379, 27017) that publishes a port
    /// on all host interfaces (no host address, `0.0.0.0`, `::`).
    ///
    /// ## Why is this bad?
    /// Docker's published ports bypass host firewalls (ufw, firewalld): the database is
    /// reachable from the internet. Thousands of Redis and MongoDB instances are taken over
    /// this way every year.
    ///
    /// ## Example
    /// ```yaml
    ///   db:
    ///     image: postgres:16
    ///     ports: ["5432:5432"]
    /// ```
    ///
    /// ## Fix safety
    /// `harden compose` binds such ports to 127.0.0.1.
    ///
    /// ## References
    /// - CIS Docker Benchmark 5.14; KICS "Container Traffic Not Bound To Host Interface"
    pub InternalServicePublished {
        code: "DC031",
        name: "internal-service-published",
        practice: Network,
        severity: High,
        summary: "a database, cache or broker is published on all interfaces",
        aliases: ["CIS-5.14", "Container Traffic Not Bound To Host Interface"],
        references: ["https://docs.docker.com/engine/network/packet-filtering-firewalls/"],
        remediation: "remove the port (services reach it over the Compose network) or bind it to 127.0.0.1",
    }
}

impl ComposeRule for InternalServicePublished {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let internal = is_internal(&s);
            for (n, ip, pubd, target) in published(&s) {
                if pubd.is_empty() && !internal {
                    continue;
                }
                if all_interfaces(&ip) && (internal || INTERNAL_PORTS.contains(&target)) {
                    out.push(Self::META.finding(
                        format!(
                            "service `{}` publishes port {target} on all host interfaces",
                            s.name
                        ),
                        cx.at(n.pos),
                    ));
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a published port range wider than 100 ports.
    ///
    /// ## Why is this bad?
    /// Every port in the range is reachable; ranges hide which ports are actually needed.
    ///
    /// ## Example
    /// ```yaml
    ///     ports: ["10000-20000:10000-20000"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub WidePortRange {
        code: "DC032",
        name: "wide-port-range",
        practice: Network,
        severity: Medium,
        summary: "a service publishes a wide port range",
        aliases: [],
        references: ["https://docs.docker.com/reference/compose-file/services/#ports"],
        remediation: "publish only the ports the service needs",
    }
}

impl ComposeRule for WidePortRange {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let ports = published(&s);
            // expanded ranges share the node position of the one entry that wrote them
            let mut seen: Vec<(u32, u32, usize)> = Vec::new();
            for (n, _, _, _) in &ports {
                match seen
                    .iter_mut()
                    .find(|(l, c, _)| *l == n.pos.line && *c == n.pos.col)
                {
                    Some(x) => x.2 += 1,
                    None => seen.push((n.pos.line, n.pos.col, 1)),
                }
            }
            for (n, _, pubd, _) in &ports {
                if let Some((a, b)) = pubd.split_once('-')
                    && let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>())
                    && b - a > 100
                {
                    out.push(Self::META.finding(
                        format!(
                            "service `{}` publishes {} ports ({pubd})",
                            s.name,
                            b - a + 1
                        ),
                        cx.at(n.pos),
                    ));
                }
            }
            for (l, c, count) in seen {
                if count > 100 {
                    let n = ports
                        .iter()
                        .find(|p| p.0.pos.line == l && p.0.pos.col == c)
                        .map(|p| p.0)
                        .unwrap();
                    out.push(Self::META.finding(
                        format!("service `{}` publishes a range of {count} ports", s.name),
                        cx.at(n.pos),
                    ));
                }
            }
        }
    }
}

/// Networks a service is attached to (`default` when none is named).
pub fn service_networks(s: &Svc) -> Vec<String> {
    if s.get("network_mode").is_some() {
        return Vec::new();
    }
    match s.get("networks").and_then(Node::as_map) {
        Some(m) if !m.is_empty() => m.iter().map(|e| e.key.clone()).collect(),
        _ => vec!["default".into()],
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a project with tiers (a service that publishes ports and a database, cache or
    /// broker) whose services all sit on the one default network. Reported at the database.
    ///
    /// ## Why is this bad?
    /// On one flat network every service can reach every other: a compromised front end
    /// talks straight to the database and to every internal admin port.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web: {image: nginx:1.27, ports: ["80:80"]}
    ///   db: {image: postgres:16}
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: define `frontend` and `backend` networks.
    ///
    /// ## References
    /// - KICS "Networks Not Set"
    pub FlatNetwork {
        code: "DC033",
        name: "flat-network",
        practice: Network,
        severity: Medium,
        summary: "all services share one default network although the project has tiers",
        aliases: ["Networks Not Set"],
        references: ["https://docs.docker.com/compose/how-tos/networking/"],
        remediation: "put public services on a `frontend` network and databases on an internal `backend` network",
    }
}

impl ComposeRule for FlatNetwork {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let svcs: Vec<Svc> = cx
            .services()
            .filter(|s| s.get("network_mode").is_none())
            .collect();
        if svcs.len() < 2 {
            return;
        }
        let all_default = svcs.iter().all(|s| service_networks(s) == ["default"]);
        let public = svcs
            .iter()
            .any(|s| published(s).iter().any(|p| !p.2.is_empty()));
        if !all_default || !public {
            return;
        }
        for s in svcs.iter().filter(|s| is_internal(s)) {
            out.push(Self::META.finding(format!("service `{}` shares the one default network with every service, including those that publish ports", s.name), cx.at_name(s)));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a database, cache or broker that shares a user-defined network with a
    /// service publishing ports to the host.
    ///
    /// ## Why is this bad?
    /// The publishing service is the one attackers reach first; from it the database is one
    /// hop away. Put a tier in between, or at least keep the database off its network.
    ///
    /// ## Example
    /// ```yaml
    ///   web: {image: nginx:1.27, ports: ["80:80"], networks: [net]}
    ///   db: {image: postgres:16, networks: [net]}
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub DatabaseReachable {
        code: "DC034",
        name: "database-reachable-from-public",
        practice: Network,
        severity: Medium,
        summary: "a database shares a network with a service that publishes ports",
        aliases: [],
        references: ["https://docs.docker.com/compose/how-tos/networking/"],
        remediation: "attach the database only to a backend network that the public service does not join",
    }
}

impl ComposeRule for DatabaseReachable {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let svcs: Vec<Svc> = cx
            .services()
            .filter(|s| s.get("network_mode").is_none())
            .collect();
        if svcs.iter().all(|s| service_networks(s) == ["default"]) {
            return; // DC033's case
        }
        for db in svcs.iter().filter(|s| is_internal(s)) {
            let nets = service_networks(db);
            for p in svcs.iter().filter(|s| {
                s.name != db.name && !is_internal(s) && published(s).iter().any(|p| !p.2.is_empty())
            }) {
                if let Some(shared) = service_networks(p).into_iter().find(|n| nets.contains(n)) {
                    out.push(Self::META.finding(format!("service `{}` is reachable on network `{shared}` from `{}`, which publishes ports", db.name, p.name), cx.at_name(db)));
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a network that joins a database, cache or broker, where no member publishes a
    /// port, and that is not `internal: true`.
    ///
    /// ## Why is this bad?
    /// A non-internal network has a route out: a compromised database can download tools and
    /// send data anywhere.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend: {}
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the services may need outbound access.
    pub BackendNotInternal {
        code: "DC035",
        name: "backend-network-not-internal",
        practice: Network,
        severity: Low,
        summary: "a backend network has a route out",
        aliases: [],
        references: ["https://docs.docker.com/reference/compose-file/networks/#internal"],
        remediation: "set `internal: true` on the network",
    }
}

impl ComposeRule for BackendNotInternal {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        let svcs: Vec<Svc> = cx.services().collect();
        for e in cx.project.section("networks") {
            if e.value.get("internal").and_then(Node::as_bool) == Some(true)
                || e.value.get("external").is_some()
            {
                continue;
            }
            let members: Vec<&Svc> = svcs
                .iter()
                .filter(|s| service_networks(s).contains(&e.key))
                .collect();
            if members.iter().any(|s| is_internal(s))
                && members.iter().all(|s| published(s).is_empty())
            {
                let mut p = e.key_pos;
                p.end_col = p.col + e.key.len() as u32;
                out.push(Self::META.finding(
                    format!(
                        "network `{}` joins only internal services but is not `internal: true`",
                        e.key
                    ),
                    cx.at(p),
                ));
            }
        }
    }
}

pub static RULES: &[&dyn ComposeRule] = &[
    &HostNetwork,
    &InternalServicePublished,
    &WidePortRange,
    &FlatNetwork,
    &DatabaseReachable,
    &BackendNotInternal,
];

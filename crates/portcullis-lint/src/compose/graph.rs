//! The network picture of a project (`portcullis lint --graph mermaid|dot`): services,
//! networks (internal ones marked), published ports with the host interface they listen on,
//! host-network services and Docker-socket mounts. Two services can reach each other exactly
//! when they are linked to the same network node (or share the host network).

use super::lint::Svc;
use super::load::Project;
use super::rules::network::{published, service_networks};
use super::rules::privilege::{is_docker_socket, mounts};
use super::yaml::Node;

fn id(prefix: &str, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}_{clean}")
}

struct Edge {
    from: String,
    to: String,
    label: String,
    style: &'static str, // "solid", "dashed", "thick"
}

/// Renders the picture as Mermaid (`mermaid`) or Graphviz (`dot`).
pub fn render(p: &Project, style: &str) -> String {
    let svcs: Vec<Svc> = p
        .services()
        .iter()
        .map(|e| Svc {
            name: &e.key,
            key_pos: e.key_pos,
            node: &e.value,
        })
        .collect();
    let mut nodes: Vec<(String, String, &'static str)> = Vec::new(); // id, label, shape
    let mut edges: Vec<Edge> = Vec::new();
    let mut nets: Vec<String> = Vec::new();
    let mut host_used = false;
    let mut sock_used = false;
    for s in &svcs {
        let sid = id("svc", s.name);
        nodes.push((sid.clone(), s.name.to_string(), "service"));
        for n in service_networks(s) {
            if !nets.contains(&n) {
                nets.push(n.clone());
            }
            edges.push(Edge {
                from: sid.clone(),
                to: id("net", &n),
                label: String::new(),
                style: "solid",
            });
        }
        match s.get("network_mode").and_then(Node::text).as_deref() {
            Some("host") => {
                host_used = true;
                edges.push(Edge {
                    from: sid.clone(),
                    to: "host".into(),
                    label: "network_mode: host".into(),
                    style: "thick",
                });
            }
            Some(m) if m.starts_with("service:") => {
                edges.push(Edge {
                    from: sid.clone(),
                    to: id("svc", &m[8..]),
                    label: "shares network stack".into(),
                    style: "thick",
                });
            }
            _ => {}
        }
        for (_, ip, pubd, target) in published(s) {
            if pubd.is_empty() {
                continue;
            }
            host_used = true;
            let ip = if ip.is_empty() {
                "0.0.0.0".to_string()
            } else {
                ip
            };
            edges.push(Edge {
                from: "host".into(),
                to: sid.clone(),
                label: format!("{ip}:{pubd} → {target}"),
                style: "solid",
            });
        }
        if mounts(s)
            .iter()
            .any(|m| m.bind && m.source.as_deref().is_some_and(is_docker_socket))
        {
            sock_used = true;
            edges.push(Edge {
                from: sid.clone(),
                to: "docker".into(),
                label: "docker.sock".into(),
                style: "dashed",
            });
        }
    }
    for n in &nets {
        let internal = p
            .section("networks")
            .iter()
            .find(|e| &e.key == n)
            .and_then(|e| e.value.get("internal"))
            .and_then(Node::as_bool)
            == Some(true);
        let label = if internal {
            format!("{n} (internal)")
        } else {
            n.clone()
        };
        nodes.push((id("net", n), label, "network"));
    }
    if host_used {
        nodes.push(("host".into(), "host interfaces".into(), "host"));
    }
    if sock_used {
        nodes.push(("docker".into(), "Docker daemon (root)".into(), "danger"));
    }
    let mut out = String::new();
    if style == "dot" {
        out.push_str("graph compose {\n  rankdir=LR;\n");
        for (i, l, shape) in &nodes {
            let attrs = match *shape {
                "service" => "shape=box",
                "network" => "shape=ellipse, style=dashed",
                "host" => "shape=doubleoctagon",
                _ => "shape=octagon, color=red",
            };
            out.push_str(&format!(
                "  {i} [label={}, {attrs}];\n",
                serde_json::to_string(l).unwrap_or_default()
            ));
        }
        for e in &edges {
            let st = match e.style {
                "dashed" => ", style=dashed, color=red",
                "thick" => ", penwidth=3, color=red",
                _ => "",
            };
            out.push_str(&format!(
                "  {} -- {} [label={}{st}];\n",
                e.from,
                e.to,
                serde_json::to_string(&e.label).unwrap_or_default()
            ));
        }
        out.push_str("}\n");
    } else {
        out.push_str("flowchart LR\n");
        for (i, l, shape) in &nodes {
            let l = l.replace('"', "'");
            out.push_str(&match *shape {
                "service" => format!("  {i}[\"{l}\"]\n"),
                "network" => format!("  {i}{{{{\"{l}\"}}}}\n"),
                "host" => format!("  {i}((\"{l}\"))\n"),
                _ => format!("  {i}[/\"{l}\"/]\n"),
            });
        }
        for e in &edges {
            let arrow = match e.style {
                "dashed" => "-.->",
                "thick" => "===",
                _ if e.from == "host" => "-->",
                _ => "---",
            };
            if e.label.is_empty() {
                out.push_str(&format!("  {} {arrow} {}\n", e.from, e.to));
            } else {
                let l = e.label.replace('"', "'");
                match e.style {
                    "dashed" => out.push_str(&format!("  {} -. \"{l}\" .-> {}\n", e.from, e.to)),
                    "thick" => out.push_str(&format!("  {} == \"{l}\" === {}\n", e.from, e.to)),
                    _ => out.push_str(&format!("  {} -- \"{l}\" {arrow} {}\n", e.from, e.to)),
                }
            }
        }
    }
    out
}

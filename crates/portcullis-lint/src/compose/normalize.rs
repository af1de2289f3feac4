//! Short syntax to one form, per file, after interpolation: what Compose does before it merges
//! files (`environment`, `labels`, `sysctls` as mappings; `depends_on` and `networks` as
//! mappings; `ports` expanded to one long-form entry per port; relative paths made absolute;
//! string-or-list fields as lists). Every produced value keeps the position of the text it came
//! from.

use super::path::{abs_path, expand_home};
use super::yaml::{Entry, Node, Pos, Value};
use std::path::Path;

/// Converts `list` forms `K=V` / `K` into a mapping. `bare` is the value of a bare `K`.
pub fn kv_map(node: &Node, bare: fn(Pos) -> Node, empty_is_null: bool) -> Node {
    match &node.value {
        Value::Seq(items) => {
            let mut out: Vec<Entry> = Vec::new();
            for it in items {
                let Some(s) = it.text() else { continue };
                let (k, v) = match s.split_once('=') {
                    Some((k, v)) => (k.to_string(), Node::str(v, it.pos)),
                    None => (s.clone(), bare(it.pos)),
                };
                out.retain(|e| e.key != k);
                out.push(Entry {
                    key: k,
                    key_pos: it.pos,
                    value: v,
                });
            }
            Node::map(out, node.pos)
        }
        Value::Null if empty_is_null => Node::map(Vec::new(), node.pos),
        _ => node.clone(),
    }
}

fn null_at(p: Pos) -> Node {
    Node::null(p)
}
fn empty_at(p: Pos) -> Node {
    Node::str("", p)
}

/// Normalises one service in place. `dir` is the directory relative paths resolve against.
pub fn service(svc: &mut Node, dir: &Path, home: Option<&str>) {
    if !matches!(svc.value, Value::Map(_)) {
        return;
    }
    if let Some(n) = svc.get_mut("environment") {
        *n = kv_map(n, null_at, false);
    }
    for k in ["labels", "sysctls"] {
        if let Some(n) = svc.get_mut(k) {
            *n = kv_map(n, empty_at, false);
        }
    }
    if let Some(n) = svc.get_mut("build") {
        match &mut n.value {
            Value::Str(s) if !is_url(s) => {
                *s = abs_path(dir, &expand_home(s, home));
            }
            Value::Map(_) => {
                if let Some(c) = n.get_mut("context")
                    && let Value::Str(s) = &mut c.value
                    && !is_url(s)
                {
                    *s = abs_path(dir, &expand_home(s, home));
                }
                if let Some(l) = n.get_mut("labels") {
                    *l = kv_map(l, empty_at, false);
                }
            }
            _ => {}
        }
    }
    if let Some(n) = svc.get_mut("env_file") {
        let items: Vec<Node> = match &n.value {
            Value::Str(_) => vec![n.clone()],
            Value::Seq(s) => s.clone(),
            _ => Vec::new(),
        };
        let items = items
            .into_iter()
            .map(|it| match &it.value {
                Value::Str(s) => Node::str(abs_path(dir, &expand_home(s, home)), it.pos),
                // the newer long form `{path: x, required: false}`
                Value::Map(_) => {
                    let mut it = it.clone();
                    if let Some(p) = it.get_mut("path")
                        && let Value::Str(s) = &mut p.value
                    {
                        *s = abs_path(dir, &expand_home(s, home));
                    }
                    it
                }
                _ => it,
            })
            .collect();
        *n = Node::new(Value::Seq(items), n.pos);
    }
    if let Some(n) = svc.get_mut("volumes")
        && let Value::Seq(items) = &mut n.value
    {
        for it in items.iter_mut() {
            match &mut it.value {
                Value::Str(s) => *s = resolve_short_volume(s, dir, home),
                Value::Map(_) => {
                    let bind = it.get("type").and_then(Node::as_str) == Some("bind");
                    if bind
                        && let Some(src) = it.get_mut("source")
                        && let Value::Str(s) = &mut src.value
                        && (s.starts_with('.') || s.starts_with('~'))
                    {
                        *s = abs_path(dir, &expand_home(s, home));
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(n) = svc.get_mut("depends_on")
        && let Value::Seq(items) = &n.value
    {
        let entries = items
            .iter()
            .filter_map(|it| {
                Some(Entry {
                    key: it.text()?,
                    key_pos: it.pos,
                    value: Node::map(
                        vec![Entry {
                            key: "condition".into(),
                            key_pos: it.pos,
                            value: Node::str("service_started", it.pos),
                        }],
                        it.pos,
                    ),
                })
            })
            .collect();
        *n = Node::map(entries, n.pos);
    }
    if let Some(n) = svc.get_mut("networks")
        && let Value::Seq(items) = &n.value
    {
        let entries = items
            .iter()
            .filter_map(|it| {
                Some(Entry {
                    key: it.text()?,
                    key_pos: it.pos,
                    value: Node::null(it.pos),
                })
            })
            .collect();
        *n = Node::map(entries, n.pos);
    }
    for k in ["dns", "dns_search", "tmpfs"] {
        if let Some(n) = svc.get_mut(k)
            && matches!(n.value, Value::Str(_))
        {
            *n = Node::new(Value::Seq(vec![n.clone()]), n.pos);
        }
    }
    if let Some(n) = svc.get_mut("ports")
        && let Value::Seq(items) = &n.value
    {
        let mut out = Vec::new();
        for it in items {
            out.extend(ports(it));
        }
        *n = Node::new(Value::Seq(out), n.pos);
    }
    if let Some(hc) = svc.get_mut("healthcheck")
        && hc.get("disable").is_some()
    {
        // Compose 1.x: any `disable` key means test: [NONE].
        let pos = hc.get("disable").map(|n| n.pos).unwrap_or(hc.pos);
        hc.remove("disable");
        hc.set(
            "test",
            Node::new(Value::Seq(vec![Node::str("NONE", pos)]), pos),
        );
    }
}

fn is_url(s: &str) -> bool {
    ["http://", "https://", "git://", "github.com/", "git@"]
        .iter()
        .any(|p| s.starts_with(p))
}

/// `./data:/data:ro` → `/abs/data:/data:ro`; named volumes and container paths unchanged.
fn resolve_short_volume(s: &str, dir: &Path, home: Option<&str>) -> String {
    let Some((host, rest)) = s.split_once(':') else {
        return s.to_string();
    };
    if host.starts_with('.') || host.starts_with('~') {
        format!("{}:{rest}", abs_path(dir, &expand_home(host, home)))
    } else {
        s.to_string()
    }
}

/// A port definition in long form: `target`, `published` (int, or a `a-b` string),
/// `protocol`, `mode`, and `host_ip`; short forms with ranges expand to one entry per port.
pub fn ports(it: &Node) -> Vec<Node> {
    let p = it.pos;
    let mk = |target: i64, published: Option<Value>, proto: Option<&str>, ip: Option<&str>| {
        let mut e = vec![Entry {
            key: "target".into(),
            key_pos: p,
            value: Node::new(Value::Int(target), p),
        }];
        if let Some(v) = published {
            e.push(Entry {
                key: "published".into(),
                key_pos: p,
                value: Node::new(v, p),
            });
        }
        if let Some(pr) = proto {
            e.push(Entry {
                key: "protocol".into(),
                key_pos: p,
                value: Node::str(pr, p),
            });
        }
        if let Some(ip) = ip {
            e.push(Entry {
                key: "host_ip".into(),
                key_pos: p,
                value: Node::str(ip, p),
            });
        }
        Node::map(e, p)
    };
    match &it.value {
        Value::Map(_) => {
            let mut m = it.clone();
            for k in ["target", "published"] {
                if let Some(n) = m.get_mut(k)
                    && let Value::Str(s) = &n.value
                    && let Ok(i) = s.parse::<i64>()
                {
                    n.value = Value::Int(i);
                }
            }
            vec![m]
        }
        Value::Int(i) => vec![mk(*i, None, None, None)],
        Value::Str(s) => {
            let (spec, proto) = match s.rsplit_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (s.as_str(), None),
            };
            // ip:published:target, published:target, target; IPv6 in brackets.
            let (ip, rest) = if let Some(r) = spec.strip_prefix('[') {
                match r.split_once("]:") {
                    Some((ip, rest)) => (Some(ip), rest),
                    None => (None, spec),
                }
            } else {
                let parts: Vec<&str> = spec.splitn(3, ':').collect();
                if parts.len() == 3 {
                    (Some(parts[0]), &spec[parts[0].len() + 1..])
                } else {
                    (None, spec)
                }
            };
            let (published, target) = match rest.rsplit_once(':') {
                Some((a, b)) => (Some(a), b),
                None => (None, rest),
            };
            let range = |s: &str| -> Option<(i64, i64)> {
                match s.split_once('-') {
                    Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
                    None => {
                        let v = s.parse().ok()?;
                        Some((v, v))
                    }
                }
            };
            let Some((t0, t1)) = range(target) else {
                return vec![it.clone()];
            };
            let pubr = match published {
                Some("") | None => None,
                Some(pp) => match range(pp) {
                    Some(r) => Some(r),
                    None => return vec![it.clone()],
                },
            };
            let ip = ip.filter(|s| !s.is_empty());
            let n = t1 - t0;
            if !(0..=65535).contains(&n) {
                return vec![it.clone()];
            }
            let mut out = Vec::new();
            for k in 0..=n {
                let pubv = match pubr {
                    None => None,
                    Some((a, b)) if b - a == n => Some(Value::Int(a + k)),
                    Some((a, b)) if t0 == t1 && a != b => Some(Value::Str(format!("{a}-{b}"))),
                    Some((a, _)) => Some(Value::Int(a + k)),
                };
                out.push(mk(t0 + k, pubv, proto, ip));
            }
            out
        }
        _ => vec![it.clone()],
    }
}

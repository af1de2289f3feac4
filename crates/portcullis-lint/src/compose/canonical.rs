//! The project as JSON in the canonical shape `docker-compose config` (1.29) prints: version,
//! env files folded into `environment`, ports in long form (or `ip:pub:target/proto` when bound
//! to an address), short volumes with their mode, durations re-printed, `$` escaped as `$$`.
//! The differential test compares this with the real tool's output.

use super::dotenv;
use super::load::{Files, Project};
use super::path::normalize;
use super::yaml::{Node, Value};
use serde_json::{Map, Value as J, json};

fn to_json(n: &Node) -> J {
    match &n.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Str(s) => J::String(s.replace('$', "$$")),
        Value::Seq(s) => J::Array(s.iter().map(to_json).collect()),
        Value::Map(m) => J::Object(
            m.iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}

fn s(v: &str) -> J {
    J::String(v.replace('$', "$$"))
}

/// Nanoseconds of a Compose duration (`1m30s`, `500ms`, `2h`), as Compose 1.x parses it.
pub fn parse_duration_ns(v: &str) -> Option<i128> {
    let b = v.trim().as_bytes();
    if b.is_empty() {
        return None;
    }
    let mut i = 0;
    let mut total: f64 = 0.0;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let num: f64 = std::str::from_utf8(&b[start..i]).ok()?.parse().ok()?;
        let ustart = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        let mult = match std::str::from_utf8(&b[ustart..i]).ok()? {
            "h" => 3600e9,
            "m" => 60e9,
            "s" => 1e9,
            "ms" => 1e6,
            "us" => 1e3,
            "ns" => 1.0,
            _ => return None,
        };
        total += num * mult;
    }
    Some(total as i128)
}

/// Compose 1.x's `serialize_ns_time_value`.
fn ns_to_text(ns: i128) -> String {
    let mut value = ns as f64;
    let mut result = (ns.to_string(), "ns");
    for (div, unit) in [
        (1000.0, "us"),
        (1000.0, "ms"),
        (1000.0, "s"),
        (60.0, "m"),
        (60.0, "h"),
    ] {
        let tmp = value / div;
        if tmp == tmp.trunc() {
            value = tmp;
            result = ((value as i128).to_string(), unit);
        } else {
            break;
        }
    }
    format!("{}{}", result.0, result.1)
}

fn str_dict(n: &Node, vars: Option<&std::collections::BTreeMap<String, String>>) -> J {
    let mut m = Map::new();
    for e in n.as_map().unwrap_or(&[]) {
        let v = match (&e.value.value, vars) {
            (Value::Null, Some(vars)) => vars.get(&e.key).cloned().unwrap_or_default(),
            (Value::Null, None) => String::new(),
            _ => e.value.scalar_text().unwrap_or_default(),
        };
        m.insert(e.key.clone(), s(&v));
    }
    J::Object(m)
}

fn volume_short(v: &str) -> String {
    let parts: Vec<&str> = v.split(':').collect();
    match parts.len() {
        1 => normalize(parts[0]),
        2 => format!("{}:{}:rw", normalize(parts[0]), normalize(parts[1])),
        _ => format!(
            "{}:{}:{}",
            normalize(parts[0]),
            normalize(parts[1]),
            parts[2]
        ),
    }
}

fn port(n: &Node) -> J {
    let g = |k: &str| n.get(k);
    let ip = g("host_ip").and_then(Node::text).filter(|s| !s.is_empty());
    if ip.is_some() {
        let published = g("published").and_then(Node::text);
        let target = g("target").and_then(Node::text).unwrap_or_default();
        let proto = g("protocol")
            .and_then(Node::text)
            .unwrap_or_else(|| "tcp".into());
        let ip = ip.unwrap_or_default();
        let mut out = String::new();
        if !ip.is_empty() {
            out.push_str(&ip);
            out.push(':');
        }
        if let Some(p) = &published {
            out.push_str(p);
        }
        if published.is_some() || !ip.is_empty() {
            out.push(':');
        }
        out.push_str(&format!("{target}/{proto}"));
        return s(&out);
    }
    let mut m = Map::new();
    for k in ["mode", "protocol", "published", "target"] {
        if let Some(v) = g(k).filter(|v| !v.is_null()) {
            m.insert(k.into(), to_json(v));
        }
    }
    J::Object(m)
}

fn service(n: &Node, p: &Project, fs: &dyn Files) -> J {
    let mut out = Map::new();
    for e in n.as_map().unwrap_or(&[]) {
        let v = &e.value;
        let j = match e.key.as_str() {
            "extends" | "env_file" => continue,
            "environment" => continue,
            "sysctls" => str_dict(v, None),
            "build" => {
                let mut b = match to_json(v) {
                    J::String(c) => {
                        let mut m = Map::new();
                        m.insert("context".into(), J::String(c));
                        m
                    }
                    J::Object(m) => m,
                    other => {
                        out.insert(e.key.clone(), other);
                        continue;
                    }
                };
                if let Some(args) = v.get("args") {
                    let args = super::normalize::kv_map(args, Node::null, true);
                    b.insert("args".into(), str_dict(&args, Some(&p.vars)));
                }
                J::Object(b)
            }
            "ports" => J::Array(v.as_seq().unwrap_or(&[]).iter().map(port).collect()),
            "volumes" => J::Array(
                v.as_seq()
                    .unwrap_or(&[])
                    .iter()
                    .map(|x| match &x.value {
                        Value::Str(t) => s(&volume_short(t)),
                        Value::Map(m) => {
                            let mut o = Map::new();
                            for e in m {
                                let keep = match e.key.as_str() {
                                    "type" | "target" | "consistency" => true,
                                    "source" | "read_only" => {
                                        !matches!(e.value.value, Value::Null | Value::Bool(false))
                                            && e.value.text().is_some_and(|t| !t.is_empty())
                                    }
                                    "bind" | "volume" | "tmpfs" => {
                                        x.get("type").and_then(Node::text).as_deref()
                                            == Some(e.key.as_str())
                                    }
                                    _ => false,
                                };
                                if keep {
                                    let val = if e.key == "source" {
                                        s(&normalize(&e.value.text().unwrap_or_default()))
                                    } else {
                                        to_json(&e.value)
                                    };
                                    o.insert(e.key.clone(), val);
                                }
                            }
                            J::Object(o)
                        }
                        _ => to_json(x),
                    })
                    .collect(),
            ),
            "secrets" | "configs" => J::Array(
                v.as_seq()
                    .unwrap_or(&[])
                    .iter()
                    .map(|x| match &x.value {
                        Value::Map(m) => J::Object(
                            m.iter()
                                .filter(|e| {
                                    ["source", "target", "uid", "gid", "mode", "name"]
                                        .contains(&e.key.as_str())
                                        && !e.value.is_null()
                                })
                                .map(|e| (e.key.clone(), to_json(&e.value)))
                                .collect(),
                        ),
                        _ => json!({"source": to_json(x)}),
                    })
                    .collect(),
            ),
            "restart" => match &v.value {
                Value::Null | Value::Bool(false) => s(""),
                _ => {
                    let t = v.scalar_text().unwrap_or_default();
                    match t.split_once(':') {
                        Some((name, n)) if n.trim() == "0" => s(name),
                        _ => s(&t),
                    }
                }
            },
            "healthcheck" => {
                let mut j = to_json(v);
                if let J::Object(m) = &mut j {
                    for k in ["interval", "timeout", "start_period"] {
                        if let Some(x) = v.get(k).and_then(Node::as_str)
                            && let Some(ns) = parse_duration_ns(x)
                        {
                            m.insert(k.into(), s(&ns_to_text(ns)));
                        }
                    }
                }
                j
            }
            _ => to_json(v),
        };
        out.insert(e.key.clone(), j);
    }
    if n.get("environment").is_some() || n.get("env_file").is_some() {
        let mut env = Map::new();
        for f in n.get("env_file").and_then(Node::as_seq).unwrap_or(&[]) {
            let path = match &f.value {
                Value::Str(s) => s.clone(),
                _ => continue,
            };
            if let Ok(text) = fs.read(std::path::Path::new(&path)) {
                for v in dotenv::parse(&text, &p.vars) {
                    env.insert(v.key.clone(), v.value.map(|x| s(&x)).unwrap_or(J::Null));
                }
            }
        }
        for e in n.get("environment").and_then(Node::as_map).unwrap_or(&[]) {
            env.insert(e.key.clone(), to_json(&e.value));
        }
        for (k, v) in env.iter_mut() {
            if v.is_null()
                && let Some(x) = p.vars.get(k)
            {
                *v = s(x);
            }
        }
        out.insert("environment".into(), J::Object(env));
    }
    J::Object(out)
}

/// Compose 1.29's `config` output for the project, as JSON.
pub fn canonical(p: &Project, fs: &dyn Files) -> J {
    let version = p
        .root
        .get("version")
        .and_then(Node::text)
        .unwrap_or_else(|| "3.9".into());
    let mut out = Map::new();
    out.insert("version".into(), J::String(version));
    let mut services = Map::new();
    for e in p.services() {
        services.insert(e.key.clone(), service(&e.value, p, fs));
    }
    out.insert("services".into(), J::Object(services));
    for sec in ["networks", "volumes", "secrets", "configs"] {
        let entries = p.section(sec);
        if entries.is_empty() {
            continue;
        }
        let mut m = Map::new();
        for e in entries {
            let mut j = match to_json(&e.value) {
                J::Null => J::Object(Map::new()),
                j => j,
            };
            if let J::Object(o) = &mut j {
                if let Some(ext) = o.get("external").cloned()
                    && ext != J::Bool(false)
                    && ext != J::Null
                {
                    match &ext {
                        J::Object(x) => {
                            o.insert("name".into(), x.get("name").cloned().unwrap_or(J::Null));
                        }
                        _ if !o.contains_key("name") => {
                            o.insert("name".into(), J::String(e.key.clone()));
                        }
                        _ => {}
                    }
                }
                if o.contains_key("name")
                    && let Some(x) = o.get("external").cloned()
                {
                    let b = !matches!(x, J::Null | J::Bool(false));
                    o.insert("external".into(), J::Bool(b));
                }
                o.remove("external_name");
                if let Some(l) = e.value.get("labels") {
                    o.insert(
                        "labels".into(),
                        to_json(&super::normalize::kv_map(l, |p| Node::str("", p), false)),
                    );
                }
                if let Some(d) = e.value.get("driver_opts") {
                    o.insert("driver_opts".into(), str_dict(d, None));
                }
            }
            m.insert(e.key.clone(), j);
        }
        out.insert(sec.into(), J::Object(m));
    }
    J::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn durations() {
        assert_eq!(ns_to_text(parse_duration_ns("1m30s").unwrap()), "90s");
        assert_eq!(ns_to_text(parse_duration_ns("2m").unwrap()), "2m");
        assert_eq!(ns_to_text(parse_duration_ns("500ms").unwrap()), "500ms");
        assert_eq!(ns_to_text(parse_duration_ns("1h").unwrap()), "1h");
    }
}

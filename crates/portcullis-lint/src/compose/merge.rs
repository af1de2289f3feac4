//! Merging a service over another, by Compose's rules (`-f a -f b`, override files, `extends`):
//! mappings merge key by key, unique lists unite (sorted), keyed lists (`ports`, `volumes`,
//! `secrets`, …) replace entry by entry, scalars are replaced. Merged values keep the position
//! of the file that wrote them.

use super::yaml::{Entry, Node, Value};
use std::collections::BTreeMap;

fn entries(n: Option<&Node>) -> Vec<Entry> {
    n.and_then(Node::as_map)
        .map(<[Entry]>::to_vec)
        .unwrap_or_default()
}

/// `base` then `over`, key by key (later wins, first position kept for order).
fn merge_mapping(base: Option<&Node>, over: Option<&Node>) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let mut out = entries(base);
    for e in entries(over) {
        match out.iter_mut().find(|x| x.key == e.key) {
            Some(x) => *x = e,
            None => out.push(e),
        }
    }
    Node::map(out, pos)
}

fn seq(n: Option<&Node>) -> Vec<Node> {
    match n.map(|n| &n.value) {
        Some(Value::Seq(s)) => s.clone(),
        Some(Value::Str(_)) => vec![n.cloned().unwrap_or_else(|| Node::null(Default::default()))],
        _ => Vec::new(),
    }
}

/// Unique items as strings, sorted (Compose 1.x `merge_unique_items_lists`).
fn merge_unique(base: Option<&Node>, over: Option<&Node>) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let mut m: BTreeMap<String, Node> = BTreeMap::new();
    for it in seq(base).into_iter().chain(seq(over)) {
        let Some(t) = it.scalar_text() else { continue };
        m.insert(t.clone(), Node::str(t, it.pos));
    }
    Node::new(Value::Seq(m.into_values().collect()), pos)
}

fn concat(base: Option<&Node>, over: Option<&Node>) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let mut v = seq(base);
    v.extend(seq(over));
    Node::new(Value::Seq(v), pos)
}

/// Lists whose entries are identified by a key: later entries with the same key replace
/// earlier ones; the result is sorted by `sort`.
fn merge_keyed<K: Ord + Clone>(
    base: Option<&Node>,
    over: Option<&Node>,
    key: impl Fn(&Node) -> K,
    sort: impl Fn(&Node) -> K,
) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let mut order: Vec<(K, Node)> = Vec::new();
    for it in seq(base).into_iter().chain(seq(over)) {
        let k = key(&it);
        match order.iter_mut().find(|(x, _)| *x == k) {
            Some(slot) => slot.1 = it,
            None => order.push((k, it)),
        }
    }
    let mut items: Vec<Node> = order.into_iter().map(|(_, n)| n).collect();
    items.sort_by_key(|n| sort(n));
    Node::new(Value::Seq(items), pos)
}

fn text_of(n: &Node, k: &str) -> String {
    n.get(k).and_then(Node::text).unwrap_or_default()
}

fn port_key(n: &Node) -> (String, String, String, String) {
    (
        text_of(n, "target"),
        text_of(n, "published"),
        text_of(n, "host_ip"),
        text_of(n, "protocol"),
    )
}

/// The container path of a volume or device entry: the merge key.
pub fn mount_target(n: &Node) -> String {
    match &n.value {
        Value::Str(s) => {
            let parts: Vec<&str> = s.splitn(3, ':').collect();
            match parts.len() {
                1 => s.clone(),
                _ => parts[1].to_string(),
            }
        }
        Value::Map(_) => text_of(n, "target"),
        _ => String::new(),
    }
}

fn secret_key(n: &Node) -> String {
    match &n.value {
        Value::Map(_) => text_of(n, "source"),
        _ => n.text().unwrap_or_default(),
    }
}

fn merge_networks(base: Option<&Node>, over: Option<&Node>) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let b = entries(base);
    let o = entries(over);
    let mut names: Vec<&Entry> = Vec::new();
    for e in b.iter().chain(o.iter()) {
        if !names.iter().any(|x| x.key == e.key) {
            names.push(e);
        }
    }
    let mut out = Vec::new();
    for e in names {
        let bv = b.iter().find(|x| x.key == e.key).map(|x| &x.value);
        let ov = o.iter().find(|x| x.key == e.key).map(|x| &x.value);
        let bm = bv.filter(|n| n.as_map().is_some());
        let om = ov.filter(|n| n.as_map().is_some());
        let mut m = Node::map(Vec::new(), ov.or(bv).map(|n| n.pos).unwrap_or(e.key_pos));
        for k in ["aliases", "link_local_ips"] {
            if bm.and_then(|n| n.get(k)).is_some() || om.and_then(|n| n.get(k)).is_some() {
                m.set(
                    k,
                    merge_unique(bm.and_then(|n| n.get(k)), om.and_then(|n| n.get(k))),
                );
            }
        }
        for k in ["priority", "ipv4_address", "ipv6_address"] {
            if let Some(v) = om.and_then(|n| n.get(k)).or(bm.and_then(|n| n.get(k))) {
                m.set(k, v.clone());
            }
        }
        out.push(Entry {
            key: e.key.clone(),
            key_pos: ov
                .map(|_| {
                    o.iter()
                        .find(|x| x.key == e.key)
                        .map(|x| x.key_pos)
                        .unwrap_or(e.key_pos)
                })
                .unwrap_or(e.key_pos),
            value: m,
        });
    }
    Node::map(out, pos)
}

fn merge_logging(base: Option<&Node>, over: Option<&Node>) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let bd = base.and_then(|n| n.get("driver"));
    let od = over.and_then(|n| n.get("driver"));
    let mut m = Node::map(Vec::new(), pos);
    let driver = od.or(bd);
    if let Some(d) = driver {
        m.set("driver", d.clone());
    }
    let same = driver.and_then(Node::text) == bd.and_then(Node::text) || bd.is_none();
    let bo = base.and_then(|n| n.get("options"));
    let oo = over.and_then(|n| n.get("options"));
    if same {
        if bo.is_some() || oo.is_some() {
            m.set("options", merge_mapping(bo, oo));
        }
    } else if let Some(o) = oo.filter(|o| o.as_map().is_some_and(|m| !m.is_empty())) {
        m.set("options", o.clone());
    }
    m
}

fn merge_deploy(base: Option<&Node>, over: Option<&Node>) -> Node {
    let pos = over.or(base).map(|n| n.pos).unwrap_or_default();
    let mut m = Node::map(Vec::new(), pos);
    let g = |n: Option<&Node>, k: &str| n.and_then(|n| n.get(k)).cloned();
    for k in ["mode", "endpoint_mode", "replicas"] {
        if let Some(v) = g(over, k).or(g(base, k)) {
            m.set(k, v);
        }
    }
    for k in [
        "labels",
        "update_config",
        "rollback_config",
        "restart_policy",
    ] {
        let (b, o) = (g(base, k), g(over, k));
        if b.is_some() || o.is_some() {
            let b = b.map(|n| super::normalize::kv_map(&n, |p| Node::str("", p), true));
            let o = o.map(|n| super::normalize::kv_map(&n, |p| Node::str("", p), true));
            m.set(k, merge_mapping(b.as_ref(), o.as_ref()));
        }
    }
    let (br, or) = (g(base, "resources"), g(over, "resources"));
    if br.is_some() || or.is_some() {
        let mut r = Node::map(
            Vec::new(),
            or.as_ref().or(br.as_ref()).map(|n| n.pos).unwrap_or(pos),
        );
        let (bl, ol) = (
            br.as_ref().and_then(|n| n.get("limits")),
            or.as_ref().and_then(|n| n.get("limits")),
        );
        if bl.is_some() || ol.is_some() {
            r.set("limits", merge_mapping(bl, ol));
        }
        let (bv, ov) = (
            br.as_ref().and_then(|n| n.get("reservations")),
            or.as_ref().and_then(|n| n.get("reservations")),
        );
        if bv.is_some() || ov.is_some() {
            r.set("reservations", merge_mapping(bv, ov));
        }
        m.set("resources", r);
    }
    let (bp, op) = (g(base, "placement"), g(over, "placement"));
    if bp.is_some() || op.is_some() {
        let mut p = Node::map(Vec::new(), pos);
        if let Some(v) =
            g(op.as_ref(), "max_replicas_per_node").or(g(bp.as_ref(), "max_replicas_per_node"))
        {
            p.set("max_replicas_per_node", v);
        }
        let (bc, oc) = (g(bp.as_ref(), "constraints"), g(op.as_ref(), "constraints"));
        if bc.is_some() || oc.is_some() {
            p.set("constraints", merge_unique(bc.as_ref(), oc.as_ref()));
        }
        if let Some(v) = g(op.as_ref(), "preferences").or(g(bp.as_ref(), "preferences")) {
            p.set("preferences", v);
        }
        m.set("placement", p);
    }
    m
}

fn merge_build(base: Option<&Node>, over: Option<&Node>) -> Node {
    let to_map = |n: Option<&Node>| -> Option<Node> {
        let n = n?;
        Some(match &n.value {
            Value::Str(_) => Node::map(
                vec![Entry {
                    key: "context".into(),
                    key_pos: n.pos,
                    value: n.clone(),
                }],
                n.pos,
            ),
            _ => n.clone(),
        })
    };
    let (b, o) = (to_map(base), to_map(over));
    let pos = o.as_ref().or(b.as_ref()).map(|n| n.pos).unwrap_or_default();
    let mut m = Node::map(Vec::new(), pos);
    let g = |n: &Option<Node>, k: &str| n.as_ref().and_then(|n| n.get(k)).cloned();
    for k in [
        "context",
        "dockerfile",
        "network",
        "target",
        "shm_size",
        "isolation",
    ] {
        if let Some(v) = g(&o, k).or(g(&b, k)) {
            m.set(k, v);
        }
    }
    for k in ["args", "labels", "extra_hosts"] {
        let (bb, oo) = (g(&b, k), g(&o, k));
        if bb.is_some() || oo.is_some() {
            let conv = |n: Node| super::normalize::kv_map(&n, Node::null, true);
            m.set(
                k,
                merge_mapping(bb.map(conv).as_ref(), oo.map(conv).as_ref()),
            );
        }
    }
    let (bc, oc) = (g(&b, "cache_from"), g(&o, "cache_from"));
    if bc.is_some() || oc.is_some() {
        m.set("cache_from", merge_unique(bc.as_ref(), oc.as_ref()));
    }
    m
}

fn extra_hosts(n: Option<&Node>) -> Option<Node> {
    let n = n?;
    Some(match &n.value {
        Value::Seq(items) => Node::map(
            items
                .iter()
                .filter_map(|it| {
                    let s = it.text()?;
                    let (h, ip) = s.split_once(':')?;
                    Some(Entry {
                        key: h.trim().into(),
                        key_pos: it.pos,
                        value: Node::str(ip.trim(), it.pos),
                    })
                })
                .collect(),
            n.pos,
        ),
        _ => n.clone(),
    })
}

/// Merges service `over` onto service `base` (both normalised).
pub fn merge_service(base: &Node, over: &Node) -> Node {
    let pos = over.pos;
    let b = |k: &str| base.get(k);
    let o = |k: &str| over.get(k);
    let has = |k: &str| b(k).is_some() || o(k).is_some();
    let mut m = Node::map(Vec::new(), pos);
    let mut done: Vec<&str> = Vec::new();
    let put = |m: &mut Node, k: &'static str, v: Node, done: &mut Vec<&str>| {
        m.set(k, v);
        done.push(k);
    };
    for k in [
        "environment",
        "labels",
        "ulimits",
        "sysctls",
        "depends_on",
        "storage_opt",
    ] {
        if has(k) {
            put(&mut m, k, merge_mapping(b(k), o(k)), &mut done);
        }
    }
    if has("extra_hosts") {
        let v = merge_mapping(
            extra_hosts(b("extra_hosts")).as_ref(),
            extra_hosts(o("extra_hosts")).as_ref(),
        );
        put(&mut m, "extra_hosts", v, &mut done);
    }
    for k in ["secrets", "configs"] {
        if has(k) {
            put(
                &mut m,
                k,
                merge_keyed(b(k), o(k), secret_key, secret_key),
                &mut done,
            );
        }
    }
    if has("security_opt") {
        let key = |n: &Node| n.text().unwrap_or_default();
        put(
            &mut m,
            "security_opt",
            merge_keyed(b("security_opt"), o("security_opt"), key, key),
            &mut done,
        );
    }
    if has("links") {
        let key = |n: &Node| {
            let s = n.text().unwrap_or_default();
            match s.split_once(':') {
                Some((_, a)) => a.to_string(),
                None => s,
            }
        };
        let sort = |n: &Node| n.text().unwrap_or_default();
        put(
            &mut m,
            "links",
            merge_keyed(b("links"), o("links"), key, sort),
            &mut done,
        );
    }
    if has("networks") {
        put(
            &mut m,
            "networks",
            merge_networks(b("networks"), o("networks")),
            &mut done,
        );
    }
    for k in ["volumes", "devices"] {
        if has(k) {
            put(
                &mut m,
                k,
                merge_keyed(b(k), o(k), mount_target, mount_target),
                &mut done,
            );
        }
    }
    for k in [
        "cap_add",
        "cap_drop",
        "expose",
        "external_links",
        "volumes_from",
        "device_cgroup_rules",
        "profiles",
    ] {
        if has(k) {
            put(&mut m, k, merge_unique(b(k), o(k)), &mut done);
        }
    }
    for k in ["dns", "dns_search", "env_file", "tmpfs"] {
        if has(k) {
            put(&mut m, k, concat(b(k), o(k)), &mut done);
        }
    }
    if has("logging") {
        put(
            &mut m,
            "logging",
            merge_logging(b("logging"), o("logging")),
            &mut done,
        );
    }
    if has("ports") {
        let target = |n: &Node| {
            (
                n.get("target")
                    .and_then(|t| t.text())
                    .and_then(|t| t.parse::<i64>().ok())
                    .unwrap_or(0),
                String::new(),
                String::new(),
                String::new(),
            )
        };
        put(
            &mut m,
            "ports",
            merge_keyed(b("ports"), o("ports"), port_key, |n| {
                let t = target(n);
                (format!("{:08}", t.0), t.1, t.2, t.3)
            }),
            &mut done,
        );
    }
    if has("healthcheck") {
        let over_disabled = o("healthcheck")
            .and_then(|h| h.get("disabled"))
            .and_then(Node::as_bool)
            == Some(true);
        let v = if over_disabled {
            o("healthcheck").cloned().unwrap_or_else(|| Node::null(pos))
        } else {
            merge_mapping(b("healthcheck"), o("healthcheck"))
        };
        put(&mut m, "healthcheck", v, &mut done);
    }
    if has("deploy") {
        put(
            &mut m,
            "deploy",
            merge_deploy(b("deploy"), o("deploy")),
            &mut done,
        );
    }
    if has("build") {
        put(
            &mut m,
            "build",
            merge_build(b("build"), o("build")),
            &mut done,
        );
    }
    // Everything else: scalars (and unknown keys) are replaced.
    let mut rest: Vec<Entry> = Vec::new();
    for e in base
        .as_map()
        .unwrap_or(&[])
        .iter()
        .chain(over.as_map().unwrap_or(&[]))
    {
        if done.contains(&e.key.as_str()) || e.key == "extends" {
            continue;
        }
        match rest.iter_mut().find(|x| x.key == e.key) {
            Some(x) => *x = e.clone(),
            None => rest.push(e.clone()),
        }
    }
    if let Some(mm) = m.as_map_mut() {
        mm.extend(rest);
    }
    // keys keep the position of the file that wrote them last
    if let Some(mm) = m.as_map_mut() {
        for e in mm.iter_mut() {
            if let Some(oe) = over.entry(&e.key).or_else(|| base.entry(&e.key)) {
                e.key_pos = oe.key_pos;
            }
        }
    }
    m
}

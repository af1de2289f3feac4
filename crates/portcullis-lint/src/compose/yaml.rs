//! A YAML document tree that keeps where every value was written, read the way Docker Compose
//! 1.x (PyYAML, YAML 1.1 types) reads it: anchors and aliases, merge keys (`<<`), last duplicate
//! key wins. Hostile input is bounded: nesting depth (the parser's limits), and the number of
//! nodes an alias expansion may create (a billion-laughs document fails, it does not grow).

use granit_parser::{Event, Parser, ScalarStyle, StructureStyle};
use std::collections::HashMap;

/// Where a value was written: file index (into the project's file table), 1-based line and
/// column, and the 1-based column one past its end when it fits on the line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub file: u32,
    pub line: u32,
    pub col: u32,
    pub end_col: u32,
}

/// A value as Compose sees it after YAML typing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One mapping entry; the key is always a string (Compose keys are), with its own position.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Node {
        Node { value, pos }
    }
    pub fn null(pos: Pos) -> Node {
        Node::new(Value::Null, pos)
    }
    pub fn str(s: impl Into<String>, pos: Pos) -> Node {
        Node::new(Value::Str(s.into()), pos)
    }
    pub fn map(entries: Vec<Entry>, pos: Pos) -> Node {
        Node::new(Value::Map(entries), pos)
    }
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_map_mut(&mut self) -> Option<&mut Vec<Entry>> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
    /// The entry for `key` in a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key == key)
    }
    /// The value for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.as_map_mut()?
            .iter_mut()
            .find(|e| e.key == key)
            .map(|e| &mut e.value)
    }
    /// A scalar as text the way Python's `str()` prints it (`True`, `1.5`), `None` for
    /// collections and null.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(if *b { "True" } else { "False" }.into()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(py_float(*f)),
            _ => None,
        }
    }
    /// A scalar as a plain string (`true`, `1.5`) for checks that compare text.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(py_float(*f)),
            _ => None,
        }
    }
    /// Number of nodes in this tree (itself included).
    pub fn size(&self) -> usize {
        match &self.value {
            Value::Seq(s) => 1 + s.iter().map(Node::size).sum::<usize>(),
            Value::Map(m) => 1 + m.iter().map(|e| 1 + e.value.size()).sum::<usize>(),
            _ => 1,
        }
    }
    /// Sets `key` to `value`, replacing an existing entry in place or appending.
    pub fn set(&mut self, key: &str, value: Node) {
        let pos = value.pos;
        if let Some(m) = self.as_map_mut() {
            if let Some(e) = m.iter_mut().find(|e| e.key == key) {
                e.value = value;
            } else {
                m.push(Entry {
                    key: key.to_string(),
                    key_pos: pos,
                    value,
                });
            }
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let m = self.as_map_mut()?;
        let i = m.iter().position(|e| e.key == key)?;
        Some(m.remove(i))
    }
}

/// Python's `repr` of a float, closely enough for Compose values (`0.5`, `1.0`, `1e+20`).
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == f.trunc() && f.abs() < 1e16 {
        return format!("{f:.1}");
    }
    format!("{f}")
}

/// Limits for hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nodes the document may grow to, alias expansions included.
    pub max_nodes: usize,
    /// Nesting of collections.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_nodes: 500_000,
            max_depth: 200,
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        raw: Vec<(Node, Node)>,
        pending: Option<Node>,
        pos: Pos,
        anchor: usize,
    },
}

/// Parses the first document of `text` into a tree. An empty document is `Null`.
pub fn parse(text: &str, file: u32, limits: Limits) -> Result<Node, YamlError> {
    let mut opts = granit_parser::Options::default();
    opts.block_nesting_limit = limits.max_depth;
    opts.flow_nesting_limit = limits.max_depth;
    opts.set_emit_comments(false);
    let mut parser = Parser::new_from_str_with_options(text, opts);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut total: usize = 0;
    let mut root: Option<Node> = None;
    let mut started = false;
    while let Some(ev) = parser.next_event() {
        let (ev, span) = ev.map_err(|e| YamlError {
            line: e.marker().line() as u32,
            col: e.marker().col() as u32 + 1,
            message: e.info().to_string(),
        })?;
        let pos = Pos {
            file,
            line: span.start.line() as u32,
            col: span.start.col() as u32 + 1,
            end_col: if span.end.line() == span.start.line() {
                span.end.col() as u32 + 1
            } else {
                0
            },
        };
        let err = |m: String| YamlError {
            line: pos.line,
            col: pos.col,
            message: m,
        };
        let node = match ev {
            Event::StreamStart | Event::StreamEnd => continue,
            Event::DocumentStart(..) => {
                if started {
                    break;
                }
                started = true;
                continue;
            }
            Event::DocumentEnd => {
                if root.is_some() || stack.is_empty() {
                    break;
                }
                continue;
            }
            Event::Alias(id) => {
                let Some(n) = anchors.get(&id) else {
                    return Err(err("alias to an unknown anchor".into()));
                };
                total += n.size();
                if total > limits.max_nodes {
                    return Err(err(format!(
                        "aliases expand the document beyond {} nodes (a YAML bomb?)",
                        limits.max_nodes
                    )));
                }
                n.clone()
            }
            Event::Scalar(v, style, anchor, tag) => {
                total += 1;
                let tag = tag.map(|t| t.to_string());
                let value = resolve_scalar(&v, style, tag.as_deref());
                let n = Node::new(value, pos);
                if anchor != 0 {
                    anchors.insert(anchor, n.clone());
                }
                n
            }
            Event::SequenceStart(_, anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(err(format!("nesting deeper than {}", limits.max_depth)));
                }
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    pos,
                    anchor,
                });
                continue;
            }
            Event::MappingStart(style, anchor, _) => {
                if stack.len() >= limits.max_depth {
                    return Err(err(format!("nesting deeper than {}", limits.max_depth)));
                }
                let _ = style == StructureStyle::Flow;
                stack.push(Frame::Map {
                    raw: Vec::new(),
                    pending: None,
                    pos,
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { items, pos, anchor }) => {
                    total += 1;
                    let n = Node::new(Value::Seq(items), pos);
                    if anchor != 0 {
                        anchors.insert(anchor, n.clone());
                    }
                    n
                }
                _ => return Err(err("unbalanced sequence".into())),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    raw, pos, anchor, ..
                }) => {
                    total += 1;
                    let n = build_map(raw, pos).map_err(err)?;
                    if total > limits.max_nodes {
                        return Err(err(format!(
                            "merge keys expand the document beyond {} nodes",
                            limits.max_nodes
                        )));
                    }
                    if anchor != 0 {
                        anchors.insert(anchor, n.clone());
                    }
                    n
                }
                _ => return Err(err("unbalanced mapping".into())),
            },
            _ => continue,
        };
        if total > limits.max_nodes {
            return Err(err(format!(
                "document larger than {} nodes",
                limits.max_nodes
            )));
        }
        match stack.last_mut() {
            None => {
                root = Some(node);
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { raw, pending, .. }) => match pending.take() {
                None => *pending = Some(node),
                Some(k) => raw.push((k, node)),
            },
        }
    }
    Ok(root.unwrap_or(Node::null(Pos {
        file,
        line: 1,
        col: 1,
        end_col: 0,
    })))
}

/// Builds a mapping from its raw pairs: merge keys first (the first of a list of merged maps
/// wins over later ones), explicit keys over merged ones, the last duplicate key wins.
fn build_map(raw: Vec<(Node, Node)>, pos: Pos) -> Result<Node, String> {
    let mut merged: Vec<Entry> = Vec::new();
    let mut explicit: Vec<Entry> = Vec::new();
    for (k, v) in raw {
        let is_merge = matches!(&k.value, Value::Str(s) if s == "<<") && k.pos.end_col != 0 && {
            // a quoted "<<" is an ordinary key; plain scalars end 2 columns after the start
            k.pos.end_col == k.pos.col + 2
        };
        if is_merge {
            let maps: Vec<Node> = match v.value {
                Value::Map(_) => vec![v],
                Value::Seq(items) => items,
                _ => return Err("a merge key `<<` needs a mapping or a list of mappings".into()),
            };
            // Later maps first, so that earlier ones override them.
            for m in maps.into_iter().rev() {
                let Value::Map(entries) = m.value else {
                    return Err("a merge key `<<` needs a mapping or a list of mappings".into());
                };
                merged.extend(entries);
            }
            continue;
        }
        let key = match &k.value {
            Value::Str(s) => s.clone(),
            Value::Null => "null".into(),
            other => Node::new(other.clone(), k.pos)
                .scalar_text()
                .ok_or_else(|| "a mapping key must be a scalar".to_string())?,
        };
        explicit.push(Entry {
            key,
            key_pos: k.pos,
            value: v,
        });
    }
    let mut out: Vec<Entry> = Vec::with_capacity(merged.len() + explicit.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in merged.into_iter().chain(explicit) {
        match index.get(&e.key) {
            Some(&i) => out[i] = e,
            None => {
                index.insert(e.key.clone(), out.len());
                out.push(e);
            }
        }
    }
    Ok(Node::map(out, pos))
}

/// YAML 1.1 typing of a scalar, as PyYAML's safe loader does it.
fn resolve_scalar(v: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    if let Some(t) = tag {
        if t.ends_with(":str") || t == "!" {
            return Value::Str(v.to_string());
        }
        if t.ends_with(":int")
            && let Some(i) = parse_int(v)
        {
            return Value::Int(i);
        }
        if t.ends_with(":bool")
            && let Some(b) = parse_bool(v)
        {
            return Value::Bool(b);
        }
        if t.ends_with(":null") {
            return Value::Null;
        }
    }
    if style != ScalarStyle::Plain {
        return Value::Str(v.to_string());
    }
    if matches!(v, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = parse_bool(v) {
        return Value::Bool(b);
    }
    if let Some(i) = parse_int(v) {
        return Value::Int(i);
    }
    if let Some(f) = parse_float(v) {
        return Value::Float(f);
    }
    Value::Str(v.to_string())
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// YAML 1.1 integers: decimal, `0b`, `0x`, leading-zero octal, `_` separators and base 60
/// (`1:30` is 90: why Compose asks for quoted ports).
fn parse_int(v: &str) -> Option<i64> {
    let (neg, body) = match v.as_bytes().first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    if body.is_empty() {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let n: i64 = if let Some(b) = body.strip_prefix("0b") {
        if b.is_empty() || !b.chars().all(|c| c == '0' || c == '1' || c == '_') {
            return None;
        }
        i64::from_str_radix(&clean[2..], 2).ok()?
    } else if let Some(h) = body.strip_prefix("0x") {
        if h.is_empty() || !h.chars().all(|c| c.is_ascii_hexdigit() || c == '_') {
            return None;
        }
        i64::from_str_radix(&clean[2..], 16).ok()?
    } else if body == "0" {
        0
    } else if body.starts_with('0') {
        if !body.chars().all(|c| ('0'..='7').contains(&c) || c == '_') {
            return None;
        }
        i64::from_str_radix(&clean, 8).ok()?
    } else if body.contains(':') {
        let mut parts = body.split(':');
        let first = parts.next()?;
        if first.is_empty()
            || !first.starts_with(|c: char| ('1'..='9').contains(&c))
            || !first.chars().all(|c| c.is_ascii_digit() || c == '_')
        {
            return None;
        }
        let mut acc: i64 = first.replace('_', "").parse().ok()?;
        for p in parts {
            if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let d: i64 = p.parse().ok()?;
            if d > 59 {
                return None;
            }
            acc = acc.checked_mul(60)?.checked_add(d)?;
        }
        acc
    } else {
        if !body.starts_with(|c: char| c.is_ascii_digit())
            || !body.chars().all(|c| c.is_ascii_digit() || c == '_')
        {
            return None;
        }
        clean.parse().ok()?
    };
    Some(if neg { -n } else { n })
}

fn parse_float(v: &str) -> Option<f64> {
    let body = v.trim_start_matches(['-', '+']);
    let neg = v.starts_with('-');
    match body {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if v == body => return Some(f64::NAN),
        _ => {}
    }
    // [0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)?
    let b = body.as_bytes();
    let dot = body.find('.')?;
    let (int, rest) = (&body[..dot], &body[dot + 1..]);
    if !(int.is_empty()
        || b[0].is_ascii_digit() && int.chars().all(|c| c.is_ascii_digit() || c == '_'))
    {
        return None;
    }
    let (frac, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    if !frac.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if let Some(e) = exp {
        let digits = e.strip_prefix(['-', '+'])?;
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    let s: String = v.chars().filter(|&c| c != '_').collect();
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Node {
        parse(s, 0, Limits::default()).unwrap()
    }

    #[test]
    fn yaml11_types() {
        let n = p("a: yes\nb: 0777\nc: 1:30\nd: '80'\ne: 1.5\nf: ~\ng: 0x1F\nh: 1_000\n");
        assert_eq!(n.get("a").unwrap().value, Value::Bool(true));
        assert_eq!(n.get("b").unwrap().value, Value::Int(511));
        assert_eq!(n.get("c").unwrap().value, Value::Int(90));
        assert_eq!(n.get("d").unwrap().value, Value::Str("80".into()));
        assert_eq!(n.get("e").unwrap().value, Value::Float(1.5));
        assert_eq!(n.get("f").unwrap().value, Value::Null);
        assert_eq!(n.get("g").unwrap().value, Value::Int(31));
        assert_eq!(n.get("h").unwrap().value, Value::Int(1000));
    }

    #[test]
    fn positions_are_one_based() {
        let n = p("services:\n  web:\n    image: nginx\n");
        let web = n.get("services").unwrap().entry("web").unwrap();
        assert_eq!((web.key_pos.line, web.key_pos.col), (2, 3));
        let img = web.value.get("image").unwrap();
        assert_eq!((img.pos.line, img.pos.col, img.pos.end_col), (3, 12, 17));
    }

    #[test]
    fn merge_keys_and_aliases() {
        let n = p("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  x: 9\n");
        let c = n.get("c").unwrap();
        assert_eq!(c.get("x").unwrap().value, Value::Int(9));
        assert_eq!(c.get("y").unwrap().value, Value::Int(2));
        assert_eq!(c.get("z").unwrap().value, Value::Int(4));
        // the merged value keeps the line where it was written
        assert_eq!(c.get("y").unwrap().pos.line, 1);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let prev = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let e = parse(&s, 0, Limits::default()).unwrap_err();
        assert!(e.message.contains("YAML bomb"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000);
        assert!(parse(&s, 0, Limits::default()).is_err());
        let mut s = String::new();
        for i in 0..10_000 {
            s.push_str(&" ".repeat(i));
            s.push_str("a:\n");
        }
        assert!(parse(&s, 0, Limits::default()).is_err());
    }
}

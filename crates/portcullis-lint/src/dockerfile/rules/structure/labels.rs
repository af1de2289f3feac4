//! LABEL pairs and the label-schema checks (DF051–DF058) that share one shape: for every label
//! the schema gives a format, check its value wherever a LABEL sets it.

use super::util::walk_scope;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::{Instruction, Kind, Vars, expand, split_words, unquote, unquote_word};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, RuleMeta};

/// One `key=value` of a LABEL, unquoted, with source spans.
pub struct Label {
    pub key: String,
    pub value: String,
    pub key_start: usize,
    pub key_end: usize,
    pub value_start: usize,
    pub end: usize,
}

impl Label {
    /// The value with variables expanded; `None` when a variable has no known value.
    pub fn resolved(&self, vars: &Vars) -> Option<String> {
        if !self.value.contains('$') {
            return Some(self.value.clone());
        }
        let (v, ok) = expand(&self.value, vars);
        ok.then_some(v)
    }
}

/// The pairs of a LABEL, the legacy `LABEL key value` form included.
pub fn labels(ins: &Instruction) -> Vec<Label> {
    if ins.kind != Kind::Label {
        return vec![];
    }
    let text = ins.logical.get(ins.args_offset..).unwrap_or("");
    let words = split_words(text);
    let src = |o: usize| ins.source_offset(ins.args_offset + o);
    let legacy = words
        .first()
        .is_some_and(|&(a, b)| !text[a..b].contains('='));
    if legacy {
        let Some(&(a, b)) = words.first() else {
            return vec![];
        };
        let vs = words.get(1).map(|w| w.0).unwrap_or(b);
        let value = text[vs..].trim_end();
        return vec![Label {
            key: unquote(&text[a..b]),
            value: unquote(value),
            key_start: src(a),
            key_end: src(b),
            value_start: src(vs),
            end: src(vs + value.len()),
        }];
    }
    words
        .into_iter()
        .filter_map(|(a, b)| {
            let w = &text[a..b];
            let eq = w.find('=')?;
            Some(Label {
                key: unquote_word(&w[..eq]),
                value: unquote_word(&w[eq + 1..]),
                key_start: src(a),
                key_end: src(a + eq),
                value_start: src(a + eq + 1),
                end: src(b),
            })
        })
        .collect()
}

/// Reports every LABEL value of a schema label of type `ty` that `valid` rejects. Values with
/// variables are expanded (ARG defaults, ENV); values that stay unknown are not judged, and
/// empty values are left to DF051.
pub fn check_format(
    cx: &Ctx,
    meta: &'static RuleMeta,
    ty: LabelType,
    what: &str,
    valid: fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    let schema = &cx.config.label_schema;
    if !schema.values().any(|t| *t == ty) {
        return;
    }
    walk_scope(cx, |ins, vars| {
        for l in labels(ins) {
            if schema.get(&l.key) != Some(&ty) {
                continue;
            }
            let Some(v) = l.resolved(vars) else { continue };
            if v.is_empty() || valid(&v) {
                continue;
            }
            out.push(cx.finding(
                meta,
                format!("label `{}` value `{}` is not {what}", l.key, v),
                l.value_start,
                l.end,
            ));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::labels;
    use crate::dockerfile::parse;

    #[test]
    fn pairs_and_legacy() {
        let df = parse("LABEL a=1 \"b c\"=\"x y\" \\\n  d=\nLABEL maintainer Jane Doe\n");
        let l = labels(&df.instructions[0]);
        let kv: Vec<_> = l
            .iter()
            .map(|l| (l.key.as_str(), l.value.as_str()))
            .collect();
        assert_eq!(kv, [("a", "1"), ("b c", "x y"), ("d", "")]);
        assert_eq!(&df.source[l[1].key_start..l[1].key_end], "\"b c\"");
        let l = labels(&df.instructions[1]);
        assert_eq!(
            (l[0].key.as_str(), l[0].value.as_str()),
            ("maintainer", "Jane Doe")
        );
        assert_eq!(&df.source[l[0].value_start..l[0].end], "Jane Doe");
    }
}

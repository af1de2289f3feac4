//! Dockerfile variable substitution: `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`,
//! `${VAR:+word}`, `${VAR+word}`, as BuildKit applies it to FROM and other instructions.

use std::collections::HashMap;

/// Variables in scope: name → value (`None` when declared without a value, e.g. `ARG TAG`).
pub type Vars = HashMap<String, Option<String>>;

/// Expands variables in `s`. Returns the text and whether every variable had a value.
/// Unknown or value-less variables stay as written and make the result unresolved.
pub fn expand(s: &str, vars: &Vars) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut resolved = true;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() && b[i + 1] == b'$' {
            out.push('$');
            i += 2;
            continue;
        }
        if c != b'$' {
            let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            i += ch.len_utf8().max(1);
            continue;
        }
        // `${...}`
        if b.get(i + 1) == Some(&b'{') {
            let Some(close) = matching_brace(s, i + 1) else {
                out.push_str(&s[i..]);
                return (out, false);
            };
            let inner = &s[i + 2..close];
            let name_end = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            let op = &inner[name_end..];
            let val = vars.get(name).cloned().flatten();
            let (text, ok) = match op {
                "" => match &val {
                    Some(v) => (v.clone(), true),
                    None => (s[i..=close].to_string(), false),
                },
                _ if op.starts_with(":-") || op.starts_with('-') => {
                    let word = op.trim_start_matches(':')[1..].to_string();
                    let (word, ok) = expand(&word, vars);
                    let set = vars.get(name).is_some_and(|v| v.is_some());
                    match (&val, op.starts_with(':')) {
                        (Some(v), true) if !v.is_empty() => (v.clone(), true),
                        (Some(v), false) => (v.clone(), true),
                        _ if !set || op.starts_with(':') => (word, ok),
                        _ => (word, ok),
                    }
                }
                _ if op.starts_with(":+") || op.starts_with('+') => {
                    let word = op.trim_start_matches(':')[1..].to_string();
                    let (word, ok) = expand(&word, vars);
                    match &val {
                        Some(v) if !(op.starts_with(':') && v.is_empty()) => (word, ok),
                        Some(_) => (String::new(), true),
                        None if vars.contains_key(name) => (String::new(), false),
                        None => (String::new(), true),
                    }
                }
                _ => (s[i..=close].to_string(), val.is_some()),
            };
            resolved &= ok;
            out.push_str(&text);
            i = close + 1;
            continue;
        }
        // `$NAME`
        let name_end = s[i + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map(|e| i + 1 + e)
            .unwrap_or(s.len());
        if name_end == i + 1 {
            out.push('$');
            i += 1;
            continue;
        }
        let name = &s[i + 1..name_end];
        match vars.get(name).cloned().flatten() {
            Some(v) => out.push_str(&v),
            None => {
                resolved = false;
                out.push_str(&s[i..name_end]);
            }
        }
        i = name_end;
    }
    (out, resolved)
}

fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + k);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(p: &[(&str, Option<&str>)]) -> Vars {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.map(|s| s.to_string())))
            .collect()
    }

    #[test]
    fn operators() {
        let v = vars(&[("A", Some("1")), ("E", Some("")), ("N", None)]);
        assert_eq!(expand("x$A-${A}", &v), ("x1-1".into(), true));
        assert_eq!(expand("${B:-def}", &v), ("def".into(), true));
        assert_eq!(expand("${E:-def}", &v), ("def".into(), true));
        assert_eq!(expand("${E-def}", &v), ("".into(), true));
        assert_eq!(expand("${A:+alt}", &v), ("alt".into(), true));
        assert_eq!(expand("${E:+alt}", &v), ("".into(), true));
        assert_eq!(expand("${B:+alt}", &v), ("".into(), true));
        assert_eq!(expand("img:$N", &v), ("img:$N".into(), false));
        assert_eq!(expand("${B:-${A}}", &v), ("1".into(), true));
        assert!(!expand("${unterminated", &v).1);
        assert_eq!(expand("$", &v), ("$".into(), true));
    }
}

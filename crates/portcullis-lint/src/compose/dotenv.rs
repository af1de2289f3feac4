//! `.env` and `env_file:` files: `KEY=VALUE` lines, `export ` prefixes, `#` comments,
//! single quotes taken literally, double quotes with escapes, `${VAR}` expanded in unquoted
//! and double-quoted values from the variables known so far (as python-dotenv and Compose do).

use super::interp::{Env, interpolate};
use std::collections::BTreeMap;

/// One variable of an env file, with the 1-based line where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    pub key: String,
    /// `None` for a bare `KEY` line (taken from the environment, if set).
    pub value: Option<String>,
    pub line: u32,
    /// Whether the value was quoted (a quoted value is never a secret placeholder).
    pub quoted: bool,
}

/// Parses an env file. `outer` holds variables that win over the file's own
/// (the process environment) and that `${VAR}` in values can refer to.
pub fn parse(text: &str, outer: &BTreeMap<String, String>) -> Vec<EnvVar> {
    let mut out: Vec<EnvVar> = Vec::new();
    let mut known: BTreeMap<String, String> = BTreeMap::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().peekable();
    while let Some((i, raw)) = lines.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line
            .strip_prefix("export ")
            .map(str::trim_start)
            .unwrap_or(line);
        let (key, rest) = match line.find('=') {
            Some(eq) => (line[..eq].trim(), Some(line[eq + 1..].trim_start())),
            None => (line, None),
        };
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let (value, quoted, expand) = match rest {
            None => (None, false, false),
            Some(r) if r.starts_with('\'') || r.starts_with('"') => {
                let q = r.chars().next().unwrap_or('"');
                let mut body = r[1..].to_string();
                // A quoted value may span lines.
                while !closes(&body, q) {
                    match lines.next() {
                        Some((_, more)) => {
                            body.push('\n');
                            body.push_str(more);
                        }
                        None => break,
                    }
                }
                let end = close_index(&body, q).unwrap_or(body.len());
                let inner = &body[..end];
                if q == '\'' {
                    (Some(inner.to_string()), true, false)
                } else {
                    (Some(unescape(inner)), true, true)
                }
            }
            Some(r) => {
                let v = match r.find(" #") {
                    Some(c) => &r[..c],
                    None => r,
                };
                (Some(v.trim_end().to_string()), false, true)
            }
        };
        let value = match value {
            Some(v) if expand && v.contains('$') => {
                let mut scope = known.clone();
                for (k, v) in outer {
                    scope.insert(k.clone(), v.clone());
                }
                let env = Env::new(&scope);
                Some(interpolate(&v, &env).unwrap_or(v))
            }
            v => v,
        };
        if let Some(v) = &value {
            known.insert(key.to_string(), v.clone());
        }
        out.retain(|e: &EnvVar| e.key != key);
        out.push(EnvVar {
            key: key.to_string(),
            value,
            line: i as u32 + 1,
            quoted,
        });
    }
    out
}

fn close_index(s: &str, q: char) -> Option<usize> {
    let mut esc = false;
    for (i, c) in s.char_indices() {
        if esc {
            esc = false;
            continue;
        }
        if c == '\\' && q == '"' {
            esc = true;
            continue;
        }
        if c == q {
            return Some(i);
        }
    }
    None
}

fn closes(s: &str, q: char) -> bool {
    close_index(s, q).is_some()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let outer = BTreeMap::from([("HOME".to_string(), "/home/u".to_string())]);
        let v = parse(
            "# c\nA=1\nexport B = two words # comment\nC='lit $HOME'\nD=\"q ${HOME}\\n\"\nE\nF=${A}x\n",
            &outer,
        );
        let get = |k: &str| v.iter().find(|e| e.key == k).unwrap().value.clone();
        assert_eq!(get("A").as_deref(), Some("1"));
        assert_eq!(get("B").as_deref(), Some("two words"));
        assert_eq!(get("C").as_deref(), Some("lit $HOME"));
        assert_eq!(get("D").as_deref(), Some("q /home/u\n"));
        assert_eq!(get("E"), None);
        assert_eq!(get("F").as_deref(), Some("1x"));
    }
}

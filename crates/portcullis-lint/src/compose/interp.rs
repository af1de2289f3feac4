//! Variable interpolation as the Compose specification defines it: `$VAR`, `${VAR}`,
//! `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
//! `${VAR+alt}`, `$$` for a literal `$`, and defaults that are themselves interpolated
//! (`${A:-${B:-c}}`).

use std::collections::BTreeMap;

/// Why a string could not be interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterpError {
    /// `${VAR:?msg}` / `${VAR?msg}` with the variable unset (or empty for `:?`).
    Required { var: String, message: String },
    /// A `$` that starts nothing valid, or an unclosed `${`.
    Invalid(String),
}

impl std::fmt::Display for InterpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InterpError::Required { var, message } => {
                write!(f, "required variable {var} is missing a value: {message}")
            }
            InterpError::Invalid(s) => write!(f, "invalid interpolation format in \"{s}\""),
        }
    }
}

/// The variables interpolation reads, and the ones it found unset.
pub struct Env<'a> {
    pub vars: &'a BTreeMap<String, String>,
    pub unset: std::cell::RefCell<Vec<String>>,
}

impl<'a> Env<'a> {
    pub fn new(vars: &'a BTreeMap<String, String>) -> Env<'a> {
        Env {
            vars,
            unset: Default::default(),
        }
    }
}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}
fn is_name(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// Interpolates `s`. Unset plain variables become empty and are recorded in `env.unset`.
pub fn interpolate(s: &str, env: &Env) -> Result<String, InterpError> {
    if !s.contains('$') {
        return Ok(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut lit = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        out.push_str(&s[lit..i]);
        let Some(&n) = b.get(i + 1) else {
            return Err(InterpError::Invalid(s.to_string()));
        };
        if n == b'$' {
            out.push('$');
            i += 2;
        } else if is_name_start(n) {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && is_name(b[j]) {
                j += 1;
            }
            out.push_str(&lookup(&s[start..j], env));
            i = j;
        } else if n == b'{' {
            let end = closing_brace(b, i + 2).ok_or_else(|| InterpError::Invalid(s.to_string()))?;
            out.push_str(&braced(&s[i + 2..end], s, env)?);
            i = end + 1;
        } else {
            return Err(InterpError::Invalid(s.to_string()));
        }
        lit = i;
    }
    out.push_str(&s[lit..]);
    Ok(out)
}

/// Index of the `}` closing a `${` whose content starts at `from`, nested `${…}` skipped.
fn closing_brace(b: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'$' if b.get(i + 1) == Some(&b'$') => i += 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn lookup(name: &str, env: &Env) -> String {
    match env.vars.get(name) {
        Some(v) => v.clone(),
        None => {
            env.unset.borrow_mut().push(name.to_string());
            String::new()
        }
    }
}

fn braced(inner: &str, whole: &str, env: &Env) -> Result<String, InterpError> {
    let b = inner.as_bytes();
    if b.is_empty() || !is_name_start(b[0]) {
        return Err(InterpError::Invalid(whole.to_string()));
    }
    let mut j = 1;
    while j < b.len() && is_name(b[j]) {
        j += 1;
    }
    let name = &inner[..j];
    let rest = &inner[j..];
    if rest.is_empty() {
        return Ok(lookup(name, env));
    }
    let (op, word) = if let Some(w) = rest.strip_prefix(":-") {
        (":-", w)
    } else if let Some(w) = rest.strip_prefix(":?") {
        (":?", w)
    } else if let Some(w) = rest.strip_prefix(":+") {
        (":+", w)
    } else if let Some(w) = rest.strip_prefix('-') {
        ("-", w)
    } else if let Some(w) = rest.strip_prefix('?') {
        ("?", w)
    } else if let Some(w) = rest.strip_prefix('+') {
        ("+", w)
    } else {
        return Err(InterpError::Invalid(whole.to_string()));
    };
    let val = env.vars.get(name);
    let set = val.is_some();
    let nonempty = val.is_some_and(|v| !v.is_empty());
    Ok(match op {
        ":-" if nonempty => val.cloned().unwrap_or_default(),
        ":-" => interpolate(word, env)?,
        "-" if set => val.cloned().unwrap_or_default(),
        "-" => interpolate(word, env)?,
        ":+" if nonempty => interpolate(word, env)?,
        ":+" => String::new(),
        "+" if set => interpolate(word, env)?,
        "+" => String::new(),
        ":?" if nonempty => val.cloned().unwrap_or_default(),
        "?" if set => val.cloned().unwrap_or_default(),
        _ => {
            let message = interpolate(word, env)?;
            return Err(InterpError::Required {
                var: name.to_string(),
                message: if message.is_empty() {
                    name.to_string()
                } else {
                    message
                },
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Result<String, InterpError> {
        let mut m = BTreeMap::new();
        m.insert("SET".to_string(), "v".to_string());
        m.insert("EMPTY".to_string(), String::new());
        interpolate(s, &Env::new(&m))
    }

    #[test]
    fn operators() {
        assert_eq!(run("$SET/${SET}").unwrap(), "v/v");
        assert_eq!(
            run("${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d}").unwrap(),
            "d d  d"
        );
        assert_eq!(
            run("${SET:+a} ${EMPTY:+a} ${EMPTY+a} ${UNSET+a}.").unwrap(),
            "a  a ."
        );
        assert_eq!(run("$$SET $$").unwrap(), "$SET $");
        assert_eq!(run("${UNSET:-${ALSO:-${SET}}}x").unwrap(), "vx");
        assert!(matches!(
            run("${UNSET:?boom}"),
            Err(InterpError::Required { .. })
        ));
        assert!(matches!(
            run("${EMPTY:?boom}"),
            Err(InterpError::Required { .. })
        ));
        assert_eq!(run("${EMPTY?boom}").unwrap(), "");
        assert!(matches!(
            run("${UNSET?boom}"),
            Err(InterpError::Required { .. })
        ));
        assert!(matches!(run("a $ b"), Err(InterpError::Invalid(_))));
        assert!(matches!(run("${unclosed"), Err(InterpError::Invalid(_))));
    }
}

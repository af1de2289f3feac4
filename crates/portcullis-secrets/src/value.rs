//! Judging and masking secret values.

/// Masks a secret for display: at most its first 4 characters (at most a quarter of it), then
/// `…` and the length, e.g. `AKIA… (20 chars)`. Never more than a quarter of the value is shown.
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = (n / 4).min(4);
    let mut out: String = secret.chars().take(keep).collect();
    out.push_str(&format!("… ({n} chars)"));
    out
}

/// Shannon entropy of a string in bits per character.
pub fn entropy(s: &str) -> f64 {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Values that are exactly a placeholder word.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "changeit",
    "password",
    "passwd",
    "secret",
    "example",
    "sample",
    "placeholder",
    "dummy",
    "fake",
    "test",
    "testing",
    "todo",
    "none",
    "null",
    "nil",
    "undefined",
    "redacted",
    "hidden",
    "masked",
    "foobar",
    "true",
    "false",
    "default",
    "empty",
    "required",
    "optional",
    "string",
    "mypassword",
    "yourpassword",
    "secretpassword",
    "password123",
    "token",
];

/// Values containing one of these are placeholders.
const PLACEHOLDER_PARTS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "your_",
    "your-",
    "yourpass",
    "yourtoken",
    "dummy",
    "redacted",
    "replace_",
    "replaceme",
    "insert_",
    "xxxx",
    "****",
    "....",
    "<your",
    "notasecret",
    "not_a_secret",
    "not-a-secret",
];

/// Whether a value is a placeholder rather than a credential: `changeme`, `<token>`, `xxxx`,
/// `{{ secret }}`, `...EXAMPLE`, `aaaaaaaa`.
pub fn is_placeholder(value: &str) -> bool {
    let l = value.trim().to_ascii_lowercase();
    if l.is_empty()
        || PLACEHOLDERS.contains(&l.as_str())
        || PLACEHOLDER_PARTS.iter().any(|p| l.contains(p))
    {
        return true;
    }
    let wrapped = |a: &str, b: &str| l.starts_with(a) && l.ends_with(b);
    if wrapped("<", ">")
        || wrapped("{", "}")
        || wrapped("[", "]")
        || wrapped("%", "%")
        || wrapped("__", "__")
        || l.contains("%s")
        || l.contains("{{")
    {
        return true;
    }
    // `aaaa`, `0000`, `abab`: at most two distinct characters.
    let mut distinct: Vec<char> = Vec::new();
    for c in l.chars() {
        if !distinct.contains(&c) {
            distinct.push(c);
            if distinct.len() > 2 {
                return false;
            }
        }
    }
    l.chars().count() >= 4
}

/// Whether a value refers to a secret kept elsewhere instead of being one: a variable
/// (`$X`, `${X}`, `%X%`), a command substitution, a file (`/run/secrets/x`, `./x`, `~/x`,
/// `@file`, `file:`), stdin (`-`), or a dotted/snake-case identifier of code
/// (`os.environ`, `settings.SECRET_KEY`, `new_password`).
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    if v.contains('$')
        || v.contains('`')
        || v.starts_with('/')
        || v.starts_with("~/")
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with('@')
        || v.starts_with('-')
        || v.starts_with("file:")
        || v.starts_with("env:")
    {
        return true;
    }
    let ident = |s: &str| {
        let mut c = s.chars();
        c.next()
            .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
            && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
    };
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() >= 2 && parts.iter().all(|p| ident(p)) && !v.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    // snake_case or SCREAMING_CASE identifiers: `new_password`, `DB_PASSWORD`.
    let snake = |s: &str| {
        s.contains('_')
            && s.split('_').all(|w| {
                !w.is_empty()
                    && (w.chars().all(|c| c.is_ascii_lowercase())
                        || w.chars().all(|c| c.is_ascii_uppercase()))
            })
    };
    snake(v)
}

/// The number of character classes (lower, upper, digit, other) a value uses.
pub(crate) fn char_classes(v: &str) -> usize {
    let mut c = [false; 4];
    for ch in v.chars() {
        let i = if ch.is_ascii_lowercase() {
            0
        } else if ch.is_ascii_uppercase() {
            1
        } else if ch.is_ascii_digit() {
            2
        } else {
            3
        };
        c[i] = true;
    }
    c.iter().filter(|x| **x).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_at_most_a_quarter() {
        assert_eq!(mask("AKIAZ7VRSQ5TJN2PLMHX"), "AKIA… (20 chars)");
        assert_eq!(mask("hunter2"), "h… (7 chars)");
        assert_eq!(mask("ab"), "… (2 chars)");
        assert!(!mask("ghp_0123456789abcdefghijABCDEFGHIJ012345").contains("0123"));
    }

    #[test]
    fn entropy_values() {
        assert_eq!(entropy(""), 0.0);
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(entropy("q8Zr2LpX0vWm4Tn6Yb1K") > 4.0);
    }

    #[test]
    fn placeholders() {
        for p in [
            "changeme",
            "<password>",
            "{{ .Values.pw }}",
            "xxxxxxxx",
            "YOUR_TOKEN_HERE",
            "00000000",
            "%PASSWORD%",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for real in ["hunter2!", "S3cr3t-Pa55", "q8Zr2LpX0vWm4Tn6Yb1K"] {
            assert!(!is_placeholder(real), "{real}");
        }
    }

    #[test]
    fn references() {
        for r in [
            "$DB_PASSWORD",
            "${TOKEN}",
            "/run/secrets/db",
            "~/.pw",
            "os.environ",
            "settings.SECRET_KEY",
            "new_password",
            "DB_PASSWORD",
            "-",
            "file:/x",
        ] {
            assert!(is_reference(r), "{r}");
        }
        for lit in ["hunter2", "S3cr3t-Pa55", "a.b.1", "Tr0ub4dor&3"] {
            assert!(!is_reference(lit), "{lit}");
        }
    }

    #[test]
    fn classes() {
        assert_eq!(char_classes("abc"), 1);
        assert_eq!(char_classes("aB3!"), 4);
    }
}

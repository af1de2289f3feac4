use super::util::walk_scope;
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` that sets several variables where one value refers to another variable
    /// set by the same `ENV` (`ENV DIR=/opt/app BIN=$DIR/bin`), unless that variable already
    /// had a value before the instruction (from an earlier `ENV` or `ARG` of the stage or of
    /// the stages it is built from). A variable referring to itself (`PATH=/x:$PATH`) is fine.
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded with the variables as they were before it: `$DIR`
    /// above is empty, so `BIN` becomes `/bin`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV DIR=/opt/app BIN=$DIR/bin
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ENV DIR=/opt/app
    /// ENV BIN=$DIR/bin
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3044
    pub EnvSelfReference {
        code: "DF044",
        name: "env-self-reference",
        practice: BuildHygiene,
        severity: Medium,
        summary: "ENV value refers to a variable set by the same ENV",
        aliases: ["DL3044"],
        references: ["https://docs.docker.com/reference/dockerfile/#environment-replacement"],
        remediation: "set the referenced variable in an earlier ENV",
    }
}

/// Names of the variables a raw (quoted) value refers to: `$NAME`, `${NAME}`, `${NAME:-x}`;
/// single-quoted text and `\$` are literal.
fn references(raw: &str) -> Vec<&str> {
    let b = raw.as_bytes();
    let name_len = |s: usize| {
        b[s..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count()
    };
    let (mut out, mut i, mut single, mut double) = (Vec::new(), 0, false, false);
    while i < b.len() {
        match b[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'$' if !single => {
                let s = if b.get(i + 1) == Some(&b'{') {
                    i + 2
                } else {
                    i + 1
                };
                let n = if s <= b.len() { name_len(s) } else { 0 };
                if n > 0 {
                    out.push(&raw[s..s + n]);
                    i = s + n - 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

impl DockerfileRule for EnvSelfReference {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        walk_scope(cx, |ins, vars| {
            if ins.kind != Kind::Env {
                return;
            }
            let pairs = ins.key_values();
            if pairs.len() < 2 {
                return;
            }
            for (i, kv) in pairs.iter().enumerate() {
                let raw = cx.df.source.get(kv.value_start..kv.end).unwrap_or("");
                let mut seen: Vec<&str> = Vec::new();
                for name in references(raw) {
                    let same_env = pairs
                        .iter()
                        .enumerate()
                        .any(|(j, o)| j != i && o.key == name);
                    if !same_env || vars.contains_key(name) || seen.contains(&name) {
                        continue;
                    }
                    seen.push(name);
                    let msg = format!(
                        "`{}` uses `${name}`, set by this same `ENV`: it expands to the value from before it",
                        kv.key
                    );
                    out.push(cx.finding(&Self::META, msg, kv.value_start, kv.end));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn finds_references() {
        assert_eq!(references("$A/${B}/${C:-x}$D_E"), ["A", "B", "C", "D_E"]);
        assert_eq!(references(r#"'$A' \$B \"$C\" $"#), ["C"]);
        assert_eq!(references("\"'$A'\""), ["A"]);
        assert!(references("${").is_empty());
    }
}

use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated: it sets a field of the image configuration that tools no
    /// longer read. A `maintainer` label is where tools look.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER ops@example.com
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL maintainer="ops@example.com"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: rewrites the instruction as `LABEL maintainer="..."`, the value quoted and escaped
    /// so that it stays as written (no variable expansion); quotes around the whole value are
    /// dropped.
    ///
    /// ## References
    /// - hadolint DL4000; Trivy DS022; BuildKit MaintainerDeprecated
    pub MaintainerDeprecated {
        code: "DF068",
        name: "maintainer-deprecated",
        practice: BuildHygiene,
        severity: Info,
        summary: "deprecated MAINTAINER instruction",
        aliases: ["DL4000", "DS022", "MaintainerDeprecated"],
        references: ["https://docs.docker.com/reference/build-checks/maintainer-deprecated/"],
        remediation: "use LABEL maintainer=\"...\" instead",
    }
}

/// `LABEL maintainer="..."` for a MAINTAINER value, escaped with the file's escape character.
fn label_for(value: &str, escape: char, lowercase: bool) -> String {
    let mut v = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            v.push(escape);
        }
        v.push(c);
    }
    let kw = if lowercase { "label" } else { "LABEL" };
    format!("{kw} maintainer=\"{v}\"")
}

impl DockerfileRule for MaintainerDeprecated {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx
            .df
            .instructions
            .iter()
            .filter(|i| i.kind == Kind::Maintainer)
        {
            let (_, end) = ins.args_span();
            let written = ins.args_text();
            let value = unquote(written.trim());
            let mut f = cx.at_instruction(
                &Self::META,
                "`MAINTAINER` is deprecated: use `LABEL maintainer=...`",
                ins,
            );
            if !value.contains(['\n', '\r']) {
                f.fix = Some(Fix {
                    description: "replace MAINTAINER with LABEL maintainer=".into(),
                    safety: FixSafety::Safe,
                    edits: vec![Edit {
                        start: ins.start,
                        end,
                        replacement: label_for(
                            &value,
                            cx.df.escape,
                            ins.keyword.chars().all(|c| c.is_ascii_lowercase()),
                        ),
                    }],
                });
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::label_for;

    #[test]
    fn quoting() {
        assert_eq!(
            label_for("ops@example.com", '\\', false),
            r#"LABEL maintainer="ops@example.com""#
        );
        assert_eq!(
            label_for(r#"Jo "J" $HOME \x"#, '\\', true),
            r#"label maintainer="Jo \"J\" \$HOME \\x""#
        );
        assert_eq!(label_for("a\"b", '`', false), "LABEL maintainer=\"a`\"b\"");
    }
}

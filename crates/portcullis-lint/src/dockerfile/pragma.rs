//! Inline suppressions in Dockerfile comments:
//! `# portcullis ignore=DF012,DF020 -- reason` and `# hadolint ignore=DL3008` (next
//! instruction), `global ignore=` (whole file), `stage ignore=` (the following stage).

use super::Dockerfile;
use portcullis_core::Location;
use portcullis_core::suppress::{Pragma, Scope};

/// Extracts every pragma of a file.
pub fn pragmas(path: &str, df: &Dockerfile) -> Vec<Pragma> {
    let mut out = Vec::new();
    let comment_lines: std::collections::HashSet<u32> =
        df.comments.iter().map(|c| c.line).collect();
    // Instructions are in line order: the first one after a line is a binary search away.
    let next_after = |line: u32| df.instructions.partition_point(|i| i.line <= line);
    let froms: Vec<&super::Instruction> = df
        .instructions
        .iter()
        .filter(|i| i.kind == super::Kind::From)
        .collect();
    let next_from_after = |line: u32| froms.partition_point(|i| i.line <= line);
    for c in &df.comments {
        if !c.text.starts_with("portcullis") && !c.text.starts_with("hadolint") {
            continue;
        }
        let Some((scope_word, codes, reason)) = parse_comment(&c.text) else {
            continue;
        };
        let scope = match scope_word {
            "global" => Scope::File,
            "stage" => {
                let k = next_from_after(c.line);
                let Some(from) = froms.get(k) else { continue };
                let next = froms.get(k + 1).map(|i| i.line - 1).unwrap_or(u32::MAX);
                Scope::Lines {
                    start: from.line,
                    end: next,
                }
            }
            _ => {
                // The next instruction; only comment lines may stand between.
                let Some(ins) = df.instructions.get(next_after(c.line)) else {
                    continue;
                };
                let between_ok = (c.line + 1..ins.line).all(|l| comment_lines.contains(&l));
                if !between_ok {
                    continue;
                }
                Scope::Lines {
                    start: ins.line,
                    end: ins.end_line,
                }
            }
        };
        let (el, ec) = df.position(c.end);
        let (l, col) = df.position(c.start);
        out.push(Pragma {
            codes,
            scope,
            origin: Location::span(path, l, col, el, ec),
            reason,
        });
    }
    out
}

/// `portcullis ignore=A,B -- why` → ("", [A, B], Some(why)); `hadolint global ignore=A` →
/// ("global", [A], None).
fn parse_comment(text: &str) -> Option<(&'static str, Vec<String>, Option<String>)> {
    let t = text.trim();
    let rest = t
        .strip_prefix("portcullis")
        .or_else(|| t.strip_prefix("hadolint"))?
        .trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("global") {
        ("global", r.trim_start())
    } else if let Some(r) = rest.strip_prefix("stage") {
        ("stage", r.trim_start())
    } else {
        ("", rest)
    };
    let rest = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let (list, reason) = match rest.split_once("--").or_else(|| rest.split_once('#')) {
        Some((l, r)) => (l, Some(r.trim().to_string()).filter(|s| !s.is_empty())),
        None => (rest, None),
    };
    // Codes run until the first word that is not a code list.
    let list = list.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut codes = Vec::new();
    for part in list.split(',') {
        let p = part.trim();
        let code = p.split_whitespace().next().unwrap_or("");
        if code.is_empty() {
            continue;
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            break;
        }
        codes.push(code.to_string());
        if p.split_whitespace().count() > 1 {
            break;
        }
    }
    if codes.is_empty() {
        return None;
    }
    Some((scope, codes, reason))
}

#[cfg(test)]
mod tests {
    use super::parse_comment;

    #[test]
    fn pragma_forms() {
        assert_eq!(
            parse_comment("portcullis ignore=DF012,DF020 -- pinned by digest upstream"),
            Some((
                "",
                vec!["DF012".into(), "DF020".into()],
                Some("pinned by digest upstream".into())
            ))
        );
        assert_eq!(
            parse_comment("hadolint ignore=DL3008, DL3009"),
            Some(("", vec!["DL3008".into(), "DL3009".into()], None))
        );
        assert_eq!(
            parse_comment("hadolint global ignore=DL3059"),
            Some(("global", vec!["DL3059".into()], None))
        );
        assert_eq!(
            parse_comment("portcullis stage ignore=DF100"),
            Some(("stage", vec!["DF100".into()], None))
        );
        assert_eq!(
            parse_comment("hadolint ignore=DL3008 # why"),
            Some(("", vec!["DL3008".into()], Some("why".into())))
        );
        assert_eq!(parse_comment("just a comment"), None);
    }
}

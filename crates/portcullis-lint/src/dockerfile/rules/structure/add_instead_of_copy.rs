use super::util::{copy_paths, keyword_span, resolve, walk_scope};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Instruction, Kind, Vars};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ADD` that copies a local file or directory: a source that is neither a URL
    /// (`https://`, `git@...`) nor a tar archive that `ADD` would extract (`.tar`, `.tar.gz`,
    /// `.tgz`, `.tar.xz`, ...). Heredoc sources count as local. Sources whose variables have no
    /// known value are not judged. `ONBUILD ADD` is checked too.
    ///
    /// ## Why is this bad?
    /// `ADD` has magic `COPY` lacks: it fetches URLs and unpacks archives. Using it for plain
    /// files hides that magic where nobody expects it, and a file that later becomes an archive
    /// is silently unpacked.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD app.jar /opt/app/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY app.jar /opt/app/
    /// ```
    ///
    /// ## Fix safety
    /// Safe: replaces `ADD` with `COPY` when every source is written out (no variable), local
    /// and not an archive, and no flag is one `COPY` lacks (`--checksum`, `--keep-git-dir`,
    /// `--unpack`). A local tar file whose name has no archive extension was unpacked by `ADD` and
    /// is copied as is by `COPY`.
    ///
    /// ## References
    /// - hadolint DL3020; Trivy DS005; CIS Docker Benchmark 4.9
    pub AddInsteadOfCopy {
        code: "DF020",
        name: "add-instead-of-copy",
        practice: BuildHygiene,
        severity: Low,
        summary: "ADD of local files instead of COPY",
        aliases: ["DL3020", "DS005", "CIS-4.9"],
        references: ["https://docs.docker.com/build/building/best-practices/#add-or-copy"],
        remediation: "use COPY for local files; keep ADD for URLs and archives to extract",
    }
}

const ARCHIVES: &[&str] = &[
    ".tar", ".tgz", ".tb2", ".tbz", ".tbz2", ".tlz", ".tpz", ".txz", ".tzst", ".taz", ".tz", ".gz",
    ".bz2", ".xz", ".lz", ".lzma", ".zst", ".z",
];

/// Whether ADD would unpack `path` (by its name).
pub fn is_archive(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    ARCHIVES.iter().any(|e| p.ends_with(e))
}

/// Whether ADD would fetch `path` (HTTP or git).
pub fn is_remote(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    ["http://", "https://", "git@", "git://", "ssh://"]
        .iter()
        .any(|s| p.starts_with(s))
}

/// Flags ADD has and COPY does not.
const ADD_ONLY_FLAGS: &[&str] = &["checksum", "keep-git-dir", "unpack"];

fn check_add(cx: &Ctx, ins: &Instruction, vars: &Vars, out: &mut Vec<Finding>) {
    let Some((sources, _)) = copy_paths(ins) else {
        return;
    };
    let mut first_local = None;
    let mut all_local = true;
    for s in sources {
        let heredoc = s.text.starts_with("<<");
        match resolve(ins, &s.text, vars, cx.df.escape) {
            Some(p) if heredoc || (!is_remote(&p) && !is_archive(&p)) => {
                first_local.get_or_insert((
                    s,
                    if heredoc {
                        "a heredoc".to_string()
                    } else {
                        format!("local `{p}`")
                    },
                ));
                // A build argument may turn into a URL: no fix then.
                all_local &= !s.text.contains('$');
            }
            _ => all_local = false,
        }
    }
    let Some((word, name)) = first_local else {
        return;
    };
    let mut f = cx.finding(
        &AddInsteadOfCopy::META,
        format!("`ADD` of {name}: use `COPY`"),
        word.start,
        word.end,
    );
    let flags_ok = ins.flags.iter().all(|fl| {
        !ADD_ONLY_FLAGS
            .iter()
            .any(|n| fl.name.eq_ignore_ascii_case(n))
    });
    if all_local && flags_ok {
        let (s, e) = keyword_span(ins);
        let copy = if ins.keyword.chars().all(|c| c.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        f.fix = Some(Fix {
            description: "replace ADD with COPY".into(),
            safety: FixSafety::Safe,
            edits: vec![Edit {
                start: s,
                end: e,
                replacement: copy.into(),
            }],
        });
    }
    out.push(f);
}

impl DockerfileRule for AddInsteadOfCopy {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        walk_scope(cx, |ins, vars| {
            let target = ins.onbuild.as_deref().unwrap_or(ins);
            if target.kind == Kind::Add {
                check_add(cx, target, vars, out);
            }
        });
    }
}

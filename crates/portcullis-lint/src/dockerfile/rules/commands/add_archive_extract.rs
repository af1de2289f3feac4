use super::util::{basename, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote_word};
use crate::shell::Command;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a local archive brought in with `COPY` and then extracted by a later RUN of the
    /// same stage (`tar -x`, `tar xf`, `gunzip`, `unxz`, `zcat`, ...). The archive is
    /// recognised by its file name: a `COPY` source, or the `COPY` destination, with a tar or
    /// compression extension (`.tar`, `.gz`, `.tgz`, `.bz2`, `.xz`, `.Z`, `.lz`, `.lzma`, ...)
    /// whose base name appears among the extracting command's arguments.
    ///
    /// ## Why is this bad?
    /// `ADD` extracts a local tar archive (plain, gzip, bzip2 or xz) into the destination by
    /// itself. `COPY` followed by an extracting RUN stores the archive in one layer and its
    /// contents in another, so the image carries both, and the build needs `tar` in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: `ADD` extracts into the destination directory, which may differ from
    /// where the RUN extracted, and does not apply the RUN's tar options.
    ///
    /// ## Notes
    /// Unlike hadolint, which reports only the last stage's archives, every stage is checked;
    /// `tar xf` (old-style options without a dash) and `--file=ARCHIVE` count as extraction.
    pub AddArchiveExtract {
        code: "DF010",
        name: "add-archive-extract",
        practice: BuildHygiene,
        severity: Info,
        summary: "a local archive is COPYed and then extracted by RUN instead of using ADD",
        aliases: ["DL3010"],
        references: ["https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives"],
        remediation: "ADD the archive to the directory it should be extracted into",
    }
}

/// Extensions of archives `ADD` extracts (as hadolint lists them).
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// Programs that decompress their file operands.
const DECOMPRESSORS: &[&str] = &[
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
    "xzcat",
    "bzcat",
];

fn is_archive(name: &str) -> bool {
    ARCHIVE_EXTENSIONS.iter().any(|e| name.ends_with(e))
}

/// Whether a command extracts or decompresses its file operands.
fn extracts(cmd: &Command) -> bool {
    if cmd.is("tar") {
        return cmd.args.iter().enumerate().any(|(i, a)| {
            let t = a.text.as_str();
            if t == "--extract" || t == "--get" {
                return true;
            }
            if let Some(short) = t.strip_prefix('-') {
                return !short.starts_with('-') && short.contains('x');
            }
            // Old-style options: `tar xzf archive.tar.gz`.
            i == 0 && t.contains('x') && t.chars().all(|c| c.is_ascii_alphabetic())
        });
    }
    if ["gzip", "bzip2", "xz", "lzma", "lzip", "zstd"]
        .iter()
        .any(|n| cmd.is(n))
    {
        return cmd.args.iter().any(|a| {
            a.text == "--decompress"
                || (a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains('d'))
        });
    }
    DECOMPRESSORS.iter().any(|n| cmd.is(n))
}

/// Base names of the files a command names (`--file=X` included).
fn operand_names(cmd: &Command) -> Vec<String> {
    cmd.args
        .iter()
        .map(|a| {
            let t = a.text.as_str();
            basename(t.strip_prefix("--file=").unwrap_or(t)).to_string()
        })
        .collect()
}

struct Archive {
    name: String,
    start: usize,
    end: usize,
    /// Line of the RUN that extracts it, once seen.
    extracted_by: Option<(String, u32)>,
}

impl DockerfileRule for AddArchiveExtract {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut archives: Vec<Archive> = Vec::new();
        let flush = |archives: &mut Vec<Archive>, out: &mut Vec<Finding>| {
            for a in archives.drain(..) {
                if let Some((prog, line)) = a.extracted_by {
                    let msg = format!(
                        "`{}` is copied, then extracted by `{prog}` on line {line}: `ADD` extracts a local archive itself",
                        a.name
                    );
                    out.push(cx.finding(&Self::META, msg, a.start, a.end));
                }
            }
        };
        for ins in &cx.df.instructions {
            match ins.kind {
                Kind::From => flush(&mut archives, out),
                Kind::Copy if ins.flag("from").is_none() && ins.heredocs.is_empty() => {
                    let words = ins.words();
                    let Some((dest, srcs)) = words.split_last() else {
                        continue;
                    };
                    let dest_name = unquote_word(&dest.text);
                    if is_archive(basename(&dest_name)) {
                        archives.push(Archive {
                            name: basename(&dest_name).to_string(),
                            start: dest.start,
                            end: dest.end,
                            extracted_by: None,
                        });
                        continue;
                    }
                    for s in srcs {
                        let t = unquote_word(&s.text);
                        let name = basename(&t);
                        if is_archive(name) {
                            archives.push(Archive {
                                name: name.to_string(),
                                start: s.start,
                                end: s.end,
                                extracted_by: None,
                            });
                        }
                    }
                }
                Kind::Run if !archives.is_empty() => {
                    for (_, cmd) in run_commands(cx, ins) {
                        if !extracts(cmd) {
                            continue;
                        }
                        let names = operand_names(cmd);
                        for a in archives.iter_mut().filter(|a| a.extracted_by.is_none()) {
                            if names.contains(&a.name) {
                                a.extracted_by = Some((basename(&cmd.name).to_string(), ins.line));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        flush(&mut archives, out);
    }
}

use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote_word};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `ADD` of a remote source whose content is not pinned:
    ///
    /// - an `http://` or `https://` URL without `--checksum=sha256:…`;
    /// - a git repository (`git@host:repo`, `git://`, `ssh://`, `https://….git`) that is not
    ///   pinned to a commit: no `#<40-hex commit>` ref, no `?commit=`/`?checksum=` parameter and no
    ///   `--checksum`. A branch or tag ref (`#main`, `#v1.2.0`) can be moved.
    ///
    /// `ONBUILD ADD` triggers are checked too.
    ///
    /// ## Why is this bad?
    /// Without a checksum, `ADD` trusts whatever the server returns: a compromised server or a
    /// re-published release silently changes your image, and the build is not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ADD https://github.com/moby/buildkit.git#v0.16.0 /src
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    ///     https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
    /// ADD https://github.com/moby/buildkit.git#d9b3b3e2cb7b4d1b04df3a7baa75d4f3ba3ec3b1 /src
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the checksum must come from the publisher, not from a download today.
    pub AddUrlWithoutChecksum {
        code: "DF104",
        name: "add-url-without-checksum",
        practice: Updates,
        severity: Medium,
        summary: "ADD downloads a URL or git repository without a checksum or commit pin",
        aliases: [],
        references: ["https://docs.docker.com/reference/dockerfile/#add---checksum"],
        remediation: "add `--checksum=sha256:<digest>` (URLs) or pin the git ref to a full commit hash",
    }
}

fn is_hex(s: &str, lens: &[usize]) -> bool {
    lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What kind of remote source a word is.
enum Remote {
    Http,
    /// A git repository with its ref (`None` when there is no `#ref`).
    Git {
        pinned: bool,
        git_ref: Option<String>,
    },
}

fn classify(src: &str) -> Option<Remote> {
    let lower = src.to_ascii_lowercase();
    let http = lower.starts_with("http://") || lower.starts_with("https://");
    let (base, fragment) = match src.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (src, None),
    };
    let (path, query) = match base.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (base, None),
    };
    let git = lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || (http && path.to_ascii_lowercase().ends_with(".git"));
    if !git {
        return http.then_some(Remote::Http);
    }
    let git_ref = fragment
        .map(|f| f.split(':').next().unwrap_or("").to_string())
        .filter(|r| !r.is_empty());
    let by_query = query.is_some_and(|q| {
        q.split('&').any(|kv| match kv.split_once('=') {
            Some(("commit" | "checksum", v)) => is_hex(v, &[40, 64]),
            _ => false,
        })
    });
    let pinned = by_query || git_ref.as_deref().is_some_and(|r| is_hex(r, &[40, 64]));
    Some(Remote::Git { pinned, git_ref })
}

impl DockerfileRule for AddUrlWithoutChecksum {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.df.all_instructions() {
            if ins.kind != Kind::Add
                || ins
                    .flag("checksum")
                    .is_some_and(|f| f.value.as_deref().is_some_and(|v| !v.is_empty()))
            {
                continue;
            }
            let words = ins.words();
            if words.len() < 2 {
                continue;
            }
            for w in &words[..words.len() - 1] {
                let src = unquote_word(&w.text);
                let msg = match classify(&src) {
                    None => continue,
                    Some(Remote::Http) => format!(
                        "`ADD {src}` downloads without `--checksum`: the content is not verified"
                    ),
                    Some(Remote::Git { pinned: true, .. }) => continue,
                    Some(Remote::Git {
                        git_ref: Some(r), ..
                    }) => {
                        format!(
                            "`ADD` of git repository `{src}` is pinned to `{r}`, which can move: use a full commit hash"
                        )
                    }
                    Some(Remote::Git { git_ref: None, .. }) => {
                        format!(
                            "`ADD` of git repository `{src}` takes whatever its default branch holds: pin a full commit hash"
                        )
                    }
                };
                out.push(cx.finding(&Self::META, msg, w.start, w.end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    #[test]
    fn cases() {
        let src = "FROM alpine:3.22\n\
            ADD https://example.org/a.tgz /a/\n\
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.org/b.tgz /b/\n\
            ADD https://github.com/moby/buildkit.git#v0.16.0 /bk\n\
            ADD git@github.com:moby/buildkit.git /bk2\n\
            ADD https://github.com/moby/buildkit.git#d9b3b3e2cb7b4d1b04df3a7baa75d4f3ba3ec3b1:docs /bk3\n\
            ADD local.tgz /x/\n\
            ONBUILD ADD http://example.org/c /c\n\
            COPY https-notes.txt /n\n";
        let f = run(&AddUrlWithoutChecksum, src, None);
        let lines: Vec<u32> = f.iter().map(|f| f.location.line.unwrap()).collect();
        assert_eq!(lines, [2, 4, 5, 8], "{f:#?}");
        assert!(f[1].message.contains("pinned to `v0.16.0`"));
        assert_eq!(f[0].location.column, Some(5));
    }
}

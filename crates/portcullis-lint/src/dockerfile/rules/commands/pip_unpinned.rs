use super::util::{PIP_FLAGS, has_long, has_short, operands, pip_install, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `pip install` (also `pip3`, `python -m pip`, `uv pip`, `pipx`) of a package
    /// without a version: `pip install flask` instead of `pip install flask==3.0.3`. Not
    /// reported: installs from a requirements file (`-r`) or with a constraints file (`-c`),
    /// the project itself (`.`), editable installs (`-e`), local paths, wheels and sdists, URLs,
    /// and VCS references pinned with `@ref`. Any version specifier counts as a pin (`==`,
    /// `>=`, `~=`, `!=`, `<`, `>`; quote those with `<` or `>`, or the shell reads a
    /// redirection).
    ///
    /// ## Why is this bad?
    /// An unpinned package installs whatever is newest on the day of the build: two builds of
    /// the same Dockerfile get different code, a new release can break the image, and a
    /// compromised release flows straight in.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install flask
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install flask==3.0.3
    /// # or, better, with hashes:
    /// RUN pip install --require-hashes -r requirements.txt
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right version is the one the application was tested with.
    ///
    /// ## Notes
    /// Differences from hadolint: `--opt=value` does not swallow the next package, a VCS URL
    /// counts as pinned only with an `@ref` after its path (not the `git@` of an SSH URL), and
    /// `uv pip install` is checked too.
    pub PipUnpinned {
        code: "DF013",
        name: "pip-unpinned",
        practice: Updates,
        severity: Low,
        summary: "pip install without a version pin",
        aliases: ["DL3013"],
        references: ["https://pip.pypa.io/en/stable/topics/repeatable-installs/"],
        remediation: "pin each package (pip install flask==3.0.3) or install from a pinned requirements file",
    }
}

const VERSION_OPS: &[&str] = &["==", ">=", "<=", ">", "<", "!=", "~=", "==="];
const VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://", "svn://"];
const LOCAL_FILES: &[&str] = &[".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip"];

/// Whether a requirement names a fixed version (or something that is not an index package).
fn pinned(pkg: &str) -> bool {
    if VERSION_OPS.iter().any(|o| pkg.contains(o)) {
        return true;
    }
    if VCS.iter().any(|v| pkg.starts_with(v)) {
        // `git+https://host/org/repo@v1.2`: a ref after the path; `git+ssh://git@host/...` is a user.
        let after_scheme = pkg.split_once("://").map(|(_, r)| r).unwrap_or(pkg);
        let path = after_scheme.split_once('/').map(|(_, p)| p).unwrap_or("");
        return path.split('#').next().unwrap_or("").contains('@');
    }
    pkg.contains('/')
        || pkg.starts_with('.')
        || pkg.starts_with('~')
        || LOCAL_FILES.iter().any(|e| pkg.ends_with(e))
}

impl DockerfileRule for PipUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                let Some(pip) = pip_install(cmd) else {
                    continue;
                };
                let args = pip.args;
                let from_file = has_short(args, 'r', &PIP_FLAGS)
                    || has_long(args, "requirement")
                    || has_short(args, 'c', &PIP_FLAGS)
                    || has_long(args, "constraint")
                    || args.iter().any(|a| a.text == ".");
                if from_file {
                    continue;
                }
                let unpinned: Vec<_> = operands(args, &PIP_FLAGS)
                    .into_iter()
                    .skip_while(|(_, w)| !std::ptr::eq(*w, pip.install))
                    .skip(1)
                    .map(|(_, w)| w)
                    .filter(|w| !pinned(&w.text))
                    .collect();
                let (Some(first), Some(last)) = (unpinned.first(), unpinned.last()) else {
                    continue;
                };
                let names: Vec<String> = unpinned.iter().map(|w| format!("`{}`", w.text)).collect();
                let msg = format!(
                    "`{} install` of {} without a version pin",
                    pip.program,
                    names.join(", ")
                );
                out.push(cx.at_script(&Self::META, msg, ins, script, first.start, last.end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pinned;

    #[test]
    fn pins() {
        for p in [
            "flask==2",
            "flask>=2",
            "flask[x]~=1.0",
            "./x",
            "/tmp/x.whl",
            "x.tar.gz",
            "git+https://h/o/r@v1",
            "https://h/x.zip",
        ] {
            assert!(pinned(p), "{p}");
        }
        for p in [
            "flask",
            "flask[x]",
            "git+https://h/o/r",
            "git+ssh://git@h/o/r.git",
            "$PKG",
            "pip",
        ] {
            assert!(!pinned(p), "{p}");
        }
    }
}

use super::util::{FlagSpec, operands, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `npm install` (and its aliases `npm i`, `npm add`) of a package without a
    /// version: `npm install express` instead of `npm install express@4.21.1`. A tag such as
    /// `@latest` is not a pin. Not reported: `npm install` / `npm ci` without packages (they
    /// follow `package.json` and the lockfile), local folders and tarballs, and git or GitHub
    /// references pinned with `#commit` or `#semver:...`.
    ///
    /// ## Why is this bad?
    /// An unpinned package installs whatever is newest on the day of the build: two builds of
    /// the same Dockerfile get different code, a new release can break the image, and a
    /// compromised release flows straight in.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install -g typescript
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN npm install -g typescript@5.6.3
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right version is the one the application was tested with.
    ///
    /// ## Notes
    /// Differences from hadolint: `npm i` and `npm add` are checked, flags before `install`
    /// (`npm --prefix /app install x`) and flag values are understood, and `@latest` is not a pin.
    pub NpmUnpinned {
        code: "DF016",
        name: "npm-unpinned",
        practice: Updates,
        severity: Low,
        summary: "npm install of a package without a version",
        aliases: ["DL3016"],
        references: ["https://docs.npmjs.com/cli/commands/npm-install"],
        remediation: "pin each package (npm install express@4.21.1) or install from package.json with npm ci",
    }
}

const NPM_FLAGS: FlagSpec = FlagSpec {
    long: &[
        "prefix",
        "registry",
        "tag",
        "cache",
        "userconfig",
        "globalconfig",
        "workspace",
        "omit",
        "include",
        "install-strategy",
        "loglevel",
        "before",
        "location",
        "otp",
        "scope",
    ],
    short: "wC",
};

const INSTALL: &[&str] = &[
    "install", "i", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal",
    "isntall",
];
const GIT_PREFIXES: &[&str] = &[
    "git://",
    "git+ssh://",
    "git+http://",
    "git+https://",
    "git+file://",
    "github:",
    "gitlab:",
    "bitbucket:",
    "gist:",
];
const TARBALLS: &[&str] = &[".tar", ".tar.gz", ".tgz"];
const PATHS: &[&str] = &["/", "./", "../", "~/", "file:"];

/// Whether a package spec fixes what gets installed.
fn pinned(pkg: &str) -> bool {
    if TARBALLS.iter().any(|t| pkg.ends_with(t))
        || PATHS.iter().any(|p| pkg.starts_with(p))
        || pkg == "."
        || pkg == ".."
    {
        return true;
    }
    if GIT_PREFIXES.iter().any(|p| pkg.starts_with(p))
        || pkg.starts_with("http://")
        || pkg.starts_with("https://")
    {
        return pkg.contains('#');
    }
    // `@scope/name@version` or `name@version`.
    let unscoped = match pkg.strip_prefix('@') {
        Some(rest) => rest.split_once('/').map(|(_, n)| n).unwrap_or(""),
        None => pkg,
    };
    if !pkg.starts_with('@') && unscoped.contains('/') {
        // `user/repo`: a GitHub shorthand.
        return pkg.contains('#');
    }
    match unscoped.split_once('@') {
        Some((_, version)) => !version.is_empty() && version != "latest" && version != "next",
        None => false,
    }
}

impl DockerfileRule for NpmUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("npm") {
                    continue;
                }
                let ops = operands(&cmd.args, &NPM_FLAGS);
                let Some((_, sub)) = ops.first() else {
                    continue;
                };
                if !INSTALL.contains(&sub.text.as_str()) {
                    continue;
                }
                let unpinned: Vec<_> = ops[1..]
                    .iter()
                    .map(|(_, w)| *w)
                    .filter(|w| !pinned(&w.text))
                    .collect();
                let (Some(first), Some(last)) = (unpinned.first(), unpinned.last()) else {
                    continue;
                };
                let names: Vec<String> = unpinned.iter().map(|w| format!("`{}`", w.text)).collect();
                let msg = format!(
                    "`npm {}` of {} without a version pin",
                    sub.text,
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
            "express@4",
            "@s/p@1.0",
            "./x",
            "x.tgz",
            "git+https://h/r.git#v1",
            "user/repo#abc",
            "express@^4",
        ] {
            assert!(pinned(p), "{p}");
        }
        for p in [
            "express",
            "@s/p",
            "express@latest",
            "git+https://h/r.git",
            "user/repo",
            "github:u/r",
            "$P",
        ] {
            assert!(!pinned(p), "{p}");
        }
    }
}

use super::util::{FlagSpec, operands, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `go install`, `go get` and `go run` of a remote package without a version, or
    /// with a moving one: `go install golang.org/x/tools/gopls` or `...@latest` instead of
    /// `...@v0.16.2`. Local packages (`./...`, `.`, absolute paths) and `.go` files are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// Without a fixed version the build installs whatever the module's newest release is on
    /// that day: two builds of the same Dockerfile get different code, a new release can break
    /// the image, and a compromised release flows straight in.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right version is the one the project was tested with.
    ///
    /// ## Notes
    /// Differences from hadolint: values of build flags (`-tags netgo`) are not taken for
    /// packages, `go run`'s program arguments are not packages, `.go` files are local, and
    /// `@upgrade` / `@patch` are moving versions like `@latest`.
    pub GoInstallUnpinned {
        code: "DF062",
        name: "go-install-unpinned",
        practice: Updates,
        severity: Low,
        summary: "go install of a package without a fixed version",
        aliases: ["DL3062"],
        references: ["https://go.dev/ref/mod#go-install"],
        remediation: "give the version: go install example.com/cmd@v1.2.3",
    }
}

const GO_FLAGS: FlagSpec = FlagSpec {
    long: &[
        "tags",
        "ldflags",
        "gcflags",
        "asmflags",
        "gccgoflags",
        "mod",
        "modfile",
        "overlay",
        "pkgdir",
        "buildmode",
        "compiler",
        "toolexec",
        "pgo",
        "covermode",
        "coverpkg",
        "exec",
        "installsuffix",
        "buildvcs",
    ],
    short: "Cop",
};

/// Versions that move: the newest release, whatever it is at build time.
const MOVING: &[&str] = &["latest", "upgrade", "patch", ""];

fn local(pkg: &str) -> bool {
    pkg.starts_with('.')
        || pkg.starts_with('/')
        || pkg.ends_with(".go")
        || matches!(pkg, "std" | "all" | "cmd")
}

impl DockerfileRule for GoInstallUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("go") {
                    continue;
                }
                let ops = operands(&cmd.args, &GO_FLAGS);
                let Some((_, sub)) = ops.first() else {
                    continue;
                };
                let sub = sub.text.as_str();
                let pkgs: Vec<_> = match sub {
                    "install" | "get" => ops[1..].iter().map(|(_, w)| *w).collect(),
                    // Only the first operand of `go run` is a package; the rest are its arguments.
                    "run" => ops.get(1).map(|(_, w)| *w).into_iter().collect(),
                    _ => continue,
                };
                for w in pkgs {
                    let pkg = w.text.as_str();
                    if local(pkg) {
                        continue;
                    }
                    let msg = match pkg.rsplit_once('@') {
                        Some((name, v)) if MOVING.contains(&v) => {
                            format!(
                                "`go {sub}` of `{name}` at `@{v}`, a moving version: give a fixed one"
                            )
                        }
                        Some(_) => continue,
                        None => format!(
                            "`go {sub}` of `{pkg}` without a version: use `{pkg}@<version>`"
                        ),
                    };
                    out.push(cx.at_script(&Self::META, msg, ins, script, w.start, w.end));
                }
            }
        }
    }
}

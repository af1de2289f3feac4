//! Helpers shared by the packages family: package-manager invocations with wrappers looked
//! through, option parsing that knows which options take a value, version-pin tests, cache
//! cleanup and cache mounts, and the fixes the family offers.

use crate::dockerfile::context::{Ctx, RunScript};
use crate::dockerfile::{Args, Instruction};
use crate::shell::{Command, Word};
use portcullis_core::{Edit, Fix, FixSafety};

/// One command of a RUN, wrappers (`sudo`, `env`, …) looked through.
pub(super) struct Call<'s> {
    pub script: &'s RunScript,
    pub cmd: &'s Command,
    /// Position of the command in the RUN: scripts in order, commands in source order.
    pub seq: usize,
}

impl Call<'_> {
    /// Parses the arguments with `spec` (options before the subcommand) and `sub_spec`
    /// (options after it).
    pub fn parse(&self, spec: &Spec, sub_spec: &Spec) -> Parsed<'_> {
        parse_args(&self.cmd.args, spec, sub_spec)
    }

    /// The program name without its directory (`apt-get` for `/usr/bin/apt-get`).
    pub fn prog(&self) -> &str {
        self.cmd.name.rsplit('/').next().unwrap_or(&self.cmd.name)
    }
}

/// Every command of a RUN (or ONBUILD RUN trigger), wrappers looked through, in order.
pub(super) fn calls<'s>(cx: &'s Ctx, ins: &Instruction) -> Vec<Call<'s>> {
    let scripts = cx.scripts(ins);
    let mut out = Vec::with_capacity(scripts.iter().map(|s| s.script.commands.len()).sum());
    for script in scripts {
        for c in &script.script.commands {
            let seq = out.len();
            out.push(Call {
                script,
                cmd: c.unwrapped(),
                seq,
            });
        }
    }
    out
}

/// Which options of a program take a value as the next word.
pub(super) struct Spec {
    /// Short option letters whose value is the rest of the bundle or the next word.
    pub short: &'static str,
    /// Long options (without dashes) whose value is the next word unless given with `=`.
    pub long: &'static [&'static str],
}

/// One option as given: `-y` → `y`; `-qq` → `q`, `q`; `--yes` → `yes`; `-o X=1` → `o` = `X=1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Opt {
    pub name: String,
    pub value: Option<String>,
    /// Index of the option's word in the command's arguments.
    pub index: usize,
}

/// The arguments of a command split into options and operands.
#[derive(Debug, Default)]
pub(super) struct Parsed<'w> {
    pub opts: Vec<Opt>,
    /// Operands (not options, not option values) with their index in the arguments.
    pub operands: Vec<(usize, &'w Word)>,
}

impl<'w> Parsed<'w> {
    /// The `n`th operand's text (`""` when there are fewer).
    pub fn op(&self, n: usize) -> &str {
        self.operands
            .get(n)
            .map(|(_, w)| w.text.as_str())
            .unwrap_or("")
    }

    /// The `n`th operand.
    pub fn op_word(&self, n: usize) -> Option<&'w Word> {
        self.operands.get(n).map(|(_, w)| *w)
    }

    /// Whether any of the options `names` (without dashes) is given.
    pub fn has(&self, names: &[&str]) -> bool {
        self.opts.iter().any(|o| names.contains(&o.name.as_str()))
    }

    /// Whether any of the options `names` is given before argument `index`.
    pub fn has_before(&self, names: &[&str], index: usize) -> bool {
        self.opts
            .iter()
            .any(|o| o.index < index && names.contains(&o.name.as_str()))
    }

    /// The values of the options `names`.
    pub fn values<'a>(&'a self, names: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
        self.opts
            .iter()
            .filter(move |o| names.contains(&o.name.as_str()))
            .filter_map(|o| o.value.as_deref())
    }

    /// The operands from the `n`th on.
    pub fn operands_from(&self, n: usize) -> impl Iterator<Item = &'w Word> + '_ {
        self.operands.iter().skip(n).map(|(_, w)| *w)
    }
}

/// Splits `args` into options and operands. Everything after `--` is an operand. Options
/// before the first operand are read with `spec`, later ones with `sub_spec`.
pub(super) fn parse_args<'w>(args: &'w [Word], spec: &Spec, sub_spec: &Spec) -> Parsed<'w> {
    let mut p = Parsed::default();
    let mut i = 0;
    let mut done = false;
    while i < args.len() {
        let index = i;
        let w = &args[i];
        let t = w.text.as_str();
        i += 1;
        if done || t == "-" || !t.starts_with('-') {
            p.operands.push((index, w));
            continue;
        }
        if t == "--" {
            done = true;
            continue;
        }
        let s = if p.operands.is_empty() {
            spec
        } else {
            sub_spec
        };
        if let Some(body) = t.strip_prefix("--") {
            let (name, mut value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            if value.is_none() && s.long.contains(&name) {
                value = args.get(i).map(|w| w.text.clone());
                if value.is_some() {
                    i += 1;
                }
            }
            p.opts.push(Opt {
                name: name.to_string(),
                value,
                index,
            });
            continue;
        }
        let body = &t[1..];
        for (k, c) in body.char_indices() {
            let rest = body.get(k + c.len_utf8()..).unwrap_or("");
            if c == '=' {
                // `-q=2`: the value of the letter before.
                if let Some(last) = p.opts.last_mut().filter(|o| o.index == index) {
                    last.value = Some(rest.to_string());
                }
                break;
            }
            if s.short.contains(c) {
                let value = if rest.is_empty() {
                    let v = args.get(i).map(|w| w.text.clone());
                    if v.is_some() {
                        i += 1;
                    }
                    v
                } else {
                    Some(rest.trim_start_matches('=').to_string())
                };
                p.opts.push(Opt {
                    name: c.to_string(),
                    value,
                    index,
                });
                break;
            }
            p.opts.push(Opt {
                name: c.to_string(),
                value: None,
                index,
            });
        }
    }
    p
}

// ---- option specs -------------------------------------------------------------------------

/// apt-get / apt.
pub(super) const APT: Spec = Spec {
    short: "octaP",
    long: &[
        "option",
        "config-file",
        "target-release",
        "default-release",
        "host-architecture",
        "build-profiles",
    ],
};

/// apk.
pub(super) const APK: Spec = Spec {
    short: "Xpt",
    long: &[
        "repository",
        "root",
        "virtual",
        "arch",
        "cache-dir",
        "keys-dir",
        "repositories-file",
        "cache-max-age",
        "timeout",
        "progress-fd",
        "wait",
        "from",
    ],
};

/// yum, dnf, microdnf.
pub(super) const RPM: Spec = Spec {
    short: "cdexR",
    long: &[
        "config",
        "debuglevel",
        "errorlevel",
        "exclude",
        "excludepkgs",
        "installroot",
        "releasever",
        "enablerepo",
        "disablerepo",
        "repo",
        "repoid",
        "setopt",
        "downloaddir",
        "destdir",
        "color",
        "rpmverbosity",
        "forcearch",
        "repofrompath",
        "comment",
        "advisory",
        "advisories",
        "bz",
        "bzs",
        "cve",
        "cves",
        "sec-severity",
        "secseverity",
        "enableplugin",
        "disableplugin",
        "platform-id",
        "nodocs-path",
    ],
};

/// zypper's global options (before the subcommand).
pub(super) const ZYPPER: Spec = Spec {
    short: "RcDCp",
    long: &[
        "root",
        "config",
        "reposd-dir",
        "cache-dir",
        "raw-cache-dir",
        "solv-cache-dir",
        "pkg-cache-dir",
        "plus-repo",
        "plus-content",
        "userdata",
        "installroot",
    ],
};

/// zypper's command options (after the subcommand).
pub(super) const ZYPPER_CMD: Spec = Spec {
    short: "trp",
    long: &[
        "type",
        "repo",
        "from",
        "download",
        "auto-agree-with-product-licenses-for",
        "category",
        "severity",
        "date",
        "bugzilla",
        "cve",
        "issues",
    ],
};

/// apt-get/apt subcommands that read the package lists.
pub(super) const APT_USES_LISTS: &[&str] = &[
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "reinstall",
    "build-dep",
    "source",
    "satisfy",
    "download",
    "search",
    "show",
    "showsrc",
    "list",
    "policy",
    "depends",
    "rdepends",
    "changelog",
];

/// The rpm-based package managers and their program names.
pub(super) const DNF_PROGS: &[&str] = &["dnf", "microdnf", "dnf5"];
pub(super) const YUM_PROGS: &[&str] = &["yum"];

// ---- subcommand sets ---------------------------------------------------------------------

/// For yum/dnf: the action of `group install` / `module install` style commands, with the
/// operand index where the action's arguments start. `None` for plain commands.
pub(super) fn rpm_action<'p>(p: &'p Parsed) -> (&'p str, Option<&'p str>, usize) {
    let sub = p.op(0);
    if matches!(sub, "group" | "groups" | "module") {
        (sub, Some(p.op(1)), 2)
    } else {
        (sub, None, 1)
    }
}

/// yum/dnf subcommands that ask for confirmation.
pub(super) fn rpm_prompts(sub: &str, action: Option<&str>) -> bool {
    match action {
        Some(a) => matches!(
            a,
            "install"
                | "remove"
                | "erase"
                | "upgrade"
                | "update"
                | "enable"
                | "disable"
                | "reset"
                | "switch-to"
                | "mark"
        ),
        None => matches!(
            sub,
            "install"
                | "in"
                | "groupinstall"
                | "localinstall"
                | "reinstall"
                | "remove"
                | "rm"
                | "erase"
                | "update"
                | "up"
                | "upgrade"
                | "groupupdate"
                | "groupremove"
                | "localupdate"
                | "update-minimal"
                | "upgrade-minimal"
                | "downgrade"
                | "distro-sync"
                | "distrosync"
                | "dsync"
                | "autoremove"
                | "swap"
        ),
    }
}

/// yum/dnf subcommands that download packages or metadata into the cache.
pub(super) fn rpm_fills_cache(sub: &str, action: Option<&str>) -> bool {
    match action {
        Some(a) => matches!(a, "install" | "upgrade" | "update" | "enable" | "switch-to"),
        None => matches!(
            sub,
            "install"
                | "in"
                | "groupinstall"
                | "localinstall"
                | "reinstall"
                | "update"
                | "up"
                | "upgrade"
                | "groupupdate"
                | "localupdate"
                | "update-minimal"
                | "upgrade-minimal"
                | "downgrade"
                | "distro-sync"
                | "distrosync"
                | "dsync"
                | "swap"
                | "makecache"
                | "mc"
        ),
    }
}

/// Whether a yum/dnf/microdnf call is `clean all` (or `clean metadata`, which removes what
/// `keepcache=0` leaves).
pub(super) fn rpm_cleans(call: &Call) -> bool {
    if !call.cmd.is_any(&["yum", "dnf", "microdnf", "dnf5"]) {
        return false;
    }
    let p = call.parse(&RPM, &RPM);
    p.op(0) == "clean"
        && p.operands_from(1)
            .any(|w| matches!(w.text.as_str(), "all" | "metadata"))
}

/// The cache directories of yum and dnf.
pub(super) const RPM_CACHE: &[&str] = &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"];

// ---- version pins -----------------------------------------------------------------------

/// apt: `pkg=version`, `pkg/release`, or a `.deb` file.
pub(super) fn apt_pinned(p: &str) -> bool {
    p.contains('=') || p.contains('/') || p.ends_with(".deb")
}

/// apk: `pkg=version`, `pkg~version`, `pkg>version`, `pkg<version`, or an `.apk` file.
pub(super) fn apk_pinned(p: &str) -> bool {
    p.contains(['=', '~', '<', '>']) || p.ends_with(".apk")
}

/// yum/dnf: an `.rpm` file, or `name-version[-release]` where what follows the name looks like
/// a version: version characters only, one part starting with a digit (or a variable).
pub(super) fn rpm_pinned(p: &str) -> bool {
    if p.ends_with(".rpm") {
        return true;
    }
    let mut parts = p.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    let version_char = |c: char| c.is_ascii_alphanumeric() || ".~^_:+${}".contains(c);
    rest.iter().all(|s| s.chars().all(version_char))
        && rest
            .iter()
            .any(|s| s.starts_with(|c: char| c.is_ascii_digit() || c == '$'))
}

/// zypper: `pkg=version`, `pkg>=version`, `pkg<version`… or an `.rpm` file.
pub(super) fn zypper_pinned(p: &str) -> bool {
    p.contains(['=', '<', '>']) || p.ends_with(".rpm")
}

/// "`a`, `b` and 3 more".
pub(super) fn list(words: &[&Word]) -> String {
    let shown: Vec<String> = words
        .iter()
        .take(3)
        .map(|w| format!("`{}`", w.text))
        .collect();
    let mut s = shown.join(", ");
    if words.len() > 3 {
        s.push_str(&format!(" and {} more", words.len() - 3));
    }
    s
}

// ---- cleanup and cache mounts -----------------------------------------------------------

/// A path without trailing `/`, `/*` or `*`.
fn norm(path: &str) -> &str {
    let mut p = path;
    loop {
        let q = p.trim_end_matches('*').trim_end_matches('/');
        if q.len() == p.len() {
            return p;
        }
        p = q;
    }
}

/// Whether `path` (as given to rm, or a mount target) is `dir` or one of its parents below
/// the second level (`/var/lib/apt` covers `/var/lib/apt/lists`; `/` and `/var` do not count).
pub(super) fn covers(path: &str, dir: &str) -> bool {
    let p = norm(path.trim());
    if p.matches('/').count() < 2 || !p.starts_with('/') {
        return false;
    }
    p == dir
        || dir
            .strip_prefix(p)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether a call is `rm` of one of `dirs` (or of a parent, or of their contents).
pub(super) fn removes(call: &Call, dirs: &[&str]) -> bool {
    if !call.cmd.is("rm") {
        return false;
    }
    let mut options_done = false;
    call.cmd.args.iter().any(|w| {
        if !options_done && w.text == "--" {
            options_done = true;
            return false;
        }
        (options_done || !w.text.starts_with('-')) && dirs.iter().any(|d| covers(&w.text, d))
    })
}

/// Whether the RUN mounts a cache or tmpfs on one of `dirs` (or on a parent).
pub(super) fn cache_mounted(ins: &Instruction, dirs: &[&str]) -> bool {
    ins.mounts().iter().any(|m| {
        let kind = m
            .iter()
            .find(|(k, _)| k == "type")
            .map(|(_, v)| v.to_ascii_lowercase());
        if !matches!(kind.as_deref(), Some("cache" | "tmpfs")) {
            return false;
        }
        m.iter()
            .filter(|(k, _)| matches!(k.as_str(), "target" | "dst" | "destination"))
            .any(|(_, v)| dirs.iter().any(|d| covers(v, d)))
    })
}

// ---- fixes --------------------------------------------------------------------------------

/// A safe fix inserting `text` right after script offset `at`; `None` for exec-form RUNs,
/// whose JSON escapes make script offsets inexact.
pub(super) fn insert_fix(
    ins: &Instruction,
    script: &RunScript,
    at: usize,
    text: &str,
    description: &str,
) -> Option<Fix> {
    if ins.is_json() {
        return None;
    }
    let at = script.to_source(ins, at);
    Some(Fix {
        description: description.to_string(),
        safety: FixSafety::Safe,
        edits: vec![Edit {
            start: at,
            end: at,
            replacement: text.to_string(),
        }],
    })
}

/// A safe fix appending ` && <text>` at the end of a RUN's command line: only for a plain
/// shell-form RUN without heredocs, whose script parsed, ends in a command (not `;`, `&`,
/// `|` or `\`) and has no `#` that could start a comment.
pub(super) fn append_fix(
    cx: &Ctx,
    ins: &Instruction,
    text: &str,
    description: &str,
) -> Option<Fix> {
    let Args::Shell(line) = &ins.args else {
        return None;
    };
    if !ins.heredocs.is_empty() || line.contains('#') {
        return None;
    }
    let scripts = cx.scripts(ins);
    if scripts.len() != 1 || !scripts[0].script.parsed {
        return None;
    }
    let trimmed = line.trim_end();
    if trimmed.is_empty() || trimmed.ends_with([';', '&', '|', '\\']) {
        return None;
    }
    let (_, end) = ins.args_span();
    Some(Fix {
        description: description.to_string(),
        safety: FixSafety::Safe,
        edits: vec![Edit {
            start: end,
            end,
            replacement: format!(" && {text}"),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn parsed(s: &str, spec: &Spec, sub: &Spec) -> (Vec<Opt>, Vec<String>) {
        let script = shell::parse(s);
        let cmd = &script.commands[0];
        let p = parse_args(&cmd.args, spec, sub);
        (
            p.opts.clone(),
            p.operands.iter().map(|(_, w)| w.text.clone()).collect(),
        )
    }

    #[test]
    fn options_and_operands() {
        let (o, ops) = parsed(
            "apt-get -o Dpkg::Options::=--force-confold -qy install -t bookworm curl",
            &APT,
            &APT,
        );
        assert_eq!(ops, ["install", "curl"]);
        assert_eq!(
            o[0].value.as_deref(),
            Some("Dpkg::Options::=--force-confold")
        );
        assert_eq!(o.iter().filter(|o| o.name == "q").count(), 1);
        assert!(o.iter().any(|o| o.name == "y"));
        let (o, _) = parsed("apt-get install -q=2 --quiet=1 x", &APT, &APT);
        assert_eq!(o[0].value.as_deref(), Some("2"));
        assert_eq!(o[1].value.as_deref(), Some("1"));
        let (_, ops) = parsed(
            "apk add --virtual .deps -X http://x gcc -- -weird",
            &APK,
            &APK,
        );
        assert_eq!(ops, ["add", "gcc", "-weird"]);
        let (o, ops) = parsed("zypper -n -D /r install -D foo", &ZYPPER, &ZYPPER_CMD);
        assert_eq!(ops, ["install", "foo"]);
        assert_eq!(o.len(), 3);
    }

    #[test]
    fn pins() {
        assert!(apt_pinned("curl=7.88") && apt_pinned("curl/bookworm") && apt_pinned("./x.deb"));
        assert!(!apt_pinned("curl"));
        assert!(
            apk_pinned("curl=8")
                && apk_pinned("curl~8")
                && apk_pinned("curl>8")
                && !apk_pinned("curl@edge")
        );
        assert!(
            rpm_pinned("httpd-2.4.6") && rpm_pinned("java-11-openjdk") && rpm_pinned("foo-${V}")
        );
        assert!(rpm_pinned("/tmp/x.rpm") && rpm_pinned("vim-enhanced-9.0.1-1.fc40"));
        assert!(!rpm_pinned("python3-devel") && !rpm_pinned("gcc-c++") && !rpm_pinned("curl"));
        assert!(zypper_pinned("curl=8") && zypper_pinned("curl>=8") && !zypper_pinned("curl-8"));
    }

    #[test]
    fn paths() {
        assert!(covers("/var/lib/apt/lists/*", "/var/lib/apt/lists"));
        assert!(covers("/var/lib/apt/lists", "/var/lib/apt/lists"));
        assert!(covers("/var/lib/apt/", "/var/lib/apt/lists"));
        assert!(covers("/var/lib/apt/*", "/var/lib/apt/lists"));
        assert!(!covers("/var/lib/apt/lists/partial", "/var/lib/apt/lists"));
        assert!(!covers("/var/lib/apt/listsx", "/var/lib/apt/lists"));
        assert!(!covers("/", "/var/lib/apt/lists"));
        assert!(!covers("/var", "/var/lib/apt/lists"));
        assert!(!covers("*", "/var/lib/apt/lists"));
        assert!(!covers("", "/var/lib/apt/lists"));
    }
}

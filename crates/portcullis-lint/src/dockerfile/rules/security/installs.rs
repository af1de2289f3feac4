//! Package-manager commands: which OS packages a command installs or removes, with the words
//! that name them. Shared by DF107 (SSH servers) and DF109 (build tools).

use crate::shell::{Command, Word};

/// A package manager of a Linux distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Apt,
    Apk,
    Rpm,
    Zypper,
    Pacman,
}

/// The packages one command installs.
#[derive(Debug)]
pub struct Install<'c> {
    pub manager: Manager,
    /// The manager as written (`apt-get`, `dnf`, ...).
    pub tool: &'c str,
    /// Package words (flags, the subcommand, variables, local files and URLs left out).
    pub packages: Vec<&'c Word>,
    /// apk's `--virtual NAME` / `-t NAME`: the packages can be removed together by that name.
    pub virtual_name: Option<&'c str>,
}

/// Flags that take a value, per manager (so that their value is not read as a package).
const APT_VALUE_FLAGS: &[&str] = &[
    "o",
    "option",
    "t",
    "target-release",
    "c",
    "config-file",
    "a",
    "host-architecture",
];
const APK_VALUE_FLAGS: &[&str] = &[
    "t",
    "virtual",
    "X",
    "repository",
    "p",
    "root",
    "repositories-file",
    "keys-dir",
    "arch",
    "cache-dir",
    "timeout",
];
const RPM_VALUE_FLAGS: &[&str] = &[
    "c",
    "config",
    "installroot",
    "releasever",
    "setopt",
    "enablerepo",
    "disablerepo",
    "repo",
    "repoid",
    "exclude",
    "x",
    "d",
    "debuglevel",
    "e",
    "errorlevel",
    "forcearch",
    "downloaddir",
    "destdir",
    "comment",
];
const ZYPPER_VALUE_FLAGS: &[&str] = &["r", "repo", "from", "t", "type", "root", "R"];

fn manager_of(cmd: &Command) -> Option<Manager> {
    Some(if cmd.is_any(&["apt-get", "apt", "aptitude"]) {
        Manager::Apt
    } else if cmd.is("apk") {
        Manager::Apk
    } else if cmd.is_any(&["yum", "dnf", "microdnf", "tdnf", "dnf5"]) {
        Manager::Rpm
    } else if cmd.is("zypper") {
        Manager::Zypper
    } else if cmd.is("pacman") {
        Manager::Pacman
    } else {
        return None;
    })
}

fn value_flags(m: Manager) -> &'static [&'static str] {
    match m {
        Manager::Apt => APT_VALUE_FLAGS,
        Manager::Apk => APK_VALUE_FLAGS,
        Manager::Rpm => RPM_VALUE_FLAGS,
        Manager::Zypper => ZYPPER_VALUE_FLAGS,
        Manager::Pacman => &["r", "root", "b", "dbpath", "config", "cachedir"],
    }
}

/// Whether a word names a package (not a variable, a local file, a URL or a group marker).
fn is_package_word(w: &Word) -> bool {
    let t = w.text.as_str();
    !t.is_empty()
        && !t.contains('$')
        && !t.starts_with('/')
        && !t.starts_with("./")
        && !t.starts_with("../")
        && !t.contains("://")
        && !t.ends_with(".deb")
        && !t.ends_with(".rpm")
        && !t.ends_with(".apk")
        && !t.starts_with('@')
}

/// The packages a command installs, wrappers (`sudo`, `env`) looked through by the caller.
pub fn installs(cmd: &Command) -> Option<Install<'_>> {
    let m = manager_of(cmd)?;
    let flags = value_flags(m);
    let positional = cmd.args_no_flags_with(flags);
    let (verb, rest) = positional.split_first()?;
    let verb = verb.text.as_str();
    let is_install = match m {
        Manager::Apt => verb == "install",
        Manager::Apk => verb == "add",
        Manager::Rpm => verb == "install",
        Manager::Zypper => matches!(verb, "install" | "in"),
        Manager::Pacman => false,
    };
    let packages: Vec<&Word> = if m == Manager::Pacman {
        // `pacman -S pkg`, `-Syu pkg`: a sync operation (not `-Ss` search / `-Si` info).
        let sync = cmd.args.iter().any(|a| {
            let t = a.text.as_str();
            (t.starts_with("-S")
                && !t.starts_with("--")
                && !t.contains('s')
                && !t.contains('i')
                && !t.contains('c'))
                || t == "--sync"
        });
        if !sync {
            return None;
        }
        positional
            .into_iter()
            .filter(|w| is_package_word(w))
            .collect()
    } else {
        if !is_install {
            return None;
        }
        rest.iter()
            .copied()
            .filter(|w| is_package_word(w))
            .collect()
    };
    let virtual_name = if m == Manager::Apk {
        cmd.flag_value("virtual").or_else(|| cmd.flag_value("t"))
    } else {
        None
    };
    Some(Install {
        manager: m,
        tool: cmd.name.rsplit('/').next().unwrap_or(&cmd.name),
        packages,
        virtual_name,
    })
}

/// The names a command removes (`apt-get purge`, `apk del`, `dnf remove`, `zypper rm`,
/// `pacman -R`), version pins stripped.
pub fn removals(cmd: &Command) -> Vec<String> {
    let Some(m) = manager_of(cmd) else {
        return Vec::new();
    };
    let positional = cmd.args_no_flags_with(value_flags(m));
    let words: Vec<&Word> = if m == Manager::Pacman {
        let remove = cmd.args.iter().any(|a| {
            (a.text.starts_with("-R") && !a.text.starts_with("--")) || a.text == "--remove"
        });
        if !remove {
            return Vec::new();
        }
        positional
    } else {
        let Some((verb, rest)) = positional.split_first() else {
            return Vec::new();
        };
        let removing = match m {
            Manager::Apt => matches!(verb.text.as_str(), "remove" | "purge" | "autoremove"),
            Manager::Apk => verb.text == "del",
            Manager::Rpm => matches!(verb.text.as_str(), "remove" | "erase" | "autoremove"),
            Manager::Zypper => matches!(verb.text.as_str(), "remove" | "rm"),
            Manager::Pacman => false,
        };
        if !removing {
            return Vec::new();
        }
        rest.to_vec()
    };
    words
        .into_iter()
        .map(|w| package_name(m, &w.text).to_string())
        .collect()
}

/// A package word without its version or architecture: `gcc=4:12.2-1` → `gcc`,
/// `openssh~9.3` → `openssh`, `gcc-12.2.1` stays (RPM versions cannot be told from names),
/// `libc6-dev:amd64` → `libc6-dev`.
pub fn package_name(m: Manager, word: &str) -> &str {
    let cut = match m {
        Manager::Apt => word.find(['=', ':', '/']),
        Manager::Apk => word.find(['=', '~', '<', '>', '@']),
        Manager::Rpm | Manager::Zypper => word.find(['=', '<', '>']),
        Manager::Pacman => word.find(['=', '<', '>']),
    };
    let name = match cut {
        Some(i) => &word[..i],
        None => word,
    };
    name.trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    fn pkgs(s: &str) -> Vec<String> {
        let script = parse(s);
        script
            .commands
            .iter()
            .filter_map(|c| {
                let c = c.unwrapped();
                installs(c).map(|i| {
                    i.packages
                        .iter()
                        .map(|w| package_name(i.manager, &w.text).to_string())
                        .collect::<Vec<_>>()
                })
            })
            .flatten()
            .collect()
    }

    #[test]
    fn install_words() {
        assert_eq!(
            pkgs("apt-get update && apt-get install -y --no-install-recommends gcc=4:12 make"),
            ["gcc", "make"]
        );
        assert_eq!(
            pkgs(
                "sudo apt-get -o Dpkg::Options::=--force-confold install -y -t bookworm-backports git"
            ),
            ["git"]
        );
        assert_eq!(
            pkgs("apt-get install -y gcc/bookworm-backports libc6-dev:amd64"),
            ["gcc", "libc6-dev"]
        );
        assert_eq!(
            pkgs("apk add --no-cache --virtual .build-deps gcc musl-dev"),
            ["gcc", "musl-dev"]
        );
        assert_eq!(
            pkgs("dnf install -y --setopt=tsflags=nodocs --enablerepo crb gcc-c++"),
            ["gcc-c++"]
        );
        assert_eq!(pkgs("zypper --non-interactive in openssh"), ["openssh"]);
        assert_eq!(pkgs("pacman -Syu --noconfirm openssh"), ["openssh"]);
        assert!(pkgs("pacman -Ss openssh").is_empty());
        assert!(pkgs("apt-get install -y ./local.deb $EXTRA").is_empty());
        assert!(pkgs("apt-cache show gcc").is_empty());
    }

    #[test]
    fn removal_words() {
        let s = parse(
            "apt-get purge -y --auto-remove gcc=4:12 && apk del .build-deps && pacman -Rns make",
        );
        let all: Vec<String> = s.commands.iter().flat_map(removals).collect();
        assert_eq!(all, ["gcc", ".build-deps", "make"]);
    }

    #[test]
    fn virtual_names() {
        let s = parse("apk add -t .deps gcc");
        let i = installs(&s.commands[0]).unwrap();
        assert_eq!(i.virtual_name, Some(".deps"));
    }
}

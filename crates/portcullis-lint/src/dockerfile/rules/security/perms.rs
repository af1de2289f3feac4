//! File modes as `chmod` reads them, and the places a Dockerfile sets one: `chmod MODE`,
//! `find … -exec chmod MODE`, `mkdir -m`, `install -m`, `COPY/ADD --chmod=`. Shared by DF105
//! (world-writable) and DF106 (setuid/setgid).

use crate::shell::Command;

/// What a mode does to the bits the security rules care about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModeEffect {
    /// Others get write permission.
    pub world_writable: bool,
    pub setuid: bool,
    pub setgid: bool,
    /// The sticky bit (`1777`, `+t`): on a directory, only owners may delete their files.
    pub sticky: bool,
}

/// Reads a numeric (`0777`, `4755`) or symbolic (`u+s`, `go+w,o-x`, `a=rwx`) mode. `None` when
/// it is neither (a variable, a typo).
pub fn parse_mode(mode: &str) -> Option<ModeEffect> {
    let m = mode.trim();
    if m.is_empty() {
        return None;
    }
    if m.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        if m.len() > 5 {
            return None;
        }
        let v = u32::from_str_radix(m, 8).ok()?;
        return Some(ModeEffect {
            world_writable: v & 0o002 != 0,
            setuid: v & 0o4000 != 0,
            setgid: v & 0o2000 != 0,
            sticky: v & 0o1000 != 0,
        });
    }
    let (mut ow, mut suid, mut sgid, mut sticky) =
        (None::<bool>, None::<bool>, None::<bool>, None::<bool>);
    for clause in m.split(',') {
        let who_end = clause.find(['+', '-', '=']).unwrap_or(clause.len());
        let who = &clause[..who_end];
        if who.is_empty() && who_end == clause.len() {
            return None;
        }
        if !who.chars().all(|c| matches!(c, 'u' | 'g' | 'o' | 'a')) {
            return None;
        }
        // No `who`: like `a`, except that the umask (022 in images) keeps `+w` from others.
        let implicit = who.is_empty();
        let has = |c: char| who.contains(c) || who.contains('a');
        let (u, g, o) = (has('u') || implicit, has('g') || implicit, has('o'));
        let o_sticky = has('o') || implicit;
        let mut rest = &clause[who_end..];
        while let Some(op) = rest.chars().next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            rest = &rest[1..];
            let perm_end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
            let perms = &rest[..perm_end];
            rest = &rest[perm_end..];
            if !perms
                .chars()
                .all(|c| matches!(c, 'r' | 'w' | 'x' | 'X' | 's' | 't' | 'u' | 'g' | 'o'))
            {
                return None;
            }
            let copies = perms.chars().any(|c| matches!(c, 'u' | 'g' | 'o'));
            let (w, s, t) = (
                perms.contains('w'),
                perms.contains('s'),
                perms.contains('t'),
            );
            match op {
                '+' => {
                    if w && o {
                        ow = Some(true);
                    }
                    if s && u {
                        suid = Some(true);
                    }
                    if s && g {
                        sgid = Some(true);
                    }
                    if t && o_sticky {
                        sticky = Some(true);
                    }
                }
                '-' => {
                    if w && (o || implicit) {
                        ow = Some(false);
                    }
                    if s && u {
                        suid = Some(false);
                    }
                    if s && g {
                        sgid = Some(false);
                    }
                    if t && o_sticky {
                        sticky = Some(false);
                    }
                }
                _ => {
                    // `o=u` copies bits we cannot see: leave them unknown.
                    if copies {
                        continue;
                    }
                    if o || implicit {
                        ow = Some(w && o);
                        sticky = Some(t);
                    }
                    if u {
                        suid = Some(s);
                    }
                    if g {
                        sgid = Some(s);
                    }
                }
            }
        }
    }
    Some(ModeEffect {
        world_writable: ow == Some(true),
        setuid: suid == Some(true),
        setgid: sgid == Some(true),
        sticky: sticky == Some(true),
    })
}

/// A mode set by a shell command: the mode, the index in `cmd.args` of the word holding it,
/// the command that sets it (`chmod`, `mkdir -m`, ...) and the paths it applies to.
#[derive(Debug)]
pub struct ModeSet<'c> {
    pub tool: &'static str,
    pub mode: &'c str,
    pub word: usize,
    pub targets: Vec<&'c str>,
}

/// The modes a command sets. `cmd` should already have its wrappers looked through.
pub fn modes_set(cmd: &Command) -> Vec<ModeSet<'_>> {
    let mut out = Vec::new();
    if cmd.is("chmod") {
        let pos = cmd.args_no_flags_with(&["reference"]);
        if let Some((mode, targets)) = pos.split_first()
            && let Some(i) = cmd.args.iter().position(|a| std::ptr::eq(a, *mode))
        {
            {
                out.push(ModeSet {
                    tool: "chmod",
                    mode: mode.text.as_str(),
                    word: i,
                    targets: targets.iter().map(|w| w.text.as_str()).collect(),
                });
            }
        }
    } else if cmd.is_any(&["mkdir", "install"]) {
        let tool = if cmd.is("mkdir") {
            "mkdir -m"
        } else {
            "install -m"
        };
        let value_flags: &[&str] = if cmd.is("mkdir") {
            &["m", "mode", "context"]
        } else {
            &[
                "m",
                "mode",
                "o",
                "owner",
                "g",
                "group",
                "t",
                "target-directory",
                "S",
                "suffix",
                "context",
            ]
        };
        for (i, a) in cmd.args.iter().enumerate() {
            let t = a.text.as_str();
            if t == "--" {
                break;
            }
            let found: Option<(usize, &str)> = if t == "--mode" {
                cmd.args.get(i + 1).map(|n| (i + 1, n.text.as_str()))
            } else if let Some(v) = t.strip_prefix("--mode=") {
                Some((i, v))
            } else if let Some(cluster) = t.strip_prefix('-').filter(|c| !c.starts_with('-')) {
                // `-m 755`, `-m755`, `-Dm755`, `-pm 0777`.
                match cluster.find('m') {
                    Some(p) if cluster[p + 1..].is_empty() => {
                        cmd.args.get(i + 1).map(|n| (i + 1, n.text.as_str()))
                    }
                    Some(p) => Some((i, &cluster[p + 1..])),
                    None => None,
                }
            } else {
                None
            };
            if let Some((word, mode)) = found {
                let mut targets: Vec<&str> = cmd
                    .args_no_flags_with(value_flags)
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect();
                if tool == "install -m" && targets.len() > 1 {
                    // `install SRC... DEST`: the mode lands on DEST.
                    targets.drain(..targets.len() - 1);
                }
                out.push(ModeSet {
                    tool,
                    mode,
                    word,
                    targets,
                });
                break;
            }
        }
    } else if cmd.is("find") {
        // `find DIR -exec chmod MODE {} +`
        let mut i = 0;
        while i + 2 < cmd.args.len() {
            let a = &cmd.args[i];
            if matches!(a.text.as_str(), "-exec" | "-execdir" | "-ok" | "-okdir")
                && cmd.args[i + 1].text.rsplit('/').next() == Some("chmod")
            {
                let mut j = i + 2;
                while j < cmd.args.len()
                    && cmd.args[j].text.starts_with('-')
                    && parse_mode(&cmd.args[j].text).is_none()
                {
                    j += 1;
                }
                if let Some(w) = cmd.args.get(j) {
                    let dirs: Vec<&str> = cmd
                        .args
                        .iter()
                        .take_while(|w| !w.text.starts_with('-'))
                        .map(|w| w.text.as_str())
                        .collect();
                    out.push(ModeSet {
                        tool: "chmod",
                        mode: w.text.as_str(),
                        word: j,
                        targets: dirs,
                    });
                }
                i = j;
            }
            i += 1;
        }
    }
    out
}

/// "`/app`", "`/app` and 2 more", or "the files" for a target list.
pub fn describe_targets(targets: &[&str]) -> String {
    match targets {
        [] => "the files".to_string(),
        [one] => format!("`{one}`"),
        [first, rest @ ..] => format!("`{first}` and {} more", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    fn eff(m: &str) -> ModeEffect {
        parse_mode(m).unwrap_or_else(|| panic!("{m} does not parse"))
    }

    #[test]
    fn numeric() {
        assert!(eff("777").world_writable);
        assert!(eff("0666").world_writable);
        assert!(!eff("775").world_writable);
        assert!(eff("1777").sticky && eff("1777").world_writable);
        assert!(eff("4755").setuid && !eff("4755").setgid);
        assert!(eff("2755").setgid);
        assert!(eff("06755").setuid && eff("06755").setgid);
        assert!(!eff("0755").setuid);
        assert!(parse_mode("0o777").is_none());
        assert!(parse_mode("$MODE").is_none());
        assert!(parse_mode("8").is_none());
    }

    #[test]
    fn symbolic() {
        assert!(eff("o+w").world_writable);
        assert!(eff("a+rwx").world_writable);
        assert!(eff("ugo+w").world_writable);
        assert!(eff("a=rw").world_writable);
        assert!(eff("u=rwx,g=rx,o=rwx").world_writable);
        assert!(!eff("+w").world_writable, "umask keeps others out");
        assert!(!eff("u+w").world_writable);
        assert!(!eff("o+w,o-w").world_writable);
        assert!(!eff("a+w,o=rx").world_writable);
        assert!(eff("u+s").setuid);
        assert!(eff("g+s").setgid && !eff("g+s").setuid);
        assert!(eff("+s").setuid && eff("+s").setgid);
        assert!(!eff("u-s").setuid);
        assert!(eff("+t").sticky);
        assert!(eff("a+rwxt").sticky);
        assert!(!eff("o=u").world_writable);
        for bad in ["", "x+w", "u+q", "u", "u+w,", "=", "+"] {
            let _ = parse_mode(bad);
        }
    }

    #[test]
    fn commands() {
        let s = parse(
            "chmod -R 777 /app /data && mkdir -p -m 0777 /x && install -m 4755 a /usr/bin/a && find /srv -type d -exec chmod 2775 {} + && install -Dm755 b /b",
        );
        let all: Vec<(String, String, Vec<String>)> = s
            .commands
            .iter()
            .flat_map(|c| {
                modes_set(c)
                    .into_iter()
                    .map(|m| {
                        (
                            m.tool.to_string(),
                            m.mode.to_string(),
                            m.targets.iter().map(|t| t.to_string()).collect(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(all[4].1, "755");
        assert_eq!(
            all[0],
            (
                "chmod".into(),
                "777".into(),
                vec!["/app".into(), "/data".into()]
            )
        );
        assert_eq!(all[1].1, "0777");
        assert_eq!(all[1].2, vec!["/x".to_string()]);
        assert_eq!(all[2].1, "4755");
        assert_eq!(all[3], ("chmod".into(), "2775".into(), vec!["/srv".into()]));
        assert_eq!(describe_targets(&["/a", "/b", "/c"]), "`/a` and 2 more");
    }
}

//! What the API does not expose, read from the host: daemon.json, systemd units, environment
//! files, the dockerd process arguments, file owners and modes, the mount table, audit rules,
//! LSM support and the processes of each container. Read-only: nothing here writes.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Owner and permission bits of one path (`None` fields when it does not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFact {
    pub path: PathBuf,
    pub exists: bool,
    pub uid: u32,
    pub gid: u32,
    /// Permission bits only (`0o7777` mask).
    pub mode: u32,
    pub is_dir: bool,
    pub is_socket: bool,
}

impl FileFact {
    pub fn stat(path: &Path) -> FileFact {
        match std::fs::metadata(path) {
            Ok(m) => FileFact {
                path: path.to_path_buf(),
                exists: true,
                uid: m.uid(),
                gid: m.gid(),
                mode: m.mode() & 0o7777,
                is_dir: m.is_dir(),
                is_socket: m.file_type().is_socket(),
            },
            Err(_) => FileFact {
                path: path.to_path_buf(),
                exists: false,
                uid: 0,
                gid: 0,
                mode: 0,
                is_dir: false,
                is_socket: false,
            },
        }
    }

    /// True when no permission bit outside `allowed` is set: `0o600` is within `0o644`,
    /// `0o622` is not (group/other write). This is a bitmask test, never a numeric compare.
    pub fn mode_within(&self, allowed: u32) -> bool {
        self.mode & !allowed == 0
    }
}

/// One process of a container, seen from the host's `/proc`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proc {
    pub pid: u32,
    /// `/proc/PID/comm`.
    pub comm: String,
    /// Target of `/proc/PID/exe` (empty when unreadable).
    pub exe: String,
}

/// The dockerd process serving the audited socket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerd {
    pub pid: u32,
    /// Arguments after the program name.
    pub args: Vec<String>,
}

/// dockerd flags that take no separate value (`--icc=false` or bare `--icc`).
const BOOL_FLAGS: &[&str] = &[
    "icc",
    "iptables",
    "ip6tables",
    "ip-forward",
    "ip-masq",
    "live-restore",
    "no-new-privileges",
    "userland-proxy",
    "selinux-enabled",
    "tls",
    "tlsverify",
    "experimental",
    "debug",
    "D",
    "ipv6",
    "init",
    "raw-logs",
    "rootless",
    "validate",
];

impl Dockerd {
    /// Values of a long flag (`--name v`, `--name=v`; bare boolean flags give `"true"`). Short
    /// aliases: `-H` host, `-l` log-level, `-D` debug, `-G` group, `-b` bridge, `-p` pidfile.
    pub fn flag(&self, name: &str) -> Vec<String> {
        let short = match name {
            "host" => Some("H"),
            "log-level" => Some("l"),
            "debug" => Some("D"),
            "group" => Some("G"),
            "bridge" => Some("b"),
            "pidfile" => Some("p"),
            _ => None,
        };
        let mut out = Vec::new();
        let mut it = self.args.iter().peekable();
        while let Some(a) = it.next() {
            let Some(stripped) = a.strip_prefix("--").or_else(|| a.strip_prefix('-')) else {
                continue;
            };
            let (key, inline) = match stripped.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (stripped, None),
            };
            if key != name && Some(key) != short {
                continue;
            }
            if let Some(v) = inline {
                out.push(v);
            } else if BOOL_FLAGS.contains(&name) {
                out.push("true".into());
            } else if let Some(v) = it.next() {
                out.push(v.clone());
            }
        }
        out
    }
}

/// Where a daemon setting was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub value: Value,
    /// `dockerd --flag` or the daemon.json path and key.
    pub source: String,
}

/// Everything read from the host. `local == false` (remote daemon) leaves it empty.
#[derive(Debug, Clone, Default)]
pub struct HostFacts {
    /// The host files describe the audited daemon.
    pub local: bool,
    /// Why host checks cannot apply (remote daemon, rootless daemon…).
    pub unavailable: Option<String>,
    pub dockerd: Option<Dockerd>,
    pub daemon_json_path: PathBuf,
    /// Parsed daemon.json (`None` when absent or broken).
    pub daemon_json: Option<Value>,
    /// Why daemon.json could not be read or parsed.
    pub daemon_json_error: Option<String>,
    pub default_docker: Option<String>,
    pub sysconfig_docker: Option<String>,
    /// systemd unit name → unit file path (when found).
    pub units: BTreeMap<String, PathBuf>,
    /// The paths a check asked about, stat'ed once.
    pub files: BTreeMap<PathBuf, FileFact>,
    /// Registry certificate files under `/etc/docker/certs.d`.
    pub registry_certs: Vec<FileFact>,
    /// Mount points from `/proc/self/mountinfo`.
    pub mountpoints: HashSet<PathBuf>,
    /// Audit rules (`auditctl -l`, else rules files); `None` when auditd is not installed.
    pub audit_rules: Option<Vec<String>>,
    pub audit_source: String,
    /// `/sys/module/apparmor/parameters/enabled` is `Y`.
    pub apparmor: bool,
    /// Members of the `docker` group (`/etc/group`).
    pub docker_group: Option<Vec<String>>,
    /// Container id → its processes.
    pub container_procs: HashMap<String, Vec<Proc>>,
    /// The docker socket path of the audited daemon, when local.
    pub socket_path: Option<PathBuf>,
    /// containerd socket used by the daemon.
    pub containerd_socket: PathBuf,
    /// docker.socket's `ListenStream` path.
    pub systemd_socket_path: Option<PathBuf>,
}

impl HostFacts {
    /// Host facts for a daemon whose host files this machine does not have.
    pub fn unavailable(reason: impl Into<String>) -> HostFacts {
        HostFacts {
            local: false,
            unavailable: Some(reason.into()),
            ..HostFacts::default()
        }
    }

    /// A daemon setting: the dockerd argument first, then daemon.json.
    pub fn setting(&self, flag: &str, json_key: &str) -> Option<Setting> {
        if let Some(d) = &self.dockerd {
            let vals = d.flag(flag);
            if !vals.is_empty() {
                let value = if vals.len() == 1 {
                    Value::String(vals[0].clone())
                } else {
                    Value::Array(vals.into_iter().map(Value::String).collect())
                };
                return Some(Setting {
                    value,
                    source: format!("dockerd --{flag}"),
                });
            }
        }
        if let Some(json) = &self.daemon_json
            && let Some(v) = json.get(json_key)
        {
            return Some(Setting {
                value: v.clone(),
                source: format!("{} `{json_key}`", self.daemon_json_path.display()),
            });
        }
        // /etc/default/docker DOCKER_OPTS as a last resort (sysvinit / upstart hosts).
        for text in [&self.default_docker, &self.sysconfig_docker]
            .into_iter()
            .flatten()
        {
            let args: Vec<String> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .filter_map(|l| l.split_once('='))
                .filter(|(k, _)| k.trim().ends_with("OPTS") || k.trim() == "OPTIONS")
                .flat_map(|(_, v)| {
                    v.trim()
                        .trim_matches(|c| c == '"' || c == '\'')
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect();
            let d = Dockerd { pid: 0, args };
            if let Some(v) = d.flag(flag).into_iter().next() {
                return Some(Setting {
                    value: Value::String(v),
                    source: format!("DOCKER_OPTS --{flag}"),
                });
            }
        }
        None
    }

    /// A boolean daemon setting (`"false"` strings from flags are understood).
    pub fn setting_bool(&self, flag: &str, json_key: &str) -> Option<(bool, String)> {
        let s = self.setting(flag, json_key)?;
        let b = match &s.value {
            Value::Bool(b) => *b,
            Value::String(v) => v != "false" && v != "0",
            Value::Array(a) => a.last().and_then(Value::as_str) != Some("false"),
            _ => false,
        };
        Some((b, s.source))
    }

    pub fn file(&self, path: &Path) -> FileFact {
        self.files
            .get(path)
            .cloned()
            .unwrap_or_else(|| FileFact::stat(path))
    }

    /// Audit rules mentioning `path` as a watch (`-w PATH` or `path=PATH`).
    pub fn audited(&self, path: &Path) -> Option<bool> {
        let rules = self.audit_rules.as_ref()?;
        let p = path.to_string_lossy();
        Some(rules.iter().any(|r| {
            let words: Vec<&str> = r.split_whitespace().collect();
            if words.first() == Some(&"-a") && r.contains("never") {
                return false;
            }
            words.windows(2).any(|w| w[0] == "-w" && w[1] == p)
                || words.iter().any(|w| {
                    w.strip_prefix("path=").or_else(|| w.strip_prefix("dir=")) == Some(&*p)
                })
        }))
    }
}

/// Reads the host facts for a daemon listening on `socket` (a unix socket path) or on TCP
/// (`None`). `container_ids` are the running containers whose processes to find.
pub fn collect(socket: Option<&Path>, rootless: bool, container_ids: &[&str]) -> HostFacts {
    let mut h = HostFacts {
        local: true,
        ..HostFacts::default()
    };
    h.dockerd = find_dockerd(socket);
    h.socket_path = socket
        .map(Path::to_path_buf)
        .or_else(|| Some(PathBuf::from("/var/run/docker.sock")).filter(|p| p.exists()));
    let config_file = h
        .dockerd
        .as_ref()
        .and_then(|d| d.flag("config-file").into_iter().next())
        .map(PathBuf::from);
    h.daemon_json_path = config_file.unwrap_or_else(|| {
        if rootless {
            std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|d| PathBuf::from(d).join(".config")))
                .unwrap_or_default()
                .join("docker/daemon.json")
        } else {
            PathBuf::from("/etc/docker/daemon.json")
        }
    });
    match std::fs::read_to_string(&h.daemon_json_path) {
        Ok(t) => match serde_json::from_str::<Value>(&t) {
            Ok(v) => h.daemon_json = Some(v),
            Err(e) => h.daemon_json_error = Some(format!("{}: {e}", h.daemon_json_path.display())),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => h.daemon_json_error = Some(format!("{}: {e}", h.daemon_json_path.display())),
    }
    h.default_docker = std::fs::read_to_string("/etc/default/docker").ok();
    h.sysconfig_docker = std::fs::read_to_string("/etc/sysconfig/docker").ok();
    for unit in ["docker.service", "docker.socket", "containerd.service"] {
        if let Some(p) = unit_path(unit) {
            h.units.insert(unit.to_string(), p);
        }
    }
    h.systemd_socket_path = h
        .units
        .get("docker.socket")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| {
            t.lines()
                .filter_map(|l| l.trim().strip_prefix("ListenStream="))
                .map(|v| PathBuf::from(v.trim()))
                .find(|p| p.is_absolute())
        });
    h.containerd_socket = h
        .dockerd
        .as_ref()
        .and_then(|d| d.flag("containerd").into_iter().next())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let std = PathBuf::from("/run/containerd/containerd.sock");
            let managed = PathBuf::from("/var/run/docker/containerd/containerd.sock");
            if !std.exists() && managed.exists() {
                managed
            } else {
                std
            }
        });
    if let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") {
        h.mountpoints = text
            .lines()
            .filter_map(|l| l.split(' ').nth(4))
            .map(|p| PathBuf::from(unescape_mount(p)))
            .collect();
    }
    let (rules, source) = audit_rules();
    h.audit_rules = rules;
    h.audit_source = source;
    h.apparmor = std::fs::read_to_string("/sys/module/apparmor/parameters/enabled")
        .is_ok_and(|v| v.trim() == "Y");
    h.docker_group = std::fs::read_to_string("/etc/group").ok().and_then(|t| {
        t.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.first() == Some(&"docker")).then(|| {
                f.get(3)
                    .map(|m| {
                        m.split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default()
            })
        })
    });
    let certs = Path::new("/etc/docker/certs.d");
    if certs.is_dir() {
        walk_files(certs, 0, &mut h.registry_certs);
    }
    h.container_procs = container_processes(container_ids);
    h
}

fn unescape_mount(p: &str) -> String {
    p.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

fn walk_files(dir: &Path, depth: usize, out: &mut Vec<FileFact>) {
    if depth > 4 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk_files(&p, depth + 1, out);
        } else if ft.is_file() {
            out.push(FileFact::stat(&p));
        }
        if out.len() > 10_000 {
            return;
        }
    }
}

/// The unit file of `unit`: systemd's `FragmentPath` when systemd runs, else known paths.
fn unit_path(unit: &str) -> Option<PathBuf> {
    if Path::new("/run/systemd/system").is_dir()
        && let Ok(out) = Command::new("systemctl")
            .args(["show", "-p", "FragmentPath", unit])
            .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(p) = text.trim().strip_prefix("FragmentPath=")
            && !p.is_empty()
        {
            return Some(PathBuf::from(p));
        }
    }
    [
        "/etc/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
    ]
    .iter()
    .map(|d| Path::new(d).join(unit))
    .find(|p| p.exists())
}

/// `auditctl -l` when the binary exists and answers; otherwise the rules files.
fn audit_rules() -> (Option<Vec<String>>, String) {
    let auditctl = ["/sbin/auditctl", "/usr/sbin/auditctl"]
        .iter()
        .find(|p| Path::new(p).exists());
    if let Some(bin) = auditctl
        && let Ok(out) = Command::new(bin).arg("-l").output()
        && out.status.success()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        return (
            Some(text.lines().map(str::to_string).collect()),
            "auditctl -l".into(),
        );
    }
    let mut lines = Vec::new();
    let mut found = false;
    let mut files: Vec<PathBuf> = std::fs::read_dir("/etc/audit/rules.d")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rules"))
        .collect();
    files.sort();
    files.push(PathBuf::from("/etc/audit/audit.rules"));
    for f in &files {
        if let Ok(t) = std::fs::read_to_string(f) {
            found = true;
            lines.extend(
                t.lines()
                    .filter(|l| !l.trim_start().starts_with('#'))
                    .map(str::to_string),
            );
        }
    }
    if found || auditctl.is_some() {
        (
            Some(lines),
            "/etc/audit/rules.d/*.rules, /etc/audit/audit.rules".into(),
        )
    } else {
        (None, "auditd is not installed".into())
    }
}

fn read_cmdline(pid: &str) -> Option<Vec<String>> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    Some(
        raw.split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect(),
    )
}

/// The dockerd whose `-H` list serves `socket` (default `/var/run/docker.sock` when it has no
/// `-H`); with a TCP endpoint, the only dockerd if there is one.
fn find_dockerd(socket: Option<&Path>) -> Option<Dockerd> {
    let mut all = Vec::new();
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) else {
            continue;
        };
        if comm.trim() != "dockerd" {
            continue;
        }
        if let Some(mut args) = read_cmdline(pid) {
            if !args.is_empty() {
                args.remove(0);
            }
            all.push(Dockerd {
                pid: pid.parse().unwrap_or(0),
                args,
            });
        }
    }
    let serves = |d: &Dockerd, sock: &Path| {
        let hosts = d.flag("host");
        let mut hosts: Vec<String> = hosts;
        if hosts.is_empty()
            && let Some(cfg) = d.flag("config-file").first()
            && let Ok(t) = std::fs::read_to_string(cfg)
            && let Ok(v) = serde_json::from_str::<Value>(&t)
        {
            hosts = v
                .get("hosts")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
        }
        if hosts.is_empty() {
            return same_path(sock, Path::new("/var/run/docker.sock"));
        }
        hosts.iter().any(|h| {
            h.strip_prefix("unix://")
                .is_some_and(|p| same_path(sock, Path::new(p)))
                || (h.starts_with("fd://") && same_path(sock, Path::new("/var/run/docker.sock")))
        })
    };
    match socket {
        Some(sock) => all.into_iter().find(|d| serves(d, sock)),
        None if all.len() == 1 => all.pop(),
        None => None,
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    let ca = std::fs::canonicalize(a).unwrap_or_else(|_| a.to_path_buf());
    let cb = std::fs::canonicalize(b).unwrap_or_else(|_| b.to_path_buf());
    ca == cb
}

/// Finds each container's processes by the container id in `/proc/PID/cgroup` (both the
/// cgroupfs `/docker/ID` and the systemd `docker-ID.scope` layouts carry it).
fn container_processes(ids: &[&str]) -> HashMap<String, Vec<Proc>> {
    let mut out: HashMap<String, Vec<Proc>> = HashMap::new();
    if ids.is_empty() {
        return out;
    }
    let wanted: HashSet<&str> = ids.iter().copied().collect();
    let own = std::process::id();
    let Ok(rd) = std::fs::read_dir("/proc") else {
        return out;
    };
    for e in rd.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if pid == own {
            continue;
        }
        let Ok(cg) = std::fs::read_to_string(format!("/proc/{pid}/cgroup")) else {
            continue;
        };
        let Some(id) = cgroup_container_id(&cg, &wanted) else {
            continue;
        };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let exe = std::fs::read_link(format!("/proc/{pid}/exe"))
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.entry(id.to_string())
            .or_default()
            .push(Proc { pid, comm, exe });
    }
    out
}

fn cgroup_container_id<'a>(cgroup: &str, wanted: &HashSet<&'a str>) -> Option<&'a str> {
    for line in cgroup.lines() {
        let path = line.splitn(3, ':').nth(2).unwrap_or("");
        for seg in path.split('/') {
            let seg = seg
                .strip_prefix("docker-")
                .and_then(|s| s.strip_suffix(".scope"))
                .unwrap_or(seg);
            if seg.len() == 64
                && let Some(id) = wanted.get(seg)
            {
                return Some(id);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_is_a_bitmask() {
        let f = |mode| FileFact {
            path: PathBuf::new(),
            exists: true,
            uid: 0,
            gid: 0,
            mode,
            is_dir: false,
            is_socket: false,
        };
        assert!(f(0o644).mode_within(0o644));
        assert!(f(0o600).mode_within(0o644));
        assert!(f(0o400).mode_within(0o444));
        // docker-bench compared these as decimal numbers and passed them.
        assert!(!f(0o622).mode_within(0o644));
        assert!(!f(0o606).mode_within(0o660));
        assert!(!f(0o747).mode_within(0o755));
        assert!(!f(0o4644).mode_within(0o644));
    }

    #[test]
    fn dockerd_flags() {
        let d = Dockerd {
            pid: 1,
            args: [
                "-H",
                "unix:///tmp/a.sock",
                "--host=tcp://127.0.0.1:2375",
                "--icc=false",
                "--live-restore",
                "--tlscacert",
                "/etc/ca.pem",
                "-l",
                "debug",
            ]
            .map(String::from)
            .to_vec(),
        };
        assert_eq!(
            d.flag("host"),
            ["unix:///tmp/a.sock", "tcp://127.0.0.1:2375"]
        );
        assert_eq!(d.flag("icc"), ["false"]);
        assert_eq!(d.flag("live-restore"), ["true"]);
        assert_eq!(d.flag("tlscacert"), ["/etc/ca.pem"]);
        assert_eq!(d.flag("log-level"), ["debug"]);
        assert!(d.flag("userns-remap").is_empty());
    }

    #[test]
    fn cgroup_ids() {
        let id = "a".repeat(64);
        let wanted: HashSet<&str> = [id.as_str()].into_iter().collect();
        let v1 = format!("12:pids:/docker/{id}\n0::/system.slice/docker.service\n");
        assert_eq!(cgroup_container_id(&v1, &wanted), Some(id.as_str()));
        let sd = format!("0::/system.slice/docker-{id}.scope\n");
        assert_eq!(cgroup_container_id(&sd, &wanted), Some(id.as_str()));
        assert_eq!(cgroup_container_id("0::/user.slice\n", &wanted), None);
    }

    #[test]
    fn audit_watch_match() {
        let h = HostFacts {
            audit_rules: Some(vec![
                "-w /usr/bin/dockerd -p wa -k docker".into(),
                "-w /var/lib/docker-extra -k x".into(),
            ]),
            ..HostFacts::default()
        };
        assert_eq!(h.audited(Path::new("/usr/bin/dockerd")), Some(true));
        // A longer path is not a watch on the shorter one (docker-bench's substring bug).
        assert_eq!(h.audited(Path::new("/var/lib/docker")), Some(false));
    }
}

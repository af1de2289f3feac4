//! Section 5: container runtime. Every check runs on every container (created and exited ones
//! too), with a JSON pointer into its inspect document and the value found there.

use super::{Check, Cx, Observation, Run, Status, cis, container_loc, daemon_loc, on, ptr_token};
use crate::engine::Container;
use portcullis_core::Severity;
use serde_json::{Value, json};

fn s<'a>(c: &'a Container, p: &str) -> &'a str {
    c.at(p).and_then(Value::as_str).unwrap_or("")
}
fn n(c: &Container, p: &str) -> i64 {
    c.at(p).and_then(Value::as_i64).unwrap_or(0)
}
fn b(c: &Container, p: &str) -> bool {
    c.at(p).and_then(Value::as_bool).unwrap_or(false)
}
fn strs<'a>(c: &'a Container, p: &str) -> Vec<&'a str> {
    c.at(p)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
fn state_note(c: &Container) -> String {
    if c.running() {
        String::new()
    } else {
        format!(" (container is {})", c.state())
    }
}

fn cap(s: &str) -> String {
    let u = s.to_ascii_uppercase();
    u.strip_prefix("CAP_").map(str::to_string).unwrap_or(u)
}

fn is_runtime_socket(src: &str) -> bool {
    let base = src.rsplit('/').next().unwrap_or(src);
    matches!(
        base,
        "docker.sock" | "containerd.sock" | "podman.sock" | "crio.sock" | "dockershim.sock"
    )
}

/// Host directories whose contents must not be exposed to a container.
const SENSITIVE_DIRS: &[&str] = &[
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib64",
    "/proc",
    "/sys",
    "/usr",
    "/bin",
    "/sbin",
    "/root",
    "/var/lib/docker",
    "/run",
    "/var/run",
];

/// The sensitive directory `src` is, or lies under.
fn sensitive_dir(src: &str) -> Option<&'static str> {
    let src = if src.len() > 1 {
        src.trim_end_matches('/')
    } else {
        src
    };
    SENSITIVE_DIRS.iter().copied().find(|d| {
        if *d == "/" {
            src == "/"
        } else {
            src == *d || (src.starts_with(d) && src[d.len()..].starts_with('/'))
        }
    })
}

fn mounts(c: &Container) -> Vec<(usize, &Value)> {
    c.at("/Mounts")
        .and_then(Value::as_array)
        .map(|a| a.iter().enumerate().collect())
        .unwrap_or_default()
}

/// `(pointer, container port, host ip, host port)` of every published port binding.
fn bindings(c: &Container) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let Some(map) = c.at("/HostConfig/PortBindings").and_then(Value::as_object) else {
        return out;
    };
    for (port, list) in map {
        for (i, bnd) in list.as_array().into_iter().flatten().enumerate() {
            out.push((
                format!("/HostConfig/PortBindings/{}/{i}", ptr_token(port)),
                port.clone(),
                bnd.get("HostIp")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                bnd.get("HostPort")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ));
        }
    }
    out
}

macro_rules! host_ns_check {
    ($fn:ident, $ptr:literal, $what:literal) => {
        fn $fn(_cx: &Cx, c: &Container) -> Observation {
            if s(c, $ptr) == "host" {
                on(
                    c,
                    Status::Fail,
                    $ptr,
                    concat!("shares the host's ", $what, " namespace"),
                )
            } else {
                on(c, Status::Pass, $ptr, concat!("own ", $what, " namespace"))
            }
        }
    };
}

mod confinement;
mod host_access;
mod network;
mod resources;
use confinement::*;
use host_access::*;
use network::*;
use resources::*;

pub static CHECKS: &[&Check] = &[
    &Cis5_1::CHECK,
    &Cis5_2::CHECK,
    &Cis5_3::CHECK,
    &Cis5_4::CHECK,
    &Cis5_5::CHECK,
    &Cis5_6::CHECK,
    &Cis5_7::CHECK,
    &Cis5_8::CHECK,
    &Cis5_9::CHECK,
    &Cis5_10::CHECK,
    &Cis5_11::CHECK,
    &Cis5_12::CHECK,
    &Cis5_13::CHECK,
    &Cis5_14::CHECK,
    &Cis5_15::CHECK,
    &Cis5_16::CHECK,
    &Cis5_17::CHECK,
    &Cis5_18::CHECK,
    &Cis5_19::CHECK,
    &Cis5_20::CHECK,
    &Cis5_21::CHECK,
    &Cis5_22::CHECK,
    &Cis5_23::CHECK,
    &Cis5_24::CHECK,
    &Cis5_25::CHECK,
    &Cis5_26::CHECK,
    &Cis5_27::CHECK,
    &Cis5_28::CHECK,
    &Cis5_29::CHECK,
    &Cis5_30::CHECK,
    &Cis5_31::CHECK,
    &Cis5_32::CHECK,
];

//! Section 2: the daemon's configuration. Effective state from the API (`/info`, the `bridge`
//! network) comes first; the dockerd arguments and daemon.json fill in what the API does not
//! expose.

use super::{Check, Cx, Observation, Run, Status, cis, daemon_loc, file_loc};
use portcullis_core::{Location, Severity};
use serde_json::Value;

/// Where a setting came from, as a location: the daemon.json file, or the daemon.
fn setting_loc(cx: &Cx, source: &str) -> Location {
    if source.starts_with(&*cx.host.daemon_json_path.to_string_lossy()) && !source.is_empty() {
        file_loc(&cx.host.daemon_json_path)
    } else {
        daemon_loc(None)
    }
}

fn one(o: Observation) -> Vec<Observation> {
    vec![o]
}

mod isolation;
mod network;
mod operations;
use isolation::*;
use network::*;
use operations::*;

pub static CHECKS: &[&Check] = &[
    &Cis2_1::CHECK,
    &Cis2_2::CHECK,
    &Cis2_3::CHECK,
    &Cis2_4::CHECK,
    &Cis2_5::CHECK,
    &Cis2_6::CHECK,
    &Cis2_7::CHECK,
    &Cis2_8::CHECK,
    &Cis2_9::CHECK,
    &Cis2_10::CHECK,
    &Cis2_11::CHECK,
    &Cis2_12::CHECK,
    &Cis2_13::CHECK,
    &Cis2_14::CHECK,
    &Cis2_15::CHECK,
    &Cis2_16::CHECK,
    &Cis2_17::CHECK,
    &Cis2_18::CHECK,
];

//! The keep-alive inspect path over the real daemon's unix socket: documents exactly as the
//! daemon wrote them, a container that is gone is `None` (counted as vanished, not an error),
//! an unreachable socket is an error line per container, and more ids than connections all
//! come back, each with its index.

use crate::common::*;
use portcullis_host::engine::inspect_unix;
use std::path::Path;

#[test]
fn inspect_over_keep_alive_connections() {
    if !docker_available() {
        return;
    }
    ensure_image();
    let pre = prefix("eng");
    let names: Vec<String> = (0..3).map(|i| format!("{pre}-{i}")).collect();
    let _guard = Guard {
        names: names.clone(),
    };
    let mut ids = Vec::new();
    for n in &names {
        let id = docker_ok(&[
            "create",
            "--name",
            n,
            "--label",
            "portcullis.test=1",
            "--user",
            "0:0",
            IMAGE,
        ]);
        ids.push(id.trim().to_string());
    }
    // Ten gone containers around the real ones: more requests than connections (8).
    let mut wanted: Vec<String> = (0..10).map(|i| format!("{i:064x}")).collect();
    wanted.splice(4..4, ids.iter().cloned());
    let api = docker_ok(&["version", "--format", "{{.Server.APIVersion}}"]);
    let sock = Path::new("/var/run/docker.sock");
    let got = portcullis_host::engine::block_on(inspect_unix(
        sock,
        &format!("/v{}", api.trim()),
        &wanted,
        &|v| v,
    ))
    .unwrap();
    assert_eq!(got.len(), wanted.len());
    let mut found = 0;
    for (i, r) in &got {
        let doc = r.as_ref().unwrap_or_else(|e| panic!("{}: {e}", wanted[*i]));
        match doc {
            Some(d) => {
                found += 1;
                assert_eq!(d["Id"].as_str(), Some(wanted[*i].as_str()));
                assert_eq!(d["Config"]["User"].as_str(), Some("0:0"));
                // As the daemon wrote it: unset fields are present as null.
                assert!(d["HostConfig"].get("SecurityOpt").is_some());
            }
            None => assert!(!ids.contains(&wanted[*i]), "{} vanished", wanted[*i]),
        }
    }
    assert_eq!(found, ids.len());

    // No daemon behind the path: every container is an error line naming the socket.
    let got = portcullis_host::engine::block_on(inspect_unix(
        Path::new("/nonexistent/docker.sock"),
        "/v1.41",
        &ids,
        &|v| v,
    ))
    .unwrap();
    assert_eq!(got.len(), ids.len());
    for (_, r) in got {
        let e = r.unwrap_err();
        assert!(e.contains("/nonexistent/docker.sock"), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

//! 5.7 from the host's /proc: a process named sshd in a container is found; the benchmark's own
//! process (which searches for sshd) is never counted, even with `--pid host`.

use crate::common::*;
use portcullis_host::cis::Status;

#[test]
fn sshd_found_from_proc_and_own_process_not_flagged() {
    if !docker_available() {
        return;
    }
    ensure_image();
    let pre = prefix("sshd");
    let sshd = format!("{pre}-sshd");
    let pidhost = format!("{pre}-pidhost");
    let _guard = Guard {
        names: vec![sshd.clone(), pidhost.clone()],
    };
    // A copy of busybox named sshd: /proc/PID/comm and exe say `sshd`.
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &sshd,
        "--label",
        "portcullis.test=1",
        IMAGE,
        "sh",
        "-c",
        "cp /bin/busybox /tmp/sshd && exec -a busybox /tmp/sshd sleep 600",
    ]);
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &pidhost,
        "--label",
        "portcullis.test=1",
        "--pid",
        "host",
        IMAGE,
    ]);
    // Wait until the copy runs (the container starts with `sh`).
    let mut run = bench_only(&pre);
    for _ in 0..50 {
        if status_for(&run, "5.7", &sshd) == Status::Fail {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        run = bench_only(&pre);
    }
    assert_eq!(status_for(&run, "5.7", &sshd), Status::Fail);
    assert_eq!(status_for(&run, "5.7", &pidhost), Status::Pass);
    let r = result(&run, "5.7");
    let o = r
        .observations
        .iter()
        .find(|o| o.location.name.as_deref() == Some(sshd.as_str()))
        .unwrap();
    let v = o.value.as_ref().unwrap();
    assert_eq!(v[0]["comm"], "sshd");
    assert!(v[0]["exe"].as_str().unwrap().ends_with("/tmp/sshd"), "{v}");
    // The benchmark's own pid is never among a container's processes.
    let own = std::process::id();
    for procs in run.host.container_procs.values() {
        assert!(procs.iter().all(|p| p.pid != own));
    }
}

//! Integration tests against the real dockerd: containers the tests create (labelled
//! `portcullis.test=1`, unique names, removed by a drop guard), and a second dockerd the daemon
//! tests start on their own socket.

mod common;
mod containers;
mod daemon;
mod engine;
mod sshd;
mod tls;

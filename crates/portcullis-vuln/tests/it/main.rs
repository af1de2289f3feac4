//! Integration tests of portcullis-vuln against real data (`PORTCULLIS_TESTDATA`).

mod testdata;
mod versions;

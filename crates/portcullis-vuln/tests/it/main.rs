//! Integration tests of portcullis-vuln against real data (`PORTCULLIS_TESTDATA`).

mod ecosystems;
mod exact;
mod inventory;
mod testdata;
mod update;
mod versions;

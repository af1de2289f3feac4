//! Finding the shared test data set.

use std::path::PathBuf;

/// The shared data set (`PORTCULLIS_TESTDATA`, default `../shared/vulndata` from the repo
/// root). None (with a message) when it is absent, except under `CI=true`, where it panics.
pub fn dir() -> Option<PathBuf> {
    let d = match std::env::var_os("PORTCULLIS_TESTDATA") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vulndata"),
    };
    if d.join("README.md").is_file() {
        return Some(d);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "test data set missing at {} (PORTCULLIS_TESTDATA)",
            d.display()
        );
    }
    eprintln!(
        "skipped: test data set not found at {} (set PORTCULLIS_TESTDATA)",
        d.display()
    );
    None
}

//! Helpers shared by the integration tests of the binary.

use std::path::PathBuf;
use std::process::Output;

/// A JSON document the binary wrote; shows the text when it does not parse.
pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

/// Asserts that a run exited 0; shows its standard error when it did not.
pub fn assert_ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// [`assert_ok`], then the JSON report on standard output.
pub fn ok_json(out: &Output) -> serde_json::Value {
    assert_ok(out);
    json(&out.stdout)
}

/// The shared test data (`$PORTCULLIS_TESTDATA`, default `../shared/vulndata`); `None` (the
/// test skips, saying why) when absent, except under `CI=true`.
pub fn testdata() -> Option<PathBuf> {
    let d = std::env::var_os("PORTCULLIS_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vulndata")
        });
    if d.join("osv").is_dir() {
        return Some(d);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "test data missing at {}",
        d.display()
    );
    eprintln!(
        "skipped: no test data at {} (PORTCULLIS_TESTDATA)",
        d.display()
    );
    None
}

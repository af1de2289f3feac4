//! Shared helpers: skipping rules, the validators of `.peers`.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

pub fn skip_or_fail(why: &str) {
    if in_ci() {
        panic!("{why}");
    }
    eprintln!("skipping: {why}");
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Python of the `.peers` venv that scripts/test.sh fills (cyclonedx-python-lib, spdx-tools).
pub fn peers_python() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_PEERS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".peers/bin/python"));
    let ok = Command::new(&p)
        .args([
            "-c",
            "import cyclonedx.validation.json, spdx_tools.spdx.validation.document_validator",
        ])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some(p)
    } else {
        skip_or_fail(&format!(
            "{} lacks cyclonedx-python-lib or spdx-tools (scripts/test.sh installs them)",
            p.display()
        ));
        None
    }
}

pub fn minbase() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_MINBASE_ROOTFS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/test-cache/bookworm-minbase"));
    if p.join("var/lib/dpkg/status").exists() {
        Some(p)
    } else {
        skip_or_fail(
            "no minbase rootfs: set PORTCULLIS_MINBASE_ROOTFS (scripts/test.sh builds it)",
        );
        None
    }
}

pub const CDX: &str = r#"
import sys
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
err = JsonStrictValidator(SchemaVersion.V1_5).validate_str(open(sys.argv[1]).read())
if err:
    print(repr(err)); sys.exit(1)
"#;

pub const SPDX: &str = r#"
import sys
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
doc = parse_file(sys.argv[1])
msgs = validate_full_spdx_document(doc, "SPDX-2.3")
for m in msgs:
    print(m.validation_message)
sys.exit(1 if msgs else 0)
"#;

pub fn validate(py: &Path, script: &str, file: &Path) -> (bool, String) {
    let out = Command::new(py)
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

//! SARIF: the official 2.1.0 schema, content GitHub code scanning needs, stable fingerprints.

use super::*;

// ---------------------------------------------------------------------------------------------
// sarif

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../../data/sarif-schema-2.1.0.json"))
        .expect("schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    // `uri-reference` is a draft-06 format that draft-04 validators ignore; the SARIF schema uses
    // it for every artifact URI, so check it here with RFC 3986's character rules.
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("uri-reference", is_uri_reference)
        .build(&schema)
        .expect("schema compiles")
}

/// RFC 3986 `URI-reference` at the character level: only unreserved, reserved and well-formed
/// percent-escapes.
fn is_uri_reference(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            if !(i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit())
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)) {
            return false;
        }
        i += 1;
    }
    true
}

fn assert_valid_sarif(validator: &jsonschema::Validator, text: &str) -> Value {
    let value: Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema errors:\n{}",
        errors.join("\n")
    );
    value
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    assert_valid_sarif(&validator, &render(Format::Sarif, &report(), false));
    assert_valid_sarif(&validator, &render(Format::Sarif, &empty_report(), false));
    assert_valid_sarif(&validator, &render(Format::Sarif, &odd_report(), false));
}

#[test]
fn sarif_schema_validation_catches_mistakes() {
    // The validator is not vacuous: break the output and it complains.
    let validator = sarif_validator();
    let mut value: Value = serde_json::from_str(&render(Format::Sarif, &report(), false)).unwrap();
    value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator.is_valid(&value));
    let mut value: Value = serde_json::from_str(&render(Format::Sarif, &report(), false)).unwrap();
    value["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&value));
    // Formats are asserted too: `$schema` must be a URI, an artifact's URI a URI reference
    // (no spaces, no raw non-ASCII).
    let mut value: Value = serde_json::from_str(&render(Format::Sarif, &report(), false)).unwrap();
    value["$schema"] = Value::from("not a uri");
    assert!(!validator.is_valid(&value));
    let mut value: Value = serde_json::from_str(&render(Format::Sarif, &report(), false)).unwrap();
    value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("app dir/Dockerfile");
    assert!(!validator.is_valid(&value));
}

#[test]
fn sarif_content() {
    let report = report();
    let sarif: Value = serde_json::from_str(&render(Format::Sarif, &report, false)).unwrap();
    assert_eq!(sarif["$schema"], SARIF_SCHEMA_URI);
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "portcullis");
    assert_eq!(driver["version"], "0.1.0");

    // Every registry rule, then VULN, which only a finding knows.
    let rules = driver["rules"].as_array().unwrap();
    let registry = registry();
    assert_eq!(rules.len(), registry.len() + 1);
    for (rule, meta) in rules.iter().zip(&registry) {
        assert_eq!(rule["id"], meta.code);
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert!(!rule["help"]["markdown"].as_str().unwrap().is_empty());
        assert_eq!(rule["properties"]["tags"][0], meta.practice.slug());
    }
    assert_eq!(rules[registry.len()]["id"], "VULN");
    let df012 = &rules[0];
    assert_eq!(
        df012["fullDescription"]["text"],
        "Reports a base image without a pinned tag or digest."
    );
    assert!(
        df012["help"]["markdown"]
            .as_str()
            .unwrap()
            .starts_with("## What it does\nReports a base image")
    );
    assert_eq!(
        df012["helpUri"],
        "https://docs.docker.com/reference/dockerfile/#from"
    );
    assert_eq!(
        df012["properties"]["tags"],
        serde_json::json!(["updates", "DL3007", "security"])
    );
    assert_eq!(df012["properties"]["security-severity"], "5.0");
    assert_eq!(df012["defaultConfiguration"]["level"], "warning");
    assert_eq!(rules[1]["properties"]["security-severity"], "9.0");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[3]["defaultConfiguration"]["enabled"], false);

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let mut fingerprints = HashSet::new();
    for (result, finding) in results.iter().zip(&report.findings) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], &*finding.rule);
        let expected_level = match finding.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        };
        assert_eq!(result["level"], expected_level);
        // Every result has a physical location with a URI: GitHub rejects the file otherwise.
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.is_empty());
        let fp = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(
            fingerprints.insert(fp.to_string()),
            "duplicate fingerprint {fp}"
        );
    }

    let by_rule = |code: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == code)
            .unwrap_or_else(|| panic!("no result for {code}"))
    };
    // A file finding: region in code points.
    let secret = by_rule("DF020");
    assert_eq!(
        secret["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": {"uri": "app/Dockerfile"},
            "region": {"startLine": 2, "startColumn": 14, "endLine": 2, "endColumn": 30}
        })
    );
    // A Docker object: a logical location, and a pseudo-path without a region.
    let privileged = by_rule("CIS-5.4");
    let location = &privileged["locations"][0];
    assert_eq!(
        location["physicalLocation"],
        serde_json::json!({"artifactLocation": {"uri": "container/web"}})
    );
    assert_eq!(
        location["logicalLocations"][0],
        serde_json::json!({
            "name": "web",
            "fullyQualifiedName": "container web /HostConfig/Privileged",
            "kind": "container"
        })
    );
    let vuln = by_rule("VULN");
    assert_eq!(
        vuln["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "image/nginx%3A1.25/openssl"
    );
    assert_eq!(vuln["properties"]["detail"]["id"], "CVE-2024-0727");

    // Fixes: byte offsets become line/column and character offsets.
    let latest = by_rule("DF012");
    assert_eq!(
        latest["fixes"][0]["artifactChanges"][0],
        serde_json::json!({
            "artifactLocation": {"uri": "app/Dockerfile"},
            "replacements": [{
                "deletedRegion": {
                    "startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 17,
                    "charOffset": 5, "charLength": 11
                },
                "insertedContent": {"text": "node:22.11-slim"}
            }]
        })
    );
    assert_eq!(latest["fixes"][0]["properties"]["safety"], "safe");
    // After the multi-byte line 2, character offsets differ from byte offsets.
    let recommends = by_rule("DF030");
    let region = &recommends["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"];
    let byte = offset(DOCKERFILE, "install -y") + "install".len();
    let chars = DOCKERFILE[..byte].chars().count();
    assert!(chars < byte);
    assert_eq!(region["charOffset"], chars);
    assert_eq!(region["charLength"], 0);
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], 17);
    assert_eq!(recommends["fixes"][0]["properties"]["safety"], "unsafe");
}

#[test]
fn sarif_fingerprints_ignore_line_moves() {
    // Insert a line above everything: the fingerprints of the findings that moved stay the same.
    let shifted_source = format!("# syntax=docker/dockerfile:1\n{DOCKERFILE}");
    let shift = |f: &Finding| {
        let mut f = f.clone();
        if f.location.path.as_deref() == Some("app/Dockerfile") {
            f.location.line = f.location.line.map(|l| l + 1);
            f.location.end_line = f.location.end_line.map(|l| l + 1);
            f.fix = None;
        }
        f
    };
    let base = report();
    let shifted = Report::new(
        "0.1.0",
        targets(),
        base.findings.iter().map(shift).collect(),
    );
    let rules = registry();
    let mut sources = sources();
    let fingerprints = |report: &Report, sources: &BTreeMap<String, String>| -> Vec<String> {
        let cx = RenderContext {
            report,
            rules: &rules,
            sources,
            color: false,
            tool_version: "0.1.0",
            fingerprints: None,
        };
        let mut out = Vec::new();
        Format::Sarif.render(&cx, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["primaryLocationLineHash"].to_string())
            .collect()
    };
    let before = fingerprints(&base, &sources);
    sources.insert("app/Dockerfile".into(), shifted_source);
    let after = fingerprints(&shifted, &sources);
    assert_eq!(before, after);
}

#[test]
fn audit_scorecard_in_run_properties_is_valid_sarif() {
    use portcullis_core::{Notice, scorecard};
    let mut report = Report::new("0.1.0", Vec::new(), Vec::new());
    report.scorecard = Some(scorecard::score(
        &[],
        &[],
        &[],
        &[(Practice::HostAudit, "no daemon reachable".to_string())],
    ));
    report.notices = vec![Notice::new("bench", "no daemon reachable")];
    let rules = registry();
    let sources = std::collections::BTreeMap::new();
    let cx = RenderContext::new(&report, &rules, &sources);
    let mut out = Vec::new();
    Format::Sarif.render(&cx, &mut out).unwrap();
    let v = assert_valid_sarif(&sarif_validator(), std::str::from_utf8(&out).unwrap());
    let props = &v["runs"][0]["properties"];
    assert_eq!(props["portcullis/notices"][0]["source"], "bench");
    let host = &props["portcullis/scorecard"]["practices"][4];
    assert_eq!(host["practice"], "host-audit");
    assert_eq!(host["not_assessed"], "no daemon reachable");
}

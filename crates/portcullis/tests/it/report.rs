//! The reporters: every format rendered from one report built in code, snapshotted, and checked
//! against what consumes it (the SARIF 2.1.0 schema, an XML parser, GitHub's escaping rules).

use portcullis::report::{Format, RenderContext, SARIF_SCHEMA_URI};
use portcullis_core::tool_rules::TOOL_RULES;
use portcullis_core::{
    Edit, Finding, Fix, FixSafety, Location, Practice, Report, RuleMeta, Severity, Target,
    TargetKind, declare_rule,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

// ---------------------------------------------------------------------------------------------
// Fixture: a small registry, two files with their text, a container and an image.

declare_rule! {
    /// ## What it does
    /// Reports a base image without a pinned tag or digest.
    ///
    /// ## Why is this bad?
    /// `latest` moves: builds stop being reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    pub LatestTag {
        code: "DF012", name: "latest-tag", practice: Updates, severity: Medium,
        summary: "base image tag is `latest` or missing",
        aliases: ["DL3007"],
        references: ["https://docs.docker.com/reference/dockerfile/#from"],
        remediation: "pin a release tag such as node:22.11-slim, or a digest",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports secrets in `ENV` and `ARG`.
    pub SecretInEnv {
        code: "DF020", name: "secret-in-env", practice: Secrets, severity: Critical,
        summary: "a secret in ENV or ARG", aliases: ["DS031"], references: ["CIS-4.10"],
        remediation: "pass the secret with a BuildKit secret mount",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends`.
    pub AptRecommends {
        code: "DF030", name: "apt-install-recommends", practice: MinimalImage, severity: Low,
        summary: "apt-get install pulls recommended packages", aliases: ["DL3015"],
        references: [], remediation: "add --no-install-recommends",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports apt lists left in a layer.
    pub AptLists {
        code: "DF035", name: "apt-lists-kept", practice: MinimalImage, severity: Info,
        summary: "apt lists left in the layer", aliases: ["DL3009"], references: [],
        remediation: "remove /var/lib/apt/lists/* in the same RUN", default_enabled: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a final stage that runs as root.
    pub RootUser {
        code: "DF040", name: "root-user", practice: LeastPrivilege, severity: High,
        summary: "the image runs as root", aliases: ["DL3002", "CIS-4.1"], references: [],
        remediation: "add a USER with a non-root uid",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports ports published on every interface.
    pub PortsAllInterfaces {
        code: "DC010", name: "port-all-interfaces", practice: Network, severity: Medium,
        summary: "a port published on 0.0.0.0", aliases: [], references: [],
        remediation: "bind the port to 127.0.0.1 or a specific address",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports privileged containers.
    pub Privileged {
        code: "CIS-5.4", name: "privileged-container", practice: LeastPrivilege,
        severity: Critical, summary: "a privileged container", aliases: ["CIS-5.5"],
        references: [], remediation: "drop --privileged; add only the capabilities needed",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports containers whose logs go nowhere.
    pub LoggingDisabled {
        code: "CIS-2.12", name: "logging-disabled", practice: Monitoring, severity: Low,
        summary: "container logging disabled", aliases: [], references: [],
        remediation: "use a logging driver that ships logs off the host",
    }
}

static RULES: &[&RuleMeta] = &[
    &LatestTag::META,
    &SecretInEnv::META,
    &AptRecommends::META,
    &AptLists::META,
    &RootUser::META,
    &PortsAllInterfaces::META,
    &Privileged::META,
    &LoggingDisabled::META,
];

/// The registry: the test rules, then the tool's own `PC` rules.
fn registry() -> Vec<&'static RuleMeta> {
    RULES.iter().chain(TOOL_RULES).copied().collect()
}

const DOCKERFILE: &str = "FROM node:latest\n\
ENV 名前=\"日本語\" API_TOKEN=s3cr3t\n\
RUN apt-get update && \\\n\
\tapt-get install -y curl\n\
USER root\n";

const COMPOSE: &str = "# portcullis ignore=DC999\n\
services:\n\
\x20 web:\n\
\x20   image: \"nginx:1.25\"\n\
\x20   ports:\n\
\x20     - \"8080:80\"\n";

fn sources() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app/Dockerfile".to_string(), DOCKERFILE.to_string()),
        ("deploy/compose.yaml".to_string(), COMPOSE.to_string()),
    ])
}

fn targets() -> Vec<Target> {
    vec![
        Target {
            kind: TargetKind::Dockerfile,
            path: Some("app/Dockerfile".into()),
            name: None,
        },
        Target {
            kind: TargetKind::Compose,
            path: Some("deploy/compose.yaml".into()),
            name: None,
        },
        Target {
            kind: TargetKind::Container,
            path: None,
            name: Some("web".into()),
        },
        Target {
            kind: TargetKind::Image,
            path: None,
            name: Some("nginx:1.25".into()),
        },
        Target {
            kind: TargetKind::Dockerfile,
            path: Some("clean/Dockerfile".into()),
            name: None,
        },
    ]
}

fn at(meta: &'static RuleMeta, target: usize, message: &str, location: Location) -> Finding {
    let mut f = meta.finding(message, location);
    f.target = target;
    f
}

fn object(object: &str, name: &str, id: &str, pointer: &str) -> Location {
    Location {
        object: Some(object.into()),
        name: Some(name.into()),
        id: Some(id.into()),
        pointer: Some(pointer.into()),
        ..Location::default()
    }
}

/// Byte offset of `needle` in `text`, for building fixes.
fn offset(text: &str, needle: &str) -> usize {
    text.find(needle).expect("needle in fixture")
}

fn findings() -> Vec<Finding> {
    let df = "app/Dockerfile";
    let dc = "deploy/compose.yaml";

    let mut latest = at(
        &LatestTag::META,
        0,
        "base image `node:latest` is not pinned",
        Location::span(df, 1, 6, 1, 17),
    );
    let start = offset(DOCKERFILE, "node:latest");
    latest.fix = Some(Fix {
        description: "pin node:22.11-slim".into(),
        safety: FixSafety::Safe,
        edits: vec![Edit {
            start,
            end: start + "node:latest".len(),
            replacement: "node:22.11-slim".into(),
        }],
    });

    // Line 2 has multi-byte, double-width characters before the span (columns count chars).
    let secret = at(
        &SecretInEnv::META,
        0,
        "`API_TOKEN` looks like a secret",
        Location::span(df, 2, 14, 2, 30),
    );

    // Line 4 starts with a tab.
    let mut recommends = at(
        &AptRecommends::META,
        0,
        "`apt-get install` without `--no-install-recommends`",
        Location::span(df, 4, 10, 4, 17),
    );
    let after_install = offset(DOCKERFILE, "install -y") + "install".len();
    recommends.fix = Some(Fix {
        description: "add --no-install-recommends".into(),
        safety: FixSafety::Unsafe,
        edits: vec![Edit {
            start: after_install,
            end: after_install,
            replacement: " --no-install-recommends".into(),
        }],
    });

    // A span over two lines.
    let lists = at(
        &AptLists::META,
        0,
        "apt lists are left in the layer",
        Location::span(df, 3, 1, 4, 25),
    );

    let root = at(
        &RootUser::META,
        0,
        "the final stage runs as `root`",
        Location::span(df, 5, 1, 5, 10),
    );

    let unused = at(
        TOOL_RULES[1],
        1,
        "`DC999` suppresses nothing here",
        Location::span(dc, 1, 3, 1, 26),
    );

    let ports = at(
        &PortsAllInterfaces::META,
        1,
        "port `8080:80` is published on all interfaces, 100% reachable",
        Location::span(dc, 6, 9, 6, 18),
    );

    let privileged = at(
        &Privileged::META,
        2,
        "container `web` runs privileged",
        object("container", "web", "3f2a9c1d", "/HostConfig/Privileged"),
    );

    let mut logging = at(
        &LoggingDisabled::META,
        2,
        "container `web` logs with the `none` driver",
        object("container", "web", "3f2a9c1d", "/HostConfig/LogConfig/Type"),
    );
    logging.severity = Severity::Info; // a severity override from configuration

    // A rule the registry does not know, on image content.
    let vuln = Finding {
        rule: "VULN".into(),
        name: "vulnerable-package".into(),
        practice: Practice::ImageScanning,
        severity: Severity::High,
        message:
            "openssl 3.0.11-1~deb12u2 is affected by CVE-2024-0727 (fixed in 3.0.13-1~deb12u1)"
                .into(),
        target: 3,
        location: Location {
            image: Some("nginx:1.25".into()),
            package: Some("openssl".into()),
            version: Some("3.0.11-1~deb12u2".into()),
            purl: Some("pkg:deb/debian/openssl@3.0.11-1~deb12u2".into()),
            ..Location::default()
        },
        aliases: vec!["CVE-2024-0727".into()],
        references: vec!["https://nvd.nist.gov/vuln/detail/CVE-2024-0727".into()],
        remediation: Some("upgrade openssl to 3.0.13-1~deb12u1".into()),
        fix: None,
        detail: Some(serde_json::json!({"id": "CVE-2024-0727", "fixed": "3.0.13-1~deb12u1"})),
    };

    vec![
        latest, secret, recommends, lists, root, unused, ports, privileged, logging, vuln,
    ]
}

fn report() -> Report {
    Report::new("0.1.0", targets(), findings())
}

fn render(format: Format, report: &Report, color: bool) -> String {
    let rules = registry();
    let sources = sources();
    let cx = RenderContext {
        report,
        rules: &rules,
        sources: &sources,
        color,
        tool_version: "0.1.0",
    };
    let mut out = Vec::new();
    format.render(&cx, &mut out).expect("render");
    String::from_utf8(out).expect("UTF-8 output")
}

fn empty_report() -> Report {
    Report::new("0.1.0", targets()[..2].to_vec(), Vec::new())
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

#[test]
fn snapshots_of_every_format() {
    let report = report();
    for format in Format::ALL {
        let text = render(format, &report, false);
        insta::assert_snapshot!(format.as_str(), text);
    }
}

#[test]
fn snapshots_of_an_empty_report() {
    let report = empty_report();
    for format in Format::ALL {
        let text = render(format, &report, false);
        insta::assert_snapshot!(format!("empty_{format}"), text);
    }
}

#[test]
fn every_format_is_deterministic() {
    let mut reversed = findings();
    reversed.reverse();
    let shuffled = Report::new("0.1.0", targets(), reversed);
    let report = report();
    for format in Format::ALL {
        let first = render(format, &report, false);
        let second = render(format, &report, false);
        assert_eq!(first, second, "{format}: two renders differ");
        let third = render(format, &shuffled, false);
        assert_eq!(
            first, third,
            "{format}: finding order leaks into the output"
        );
    }
}

#[test]
fn format_names_round_trip() {
    let names: Vec<String> = Format::ALL.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        names,
        [
            "human",
            "json",
            "sarif",
            "github",
            "junit",
            "checkstyle",
            "gitlab"
        ]
    );
    for format in Format::ALL {
        assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        assert_eq!(
            format.to_string().to_uppercase().parse::<Format>(),
            Ok(format)
        );
    }
    let err = "yaml".parse::<Format>().unwrap_err();
    assert!(err.contains("`yaml`") && err.contains("sarif"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// human

#[test]
fn human_underlines_wide_chars_tabs_and_multiline_spans() {
    let text = render(Format::Human, &report(), false);
    let lines: Vec<&str> = text.lines().collect();
    let caret_line_after = |source: &str| -> &str {
        let i = lines
            .iter()
            .position(|l| l.ends_with(source))
            .unwrap_or_else(|| panic!("no snippet line ending with {source:?} in\n{text}"));
        lines[i + 1]
    };
    // `ENV ` (4) + `名前` (4) + `="` (2) + `日本語` (6) + `" ` (2) = 18 columns, then 16 carets.
    assert_eq!(
        caret_line_after("ENV 名前=\"日本語\" API_TOKEN=s3cr3t"),
        format!("  | {}{}", " ".repeat(18), "^".repeat(16))
    );
    // The tab shows as four spaces; `install` is under `install`.
    let tab_line = lines
        .iter()
        .position(|l| *l == "4 |     apt-get install -y curl")
        .expect("tab expanded");
    assert!(
        lines[tab_line + 1..]
            .iter()
            .any(|l| *l == format!("  | {}{}", " ".repeat(12), "^".repeat(7)))
    );
    // The two-line span is underlined to the end of its first line.
    assert_eq!(
        caret_line_after("RUN apt-get update && \\"),
        format!("  | {}", "^".repeat(23))
    );
    assert!(text.contains("DF012 latest-tag [DL3007]  base image `node:latest` is not pinned"));
    assert!(text.contains("  = help: pin a release tag such as node:22.11-slim, or a digest"));
    assert!(text.contains("container web /HostConfig/Privileged  CRITICAL  CIS-5.4"));
    assert!(text.contains("1 fixable with --fix (1 more with --unsafe-fixes)"));
    assert!(text.contains("10 findings in 5 targets: 2 critical, 2 high, 2 medium, 2 low, 2 info"));
    assert!(text.contains("  2  least-privilege  Principle of least privilege\n"));
}

#[test]
fn human_colour_is_only_ansi_styling() {
    let report = report();
    let plain = render(Format::Human, &report, false);
    let colored = render(Format::Human, &report, true);
    assert!(!plain.contains('\x1b'));
    // Severity labels are styled: an SGR sequence right before them, a reset right after.
    assert!(colored.contains("mCRITICAL\x1b[0m"), "{colored:?}");
    assert!(colored.contains("mMEDIUM\x1b[0m"), "{colored:?}");
    assert_eq!(strip_ansi(&colored), plain);
}

#[test]
fn human_reports_no_findings_in_one_line() {
    assert_eq!(
        render(Format::Human, &empty_report(), false),
        "no findings in 2 targets\n"
    );
}

#[test]
fn human_neutralises_terminal_escapes_from_input() {
    let mut f = RootUser::META.finding(
        "evil \x1b[2J name\nsecond line",
        Location::span("x/Dockerfile", 1, 1, 1, 5),
    );
    f.remediation = None;
    let report = Report::new(
        "0.1.0",
        vec![Target {
            kind: TargetKind::Dockerfile,
            path: Some("x/Dockerfile".into()),
            name: None,
        }],
        vec![f],
    );
    let text = render(Format::Human, &report, false);
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(
        text.contains("evil \u{FFFD}[2J name second line"),
        "{text:?}"
    );
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ params final-byte
            assert_eq!(chars.next(), Some('['));
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// json

#[test]
fn json_is_exactly_the_report() {
    let report = report();
    let text = render(Format::Json, &report, false);
    assert!(text.ends_with("}\n"));
    let back: Report = serde_json::from_str(&text).expect("JSON report parses");
    assert_eq!(back, report);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["summary"]["by_severity"]["critical"], 2);
}

// ---------------------------------------------------------------------------------------------
// sarif

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../data/sarif-schema-2.1.0.json"))
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
        assert_eq!(result["ruleId"], finding.rule.as_str());
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

// ---------------------------------------------------------------------------------------------
// github

/// A report whose path, message and title need every kind of escaping.
fn odd_report() -> Report {
    let mut f = PortsAllInterfaces::META.finding(
        "line one\r\nline two: 100%, done",
        Location::span("odd dir/a,b:c%.yaml", 3, 2, 3, 9),
    );
    f.remediation = Some("bind to 127.0.0.1:8080".into());
    f.name = "port:all,interfaces".into();
    Report::new(
        "0.1.0",
        vec![Target {
            kind: TargetKind::Compose,
            path: Some("odd dir/a,b:c%.yaml".into()),
            name: None,
        }],
        vec![f],
    )
}

#[test]
fn github_workflow_commands() {
    let text = render(Format::Github, &report(), false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report().findings.len());
    assert!(lines.contains(
        &"::warning file=app/Dockerfile,line=1,col=6,endLine=1,endColumn=17,title=DF012 latest-tag::base image `node:latest` is not pinned%0Ahelp: pin a release tag such as node:22.11-slim, or a digest"
    ));
    assert!(lines.iter().any(|l| l.starts_with(
        "::error title=CIS-5.4 privileged-container::container web /HostConfig/Privileged: container `web` runs privileged"
    )));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice file=app/Dockerfile,line=3,"))
    );
    for line in &lines {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice ")
        );
    }
}

#[test]
fn github_escaping() {
    let text = render(Format::Github, &odd_report(), false);
    assert_eq!(
        text,
        "::warning file=odd dir/a%2Cb%3Ac%25.yaml,line=3,col=2,endLine=3,endColumn=9,\
         title=DC010 port%3Aall%2Cinterfaces::line one%0D%0Aline two: 100%25, done%0Ahelp: bind to 127.0.0.1:8080\n"
    );
}

// ---------------------------------------------------------------------------------------------
// XML formats

/// One element of a parsed XML document.
#[derive(Debug)]
struct Element {
    name: String,
    depth: usize,
    attrs: BTreeMap<String, String>,
    text: String,
}

/// Parses a whole XML document with quick-xml, failing on anything malformed.
fn parse_xml(text: &str) -> Vec<Element> {
    use quick_xml::XmlVersion;
    use quick_xml::events::{BytesStart, Event};
    fn utf8(name: &str) -> String {
        name.to_string()
    }
    fn element(e: &BytesStart, depth: usize) -> Element {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    utf8(a.key.as_ref()),
                    a.normalized_value(XmlVersion::Explicit1_0)
                        .expect("attribute value")
                        .into_owned(),
                )
            })
            .collect();
        Element {
            name: utf8(e.name().as_ref()),
            depth,
            attrs,
            text: String::new(),
        }
    }

    let mut reader = quick_xml::Reader::from_str(text);
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!("malformed XML at {}: {e}\n{text}", reader.buffer_position())
        });
        match event {
            Event::Start(e) => {
                roots += usize::from(open.is_empty());
                elements.push(element(&e, open.len()));
                open.push(elements.len() - 1);
            }
            Event::Empty(e) => {
                roots += usize::from(open.is_empty());
                elements.push(element(&e, open.len()));
            }
            Event::End(_) => {
                open.pop().expect("balanced tags");
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                match open.last() {
                    Some(&i) => elements[i].text.push_str(&s),
                    None => assert!(s.trim().is_empty(), "text outside the root: {s:?}"),
                }
            }
            Event::GeneralRef(r) => {
                let name = utf8(r.as_ref());
                let resolved = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                };
                let &i = open.last().expect("reference inside an element");
                elements[i].text.push_str(resolved);
            }
            Event::Decl(_) => {}
            Event::Eof => break,
            other => panic!("unexpected XML event {other:?}"),
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    assert_eq!(roots, 1, "exactly one root element");
    elements
}

fn attr<'e>(e: &'e Element, name: &str) -> &'e str {
    e.attrs
        .get(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}: {e:?}", e.name))
}

fn count(e: &Element, name: &str) -> usize {
    attr(e, name).parse().expect("a count")
}

#[test]
fn junit_is_well_formed_and_counts_add_up() {
    let report = report();
    let elements = parse_xml(&render(Format::Junit, &report, false));
    let root = &elements[0];
    assert_eq!(root.name, "testsuites");
    let suites: Vec<&Element> = elements.iter().filter(|e| e.name == "testsuite").collect();
    let cases: Vec<&Element> = elements.iter().filter(|e| e.name == "testcase").collect();
    let failures: Vec<&Element> = elements.iter().filter(|e| e.name == "failure").collect();
    // One suite per target; one failing case per finding; one passing case for clean/Dockerfile.
    assert_eq!(suites.len(), report.targets.len());
    assert_eq!(failures.len(), report.findings.len());
    assert_eq!(cases.len(), report.findings.len() + 1);
    assert_eq!(count(root, "tests"), cases.len());
    assert_eq!(count(root, "failures"), failures.len());
    assert_eq!(
        suites.iter().map(|s| count(s, "tests")).sum::<usize>(),
        cases.len()
    );
    assert_eq!(
        suites.iter().map(|s| count(s, "failures")).sum::<usize>(),
        failures.len()
    );
    let names: Vec<&str> = suites.iter().map(|s| attr(s, "name")).collect();
    assert_eq!(
        names,
        [
            "app/Dockerfile",
            "deploy/compose.yaml",
            "container web",
            "image nginx:1.25",
            "clean/Dockerfile"
        ]
    );
    let clean = suites.last().unwrap();
    assert_eq!((count(clean, "tests"), count(clean, "failures")), (1, 0));

    // Attributes and text round-trip through the escaping.
    let secret = failures
        .iter()
        .find(|f| attr(f, "message") == "`API_TOKEN` looks like a secret")
        .expect("secret failure");
    assert_eq!(attr(secret, "type"), "critical");
    assert!(
        secret
            .text
            .contains("help: pass the secret with a BuildKit secret mount")
    );
    for f in &failures {
        assert!(Severity::ALL.iter().any(|s| s.as_str() == attr(f, "type")));
        assert_eq!(f.depth, 3);
    }
}

#[test]
fn xml_escaping_survives_hostile_text() {
    let mut f = RootUser::META.finding(
        "a <b> & \"c\" 'd' \x1b[31m\x07 é\nline two\ttab",
        Location::span("we&ird <dir>/Dockerfile", 1, 1, 1, 2),
    );
    f.target = 0;
    let report = Report::new(
        "0.1.0",
        vec![Target {
            kind: TargetKind::Dockerfile,
            path: Some("we&ird <dir>/Dockerfile".into()),
            name: None,
        }],
        vec![f],
    );
    let junit = parse_xml(&render(Format::Junit, &report, false));
    let failure = junit.iter().find(|e| e.name == "failure").unwrap();
    assert_eq!(
        attr(failure, "message"),
        "a <b> & \"c\" 'd' \u{FFFD}[31m\u{FFFD} é\nline two\ttab"
    );
    let suite = junit.iter().find(|e| e.name == "testsuite").unwrap();
    assert_eq!(attr(suite, "name"), "we&ird <dir>/Dockerfile");

    let checkstyle = parse_xml(&render(Format::Checkstyle, &report, false));
    let file = checkstyle.iter().find(|e| e.name == "file").unwrap();
    assert_eq!(attr(file, "name"), "we&ird <dir>/Dockerfile");
    let error = checkstyle.iter().find(|e| e.name == "error").unwrap();
    assert!(attr(error, "message").starts_with("a <b> & \"c\" 'd' \u{FFFD}"));
}

#[test]
fn checkstyle_is_well_formed() {
    let report = report();
    let elements = parse_xml(&render(Format::Checkstyle, &report, false));
    assert_eq!(elements[0].name, "checkstyle");
    assert_eq!(attr(&elements[0], "version"), "4.3");
    let files: Vec<&str> = elements
        .iter()
        .filter(|e| e.name == "file")
        .map(|e| attr(e, "name"))
        .collect();
    assert_eq!(
        files,
        [
            "app/Dockerfile",
            "deploy/compose.yaml",
            "container web",
            "image nginx:1.25"
        ]
    );
    let errors: Vec<&Element> = elements.iter().filter(|e| e.name == "error").collect();
    assert_eq!(errors.len(), report.findings.len());
    for (e, f) in errors.iter().zip(&report.findings) {
        assert_eq!(attr(e, "source"), format!("portcullis.{}", f.rule));
        let expected = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "info",
        };
        assert_eq!(attr(e, "severity"), expected);
        if let Some(line) = f.location.line {
            assert_eq!(count(e, "line"), line as usize);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// gitlab

#[test]
fn gitlab_code_quality() {
    let report = report();
    let issues: Vec<Value> =
        serde_json::from_str(&render(Format::Gitlab, &report, false)).expect("a JSON array");
    assert_eq!(issues.len(), report.findings.len());
    let mut fingerprints = HashSet::new();
    for (issue, f) in issues.iter().zip(&report.findings) {
        assert_eq!(issue["check_name"], f.rule.as_str());
        assert!(issue["description"].as_str().unwrap().contains(&f.message));
        let fp = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fp.len(), 32);
        assert!(fp.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(fingerprints.insert(fp.to_string()));
        let expected = match f.severity {
            Severity::Critical => "blocker",
            Severity::High => "critical",
            Severity::Medium => "major",
            Severity::Low => "minor",
            Severity::Info => "info",
        };
        assert_eq!(issue["severity"], expected);
        assert!(!issue["location"]["path"].as_str().unwrap().is_empty());
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        let category = if f.practice == Practice::BuildHygiene {
            "Style"
        } else {
            "Security"
        };
        assert_eq!(issue["categories"], serde_json::json!([category]));
    }
    assert_eq!(render(Format::Gitlab, &empty_report(), false), "[]\n");
}

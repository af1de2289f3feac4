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
        aliases: vec!["CVE-2024-0727".into()].into(),
        references: vec!["https://nvd.nist.gov/vuln/detail/CVE-2024-0727".into()].into(),
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
        fingerprints: None,
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
            "gitlab",
            "markdown"
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

mod formats;
mod sarif;

//! GitHub annotations, JUnit, Checkstyle and GitLab Code Quality.

use super::*;

// ---------------------------------------------------------------------------------------------
// github

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
        assert_eq!(issue["check_name"], &*f.rule);
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

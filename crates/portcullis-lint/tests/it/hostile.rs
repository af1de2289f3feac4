//! Hostile and random input: the parser and every rule end in findings, never a panic or a
//! hang, and every span stays inside the text.

use portcullis_core::config::Config;
use portcullis_lint::dockerfile::{lint::lint, parse};
use proptest::prelude::*;

fn check_spans(text: &str) {
    let res = lint("Dockerfile", text, &Config::default(), None);
    for f in &res.findings {
        let (Some(l), Some(c)) = (f.location.line, f.location.column) else {
            continue;
        };
        let lines = text.split('\n').count() as u32;
        assert!(
            l >= 1 && l <= lines.max(1),
            "{}: line {l} outside 1..={lines}",
            f.rule
        );
        assert!(c >= 1, "{}: column {c}", f.rule);
    }
    let df = parse(text);
    for ins in &df.instructions {
        assert!(ins.start <= ins.end && ins.end <= text.len());
        for w in ins.words() {
            assert!(w.start <= w.end && w.end <= text.len());
            assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
        }
    }
}

#[test]
fn ten_megabyte_line() {
    let text = format!(
        "FROM alpine:3.20\nRUN echo {}\nUSER 1000\n",
        "a".repeat(10 << 20)
    );
    let res = lint("Dockerfile", &text, &Config::default(), None);
    let pc: Vec<_> = res.findings.iter().filter(|f| f.rule == "PC001").collect();
    assert_eq!(
        pc.len(),
        1,
        "one parse finding for the oversized instruction"
    );
    assert_eq!(pc[0].location.line, Some(2));
    assert!(pc[0].message.contains("longer than"), "{}", pc[0].message);
    assert!(
        res.dockerfile.instructions.iter().any(|i| i.line == 3),
        "parsing went on after it"
    );
}

#[test]
fn hundred_thousand_continuations() {
    let mut text = String::from("FROM debian:12\nRUN true");
    for i in 0..100_000 {
        text.push_str(&format!(" \\\n  && echo {i}"));
    }
    text.push_str("\nUSER 1000\n");
    let res = lint("Dockerfile", &text, &Config::default(), None);
    let df = &res.dockerfile;
    assert_eq!(df.instructions.len(), 3);
    assert_eq!(df.instructions[1].end_line, 100_002);
    check_spans("FROM a\nRUN x \\\n\\\n\\\n");
}

#[test]
fn unterminated_heredoc() {
    let text = "FROM alpine:3.20\nRUN <<EOF\napk add curl\n";
    let res = lint("Dockerfile", text, &Config::default(), None);
    let pc: Vec<_> = res.findings.iter().filter(|f| f.rule == "PC001").collect();
    assert_eq!(pc.len(), 1);
    assert!(pc[0].message.contains("unterminated heredoc `EOF`"));
}

#[test]
fn many_onbuild_triggers_stay_linear() {
    let text: String = std::iter::once("FROM debian:12\n".to_string())
        .chain((0..20_000).map(|i| format!("ONBUILD RUN apt-get install -y pkg{i}\n")))
        .collect();
    let res = lint("Dockerfile", &text, &Config::default(), None);
    assert!(res.findings.len() >= 20_000);
}

#[test]
fn odd_but_valid_bytes() {
    for t in [
        "",
        "\n\n\n",
        "# just a comment",
        "FROM",
        "FROM a AS",
        "RUN",
        "\u{feff}",
        "FROM a\nRUN \\",
        "FROM a\nRUN [\"unterminated",
        "FROM a\nCOPY <<",
        "FROM a\nCOPY <<'X\nX\n",
        "FROM a\nRUN <<-\tE\n\tE\n",
        "FROM é\nRUN é && ü | ß\nLABEL ä=ö\n",
        "# escape=`\nFROM a\nRUN x `\n",
        "# escape=\\\\\nFROM a\n",
        "FROM ${A:-${B:-${C}}}\n",
        "FROM a\nONBUILD ONBUILD ONBUILD RUN x\n",
        "FROM a\nENV A=\"unterminated\nENV\n",
        "FROM a\nHEALTHCHECK --interval=\nHEALTHCHECK NONE\n",
        "FROM a\nRUN --mount=type=cache,target=\"/a b\",id=x echo\n",
        "FROM a\r\nRUN x\r\n",
    ] {
        check_spans(t);
    }
}

fn dockerfileish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("FROM ".to_string()),
        Just("RUN ".to_string()),
        Just("COPY ".to_string()),
        Just("ADD ".to_string()),
        Just("ENV ".to_string()),
        Just("ARG ".to_string()),
        Just("USER ".to_string()),
        Just("ONBUILD ".to_string()),
        Just("HEALTHCHECK ".to_string()),
        Just("LABEL ".to_string()),
        Just("<<EOF".to_string()),
        Just("EOF".to_string()),
        Just("<<-'E'".to_string()),
        Just("\n".to_string()),
        Just("\\\n".to_string()),
        Just("# c\n".to_string()),
        Just(" ".to_string()),
        Just("--mount=type=cache,target=/x ".to_string()),
        Just("[\"a\", \"b\"]".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("$".to_string()),
        Just("${A:-b}".to_string()),
        Just("apt-get install -y curl".to_string()),
        Just(" && ".to_string()),
        Just(" | ".to_string()),
        Just("=".to_string()),
        Just("é".to_string()),
        "[a-z0-9:/._-]{1,8}".prop_map(|s| s),
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_dockerfiles_never_panic(text in dockerfileish()) {
        check_spans(&text);
    }

    #[test]
    fn random_bytes_never_panic(text in "\\PC{0,200}") {
        check_spans(&text);
    }
}

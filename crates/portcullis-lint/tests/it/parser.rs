use portcullis_lint::dockerfile::{Args, Kind, parse};

#[test]
fn continuations_with_comments_and_blank_lines() {
    let src = "FROM debian:12\nRUN apt-get update \\\n    # a comment inside\n\n    && apt-get install -y curl\nUSER 1000\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 3);
    let run = &df.instructions[1];
    assert_eq!(run.kind, Kind::Run);
    assert_eq!((run.line, run.end_line), (2, 5));
    assert_eq!(
        run.args_text(),
        "apt-get update     && apt-get install -y curl"
    );
    // logical → source mapping lands on the right characters
    let off = run.logical.find("curl").unwrap();
    let so = run.source_offset(off);
    assert_eq!(&src[so..so + 4], "curl");
    assert_eq!(df.position(so), (5, 27));
}

#[test]
fn heredocs_followed_directly_by_an_instruction() {
    let src = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nUSER 1000\nCOPY <<-'CONF' /etc/app.conf\n\tkey=$value\n\tCONF\nRUN <<A cat && <<B cat\na\nA\nb\nB\nCMD [\"app\"]\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let kinds: Vec<_> = df.instructions.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        vec![
            Kind::From,
            Kind::Run,
            Kind::User,
            Kind::Copy,
            Kind::Run,
            Kind::Cmd
        ]
    );
    let run = &df.instructions[1];
    assert_eq!(run.heredocs[0].body, "apk add curl\n");
    assert_eq!(run.end_line, 5);
    let copy = &df.instructions[3];
    assert!(copy.heredocs[0].strip_tabs && !copy.heredocs[0].expand);
    let two = &df.instructions[4];
    assert_eq!(two.heredocs.len(), 2);
    assert_eq!(two.heredocs[1].body, "b\n");
    assert_eq!(df.directives[0].name, "syntax");
}

#[test]
fn flags_in_any_order_and_json_form() {
    let src = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nRUN --network=none --mount=target=/go/pkg,type=cache --mount=type=secret,id=tok,required=true go build\nCOPY --from=build --chown=1000:1000 --chmod=0755 /out/app /app\nENTRYPOINT [\"/app\", \"--serve\"]\nCMD not json [\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let run = &df.instructions[1];
    let mounts = run.mounts();
    assert_eq!(mounts.len(), 2);
    assert!(mounts[0].contains(&("type".into(), "cache".into())));
    assert_eq!(run.flag("network").unwrap().value.as_deref(), Some("none"));
    assert_eq!(run.args_text(), "go build");
    assert!(
        matches!(&df.instructions[3].args, Args::Json(v) if v.len() == 2 && v[1].text == "--serve")
    );
    assert!(!df.instructions[4].is_json());
    assert_eq!(df.stages[0].name.as_deref(), Some("build"));
}

#[test]
fn broken_instructions_are_errors_and_parsing_goes_on() {
    let src = "FROM alpine:3.20\nFOO bar\nCOPY onlyone\nUSER 1000\nRUN <<EOF\necho never closed\n";
    let df = parse(src);
    let lines: Vec<_> = df.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 5]);
    assert!(df.errors[0].message.contains("unknown instruction `FOO`"));
    assert!(df.errors[2].message.contains("unterminated heredoc"));
    assert!(df.instructions.iter().any(|i| i.kind == Kind::User));
}

#[test]
fn escape_directive_and_arg_in_from() {
    let src = "# escape=`\nARG BASE=mcr.microsoft.com/windows/servercore\nARG TAG\nFROM ${BASE}:ltsc2022 AS a\nRUN dir `\n  c:\\\nFROM ${BASE}:${TAG:-ltsc2019}\nFROM a\nCOPY --from=0 x y\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.escape, '`');
    assert_eq!(df.instructions[3].args_text(), "dir   c:\\");
    assert_eq!(
        df.stages[0].resolved.as_deref(),
        Some("mcr.microsoft.com/windows/servercore:ltsc2022")
    );
    assert_eq!(
        df.stages[1].resolved.as_deref(),
        Some("mcr.microsoft.com/windows/servercore:ltsc2019")
    );
    assert_eq!(df.stages[2].parent, Some(0));
    assert_eq!(df.stages[2].copies_from, vec![0]);
    assert_eq!(df.final_base_stage().unwrap().index, 0);
}

#[test]
fn onbuild_wraps_an_instruction_with_spans() {
    let src = "FROM node:22\nONBUILD RUN npm install \\\n  express\n";
    let df = parse(src);
    let ob = df.instructions[1].onbuild.as_deref().unwrap();
    assert_eq!(ob.kind, Kind::Run);
    let off = ob.source_offset(ob.logical.find("express").unwrap());
    assert_eq!(&src[off..off + 7], "express");
}

#[test]
fn crlf_and_bom() {
    let src = "\u{feff}FROM alpine:3.20\r\nRUN echo hi \\\r\n  there\r\n";
    let df = parse(src);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions[1].args_text(), "echo hi   there");
}

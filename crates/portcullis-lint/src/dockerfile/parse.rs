//! The Dockerfile parser: directives, continuations (with comment and blank lines inside),
//! flags, JSON vs shell form, heredocs, ONBUILD. Error-tolerant: a broken instruction is
//! recorded and skipped, and parsing resumes on the next line.

use super::stages::build_stages;
use super::word_end;
use super::{
    Args, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, Kind, ParseError, Spanned,
};

/// Longest logical instruction we accept; longer ones are reported and skipped.
const MAX_INSTRUCTION_BYTES: usize = 4 << 20;

struct Line {
    start: usize,
    /// End of content, before `\r\n` / `\n`.
    end: usize,
}

fn physical_lines(src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = src.as_bytes();
    for i in memchr::memchr_iter(b'\n', b) {
        let end = if i > start && b[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(Line { start, end });
        start = i + 1;
    }
    if start < b.len() {
        out.push(Line {
            start,
            end: b.len(),
        });
    }
    out
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn is_comment(s: &str) -> bool {
    s.trim_start().starts_with('#')
}

/// Parses a whole Dockerfile. Never fails: problems are in [`Dockerfile::errors`].
pub fn parse(source: &str) -> Dockerfile {
    let src = source;
    let lines = physical_lines(src);
    let mut directives = Vec::new();
    let mut escape = '\\';
    let mut comments = Vec::new();
    let mut errors = Vec::new();
    let mut instructions: Vec<Instruction> = Vec::new();

    // Parser directives: only at the very top, before any other line.
    let mut i = 0;
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    while i < lines.len() {
        let l = &lines[i];
        let s = if i == 0 {
            &src[l.start + bom..l.end]
        } else {
            &src[l.start..l.end]
        };
        let Some(d) = directive(s) else { break };
        if directives.iter().any(|x: &Directive| x.name == d.0) {
            break;
        }
        if d.0 == "escape" {
            match d.1.as_str() {
                "\\" => escape = '\\',
                "`" => escape = '`',
                other => errors.push(ParseError {
                    message: format!("invalid escape directive `{other}`: must be ` or \\"),
                    line: i as u32 + 1,
                    column: 1,
                }),
            }
        }
        directives.push(Directive {
            name: d.0,
            value: d.1,
            line: i as u32 + 1,
        });
        comments.push(Comment {
            text: s.trim().trim_start_matches('#').trim().to_string(),
            line: i as u32 + 1,
            start: l.start,
            end: l.end,
        });
        i += 1;
    }

    let mut stage: Option<usize> = None;
    while i < lines.len() {
        let l = &lines[i];
        let text = if i == 0 {
            &src[l.start + bom..l.end]
        } else {
            &src[l.start..l.end]
        };
        if is_blank(text) {
            i += 1;
            continue;
        }
        if is_comment(text) {
            comments.push(Comment {
                text: text.trim().trim_start_matches('#').trim().to_string(),
                line: i as u32 + 1,
                start: l.start,
                end: l.end,
            });
            i += 1;
            continue;
        }
        // Gather the logical line.
        let first_line = i;
        let lead = text.len() - text.trim_start().len();
        let mut logical = String::new();
        let mut segments = Vec::new();
        let mut seg_start = l.start + lead + if i == 0 { bom } else { 0 };
        let mut last_line = i;
        let mut too_long = false;
        loop {
            let line = &lines[last_line];
            let content = &src[seg_start..line.end];
            let trimmed = content.trim_end();
            let continued = trimmed.ends_with(escape) && !ends_with_escaped_escape(trimmed, escape);
            let piece = if continued {
                &trimmed[..trimmed.len() - escape.len_utf8()]
            } else {
                content
            };
            if logical.len() + piece.len() > MAX_INSTRUCTION_BYTES {
                too_long = true;
            } else {
                segments.push((logical.len(), seg_start));
                logical.push_str(piece);
            }
            if !continued {
                break;
            }
            // Skip comment and blank lines inside the continuation.
            let mut j = last_line + 1;
            while j < lines.len() {
                let t = &src[lines[j].start..lines[j].end];
                if is_blank(t) || is_comment(t) {
                    j += 1;
                } else {
                    break;
                }
            }
            if j >= lines.len() {
                break;
            }
            last_line = j;
            seg_start = lines[j].start;
        }
        i = last_line + 1;
        if too_long {
            errors.push(ParseError {
                message: format!(
                    "instruction longer than {} MiB; skipped",
                    MAX_INSTRUCTION_BYTES >> 20
                ),
                line: first_line as u32 + 1,
                column: 1,
            });
            continue;
        }
        let start = segments.first().map(|s| s.1).unwrap_or(l.start);
        let line_no = first_line as u32 + 1;
        match parse_instruction(&logical, segments, line_no, start, src) {
            Ok(mut ins) => {
                // Heredoc bodies follow the instruction's last line.
                if matches!(ins.kind, Kind::Run | Kind::Copy | Kind::Add) {
                    let markers = heredoc_markers(&ins);
                    for (marker_start, marker_end, delim, strip_tabs, expand) in markers {
                        let body_start = lines.get(i).map(|l| l.start).unwrap_or(src.len());
                        let mut terminated = false;
                        let mut j = i;
                        while j < lines.len() {
                            let t = &src[lines[j].start..lines[j].end];
                            let t = if strip_tabs {
                                t.trim_start_matches('\t')
                            } else {
                                t
                            };
                            if t == delim {
                                terminated = true;
                                break;
                            }
                            j += 1;
                        }
                        let body_end = lines.get(j).map(|l| l.start).unwrap_or(src.len());
                        if !terminated {
                            errors.push(ParseError {
                                message: format!("unterminated heredoc `{delim}`: no line `{delim}` before the end of the file"),
                                line: line_no,
                                column: 1,
                            });
                        }
                        ins.heredocs.push(Heredoc {
                            delimiter: delim,
                            strip_tabs,
                            expand,
                            body: src[body_start..body_end].to_string(),
                            body_start,
                            marker_start: ins.source_offset(marker_start),
                            marker_end: ins.source_offset(marker_end),
                            terminated,
                        });
                        if terminated {
                            ins.end = lines[j].end;
                            ins.end_line = j as u32 + 1;
                            i = j + 1;
                        } else {
                            ins.end = src.len();
                            ins.end_line = lines.len() as u32;
                            i = lines.len();
                        }
                    }
                }
                if ins.kind == Kind::From {
                    stage = Some(stage.map_or(0, |s| s + 1));
                }
                ins.stage = stage;
                if let Some(ob) = ins.onbuild.as_deref_mut() {
                    ob.stage = stage;
                }
                instructions.push(ins);
            }
            Err((message, column)) => errors.push(ParseError {
                message,
                line: line_no,
                column,
            }),
        }
    }

    let mut df = Dockerfile {
        source: src.to_string(),
        lines: portcullis_core::text::LineIndex::new(src),
        directives,
        escape,
        instructions,
        comments,
        errors,
        stages: Vec::new(),
    };
    df.stages = build_stages(&df);
    df
}

fn ends_with_escaped_escape(_s: &str, _escape: char) -> bool {
    // BuildKit treats any trailing escape character as a continuation, even `\\`.
    false
}

fn directive(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    let rest = t.strip_prefix('#')?.trim_start();
    let (k, v) = rest.split_once('=')?;
    let k = k.trim().to_ascii_lowercase();
    if !matches!(k.as_str(), "syntax" | "escape" | "check") || k.contains(char::is_whitespace) {
        return None;
    }
    Some((k, v.trim().to_string()))
}

/// Parses one logical instruction. `segments` maps logical offsets to source offsets.
fn parse_instruction(
    logical: &str,
    segments: Vec<(usize, usize)>,
    line: u32,
    start: usize,
    src: &str,
) -> Result<Instruction, (String, u32)> {
    let kw_end = logical
        .find(|c: char| c.is_whitespace())
        .unwrap_or(logical.len());
    let keyword = &logical[..kw_end];
    let Some(kind) = Kind::from_keyword(keyword) else {
        let shown: String = keyword.chars().take(40).collect();
        return Err((format!("unknown instruction `{shown}`"), 1));
    };
    let mut pos = kw_end;
    let skip_ws = |p: &mut usize| {
        while *p < logical.len() && logical.as_bytes()[*p].is_ascii_whitespace() {
            *p += 1;
        }
    };
    skip_ws(&mut pos);
    let mut flags = Vec::new();
    let map = |lo: usize| -> usize {
        let i = match segments.binary_search_by(|(l, _)| l.cmp(&lo)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        segments[i].1 + (lo - segments[i].0)
    };
    if matches!(
        kind,
        Kind::From | Kind::Run | Kind::Copy | Kind::Add | Kind::Healthcheck
    ) {
        while logical[pos..].starts_with("--") {
            let end = word_end(logical, pos);
            let word = &logical[pos + 2..end];
            let (name, value) = match word.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (word.to_string(), None),
            };
            if name.is_empty() {
                break;
            }
            flags.push(Flag {
                name,
                value,
                start: map(pos),
                end: map(end),
            });
            pos = end;
            skip_ws(&mut pos);
        }
    }
    let args_offset = pos;
    let rest = &logical[pos..];
    let json_kinds = matches!(
        kind,
        Kind::Run
            | Kind::Cmd
            | Kind::Entrypoint
            | Kind::Shell
            | Kind::Copy
            | Kind::Add
            | Kind::Volume
    );
    let args = if json_kinds && rest.trim_start().starts_with('[') {
        match json_array(rest) {
            Some(items) => Args::Json(
                items
                    .into_iter()
                    .map(|(text, a, b)| Spanned {
                        text,
                        start: map(args_offset + a),
                        end: map(args_offset + b),
                    })
                    .collect(),
            ),
            None => Args::Shell(rest.to_string()),
        }
    } else {
        Args::Shell(rest.to_string())
    };
    let end = map(logical.len());
    let end_line = line + src[start..end.min(src.len())].matches('\n').count() as u32;
    let mut ins = Instruction {
        kind,
        keyword: keyword.to_string(),
        start,
        end,
        line,
        end_line,
        flags,
        args,
        args_offset,
        logical: logical.to_string(),
        segments: segments.clone(),
        heredocs: Vec::new(),
        onbuild: None,
        stage: None,
        memo: Default::default(),
    };
    validate(&ins)?;
    if kind == Kind::Onbuild {
        let sub_segments: Vec<(usize, usize)> = segments
            .iter()
            .filter_map(|&(l, s)| {
                if l >= args_offset {
                    Some((l - args_offset, s))
                } else {
                    None
                }
            })
            .collect();
        let mut sub_segments = sub_segments;
        if sub_segments.first().is_none_or(|s| s.0 != 0) {
            sub_segments.insert(0, (0, map(args_offset)));
        }
        match parse_instruction(rest, sub_segments, line, map(args_offset), src) {
            Ok(sub) => ins.onbuild = Some(Box::new(sub)),
            Err((m, _)) => return Err((format!("ONBUILD: {m}"), 1)),
        }
    }
    Ok(ins)
}

fn validate(ins: &Instruction) -> Result<(), (String, u32)> {
    let text = ins.args_text();
    let empty = text.trim().is_empty();
    let name = ins.kind.as_str();
    match ins.kind {
        Kind::From
        | Kind::Run
        | Kind::Cmd
        | Kind::Entrypoint
        | Kind::User
        | Kind::Workdir
        | Kind::Expose
        | Kind::Volume
        | Kind::Stopsignal
        | Kind::Maintainer
        | Kind::Arg
        | Kind::Onbuild
        | Kind::Healthcheck
        | Kind::Env
        | Kind::Label
        | Kind::Shell
            if empty =>
        {
            Err((format!("{name} requires at least one argument"), 1))
        }
        Kind::Copy | Kind::Add => {
            let words = ins.words();
            let has_heredoc = text.contains("<<");
            if words.len() < 2 && !has_heredoc {
                Err((
                    format!("{name} requires at least two arguments (source and destination)"),
                    1,
                ))
            } else {
                Ok(())
            }
        }
        Kind::From => {
            let words = ins.words();
            match words.len() {
                1 => Ok(()),
                3 if words[1].text.eq_ignore_ascii_case("as") => Ok(()),
                _ => Err(("FROM takes `IMAGE [AS NAME]`".to_string(), 1)),
            }
        }
        Kind::Shell if !ins.is_json() => Err((
            "SHELL requires the JSON form: SHELL [\"executable\", \"parameters\"]".into(),
            1,
        )),
        Kind::Env => {
            let kv = ins.key_values();
            if kv.iter().any(|k| k.value.is_none()) {
                Err((
                    "ENV requires `KEY=VALUE` (or the legacy `ENV KEY VALUE`)".into(),
                    1,
                ))
            } else {
                Ok(())
            }
        }
        Kind::Onbuild => {
            let first = text.split_whitespace().next().unwrap_or("");
            if matches!(
                Kind::from_keyword(first),
                Some(Kind::Onbuild | Kind::From | Kind::Maintainer)
            ) {
                // Legal to parse; hadolint's DL3043 rule reports it.
                Ok(())
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// Parses a JSON array of strings, returning each value with its byte span (quotes included).
fn json_array(s: &str) -> Option<Vec<(String, usize, usize)>> {
    let values: Vec<String> = serde_json::from_str(s.trim()).ok()?;
    let lead = s.len() - s.trim_start().len();
    let b = s.as_bytes();
    let mut spans = Vec::new();
    let mut i = lead;
    while i < b.len() {
        if b[i] == b'"' {
            let st = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            spans.push((st, (i + 1).min(b.len())));
        }
        i += 1;
    }
    if spans.len() != values.len() {
        return None;
    }
    Some(
        values
            .into_iter()
            .zip(spans)
            .map(|(v, (a, b))| (v, a, b))
            .collect(),
    )
}

/// Heredoc markers in RUN/COPY/ADD arguments: (logical start, logical end, delimiter, strip
/// tabs, expand). Markers inside quotes and here-strings (`<<<`) are not heredocs.
fn heredoc_markers(ins: &Instruction) -> Vec<(usize, usize, String, bool, bool)> {
    let Args::Shell(text) = &ins.args else {
        return vec![];
    };
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            } else if c == b'\\' && quote == b'"' {
                i += 1;
            }
            i += 1;
            continue;
        }
        match c {
            b'\'' | b'"' => quote = c,
            b'\\' => i += 1,
            b'<' if b.get(i + 1) == Some(&b'<')
                && b.get(i + 2) != Some(&b'<')
                && (i == 0 || b[i - 1] != b'<') =>
            {
                let st = i;
                let mut j = i + 2;
                let strip = b.get(j) == Some(&b'-');
                if strip {
                    j += 1;
                }
                let q = match b.get(j) {
                    Some(&q @ (b'\'' | b'"')) => {
                        j += 1;
                        q
                    }
                    _ => 0,
                };
                let ds = j;
                while j < b.len()
                    && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'-' | b'.'))
                {
                    j += 1;
                }
                if j > ds && (q == 0 || b.get(j) == Some(&q)) {
                    let delim = text[ds..j].to_string();
                    if q != 0 {
                        j += 1;
                    }
                    out.push((
                        ins.args_offset + st,
                        ins.args_offset + j,
                        delim,
                        strip,
                        q == 0,
                    ));
                    i = j;
                    continue;
                }
                i = j.max(i + 2);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

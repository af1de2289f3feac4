//! Applying fixes: non-overlapping edits, in order; the result is re-linted until stable.

use portcullis_core::{Finding, FixSafety};

/// Applies the fixes of `findings` (safe ones, plus unsafe ones when `unsafe_too`) to `text`.
/// Overlapping edits are skipped (a later pass picks them up). Returns the new text and how
/// many findings' fixes were applied.
pub fn apply(text: &str, findings: &[Finding], unsafe_too: bool) -> (String, usize) {
    let mut fixes: Vec<_> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| f.safety == FixSafety::Safe || unsafe_too)
        .filter(|f| !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.start).min());
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut edits = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|&(s, t)| {
                e.start < t && s < e.end || (e.start == e.end && e.start > s && e.start < t)
            }) || e.end > text.len()
                || !text.is_char_boundary(e.start)
                || !text.is_char_boundary(e.end)
        });
        let duplicate = fix.edits.iter().all(|e| edits.contains(&e));
        if overlaps || duplicate {
            continue;
        }
        for e in &fix.edits {
            taken.push((e.start, e.end));
            edits.push(e);
        }
        applied += 1;
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for e in edits {
        if e.start < pos {
            continue;
        }
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

//! Positions in text: byte offsets to 1-based lines and character columns.

/// Start offsets of every line of a text, for offset → line/column lookups in O(log n).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based (line, column) of a byte offset in `source` (the text this index was built
    /// from); the column counts characters.
    pub fn position(&self, source: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(source.len());
        let line = self.line_of(offset) - 1;
        let ls = self.starts[line];
        let mut o = offset;
        while !source.is_char_boundary(o) {
            o -= 1;
        }
        let col = source[ls..o].chars().count() + 1;
        (line as u32 + 1, col as u32)
    }

    /// Byte range of a 1-based line, without its newline.
    pub fn line_span(&self, source: &str, line: u32) -> (usize, usize) {
        let i = (line.max(1) - 1) as usize;
        let s = self.starts.get(i).copied().unwrap_or(source.len());
        let e = self
            .starts
            .get(i + 1)
            .map(|e| e - 1)
            .unwrap_or(source.len());
        (s, e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn positions() {
        let t = "ab\néc\n\nx";
        let ix = LineIndex::new(t);
        assert_eq!(ix.position(t, 0), (1, 1));
        assert_eq!(ix.position(t, 3), (2, 1));
        assert_eq!(ix.position(t, 5), (2, 2));
        assert_eq!(ix.position(t, 4), (2, 1), "inside a character: its start");
        assert_eq!(ix.position(t, 7), (3, 1));
        assert_eq!(ix.position(t, 8), (4, 1));
        assert_eq!(ix.position(t, 99), (4, 2));
        assert_eq!(ix.line_span(t, 2), (3, 6));
        assert_eq!(ix.line_span(t, 4), (8, 9));
    }
}

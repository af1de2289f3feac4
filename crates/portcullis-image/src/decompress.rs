//! Layer decompression by magic bytes (gzip, zstd, plain), with byte counting for progress and
//! decompression-bomb limits.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

/// Counts the bytes read through it into a shared cell.
pub struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Counting<R> {
    pub fn new(inner: R, count: Rc<Cell<u64>>) -> Counting<R> {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Marker error: a layer expanded beyond the limits.
#[derive(Debug)]
pub struct BombError(pub String);

impl std::fmt::Display for BombError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BombError {}

/// Fails reads once the decompressed size passes the limits relative to the compressed input.
pub struct BombGuard<R> {
    inner: R,
    out: u64,
    input: Rc<Cell<u64>>,
    compressed: bool,
    limits: crate::Limits,
}

impl<R: Read> Read for BombGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        if self.out > self.limits.max_layer_bytes {
            return Err(io::Error::other(BombError(format!(
                "layer expands beyond {} GiB",
                self.limits.max_layer_bytes >> 30
            ))));
        }
        if self.compressed && self.out > self.limits.bomb_min_bytes {
            let inp = self.input.get().max(1);
            if self.out / inp > self.limits.bomb_max_ratio {
                return Err(io::Error::other(BombError(format!(
                    "decompression bomb: {} MiB of compressed data expand to more than {} MiB (ratio above {}:1)",
                    inp >> 20,
                    self.out >> 20,
                    self.limits.bomb_max_ratio
                ))));
            }
        }
        Ok(n)
    }
}

/// The compression of a stream, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

pub fn sniff(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Wraps a raw layer stream: counts compressed bytes into `input`, decompresses by magic, and
/// guards against bombs.
pub fn open<'a, R: Read + 'a>(
    raw: R,
    input: Rc<Cell<u64>>,
    limits: crate::Limits,
) -> io::Result<(Box<dyn Read + 'a>, Compression)> {
    let mut br = BufReader::with_capacity(64 * 1024, Counting::new(raw, input.clone()));
    let head = br.fill_buf()?;
    let c = sniff(head);
    let inner: Box<dyn Read + 'a> = match c {
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(br)),
        Compression::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(br)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}")))?,
        ),
        Compression::None => Box::new(br),
    };
    Ok((
        Box::new(BombGuard {
            inner,
            out: 0,
            input,
            compressed: c != Compression::None,
            limits,
        }),
        c,
    ))
}

/// The bomb error inside an I/O error, if that is what it is.
pub fn bomb_of(e: &io::Error) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> =
        e.get_ref().map(|i| i as &(dyn std::error::Error + 'static));
    while let Some(err) = cur {
        if let Some(b) = err.downcast_ref::<BombError>() {
            return Some(b.0.clone());
        }
        if let Some(io) = err.downcast_ref::<io::Error>()
            && let Some(b) = bomb_of(io)
        {
            return Some(b);
        }
        cur = err.source();
    }
    None
}

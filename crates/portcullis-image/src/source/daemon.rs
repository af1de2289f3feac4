//! Images of the local Docker daemon: `docker save` streamed through the Engine API (bollard,
//! API version negotiated), read as it arrives on a current-thread runtime. Nothing is written
//! to disk and the image is never held in memory whole.

use crate::error::ImageError;
use crate::scan::{Assembly, ScanOptions, Walked};
use crate::walk::Walker;
use futures_util::{Stream, StreamExt};
use std::io::Read;

/// A blocking `Read` over the export stream: each chunk is consumed as it arrives.
struct StreamReader<S, B> {
    rt: tokio::runtime::Runtime,
    _docker: bollard::Docker,
    stream: std::pin::Pin<Box<S>>,
    chunk: Option<B>,
    pos: usize,
    done: bool,
}

impl<S, B, E> Read for StreamReader<S, B>
where
    S: Stream<Item = Result<B, E>>,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(c) = &self.chunk {
                let data = c.as_ref();
                if self.pos < data.len() {
                    let n = buf.len().min(data.len() - self.pos);
                    buf[..n].copy_from_slice(&data[self.pos..self.pos + n]);
                    self.pos += n;
                    return Ok(n);
                }
            }
            if self.done {
                return Ok(0);
            }
            match self.rt.block_on(self.stream.next()) {
                Some(Ok(b)) => {
                    self.chunk = Some(b);
                    self.pos = 0;
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Err(std::io::Error::other(format!("Docker daemon: {e}")));
                }
                None => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
    }
}

/// Connects to the daemon (`DOCKER_HOST` or the local socket) and negotiates the API version.
pub fn connect(rt: &tokio::runtime::Runtime) -> Result<bollard::Docker, ImageError> {
    let docker = bollard::Docker::connect_with_local_defaults()
        .map_err(|e| ImageError(format!("Docker daemon: {e}")))?;
    rt.block_on(async {
        tokio::time::timeout(
            std::time::Duration::from_secs(10),
            docker.negotiate_version(),
        )
        .await
    })
    .map_err(|_| ImageError("Docker daemon: no answer within 10 s".into()))?
    .map_err(|e| ImageError(format!("Docker daemon unreachable: {e}")))
}

/// Which of `names` the local daemon holds (one `image inspect` each, on one connection), so a
/// caller can scan the ones present and name the others. `Err` when no daemon answers.
pub fn present(names: &[String]) -> Result<Vec<bool>, ImageError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ImageError(format!("starting the I/O runtime: {e}")))?;
    let docker = connect(&rt)?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let found = rt.block_on(async {
            tokio::time::timeout(
                std::time::Duration::from_secs(10),
                docker.inspect_image(name),
            )
            .await
        });
        out.push(matches!(found, Ok(Ok(_))));
    }
    Ok(out)
}

pub(crate) fn scan(
    name: &str,
    opts: &ScanOptions<'_>,
    w: &mut Walker<'_, '_>,
    asm: &mut Assembly,
) -> Result<Walked, ImageError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ImageError(format!("starting the I/O runtime: {e}")))?;
    let docker = connect(&rt)?;
    let inspect = rt
        .block_on(docker.inspect_image(name))
        .map_err(|e| match &e {
            bollard::errors::Error::DockerResponseServerError {
                status_code: 404, ..
            } => ImageError(format!(
                "{name}: no such image in the Docker daemon (and no such file)"
            )),
            _ => ImageError(format!("{name}: {e}")),
        })?;
    let stream = Box::pin(docker.export_image(name));
    let reader = StreamReader {
        rt,
        _docker: docker,
        stream,
        chunk: None,
        pos: 0,
        done: false,
    };
    let opts = ScanOptions {
        tag: None,
        ..opts.clone()
    };
    let mut walked = super::archive::scan_stream(name, reader, &opts, w, asm)?;
    walked.name = name.to_string();
    if let Some(id) = inspect.id {
        walked.id = Some(id);
    }
    Ok(walked)
}

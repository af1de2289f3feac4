//! Must show 3: `db update` end to end against a local HTTP server serving the shared zips: a
//! good update, a 404, a truncated zip, a corrupt record, an interrupted transfer. After each
//! failure the previous database is still there, byte for byte, and no temporary file is left.

use super::testdata;
use portcullis_vuln::store::{DB_FILE, Db};
use portcullis_vuln::update::{UpdateOptions, update};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
enum Reply {
    Body(Vec<u8>),
    NotFound,
    /// Announces the whole body, sends `n` bytes, closes the connection.
    CutAfter(Vec<u8>, usize),
}

type Routes = Arc<Mutex<HashMap<String, Reply>>>;

/// A minimal HTTP/1.1 server on 127.0.0.1 (one connection at a time, `Connection: close`).
fn serve() -> (String, Routes) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes: Routes = Arc::default();
    let r = routes.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let reply = r
                .lock()
                .unwrap()
                .get(&path)
                .cloned()
                .unwrap_or(Reply::NotFound);
            let _ = match reply {
                Reply::Body(b) => conn
                    .write_all(format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", b.len()).as_bytes())
                    .and_then(|_| conn.write_all(&b)),
                Reply::NotFound => conn.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"),
                Reply::CutAfter(b, n) => conn
                    .write_all(format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", b.len()).as_bytes())
                    .and_then(|_| conn.write_all(&b[..n])),
            };
            let _ = conn.flush();
            let _ = conn.shutdown(std::net::Shutdown::Both);
        }
    });
    (base, routes)
}

fn zip_of(data: &Path, eco: &str) -> Vec<u8> {
    std::fs::read(data.join("osv").join(eco).join("all.zip")).expect("read zip")
}

fn opts(base: &str, ecos: &[&str]) -> UpdateOptions {
    UpdateOptions {
        base_url: format!("{base}/osv"),
        ecosystems: ecos.iter().map(|s| s.to_string()).collect(),
        timeout: Duration::from_secs(60),
    }
}

/// A zip with one good record and one that is cut off in the middle of the JSON.
fn zip_with_corrupt_record(good: &[u8]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("GOOD-1.json", o).unwrap();
        w.write_all(good).unwrap();
        w.start_file("BROKEN-1.json", o).unwrap();
        w.write_all(br#"{"id":"BROKEN-1","affected":[{"package":{"ecosystem":"PyPI","#)
            .unwrap();
        w.finish().unwrap();
    }
    buf.into_inner()
}

fn no_temp_files(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != DB_FILE)
        .collect();
    assert!(left.is_empty(), "left behind in the cache dir: {left:?}");
}

#[test]
fn update_end_to_end_and_failures_keep_the_last_good_database() {
    let Some(data) = testdata::dir() else { return };
    let (base, routes) = serve();
    let cache = tempfile::tempdir().unwrap();
    {
        let mut r = routes.lock().unwrap();
        r.insert(
            "/osv/crates.io/all.zip".into(),
            Reply::Body(zip_of(&data, "crates.io")),
        );
        r.insert(
            "/osv/Alpine-derived/all.zip".into(),
            Reply::Body(zip_of(&data, "Alpine-derived")),
        );
    }

    // 1. A good update.
    let mut seen = Vec::new();
    let (meta, stats) = update(
        cache.path(),
        &opts(&base, &["crates.io", "Alpine-derived"]),
        &mut |e, n| seen.push((e.to_string(), n)),
    )
    .expect("good update");
    assert_eq!(seen.len(), 2);
    assert_eq!(stats.records, 1206 + 2438);
    assert_eq!(
        meta.counts["crates.io"],
        1206 - 13,
        "withdrawn records are dropped"
    );
    assert!(meta.counts["Alpine:v3.4"] > 0);
    assert_eq!(
        meta.sources,
        [
            format!("{base}/osv/crates.io/all.zip"),
            format!("{base}/osv/Alpine-derived/all.zip")
        ]
    );
    let db_path = cache.path().join(DB_FILE);
    let good = std::fs::read(&db_path).unwrap();
    no_temp_files(cache.path());

    let survives = |what: &str, err: String, needle: &str| {
        assert!(
            err.contains(needle),
            "{what}: error `{err}` should mention `{needle}`"
        );
        assert_eq!(
            std::fs::read(&db_path).unwrap(),
            good,
            "{what}: database changed"
        );
        let db = Db::open(&db_path).expect("previous database still opens");
        assert_eq!(db.metadata(), &meta, "{what}");
        no_temp_files(cache.path());
    };

    // 2. A 404 for one of the ecosystems.
    let err = update(
        cache.path(),
        &opts(&base, &["crates.io", "NoSuchEcosystem"]),
        &mut |_, _| {},
    )
    .unwrap_err()
    .to_string();
    survives("404", err, "HTTP 404");

    // 3. A truncated zip (served completely, but only its first half).
    let z = zip_of(&data, "crates.io");
    routes.lock().unwrap().insert(
        "/osv/Truncated/all.zip".into(),
        Reply::Body(z[..z.len() / 2].to_vec()),
    );
    let err = update(
        cache.path(),
        &opts(&base, &["crates.io", "Truncated"]),
        &mut |_, _| {},
    )
    .unwrap_err()
    .to_string();
    survives("truncated zip", err, "not a readable zip archive");

    // 4. A corrupt record inside a valid zip.
    let good_record = br#"{"id":"GOOD-1","affected":[{"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0"}]}]}]}"#;
    routes.lock().unwrap().insert(
        "/osv/Corrupt/all.zip".into(),
        Reply::Body(zip_with_corrupt_record(good_record)),
    );
    let err = update(cache.path(), &opts(&base, &["Corrupt"]), &mut |_, _| {})
        .unwrap_err()
        .to_string();
    survives(
        "corrupt record",
        err,
        "BROKEN-1.json: not a valid OSV record",
    );

    // 5. The server closes the connection in the middle of the body.
    routes.lock().unwrap().insert(
        "/osv/Cut/all.zip".into(),
        Reply::CutAfter(z.clone(), z.len() / 3),
    );
    let err = update(
        cache.path(),
        &opts(&base, &["crates.io", "Cut"]),
        &mut |_, _| {},
    )
    .unwrap_err()
    .to_string();
    survives("interrupted transfer", err, "interrupted");

    // And a later good update replaces the database.
    let (meta2, _) =
        update(cache.path(), &opts(&base, &["crates.io"]), &mut |_, _| {}).expect("second update");
    assert!(!meta2.counts.contains_key("Alpine:v3.4"));
    assert_ne!(std::fs::read(&db_path).unwrap(), good);
    no_temp_files(cache.path());
}

#[test]
fn a_corrupt_database_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(DB_FILE), b"this is not a database").unwrap();
    let err = Db::open_in(dir.path())
        .err()
        .expect("must fail")
        .to_string();
    assert!(err.contains(DB_FILE) && err.contains("db update"), "{err}");
    let missing = tempfile::tempdir().unwrap();
    let err = Db::open_in(missing.path())
        .err()
        .expect("must fail")
        .to_string();
    assert!(
        err.contains("db update") && err.contains("db import"),
        "{err}"
    );
}

//! The store choice, measured (used by `scripts/bench-vulns.sh`): the same compiled OSV
//! contents written to redb (what portcullis uses) and to SQLite (rusqlite, bundled; tables
//! `advisories(id, data)` and `affected(key, data)` WITHOUT ROWID, the same postcard values),
//! then every key looked up once in each. `storebench OUT_DIR ZIP...`

use portcullis_vuln::import::Importer;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: storebench OUT_DIR ZIP...");
        std::process::exit(2);
    }
    let out = std::path::PathBuf::from(&args[0]);
    std::fs::create_dir_all(&out).expect("out dir");

    let t = Instant::now();
    let mut imp = Importer::new();
    for p in &args[1..] {
        imp.add_path(std::path::Path::new(p), None).expect("import");
    }
    let contents = imp.finish();
    let parse = t.elapsed().as_secs_f64();

    let t = Instant::now();
    portcullis_vuln::store::write_atomic(&out.join("redb"), &contents).expect("redb");
    let redb_w = t.elapsed().as_secs_f64();
    let redb_path = out.join("redb").join(portcullis_vuln::store::DB_FILE);
    let redb_size = std::fs::metadata(&redb_path).expect("size").len();
    let t = Instant::now();
    let db = portcullis_vuln::store::Db::open(&redb_path).expect("open");
    let r = db.reader().expect("reader");
    let mut n = 0usize;
    for k in contents.affected.keys() {
        n += r.affected(k).expect("lookup").len();
    }
    let redb_r = t.elapsed().as_secs_f64();

    let path = out.join("vulns.sqlite");
    let _ = std::fs::remove_file(&path);
    let t = Instant::now();
    let mut c = rusqlite::Connection::open(&path).expect("sqlite");
    c.execute_batch(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=NORMAL;
         CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
         CREATE TABLE advisories(id TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;
         CREATE TABLE affected(key TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;",
    )
    .expect("schema");
    let tx = c.transaction().expect("tx");
    {
        let mut s = tx
            .prepare("INSERT INTO advisories VALUES (?1, ?2)")
            .expect("prep");
        for (id, a) in &contents.advisories {
            s.execute(rusqlite::params![id, a]).expect("insert");
        }
        let mut s = tx
            .prepare("INSERT INTO affected VALUES (?1, ?2)")
            .expect("prep");
        for (k, l) in &contents.affected {
            s.execute(rusqlite::params![k, l]).expect("insert");
        }
        tx.execute("INSERT INTO meta VALUES ('schema_version', '1')", [])
            .expect("meta");
    }
    tx.commit().expect("commit");
    c.execute_batch("VACUUM;").expect("vacuum");
    let sqlite_w = t.elapsed().as_secs_f64();
    let sqlite_size = std::fs::metadata(&path).expect("size").len();
    let t = Instant::now();
    let mut m = 0usize;
    {
        let mut s = c
            .prepare("SELECT data FROM affected WHERE key = ?1")
            .expect("prep");
        for k in contents.affected.keys() {
            let blob: Vec<u8> = s.query_row([k], |row| row.get(0)).expect("row");
            let v: Vec<portcullis_vuln::osv::Affected> = postcard::from_bytes(&blob).expect("dec");
            m += v.len();
        }
    }
    let sqlite_r = t.elapsed().as_secs_f64();
    assert_eq!(n, m);
    println!(
        "parse+compile {parse:.2} s; redb: write {redb_w:.2} s, {:.2} MB, {} lookups {redb_r:.3} s; sqlite: write {sqlite_w:.2} s, {:.2} MB, lookups {sqlite_r:.3} s",
        redb_size as f64 / 1e6,
        contents.affected.len(),
        sqlite_size as f64 / 1e6
    );
}

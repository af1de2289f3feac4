//! Matching throughput on a real database (used by `scripts/bench-vulns.sh`):
//! `vulnbench CACHE_DIR` loads every package's advisory entries, then evaluates each entry
//! against every version that occurs in that package's advisories (event and listed versions,
//! up to 64 per package) and prints the package × advisory checks per second.

use portcullis_vuln::matcher::evaluate;
use portcullis_vuln::osv::Event;
use portcullis_vuln::store::Db;
use portcullis_vuln::version::Scheme;
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: vulnbench CACHE_DIR");
        std::process::exit(2);
    };
    let db = match Db::open_in(std::path::Path::new(&dir)) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("vulnbench: {e}");
            std::process::exit(2);
        }
    };
    let reader = db.reader().expect("reader");
    let mut work = Vec::new();
    for key in reader.keys().expect("keys") {
        let eco = key.split('\0').next().unwrap_or("");
        let Some(scheme) = Scheme::for_ecosystem(eco) else {
            continue;
        };
        let entries = reader.affected(&key).expect("affected");
        let mut versions: Vec<String> = entries
            .iter()
            .flat_map(|e| {
                e.ranges
                    .iter()
                    .flat_map(|r| r.events.iter().map(Event::version))
                    .chain(e.versions.iter().map(String::as_str))
            })
            .filter(|v| *v != "0" && *v != "*")
            .map(str::to_string)
            .collect();
        versions.sort();
        versions.dedup();
        versions.truncate(64);
        work.push((scheme, entries, versions));
    }
    let mut checks = 0u64;
    let mut hits = 0u64;
    let start = Instant::now();
    for _ in 0..3 {
        for (scheme, entries, versions) in &work {
            for v in versions {
                for e in entries {
                    checks += 1;
                    if std::hint::black_box(evaluate(*scheme, e, v)).is_some() {
                        hits += 1;
                    }
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} packages, {checks} checks ({hits} affected) in {secs:.3} s: {:.2} M checks/s",
        work.len(),
        checks as f64 / secs / 1e6
    );
}

//! `portcullis db update|import|status`: the vulnerability database.

use super::cli::{CacheArgs, DbCommand, DbImportArgs, DbStatusArgs, DbUpdateArgs};
use super::{EXIT_CLEAN, Fatal};
use portcullis_vuln::store::{self, Db, Metadata};
use portcullis_vuln::update::{DEFAULT_ECOSYSTEMS, UpdateOptions};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub fn run(cmd: DbCommand) -> Result<u8, Fatal> {
    match cmd {
        DbCommand::Update(a) => update(a),
        DbCommand::Import(a) => import(a),
        DbCommand::Status(a) => status(a),
    }
}

fn cache_dir(a: &CacheArgs) -> Result<PathBuf, Fatal> {
    store::cache_dir(a.cache_dir.as_deref()).map_err(|e| Fatal(e.to_string()))
}

fn chatty(a: &CacheArgs) -> bool {
    !a.quiet && std::io::stderr().is_terminal()
}

fn spinner(a: &CacheArgs, msg: &str) -> indicatif::ProgressBar {
    if !chatty(a) {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message(msg.to_string());
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

fn summary(meta: &Metadata, took: Duration) -> String {
    format!(
        "vulnerability database: {} advisories for {} packages in {} ecosystems ({:.1} s)",
        meta.advisories,
        meta.packages,
        meta.counts.len(),
        took.as_secs_f64()
    )
}

fn update(a: DbUpdateArgs) -> Result<u8, Fatal> {
    let dir = cache_dir(&a.cache)?;
    let ecosystems: Vec<String> = if a.ecosystems.is_empty() {
        DEFAULT_ECOSYSTEMS.iter().map(|s| s.to_string()).collect()
    } else {
        a.ecosystems
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let opts = UpdateOptions {
        base_url: a.base_url.clone(),
        ecosystems,
        timeout: Duration::from_secs(a.timeout.max(1)),
    };
    let start = Instant::now();
    let pb = spinner(&a.cache, &format!("downloading from {}", a.base_url));
    let result = portcullis_vuln::update::update(&dir, &opts, &mut |eco, bytes| {
        pb.set_message(format!("downloaded {eco} ({:.1} MB)", bytes as f64 / 1e6));
    });
    pb.finish_and_clear();
    let (meta, _) = result.map_err(|e| {
        Fatal(format!(
            "db update failed, the previous database is kept: {e}"
        ))
    })?;
    if !a.cache.quiet {
        eprintln!("{}", summary(&meta, start.elapsed()));
    }
    Ok(EXIT_CLEAN)
}

fn import(a: DbImportArgs) -> Result<u8, Fatal> {
    let dir = cache_dir(&a.cache)?;
    let start = Instant::now();
    let pb = spinner(&a.cache, "importing OSV records");
    let result = portcullis_vuln::import::import_paths(&dir, &a.paths);
    pb.finish_and_clear();
    let (meta, _) = result.map_err(|e| {
        Fatal(format!(
            "db import failed, the previous database is kept: {e}"
        ))
    })?;
    if !a.cache.quiet {
        eprintln!("{}", summary(&meta, start.elapsed()));
    }
    Ok(EXIT_CLEAN)
}

fn status(a: DbStatusArgs) -> Result<u8, Fatal> {
    let dir = cache_dir(&a.cache)?;
    let db = Db::open_in(&dir).map_err(|e| Fatal(e.to_string()))?;
    let m = db.metadata();
    let size = std::fs::metadata(db.path()).map(|m| m.len()).unwrap_or(0);
    let built = time::OffsetDateTime::from_unix_timestamp(m.built_at as i64)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| m.built_at.to_string());
    let out = match a.format.as_str() {
        "json" => {
            let v = serde_json::json!({
                "path": db.path().display().to_string(),
                "schema_version": m.schema_version,
                "built_at": built,
                "age_seconds": m.age_secs(),
                "size_bytes": size,
                "advisories": m.advisories,
                "packages": m.packages,
                "sources": m.sources,
                "counts": m.counts,
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        "human" => {
            let mut s = format!(
                "database   {}\nschema     {}\nbuilt      {} ({} old)\nsize       {:.1} MB\nadvisories {} for {} packages\n",
                db.path().display(),
                m.schema_version,
                built,
                age(m.age_secs()),
                size as f64 / 1e6,
                m.advisories,
                m.packages
            );
            for src in &m.sources {
                s.push_str(&format!("source     {src}\n"));
            }
            let w = m.counts.keys().map(|k| k.len()).max().unwrap_or(0);
            for (eco, n) in &m.counts {
                s.push_str(&format!("  {eco:<w$}  {n:>7}\n"));
            }
            s
        }
        f => {
            return Err(Fatal(format!(
                "unknown format `{f}` (expected human or json)"
            )));
        }
    };
    super::output::write_stdout(out.as_bytes())?;
    Ok(EXIT_CLEAN)
}

fn age(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86400),
    }
}

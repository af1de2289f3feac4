//! The ecosystems beyond the shared OSV zips: RubyGems and Packagist records (in OSV's own
//! format, with the ranges of the published GitHub advisories) import, and match the gems and
//! Composer packages the image reader finds in a root filesystem.

use super::inventory::{Content, read, rootfs};
use portcullis_vuln::import::import_paths;
use portcullis_vuln::scan::{ScanOptions, scan};
use portcullis_vuln::store::Db;
use std::collections::BTreeSet;

const RACK: &str = r#"{
  "schema_version": "1.4.0", "id": "GHSA-hxqx-xwvh-44m2", "modified": "2023-11-08T04:09:09Z",
  "aliases": ["CVE-2022-30122"],
  "summary": "Denial of Service Vulnerability in Rack Multipart Parsing",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
  "affected": [
    {"package": {"ecosystem": "RubyGems", "name": "rack"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.2.0"}, {"fixed": "2.2.3.1"}]}]},
    {"package": {"ecosystem": "RubyGems", "name": "rack"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0.9.1"}]}]}
  ]
}"#;

const GUZZLE: &str = r#"{
  "schema_version": "1.4.0", "id": "GHSA-cwmx-hcrq-mhc3", "modified": "2024-02-05T16:37:18Z",
  "aliases": ["CVE-2022-29248"],
  "summary": "Cross-domain cookie leakage in Guzzle",
  "database_specific": {"severity": "HIGH", "cwe_ids": ["CWE-200"], "github_reviewed": true},
  "affected": [
    {"package": {"ecosystem": "Packagist", "name": "guzzlehttp/guzzle"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "7.0.0"}, {"fixed": "7.4.3"}]}]},
    {"package": {"ecosystem": "Packagist", "name": "guzzlehttp/guzzle"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "6.5.6"}]}]}
  ]
}"#;

const NUGET: &str = r#"{
  "id": "GHSA-5crp-9r3c-p9vr", "modified": "2023-01-27T05:02:04Z",
  "aliases": ["CVE-2019-0820"],
  "affected": [
    {"package": {"ecosystem": "NuGet", "name": "System.Text.RegularExpressions"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.3.1"}]}]}
  ]
}"#;

#[test]
fn rubygems_and_packagist_records_match_the_image_readers_packages() {
    let osv = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("rack.json", RACK),
        ("guzzle.json", GUZZLE),
        ("nuget.json", NUGET),
    ] {
        std::fs::write(osv.path().join(name), text).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let (meta, stats) = import_paths(cache.path(), &[osv.path().to_path_buf()]).unwrap();
    assert_eq!(stats.records, 3);
    assert_eq!(meta.counts["RubyGems"], 1);
    assert_eq!(meta.counts["Packagist"], 1);
    assert_eq!(meta.counts["NuGet"], 1);

    let fs = rootfs(&[
        (
            "/usr/local/bundle/specifications/rack-2.2.3.gemspec",
            Content::Text(
                "Gem::Specification.new do |s|\n  s.name = \"rack\".freeze\n  s.version = \"2.2.3\"\nend\n",
            ),
        ),
        (
            "/var/www/composer.lock",
            Content::Text(
                r#"{"packages":[{"name":"guzzlehttp/guzzle","version":"7.4.0"},{"name":"guzzlehttp/psr7","version":"2.4.5"}],"packages-dev":[{"name":"GuzzleHttp/Guzzle","version":"7.4.3"}]}"#,
            ),
        ),
    ]);
    let image = read(fs.path());
    assert_eq!(image.packages.len(), 4, "{:?}", image.packages);
    let db = Db::open_in(cache.path()).unwrap();
    let out = scan(
        &db,
        image.distro.as_ref(),
        &image.packages,
        &ScanOptions::default(),
    )
    .unwrap();
    let got: BTreeSet<(String, String, String, Option<String>)> = out
        .findings
        .iter()
        .filter(|f| f.rule == "VULN")
        .map(|f| {
            let v = &f.detail.as_ref().unwrap()["vulnerability"];
            (
                v["id"].as_str().unwrap().to_string(),
                v["ecosystem"].as_str().unwrap().to_string(),
                v["installed_version"].as_str().unwrap().to_string(),
                v["fixed_version"].as_str().map(str::to_string),
            )
        })
        .collect();
    // rack 2.2.3 < 2.2.3.1 (a fourth segment); guzzle 7.4.0 < 7.4.3, and the dev dependency at
    // 7.4.3 (its name in another case: Packagist names are case-insensitive) is fixed.
    let want: BTreeSet<_> = [
        ("GHSA-hxqx-xwvh-44m2", "RubyGems", "2.2.3", Some("2.2.3.1")),
        ("GHSA-cwmx-hcrq-mhc3", "Packagist", "7.4.0", Some("7.4.3")),
    ]
    .into_iter()
    .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.map(str::to_string)))
    .collect();
    assert_eq!(got, want);
    // No package went unchecked.
    assert!(
        out.findings.iter().all(|f| f.rule == "VULN"),
        "{:#?}",
        out.findings
    );
    let rack = out
        .findings
        .iter()
        .find(|f| f.location.package.as_deref() == Some("rack"))
        .unwrap();
    assert_eq!(rack.severity.as_str(), "high");
    let guzzle = out
        .findings
        .iter()
        .find(|f| f.location.package.as_deref() == Some("guzzlehttp/guzzle"))
        .unwrap();
    assert_eq!(guzzle.severity.as_str(), "high");
}

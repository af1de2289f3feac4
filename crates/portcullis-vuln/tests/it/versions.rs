//! Every ordering line of the version corpora (`versions/*.txt`) of the supported ecosystems,
//! both ways round; and the dpkg comparator against the real `dpkg --compare-versions`.

use portcullis_vuln::version::Scheme;
use std::cmp::Ordering;

fn run_corpus(file: &str, scheme: Scheme) {
    let Some(dir) = super::testdata::dir() else {
        return;
    };
    let path = dir.join("versions").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut failures = Vec::new();
    let mut total = 0;
    for line in text.lines() {
        if line.is_empty() || line.starts_with("# ") || line.starts_with("// ") || line == "#" {
            continue;
        }
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(parts.len(), 3, "{file}: malformed line `{line}`");
        let want = match parts[1] {
            "<" => Ordering::Less,
            "=" => Ordering::Equal,
            ">" => Ordering::Greater,
            o => panic!("{file}: unknown operator `{o}` in `{line}`"),
        };
        total += 1;
        let got = scheme.compare(parts[0], parts[2]);
        let back = scheme.compare(parts[2], parts[0]);
        if got != want || back != want.reverse() {
            failures.push(format!("{line}   (got {got:?}, reversed {back:?})"));
        }
    }
    assert!(total > 0, "{file}: no ordering lines");
    assert!(
        failures.is_empty(),
        "{file}: {} of {total} lines fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

macro_rules! corpus {
    ($($name:ident: $file:literal => $scheme:ident;)*) => {$(
        #[test]
        fn $name() {
            run_corpus($file, Scheme::$scheme);
        }
    )*};
}

corpus! {
    alpine: "alpine-versions.txt" => Apk;
    alpine_generated: "alpine-versions-generated.txt" => Apk;
    debian: "debian-versions.txt" => Dpkg;
    debian_generated: "debian-versions-generated.txt" => Dpkg;
    redhat: "redhat-versions.txt" => Rpm;
    pypi: "pypi-versions.txt" => Pep440;
    pypi_generated: "pypi-versions-generated.txt" => Pep440;
    maven: "maven-versions.txt" => Maven;
    maven_generated: "maven-versions-generated.txt" => Maven;
    semver: "semver-versions.txt" => Semver;
    semver_as_go: "semver-versions.txt" => Go;
    rubygems: "rubygems-versions.txt" => RubyGems;
    rubygems_generated: "rubygems-versions-generated.txt" => RubyGems;
    packagist: "packagist-versions.txt" => Packagist;
    packagist_generated: "packagist-versions-generated.txt" => Packagist;
    nuget: "nuget-versions.txt" => NuGet;
    pub_dart: "pub-versions.txt" => Pub;
    hackage: "hackage-versions.txt" => Hackage;
    cran: "cran-versions.txt" => Cran;
    cran_generated: "cran-versions-generated.txt" => Cran;
}

mod dpkg_differential {
    use portcullis_vuln::version::dpkg;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    use std::cmp::Ordering;
    use std::process::Command;

    /// Valid dpkg versions from a small alphabet, so that pairs often share prefixes and hit
    /// the interesting cases (`~` against end of string, letters against `+`, digit runs).
    fn version() -> impl Strategy<Value = String> {
        let part = |min: usize, max: usize| {
            prop::collection::vec(
                prop::sample::select(vec!['0', '1', '2', '9', 'a', 'b', 'Z', '.', '+', '~']),
                min..=max,
            )
            .prop_map(|v| v.into_iter().collect::<String>())
        };
        (
            prop::option::weighted(0.25, 0u8..3),
            prop::sample::select(vec!['0', '1', '2', '9']),
            part(0, 6),
            prop::option::weighted(0.6, part(1, 4)),
        )
            .prop_map(|(epoch, first, rest, rev)| {
                let mut s = String::new();
                if let Some(e) = epoch {
                    s.push_str(&format!("{e}:"));
                }
                s.push(first);
                s.push_str(&rest);
                if let Some(r) = rev {
                    s.push('-');
                    s.push_str(&r);
                }
                s
            })
    }

    fn dpkg_says(a: &str, b: &str) -> Ordering {
        let run = |op: &str| {
            let st = Command::new("dpkg")
                .args(["--compare-versions", a, op, b])
                .status()
                .expect("run dpkg");
            match st.code() {
                Some(0) => true,
                Some(1) => false,
                c => panic!("dpkg --compare-versions {a} {op} {b}: exit {c:?}"),
            }
        };
        if run("lt") {
            Ordering::Less
        } else if run("gt") {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    #[test]
    fn dpkg_comparator_agrees_with_dpkg() {
        if Command::new("dpkg").arg("--version").output().is_err() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "dpkg is required under CI"
            );
            eprintln!("skipped: dpkg not installed");
            return;
        }
        const PAIRS: usize = 3000;
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
        );
        let strat = (version(), version());
        let mut pairs: Vec<(String, String)> = (0..PAIRS)
            .map(|_| strat.new_tree(&mut runner).expect("generate").current())
            .collect();
        // Pairs that differ only near the end matter most: derive a third from each.
        for i in 0..PAIRS / 3 {
            let a = pairs[i].0.clone();
            let b = format!("{a}~");
            let c = format!("{a}a");
            pairs.push((a.clone(), b));
            pairs.push((a, c));
        }
        let threads = 6;
        let chunk = pairs.len().div_ceil(threads);
        let mismatches: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = pairs
                .chunks(chunk)
                .map(|c| {
                    s.spawn(move || {
                        c.iter()
                            .filter_map(|(a, b)| {
                                let want = dpkg_says(a, b);
                                let got = dpkg::compare(a, b);
                                (want != got)
                                    .then(|| format!("{a} vs {b}: dpkg {want:?}, ours {got:?}"))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("thread"))
                .collect()
        });
        assert!(
            mismatches.is_empty(),
            "{} of {} pairs disagree with dpkg:\n{}",
            mismatches.len(),
            pairs.len(),
            mismatches.join("\n")
        );
        eprintln!("{} pairs agree with dpkg --compare-versions", pairs.len());
    }
}

//! Analyzers on real binaries and real-format databases built by the tests: Go build info
//! (the Docker CLI and runc of the host), Java archives with nested jars, the sqlite rpmdb,
//! gemspecs, composer.lock; broken and unsupported databases become findings.

use portcullis_core::PackageKind;
use portcullis_image::{Image, ScanOptions, Source, scan};
use std::io::Write;
use std::path::Path;

fn put(root: &Path, path: &str, data: &[u8]) {
    let p = root.join(path.trim_start_matches('/'));
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, data).unwrap();
}

fn scan_dir(root: &Path) -> Image {
    scan(
        &Source::Rootfs(root.to_path_buf()),
        &ScanOptions::default(),
        &mut [],
    )
    .unwrap()
}

/// The Go version a binary reports about itself (`runc --version`), or the Docker CLI's.
fn go_version_of(cmd: &[&str], marker: &str) -> Option<String> {
    let out = std::process::Command::new(cmd[0])
        .args(&cmd[1..])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines().find_map(|l| {
        l.trim()
            .strip_prefix(marker)
            .map(|v| v.trim().trim_start_matches("go").to_string())
    })
}

/// Where a command lives on PATH.
fn which(cmd: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(cmd))
            .find(|p| p.is_file())
    })
}

#[test]
fn go_binaries_of_the_host_list_their_modules() {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    // runc (under the in-memory cap; Debian builds it without modules: stdlib only) and the
    // Docker CLI (over the cap: streamed).
    for (cmd, args, marker, min_modules) in [
        ("runc", vec!["--version"], "go:", 1),
        (
            "docker",
            vec!["version", "--format", "{{.Client.GoVersion}}"],
            "",
            1,
        ),
    ] {
        let Some(bin) = which(cmd) else {
            eprintln!("skipping {cmd}: not installed");
            continue;
        };
        let mut full = vec![bin.to_str().unwrap()];
        full.extend(args.iter().copied());
        let Some(go) = go_version_of(&full, marker) else {
            continue;
        };
        let bytes = std::fs::read(&bin).unwrap();
        let dir = tmp.path().join(checked.to_string());
        let at = format!("/usr/bin/{cmd}");
        put(&dir, &at, &bytes);
        let p = dir.join(at.trim_start_matches('/'));
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
        std::fs::set_permissions(&p, perm).unwrap();
        let img = scan_dir(&dir);
        let go_pkgs: Vec<_> = img
            .packages
            .iter()
            .filter(|p| p.kind == PackageKind::Go && p.found_in == at)
            .collect();
        let stdlib = go_pkgs.iter().find(|p| p.name == "stdlib").expect("stdlib");
        assert_eq!(stdlib.version, format!("v{go}"), "{}", bin.display());
        assert!(
            go_pkgs.len() >= min_modules,
            "{}: {go_pkgs:?}",
            bin.display()
        );
        assert!(go_pkgs.iter().all(|p| p.purl.starts_with("pkg:golang/")));
        checked += 1;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        assert_eq!(checked, 2, "docker.io and runc are installed in CI");
    }
}

fn jar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn java_archives_with_nested_jars() {
    let tmp = tempfile::tempdir().unwrap();
    let inner = jar(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\r\n"),
        (
            "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
            b"#Created by Apache Maven\nversion=2.14.1\ngroupId=org.apache.logging.log4j\nartifactId=log4j-core\n",
        ),
    ]);
    let manifest_only = jar(&[(
        "META-INF/MANIFEST.MF",
        b"Manifest-Version: 1.0\r\nBundle-SymbolicName: com.example.util;singleton:=true\r\nBundle-Version: 3.2.1\r\nImplementation-Vendor-Id: com.example\r\n",
    )]);
    let app = jar(&[
        (
            "META-INF/maven/com.example/app/pom.properties",
            b"groupId=com.example\nartifactId=app\nversion=1.0.0\n",
        ),
        ("BOOT-INF/lib/log4j-core-2.14.1.jar", &inner),
        ("BOOT-INF/lib/util.jar", &manifest_only),
    ]);
    put(tmp.path(), "/app/app.jar", &app);
    put(
        tmp.path(),
        "/app/broken.war",
        b"PK\x03\x04 not really a zip",
    );
    let img = scan_dir(tmp.path());
    let maven: Vec<(String, String, String)> = img
        .packages
        .iter()
        .filter(|p| p.kind == PackageKind::Maven)
        .map(|p| (p.name.clone(), p.version.clone(), p.purl.clone()))
        .collect();
    assert_eq!(
        maven,
        vec![
            (
                "com.example:app".into(),
                "1.0.0".into(),
                "pkg:maven/com.example/app@1.0.0".into()
            ),
            (
                "com.example:com.example.util".into(),
                "3.2.1".into(),
                "pkg:maven/com.example/com.example.util@3.2.1".into()
            ),
            (
                "org.apache.logging.log4j:log4j-core".into(),
                "2.14.1".into(),
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1".into()
            ),
        ]
    );
    let broken: Vec<_> = img.findings.iter().filter(|f| f.rule == "PC013").collect();
    assert_eq!(broken.len(), 1);
    assert!(broken[0].message.contains("/app/broken.war"));
}

/// An rpm header blob as the rpmdb stores it.
fn rpm_header(name: &str, version: &str, release: &str, epoch: Option<u32>, srpm: &str) -> Vec<u8> {
    let mut entries: Vec<(u32, u32, Vec<u8>)> = vec![
        (1000, 6, format!("{name}\0").into_bytes()),
        (1001, 6, format!("{version}\0").into_bytes()),
        (1002, 6, format!("{release}\0").into_bytes()),
        (1022, 6, b"x86_64\0".to_vec()),
        (1044, 6, format!("{srpm}\0").into_bytes()),
    ];
    if let Some(e) = epoch {
        entries.push((1003, 4, e.to_be_bytes().to_vec()));
    }
    let (mut index, mut data) = (Vec::new(), Vec::new());
    for (tag, ty, val) in entries {
        if ty == 4 {
            while data.len() % 4 != 0 {
                data.push(0);
            }
        }
        index.extend_from_slice(&tag.to_be_bytes());
        index.extend_from_slice(&ty.to_be_bytes());
        index.extend_from_slice(&(data.len() as u32).to_be_bytes());
        index.extend_from_slice(&1u32.to_be_bytes());
        data.extend_from_slice(&val);
    }
    let mut b = Vec::new();
    b.extend_from_slice(&((index.len() / 16) as u32).to_be_bytes());
    b.extend_from_slice(&(data.len() as u32).to_be_bytes());
    b.extend(index);
    b.extend(data);
    b
}

#[test]
fn rpm_sqlite_database_and_unsupported_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let db_path = tmp.path().join("rpmdb.sqlite");
    {
        let conn = rusqlite::Connection::open(&db_path).unwrap();
        conn.execute_batch(
            "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);",
        )
        .unwrap();
        for h in [
            rpm_header(
                "openssl-libs",
                "3.0.7",
                "27.el9",
                Some(1),
                "openssl-3.0.7-27.el9.src.rpm",
            ),
            rpm_header("bash", "5.1.8", "9.el9", None, "bash-5.1.8-9.el9.src.rpm"),
            rpm_header("gpg-pubkey", "fd431d51", "4ae0493b", None, ""),
        ] {
            conn.execute("INSERT INTO Packages (blob) VALUES (?1)", [h])
                .unwrap();
        }
    }
    let root = tmp.path().join("root");
    put(
        &root,
        "/var/lib/rpm/rpmdb.sqlite",
        &std::fs::read(&db_path).unwrap(),
    );
    put(
        &root,
        "/etc/os-release",
        b"ID=\"rocky\"\nVERSION_ID=\"9.3\"\n",
    );
    let img = scan_dir(&root);
    let rpms: Vec<_> = img
        .packages
        .iter()
        .filter(|p| p.kind == PackageKind::Rpm)
        .collect();
    assert_eq!(rpms.len(), 2);
    let ssl = rpms.iter().find(|p| p.name == "openssl-libs").unwrap();
    assert_eq!(ssl.version, "1:3.0.7-27.el9");
    assert_eq!(ssl.source_or_name(), "openssl");
    assert_eq!(
        ssl.purl,
        "pkg:rpm/rocky/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rocky-9.3&epoch=1"
    );
    // A Berkeley DB rpmdb and a corrupt sqlite one are findings, not silence.
    let old = tmp.path().join("old");
    put(
        &old,
        "/var/lib/rpm/Packages",
        &[
            0x61, 0x15, 0x06, 0x00, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        ],
    );
    put(
        &old,
        "/usr/lib/sysimage/rpm/rpmdb.sqlite",
        b"SQLite format 3\0garbage",
    );
    let img = scan_dir(&old);
    assert!(
        img.findings
            .iter()
            .any(|f| f.rule == "PC014" && f.message.contains("/var/lib/rpm/Packages"))
    );
    assert!(
        img.findings
            .iter()
            .any(|f| f.rule == "PC013" && f.message.contains("rpmdb.sqlite"))
    );
}

#[test]
fn gems_composer_and_broken_databases() {
    let tmp = tempfile::tempdir().unwrap();
    put(
        tmp.path(),
        "/usr/local/bundle/specifications/rack-2.2.3.gemspec",
        b"# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = \"rack\".freeze\n  s.version = \"2.2.3\"\n  s.required_rubygems_version = Gem::Requirement.new(\">= 0\".freeze) if s.respond_to? :required_rubygems_version=\n  s.licenses = [\"MIT\".freeze]\nend\n",
    );
    put(
        tmp.path(),
        "/var/www/composer.lock",
        br#"{"packages":[{"name":"guzzlehttp/guzzle","version":"7.4.0","license":["MIT"]}],"packages-dev":[{"name":"phpunit/phpunit","version":"9.5.10"}]}"#,
    );
    put(
        tmp.path(),
        "/var/lib/dpkg/status",
        b"garbage without fields\n",
    );
    put(tmp.path(), "/srv/app/package-lock.json", b"{ not json");
    put(
        tmp.path(),
        "/srv/app/Cargo.lock",
        b"[[package]]\nname = 1\n",
    );
    let img = scan_dir(tmp.path());
    let got: Vec<(PackageKind, &str, &str)> = img
        .packages
        .iter()
        .map(|p| (p.kind, p.name.as_str(), p.version.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (PackageKind::Gem, "rack", "2.2.3"),
            (PackageKind::Composer, "guzzlehttp/guzzle", "7.4.0"),
            (PackageKind::Composer, "phpunit/phpunit", "9.5.10"),
        ]
    );
    let rack = &img.packages[0];
    assert_eq!(rack.licenses, vec!["MIT".to_string()]);
    let broken: Vec<&str> = img
        .findings
        .iter()
        .filter(|f| f.rule == "PC013")
        .filter_map(|f| f.location.path.as_deref())
        .collect();
    assert_eq!(
        broken,
        vec![
            "/srv/app/Cargo.lock",
            "/srv/app/package-lock.json",
            "/var/lib/dpkg/status"
        ]
    );
}

use portcullis_core::Severity;
use portcullis_core::config::Config;

#[test]
fn toml_config_parses_and_keeps_lines() {
    let text = "ignore = [\"DF012\"]\nfail-on = \"high\"\n\n[severity]\nDL3008 = \"low\"\n\n[[ignores]]\npaths = [\"legacy/**\"]\nrules = [\"DF020\"]\nreason = \"old\"\nexpires = \"2030-01-01\"\n";
    let c = Config::from_toml(".portcullis.toml", text).unwrap();
    assert_eq!(c.ignore[0].value, "DF012");
    assert_eq!(c.ignore[0].line, 1);
    assert_eq!(c.fail_on, Some(Severity::High));
    assert_eq!(c.severity[0].1, Severity::Low);
    assert_eq!(c.severity[0].0.line, 5);
    assert_eq!(c.path_ignores[0].line, 7);
    assert_eq!(c.path_ignores[0].rules[0].line, 9);
}

#[test]
fn toml_config_errors_name_the_line() {
    let e =
        Config::from_toml("c.toml", "ignore = []\n[severity]\nDF001 = \"severe\"\n").unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.to_string().starts_with("c.toml:3: unknown severity"),
        "{e}"
    );
    let e = Config::from_toml("c.toml", "ignore = []\nbogus = 1\n").unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    let e = Config::from_toml(
        "c.toml",
        "[[ignores]]\npaths=[\"a\"]\nreason=\"x\"\nexpires=\"tomorrow\"\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    let e = Config::from_toml("c.toml", "[[ignores]]\npaths=[\"a\"]\n").unwrap_err();
    assert!(e.message.contains("reason"), "{e}");
}

#[test]
fn hadolint_yaml_is_understood() {
    let text = "ignored:\n  - DL3008\noverride:\n  error:\n    - DL3015\n  info: [DL3057]\ntrustedRegistries: docker.io\nfailure-threshold: warning\nlabel-schema:\n  maintainer: email\n";
    let c = Config::from_hadolint_yaml(".hadolint.yaml", text).unwrap();
    assert_eq!(c.ignore[0].value, "DL3008");
    assert_eq!(c.fail_on, Some(Severity::Medium));
    assert_eq!(c.trusted_registries, vec!["docker.io".to_string()]);
    assert!(c.enables("DF999", &["DL3057"]));
    assert_eq!(
        c.severity_for("DF010", &["DL3015".into()]),
        Some(Severity::High)
    );
    assert!(Config::from_hadolint_yaml("h.yaml", "ignored: [\n").is_err());
}

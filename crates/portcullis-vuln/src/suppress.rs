//! Vulnerability suppressions: configured ignores (id, optional package, reason, expiry) and
//! OpenVEX documents (`not_affected` and `fixed` statements suppress; the justification is kept).

use serde::Deserialize;
use time::Date;

/// A configured ignore of one vulnerability, optionally for one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnIgnore {
    /// Advisory id or alias (`CVE-2024-1234`, `GHSA-…`, `PYSEC-…`).
    pub id: String,
    /// Package name, source name or purl (prefix); None = every package.
    pub package: Option<String>,
    pub reason: String,
    pub expires: Option<Date>,
    /// Where it is written (`.portcullis.toml:12`), for findings about it.
    pub origin: String,
}

/// One OpenVEX statement that suppresses (status `not_affected` or `fixed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexStatement {
    /// The vulnerability name and its aliases.
    pub ids: Vec<String>,
    /// Product / subcomponent identifiers (purls); empty = any.
    pub products: Vec<String>,
    pub status: String,
    pub justification: Option<String>,
    pub impact_statement: Option<String>,
    /// The document it came from.
    pub origin: String,
}

/// All suppressions of a scan.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pub ignores: Vec<VulnIgnore>,
    pub vex: Vec<VexStatement>,
}

#[derive(Deserialize)]
struct RawVex {
    #[serde(rename = "@context")]
    context: Option<String>,
    #[serde(default)]
    statements: Vec<RawStatement>,
}

#[derive(Deserialize)]
struct RawStatement {
    vulnerability: RawVuln,
    #[serde(default)]
    products: Vec<RawProduct>,
    status: String,
    #[serde(default)]
    justification: Option<String>,
    #[serde(default)]
    impact_statement: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawVuln {
    Name(String),
    Object {
        #[serde(default)]
        name: Option<String>,
        #[serde(rename = "@id", default)]
        id: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawProduct {
    Id(String),
    Object {
        #[serde(rename = "@id", default)]
        id: Option<String>,
        #[serde(default)]
        identifiers: Option<serde_json::Map<String, serde_json::Value>>,
        #[serde(default)]
        subcomponents: Vec<RawProduct>,
    },
}

fn product_ids(p: &RawProduct, out: &mut Vec<String>) {
    match p {
        RawProduct::Id(s) => out.push(s.clone()),
        RawProduct::Object {
            id,
            identifiers,
            subcomponents,
        } => {
            if subcomponents.is_empty() {
                out.extend(id.iter().cloned());
                if let Some(purl) = identifiers
                    .as_ref()
                    .and_then(|m| m.get("purl"))
                    .and_then(|v| v.as_str())
                {
                    out.push(purl.to_string());
                }
            }
            // A statement about subcomponents of a product applies to those subcomponents.
            for s in subcomponents {
                product_ids(s, out);
            }
        }
    }
}

/// Parses an OpenVEX document; keeps the statements that suppress. Errors name the file.
pub fn parse_openvex(path: &str, text: &str) -> Result<Vec<VexStatement>, String> {
    let raw: RawVex =
        serde_json::from_str(text).map_err(|e| format!("{path}: not an OpenVEX document: {e}"))?;
    if !raw
        .context
        .as_deref()
        .is_some_and(|c| c.starts_with("https://openvex.dev/ns"))
    {
        return Err(format!(
            "{path}: not an OpenVEX document (`@context` must be https://openvex.dev/ns/…)"
        ));
    }
    let mut out = Vec::new();
    for (i, s) in raw.statements.into_iter().enumerate() {
        let mut ids = Vec::new();
        match s.vulnerability {
            RawVuln::Name(n) => ids.push(n),
            RawVuln::Object { name, id, aliases } => {
                ids.extend(name);
                ids.extend(id);
                ids.extend(aliases);
            }
        }
        if ids.is_empty() {
            return Err(format!("{path}: statement {i}: no vulnerability name"));
        }
        match s.status.as_str() {
            "not_affected" | "fixed" => {}
            "affected" | "under_investigation" => continue,
            other => return Err(format!("{path}: statement {i}: unknown status `{other}`")),
        }
        if s.status == "not_affected" && s.justification.is_none() && s.impact_statement.is_none() {
            return Err(format!(
                "{path}: statement {i}: `not_affected` needs a justification or impact_statement"
            ));
        }
        let mut products = Vec::new();
        for p in &s.products {
            product_ids(p, &mut products);
        }
        out.push(VexStatement {
            ids,
            products,
            status: s.status,
            justification: s.justification,
            impact_statement: s.impact_statement,
            origin: path.to_string(),
        });
    }
    Ok(out)
}

/// Strips qualifiers and subpath for comparing purls (`pkg:deb/debian/perl@5.36?arch=…`).
fn purl_base(p: &str) -> &str {
    p.split(['?', '#']).next().unwrap_or(p)
}

/// Whether a VEX product id names this package (purl with or without version/qualifiers).
pub fn product_matches(product: &str, purl: &str) -> bool {
    let (a, b) = (purl_base(product), purl_base(purl));
    if a == b {
        return true;
    }
    // A product without a version applies to every version of the package.
    !a.contains('@') && b.split('@').next() == Some(a)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnoreFile {
    #[serde(default)]
    ignore: Vec<toml::Spanned<RawIgnore>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    id: String,
    #[serde(default)]
    package: Option<String>,
    reason: String,
    #[serde(default)]
    expires: Option<String>,
}

/// Parses a vulnerability ignore file:
///
/// ```toml
/// [[ignore]]
/// id = "CVE-2023-0001"        # advisory id or alias
/// package = "openssl"         # optional: name, source name or purl
/// reason = "not reachable: TLS terminates at the proxy"
/// expires = "2026-03-31"      # optional
/// ```
pub fn parse_ignore_file(path: &str, text: &str) -> Result<Vec<VulnIgnore>, String> {
    let line_of = |off: usize| text[..off.min(text.len())].matches('\n').count() + 1;
    let raw: RawIgnoreFile = toml::from_str(text).map_err(|e| match e.span() {
        Some(s) => format!("{path}:{}: {}", line_of(s.start), e.message().trim()),
        None => format!("{path}: {}", e.message().trim()),
    })?;
    let mut out = Vec::new();
    for r in raw.ignore {
        let line = line_of(r.span().start);
        let r = r.into_inner();
        if r.id.trim().is_empty() {
            return Err(format!("{path}:{line}: `id` must name a vulnerability"));
        }
        if r.reason.trim().is_empty() {
            return Err(format!(
                "{path}:{line}: `reason` must say why it is ignored"
            ));
        }
        let expires = match r.expires {
            None => None,
            Some(d) => {
                let fmt = time::macros::format_description!("[year]-[month]-[day]");
                Some(Date::parse(d.trim(), &fmt).map_err(|_| {
                    format!("{path}:{line}: `expires` must be a date like 2026-03-31, not `{d}`")
                })?)
            }
        };
        out.push(VulnIgnore {
            id: r.id.trim().to_string(),
            package: r.package.filter(|p| !p.trim().is_empty()),
            reason: r.reason,
            expires,
            origin: format!("{path}:{line}"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_file() {
        let t = "[[ignore]]\nid = \"CVE-1\"\nreason = \"not used\"\nexpires = \"2026-03-31\"\n\n[[ignore]]\nid = \"GHSA-x\"\npackage = \"flask\"\nreason = \"r\"\n";
        let v = parse_ignore_file("i.toml", t).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].origin, "i.toml:1");
        assert_eq!(v[1].package.as_deref(), Some("flask"));
        assert_eq!(v[0].expires.unwrap().to_string(), "2026-03-31");
        let e = parse_ignore_file("i.toml", "[[ignore]]\nid = \"X\"\nreason = \"\"\n").unwrap_err();
        assert!(e.starts_with("i.toml:1:"), "{e}");
        let e = parse_ignore_file(
            "i.toml",
            "[[ignore]]\nid = \"X\"\nreason = \"r\"\nexpires = \"soon\"\n",
        )
        .unwrap_err();
        assert!(e.contains("expires"), "{e}");
    }

    #[test]
    fn openvex_statements() {
        let doc = r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a",
          "timestamp":"2024-01-01T00:00:00Z","version":1,"statements":[
          {"vulnerability":{"name":"CVE-2023-1"},"products":[{"@id":"pkg:apk/alpine/busybox@1.36.1-r2"}],
           "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"},
          {"vulnerability":"CVE-2023-2","products":["pkg:pypi/flask"],"status":"affected"}]}"#;
        let s = parse_openvex("v.json", doc).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].ids, ["CVE-2023-1"]);
        assert!(product_matches(
            &s[0].products[0],
            "pkg:apk/alpine/busybox@1.36.1-r2?arch=x86_64"
        ));
        assert!(!product_matches(
            &s[0].products[0],
            "pkg:apk/alpine/busybox@1.36.1-r3"
        ));
        assert!(product_matches("pkg:pypi/flask", "pkg:pypi/flask@0.12.2"));
        assert!(parse_openvex("v.json", r#"{"statements":[]}"#).is_err());
        let bad = r#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[
          {"vulnerability":"CVE-1","status":"not_affected"}]}"#;
        assert!(
            parse_openvex("v.json", bad)
                .unwrap_err()
                .contains("justification")
        );
    }
}

//! CycloneDX 1.5 JSON.

use super::{SbomInput, VulnRecord, content_uuid, rfc3339, sorted};
use portcullis_core::{Package, Severity};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};

fn property(name: &str, value: impl Into<String>) -> Value {
    json!({"name": name, "value": value.into()})
}

/// Licenses as CycloneDX `license.name` entries: the readers give free-form strings (Debian
/// copyright names such as `GPL-2+` are not SPDX ids), which `name` accepts as they are.
fn licenses(p: &Package) -> Option<Value> {
    (!p.licenses.is_empty()).then(|| {
        Value::Array(
            p.licenses
                .iter()
                .map(|l| json!({"license": {"name": l}}))
                .collect(),
        )
    })
}

fn severity(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Critical) => "critical",
        Some(Severity::High) => "high",
        Some(Severity::Medium) => "medium",
        Some(Severity::Low) => "low",
        Some(Severity::Info) => "info",
        None => "unknown",
    }
}

/// Where an alias id is published: NVD for CVEs, GitHub for GHSAs, else OSV.
fn alias_source(id: &str) -> Value {
    if id.starts_with("CVE-") {
        json!({"name": "NVD", "url": format!("https://nvd.nist.gov/vuln/detail/{id}")})
    } else if id.starts_with("GHSA-") {
        json!({"name": "GitHub", "url": format!("https://github.com/advisories/{id}")})
    } else {
        json!({"name": "OSV", "url": format!("https://osv.dev/vulnerability/{id}")})
    }
}

fn vulnerability(v: &VulnRecord, refs: &HashMap<&str, String>) -> Value {
    let mut o = Map::new();
    o.insert("bom-ref".into(), json!(format!("vuln:{}:{}", v.id, v.purl)));
    o.insert("id".into(), json!(v.id));
    if v.source_name.is_some() || v.source_url.is_some() {
        let mut s = Map::new();
        if let Some(n) = &v.source_name {
            s.insert("name".into(), json!(n));
        }
        if let Some(u) = &v.source_url {
            s.insert("url".into(), json!(u));
        }
        o.insert("source".into(), Value::Object(s));
    }
    if !v.aliases.is_empty() {
        let refs: Vec<Value> = v
            .aliases
            .iter()
            .map(|a| json!({"id": a, "source": alias_source(a)}))
            .collect();
        o.insert("references".into(), Value::Array(refs));
    }
    let mut rating = Map::new();
    rating.insert("severity".into(), json!(severity(v.severity)));
    if let Some(score) = v.score {
        rating.insert("score".into(), json!(score));
    }
    if let Some(m) = &v.method {
        let m = match m.as_str() {
            "CVSSv2" | "CVSSv3" | "CVSSv31" | "CVSSv4" | "OWASP" | "SSVC" => m.as_str(),
            _ => "other",
        };
        rating.insert("method".into(), json!(m));
    }
    if let Some(vec) = &v.vector {
        rating.insert("vector".into(), json!(vec));
    }
    o.insert("ratings".into(), json!([rating]));
    if !v.cwes.is_empty() {
        o.insert("cwes".into(), json!(v.cwes));
    }
    if let Some(d) = &v.description {
        o.insert("description".into(), json!(d));
    }
    if let Some(f) = &v.fixed_version {
        o.insert(
            "recommendation".into(),
            json!(format!("upgrade to {f} or later")),
        );
    }
    if !v.references.is_empty() {
        let advisories: Vec<Value> = v.references.iter().map(|u| json!({"url": u})).collect();
        o.insert("advisories".into(), Value::Array(advisories));
    }
    if let Some(p) = &v.published {
        o.insert("published".into(), json!(p));
    }
    if let Some(u) = &v.updated {
        o.insert("updated".into(), json!(u));
    }
    if let Some(a) = &v.analysis {
        let mut m = Map::new();
        m.insert("state".into(), json!(a.state));
        if let Some(j) = &a.justification {
            m.insert("justification".into(), json!(j));
        }
        if let Some(d) = &a.detail {
            m.insert("detail".into(), json!(d));
        }
        o.insert("analysis".into(), Value::Object(m));
    }
    let target = refs
        .get(v.purl.as_str())
        .cloned()
        .unwrap_or_else(|| v.purl.clone());
    let mut affect = json!({"ref": target});
    if let Some(f) = &v.fixed_version {
        affect["versions"] = json!([{"version": f, "status": "unaffected"}]);
    }
    o.insert("affects".into(), json!([affect]));
    Value::Object(o)
}

/// The CycloneDX 1.5 document. `vulns`, when given, fills the `vulnerabilities` section (each
/// record's purl is matched to the component of that purl).
pub fn cyclonedx(input: &SbomInput<'_>, vulns: Option<&[VulnRecord]>) -> Value {
    let image_ref = "image".to_string();
    let mut components = Vec::new();
    let mut refs: HashMap<&str, String> = HashMap::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut depends = Vec::new();
    if let Some(d) = input.distro {
        let r = format!("os:{}@{}", d.id, d.version_id);
        let mut c = json!({"type": "operating-system", "bom-ref": r, "name": d.id, "version": d.version_id});
        if let Some(p) = &d.pretty_name {
            c["description"] = json!(p);
        }
        components.push(c);
        depends.push(Value::String(r));
    }
    for p in sorted(input.packages) {
        let n = used.entry(p.purl.clone()).or_insert(0);
        *n += 1;
        let r = if *n == 1 {
            p.purl.clone()
        } else {
            format!("{}#{}", p.purl, n)
        };
        refs.entry(p.purl.as_str()).or_insert_with(|| r.clone());
        let mut props = vec![
            property("portcullis:package:kind", p.kind.as_str()),
            property("portcullis:package:found-in", p.found_in.clone()),
        ];
        if let Some(s) = &p.source_name {
            props.push(property("portcullis:package:source-name", s.clone()));
        }
        if let Some(s) = &p.source_version {
            props.push(property("portcullis:package:source-version", s.clone()));
        }
        if let Some(a) = &p.arch {
            props.push(property("portcullis:package:arch", a.clone()));
        }
        if let Some(i) = p.layer_index {
            props.push(property("portcullis:layer:index", i.to_string()));
        }
        if let Some(d) = &p.layer_digest {
            props.push(property("portcullis:layer:digest", d.clone()));
        }
        let mut c = json!({
            "type": "library",
            "bom-ref": r,
            "name": p.name,
            "version": p.version,
            "purl": p.purl,
            "properties": props,
        });
        if let Some(l) = licenses(p) {
            c["licenses"] = l;
        }
        depends.push(Value::String(r));
        components.push(c);
    }
    let mut image = json!({"type": "container", "bom-ref": image_ref, "name": input.image_name});
    if let Some(id) = input.image_id {
        image["version"] = json!(id);
        image["properties"] = json!([property("portcullis:image:id", id)]);
    }
    let mut doc = json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": format!("urn:uuid:{}", content_uuid("cyclonedx", input)),
        "version": 1,
        "metadata": {
            "timestamp": rfc3339(input.timestamp),
            "tools": {"components": [{"type": "application", "name": "portcullis", "version": input.tool_version}]},
            "component": image,
        },
        "components": components,
        "dependencies": [{"ref": image_ref, "dependsOn": depends}],
    });
    if let Some(v) = vulns {
        let mut list: Vec<&VulnRecord> = v.iter().collect();
        list.sort_by(|a, b| (&a.id, &a.purl).cmp(&(&b.id, &b.purl)));
        list.dedup_by(|a, b| a.id == b.id && a.purl == b.purl);
        doc["vulnerabilities"] =
            Value::Array(list.into_iter().map(|v| vulnerability(v, &refs)).collect());
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::cyclonedx;
    use crate::sbom::VulnRecord;
    use crate::sbom::testing::{distro, input, packages};
    use portcullis_core::Severity;

    #[test]
    fn document_shape() {
        let p = packages();
        let d = distro();
        let doc = cyclonedx(&input(&p, &d), None);
        assert_eq!(doc["specVersion"], "1.5");
        assert_eq!(doc["metadata"]["timestamp"], "2026-12-05T21:00:00Z");
        let comps = doc["components"].as_array().unwrap();
        assert_eq!(comps.len(), 4);
        assert_eq!(comps[0]["type"], "operating-system");
        // Duplicate purls get distinct bom-refs.
        let refs: Vec<&str> = comps
            .iter()
            .map(|c| c["bom-ref"].as_str().unwrap())
            .collect();
        assert_eq!(refs[3], "pkg:npm/%40babel/core@7.24.0#2");
        assert_eq!(
            doc["dependencies"][0]["dependsOn"]
                .as_array()
                .unwrap()
                .len(),
            4
        );
        assert!(doc.get("vulnerabilities").is_none());
        // Deterministic, and the serial number follows the content.
        assert_eq!(doc, cyclonedx(&input(&p, &d), None));
        let fewer = &p[..1];
        assert_ne!(
            doc["serialNumber"],
            cyclonedx(&input(fewer, &d), None)["serialNumber"]
        );
    }

    #[test]
    fn vulnerabilities_section() {
        let p = packages();
        let d = distro();
        let v = VulnRecord {
            id: "CVE-2024-0001".into(),
            purl: p[0].purl.clone(),
            severity: Some(Severity::High),
            score: Some(7.5),
            method: Some("CVSSv31".into()),
            fixed_version: Some("3.0.13-1~deb12u1".into()),
            aliases: vec!["GHSA-xxxx-yyyy-zzzz".into()],
            ..VulnRecord::default()
        };
        let doc = cyclonedx(&input(&p, &d), Some(&[v]));
        let vs = doc["vulnerabilities"].as_array().unwrap();
        assert_eq!(vs.len(), 1);
        assert_eq!(vs[0]["affects"][0]["ref"], p[0].purl.as_str());
        assert_eq!(vs[0]["ratings"][0]["severity"], "high");
        assert_eq!(vs[0]["references"][0]["id"], "GHSA-xxxx-yyyy-zzzz");
        assert_eq!(vs[0]["references"][0]["source"]["name"], "GitHub");
    }
}

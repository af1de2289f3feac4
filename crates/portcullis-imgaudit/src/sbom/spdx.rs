//! SPDX 2.3 JSON.

use super::{SbomInput, content_uuid, rfc3339, sorted};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `SPDXRef-` ids allow letters, digits, `.` and `-` only.
fn id_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Documents name the image; the namespace is unique per content.
fn namespace(input: &SbomInput<'_>) -> String {
    let name = id_part(input.image_name);
    format!(
        "https://portcullis.dev/spdx/image/{}-{}",
        if name.is_empty() { "image" } else { &name },
        content_uuid("spdx", input)
    )
}

fn base_package(id: String, name: &str, version: Option<&str>, purpose: &str) -> Value {
    let mut p = json!({
        "SPDXID": id,
        "name": name,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": purpose,
    });
    if let Some(v) = version {
        p["versionInfo"] = json!(v);
    }
    p
}

/// The SPDX 2.3 document: the image as the described package, the distribution and every
/// package as packages it CONTAINS, each package with its purl as an external reference.
/// SPDX ids are derived from kind, name and version (a counter separates duplicates), so
/// they are stable between runs.
pub fn spdx(input: &SbomInput<'_>) -> Value {
    let image_id = "SPDXRef-Image".to_string();
    let mut packages = vec![base_package(
        image_id.clone(),
        input.image_name,
        input.image_id,
        "CONTAINER",
    )];
    let mut rels = vec![json!({
        "spdxElementId": "SPDXRef-DOCUMENT",
        "relationshipType": "DESCRIBES",
        "relatedSpdxElement": image_id,
    })];
    if let Some(d) = input.distro {
        let id = format!(
            "SPDXRef-OperatingSystem-{}",
            id_part(&format!("{}-{}", d.id, d.version_id))
        );
        let mut p = base_package(id.clone(), &d.id, Some(&d.version_id), "OPERATING-SYSTEM");
        if let Some(pretty) = &d.pretty_name {
            p["description"] = json!(pretty);
        }
        packages.push(p);
        rels.push(json!({"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": id}));
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for pkg in sorted(input.packages) {
        let stem = format!(
            "SPDXRef-Package-{}-{}-{}",
            pkg.kind.as_str(),
            id_part(&pkg.name),
            id_part(&pkg.version)
        );
        let n = used.entry(stem.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { stem } else { format!("{stem}-{n}") };
        let mut p = base_package(id.clone(), &pkg.name, Some(&pkg.version), "LIBRARY");
        p["externalRefs"] = json!([{
            "referenceCategory": "PACKAGE-MANAGER",
            "referenceType": "purl",
            "referenceLocator": pkg.purl,
        }]);
        let mut info = format!("found in {}", pkg.found_in);
        if let Some(d) = &pkg.layer_digest {
            info.push_str(&format!(" (layer {d})"));
        } else if let Some(i) = pkg.layer_index {
            info.push_str(&format!(" (layer {i})"));
        }
        if let Some(s) = &pkg.source_name {
            let v = pkg.source_version.as_deref().unwrap_or(&pkg.version);
            info.push_str(&format!("; source package {s} {v}"));
        }
        p["sourceInfo"] = json!(info);
        if !pkg.licenses.is_empty() {
            // Readers give free-form license names (Debian's `GPL-2+`): kept as a comment, the
            // declared license stays NOASSERTION rather than an invalid expression.
            p["licenseComments"] = json!(format!(
                "licenses as recorded by the package: {}",
                pkg.licenses.join(", ")
            ));
        }
        packages.push(p);
        rels.push(json!({"spdxElementId": image_id, "relationshipType": "CONTAINS", "relatedSpdxElement": id}));
    }
    json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": input.image_name,
        "documentNamespace": namespace(input),
        "creationInfo": {
            "created": rfc3339(input.timestamp),
            "creators": [format!("Tool: portcullis-{}", input.tool_version)],
        },
        "documentDescribes": [image_id],
        "packages": packages,
        "relationships": rels,
    })
}

#[cfg(test)]
mod tests {
    use super::{id_part, spdx};
    use crate::sbom::testing::{distro, input, packages};

    #[test]
    fn ids() {
        assert_eq!(id_part("@babel/core"), "babel-core");
        assert_eq!(id_part("1:2.38.1-5+deb12u1"), "1-2.38.1-5-deb12u1");
    }

    #[test]
    fn document_shape() {
        let p = packages();
        let d = distro();
        let doc = spdx(&input(&p, &d));
        assert_eq!(doc["spdxVersion"], "SPDX-2.3");
        let pk = doc["packages"].as_array().unwrap();
        assert_eq!(pk.len(), 5);
        let ids: Vec<&str> = pk.iter().map(|x| x["SPDXID"].as_str().unwrap()).collect();
        assert_eq!(ids[3], "SPDXRef-Package-npm-babel-core-7.24.0");
        assert_eq!(ids[4], "SPDXRef-Package-npm-babel-core-7.24.0-2");
        let rels = doc["relationships"].as_array().unwrap();
        assert_eq!(rels[0]["relationshipType"], "DESCRIBES");
        assert_eq!(rels.len(), 5);
        assert_eq!(doc, spdx(&input(&p, &d)));
        assert!(
            doc["documentNamespace"]
                .as_str()
                .unwrap()
                .starts_with("https://portcullis.dev/spdx/image/example-app-1.0-")
        );
    }
}

//! Image metadata: legacy `manifest.json` and OCI `index.json`/manifests, the image config,
//! choosing an image by tag.

use crate::entry::LayerInfo;
use crate::error::ImageError;
use serde_json::Value;
use std::collections::HashMap;

/// The chosen image: its layers (archive paths, in order), config and names.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub name: Option<String>,
    pub id: Option<String>,
    pub config: Option<Value>,
    /// Archive-relative paths of the layer blobs, base first.
    pub layer_paths: Vec<String>,
}

impl Resolved {
    /// Layer descriptions in manifest order (ordinals filled in later).
    pub fn layer_infos(&self) -> Vec<LayerInfo> {
        let diff_ids: Vec<String> = self
            .config
            .as_ref()
            .and_then(|c| c.pointer("/rootfs/diff_ids"))
            .and_then(|d| d.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let history: Vec<Option<String>> = self
            .config
            .as_ref()
            .and_then(|c| c.get("history"))
            .and_then(|h| h.as_array())
            .map(|a| {
                a.iter()
                    .filter(|h| h.get("empty_layer").and_then(|e| e.as_bool()) != Some(true))
                    .map(|h| {
                        h.get("created_by")
                            .and_then(|c| c.as_str())
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.layer_paths
            .iter()
            .enumerate()
            .map(|(i, p)| LayerInfo {
                ordinal: usize::MAX,
                index: Some(i),
                digest: diff_ids.get(i).cloned(),
                source: p.clone(),
                created_by: history.get(i).cloned().flatten(),
            })
            .collect()
    }
}

fn norm_ref(r: &str) -> String {
    let r = r.strip_prefix("docker.io/").unwrap_or(r);
    let r = r.strip_prefix("library/").unwrap_or(r);
    let last = r.rsplit('/').next().unwrap_or(r);
    if last.contains(':') || r.contains('@') {
        r.to_string()
    } else {
        format!("{r}:latest")
    }
}

fn tag_matches(candidate: &str, wanted: &str) -> bool {
    let c = norm_ref(candidate);
    let w = norm_ref(wanted);
    c == w || (!wanted.contains(':') && !wanted.contains('/') && candidate == wanted)
}

fn json(docs: &HashMap<String, Vec<u8>>, path: &str) -> Result<Option<Value>, ImageError> {
    match docs.get(path) {
        None => Ok(None),
        Some(b) => serde_json::from_slice(b)
            .map(Some)
            .map_err(|e| ImageError(format!("{path}: not valid JSON ({e})"))),
    }
}

fn blob_path(digest: &str) -> String {
    let (alg, hex) = digest.split_once(':').unwrap_or(("sha256", digest));
    format!("blobs/{alg}/{hex}")
}

/// Chooses the image and its layers from the archive's metadata documents.
pub(crate) fn resolve(
    archive: &str,
    docs: &HashMap<String, Vec<u8>>,
    tag: Option<&str>,
) -> Result<Resolved, ImageError> {
    if let Some(index) = json(docs, "index.json")? {
        return resolve_oci(archive, docs, &index, tag);
    }
    let Some(manifest) = json(docs, "manifest.json")? else {
        return Err(ImageError(format!(
            "{archive}: not an image archive (no manifest.json or index.json)"
        )));
    };
    let items = manifest
        .as_array()
        .ok_or_else(|| ImageError(format!("{archive}: manifest.json is not a list")))?;
    let tags_of = |m: &Value| -> Vec<String> {
        m.get("RepoTags")
            .and_then(|t| t.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let chosen = match tag {
        Some(t) => items
            .iter()
            .find(|m| tags_of(m).iter().any(|c| tag_matches(c, t)))
            .ok_or_else(|| {
                ImageError(format!(
                    "{archive}: no image tagged `{t}` (tags: {})",
                    all_tags(items.iter().flat_map(tags_of))
                ))
            })?,
        None if items.len() == 1 => &items[0],
        None if items.is_empty() => {
            return Err(ImageError(format!(
                "{archive}: manifest.json lists no image"
            )));
        }
        None => {
            return Err(ImageError(format!(
                "{archive}: holds {} images; choose one with --tag (tags: {})",
                items.len(),
                all_tags(items.iter().flat_map(tags_of))
            )));
        }
    };
    let config_path = chosen.get("Config").and_then(|c| c.as_str()).unwrap_or("");
    let config = json(docs, config_path)?;
    let layer_paths = chosen
        .get("Layers")
        .and_then(|l| l.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(|s| s.trim_start_matches("./").to_string()))
                .collect()
        })
        .unwrap_or_default();
    let id = config_path
        .rsplit('/')
        .next()
        .map(|s| s.trim_end_matches(".json"))
        .map(|s| format!("sha256:{s}"));
    Ok(Resolved {
        name: tags_of(chosen).into_iter().next(),
        id,
        config,
        layer_paths,
    })
}

fn all_tags(it: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = it.collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn resolve_oci(
    archive: &str,
    docs: &HashMap<String, Vec<u8>>,
    index: &Value,
    tag: Option<&str>,
) -> Result<Resolved, ImageError> {
    let manifests = index
        .get("manifests")
        .and_then(|m| m.as_array())
        .cloned()
        .unwrap_or_default();
    let names_of = |m: &Value| -> Vec<String> {
        let a = m.get("annotations");
        [
            "io.containerd.image.name",
            "org.opencontainers.image.ref.name",
        ]
        .iter()
        .filter_map(|k| a.and_then(|a| a.get(*k)).and_then(|v| v.as_str()))
        .map(str::to_string)
        .collect()
    };
    let chosen = match tag {
        Some(t) => manifests
            .iter()
            .find(|m| {
                names_of(m)
                    .iter()
                    .any(|n| tag_matches(n, t) || t.rsplit_once(':').is_some_and(|(_, tg)| n == tg))
            })
            .ok_or_else(|| {
                ImageError(format!(
                    "{archive}: no image tagged `{t}` (names: {})",
                    all_tags(manifests.iter().flat_map(names_of))
                ))
            })?,
        None if manifests.len() == 1 => &manifests[0],
        None if manifests.is_empty() => {
            return Err(ImageError(format!("{archive}: index.json lists no image")));
        }
        None => {
            return Err(ImageError(format!(
                "{archive}: holds {} images; choose one with --tag (names: {})",
                manifests.len(),
                all_tags(manifests.iter().flat_map(names_of))
            )));
        }
    };
    let name = names_of(chosen).into_iter().next();
    let mut desc = chosen.clone();
    // Follow nested indexes (multi-platform): prefer linux/amd64, else the first.
    for _ in 0..4 {
        let digest = desc
            .get("digest")
            .and_then(|d| d.as_str())
            .ok_or_else(|| ImageError(format!("{archive}: manifest descriptor without digest")))?
            .to_string();
        let doc = json(docs, &blob_path(&digest))?.ok_or_else(|| {
            ImageError(format!(
                "{archive}: blob {digest} named by the index is missing"
            ))
        })?;
        if let Some(list) = doc.get("manifests").and_then(|m| m.as_array()) {
            let pick = list
                .iter()
                .find(|m| {
                    m.pointer("/platform/os").and_then(|v| v.as_str()) == Some("linux")
                        && m.pointer("/platform/architecture").and_then(|v| v.as_str())
                            == Some("amd64")
                })
                .or_else(|| list.first())
                .ok_or_else(|| ImageError(format!("{archive}: empty image index {digest}")))?;
            desc = pick.clone();
            continue;
        }
        let config_digest = doc
            .pointer("/config/digest")
            .and_then(|d| d.as_str())
            .unwrap_or("");
        let config = json(docs, &blob_path(config_digest))?;
        let layer_paths = doc
            .get("layers")
            .and_then(|l| l.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.get("digest").and_then(|d| d.as_str()).map(blob_path))
                    .collect()
            })
            .unwrap_or_default();
        return Ok(Resolved {
            name,
            id: Some(config_digest.to_string()),
            config,
            layer_paths,
        });
    }
    Err(ImageError(format!(
        "{archive}: image indexes nested too deep"
    )))
}

/// Names of archive members worth keeping in memory as metadata.
pub(crate) fn is_doc_name(path: &str) -> bool {
    path == "manifest.json"
        || path == "index.json"
        || path == "repositories"
        || path == "oci-layout"
        || (path.ends_with(".json") && !path.contains('/'))
        || path.ends_with("/json")
}

pub(crate) const MAX_DOC_BYTES: u64 = 8 << 20;

//! The image configuration as the checks see it: the config document (docker save / OCI image
//! config, or `docker image inspect`), the name the user gave, the distribution.

use portcullis_core::{Distro, Finding, Location};
use serde_json::Value;
use time::OffsetDateTime;

/// One step of the image history.
#[derive(Debug, Clone)]
pub struct HistoryStep<'a> {
    /// Position in `history` (for JSON pointers).
    pub index: usize,
    pub created_by: &'a str,
    /// Whether the step made no layer (`ENV`, `LABEL`, `USER`, ...).
    pub empty_layer: bool,
    /// The manifest index of the layer the step made, for steps that made one.
    pub layer: Option<usize>,
}

/// Everything a configuration check needs.
pub struct ConfigCtx<'a> {
    /// How findings name the image (its reference, archive path or directory).
    pub image: &'a str,
    /// Image id (`sha256:…`) where known.
    pub id: Option<&'a str>,
    /// The reference the user named (`name:tag`, `name`), when the image was named by one:
    /// `None` for archives and directories without a chosen tag.
    pub reference: Option<&'a str>,
    /// The image config document.
    pub config: &'a Value,
    pub distro: Option<&'a Distro>,
    /// Today, for the age and end-of-life checks.
    pub now: OffsetDateTime,
    /// IMG011 fires on images created more than this many days ago.
    pub max_age_days: u32,
    pub history: Vec<HistoryStep<'a>>,
}

impl<'a> ConfigCtx<'a> {
    pub fn new(image: &'a str, config: &'a Value, now: OffsetDateTime) -> ConfigCtx<'a> {
        let mut history = Vec::new();
        let mut layer = 0usize;
        if let Some(h) = config.get("history").and_then(Value::as_array) {
            for (index, step) in h.iter().enumerate() {
                let empty_layer = step
                    .get("empty_layer")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let created_by = step.get("created_by").and_then(Value::as_str).unwrap_or("");
                history.push(HistoryStep {
                    index,
                    created_by,
                    empty_layer,
                    layer: (!empty_layer).then_some(layer),
                });
                if !empty_layer {
                    layer += 1;
                }
            }
        }
        ConfigCtx {
            image,
            id: None,
            reference: None,
            config,
            distro: None,
            now,
            max_age_days: 90,
            history,
        }
    }

    /// The container configuration object and its JSON pointer: `/config` in an image config,
    /// `/Config` in `docker image inspect` output.
    pub fn container_config(&self) -> Option<(&'a Value, &'static str)> {
        if let Some(c) = self.config.get("config").filter(|c| c.is_object()) {
            return Some((c, "/config"));
        }
        self.config
            .get("Config")
            .filter(|c| c.is_object())
            .map(|c| (c, "/Config"))
    }

    /// A field of the container configuration and its pointer.
    pub fn field(&self, name: &str) -> (Option<&'a Value>, String) {
        match self.container_config() {
            Some((c, p)) => (c.get(name).filter(|v| !v.is_null()), format!("{p}/{name}")),
            None => (None, format!("/config/{name}")),
        }
    }

    /// `created` of the image (`created` or `Created`).
    pub fn created(&self) -> Option<&'a str> {
        self.config
            .get("created")
            .or_else(|| self.config.get("Created"))
            .and_then(Value::as_str)
    }

    /// Location of a config finding: `object: image` and a JSON pointer into the config.
    pub fn location(&self, pointer: &str) -> Location {
        Location {
            object: Some("image".to_string()),
            name: Some(self.image.to_string()),
            id: self.id.map(str::to_string),
            pointer: Some(pointer.to_string()),
            ..Location::default()
        }
    }
}

/// Runs every configuration check.
pub fn check_config(cx: &ConfigCtx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for check in crate::rules::CONFIG_CHECKS {
        check(cx, &mut out);
    }
    out
}

/// Escapes a JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

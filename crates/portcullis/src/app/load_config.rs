//! Finding and loading configuration: `--config FILE`, else `.portcullis.toml` looked up from
//! the target's directory upward, else `.hadolint.yaml`/`.hadolint.yml` the same way, else
//! hadolint's user-level config.

use super::Fatal;
use super::discover::io_reason;
use portcullis_core::config::{Config, ConfigError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Configs by directory, so a monorepo's subprojects each get their own.
pub struct ConfigCache {
    explicit: Option<Arc<Config>>,
    /// With `--no-config`: the default configuration, for every directory.
    disabled: Option<Arc<Config>>,
    /// By canonical directory (two spellings of one directory share a config).
    by_dir: HashMap<PathBuf, Arc<Config>>,
    /// By directory as given: a directory's files are looked up without resolving its path
    /// again for each of them.
    by_given: HashMap<PathBuf, Arc<Config>>,
    known: Vec<&'static portcullis_core::RuleMeta>,
}

impl ConfigCache {
    pub fn new(
        explicit: Option<&Path>,
        disabled: bool,
        known: Vec<&'static portcullis_core::RuleMeta>,
    ) -> Result<Self, Fatal> {
        let mut c = ConfigCache {
            explicit: None,
            disabled: disabled.then(|| Arc::new(default_config())),
            by_dir: HashMap::new(),
            by_given: HashMap::new(),
            known,
        };
        if let Some(p) = explicit {
            c.explicit = Some(Arc::new(c.load(p)?));
        }
        Ok(c)
    }

    /// The config that governs a file in `dir`.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, Fatal> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        if let Some(c) = &self.disabled {
            return Ok(c.clone());
        }
        if let Some(c) = self.by_given.get(dir) {
            return Ok(c.clone());
        }
        let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(c) = self.by_dir.get(&abs) {
            let c = c.clone();
            self.by_given.insert(dir.to_path_buf(), c.clone());
            return Ok(c);
        }
        let found = lookup(&abs);
        let cfg = match found {
            Some(p) => Arc::new(self.load(&p)?),
            None => Arc::new(default_config()),
        };
        self.by_dir.insert(abs, cfg.clone());
        self.by_given.insert(dir.to_path_buf(), cfg.clone());
        Ok(cfg)
    }

    fn load(&self, path: &Path) -> Result<Config, Fatal> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Fatal(format!("{shown}: {}", io_reason(&e))))?;
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        let cfg = if is_yaml {
            Config::from_hadolint_yaml(&shown, &text)
        } else {
            Config::from_toml(&shown, &text)
        }
        .map_err(|e| Fatal(e.to_string()))?;
        // Unknown codes are errors in our own format; a hadolint config may name ShellCheck
        // codes (SCxxxx) or rules we don't have, which it never reported anyway.
        if !is_yaml {
            for c in cfg.codes() {
                if !self
                    .known
                    .iter()
                    .any(|r| r.answers_to(&c.value) || r.name.eq_ignore_ascii_case(&c.value))
                {
                    return Err(Fatal(
                        ConfigError {
                            path: shown.clone(),
                            line: Some(c.line),
                            message: format!(
                                "unknown rule code `{}` (see `portcullis rules`)",
                                c.value
                            ),
                        }
                        .to_string(),
                    ));
                }
            }
        }
        Ok(cfg)
    }
}

fn default_config() -> Config {
    Config {
        fail_on: Some(portcullis_core::Severity::Low),
        ..Config::default()
    }
}

fn lookup(start: &Path) -> Option<PathBuf> {
    for name in [".portcullis.toml"] {
        for dir in start.ancestors() {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    for dir in start.ancestors() {
        for name in [".hadolint.yaml", ".hadolint.yml"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(x) = xdg {
        for name in ["hadolint.yaml", "hadolint.yml"] {
            let p = x.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

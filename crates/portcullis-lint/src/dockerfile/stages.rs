//! The multi-stage graph: stage names, bases (ARG-expanded), and which stages copy from which.

use super::expand::{Vars, expand};
use super::{Dockerfile, Kind, Spanned};

/// One build stage, from its FROM to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction in [`Dockerfile::instructions`].
    pub from: usize,
    /// The image as written.
    pub image: Spanned,
    /// The image after global ARG expansion; `None` when some variable has no value.
    pub resolved: Option<String>,
    /// `AS name`, lowercased.
    pub name: Option<String>,
    pub name_span: Option<(usize, usize)>,
    /// Index of an earlier stage this stage is built `FROM`.
    pub parent: Option<usize>,
    /// Earlier stages this stage copies or mounts from.
    pub copies_from: Vec<usize>,
}

impl Stage {
    /// The base as best known: resolved, else as written.
    pub fn base(&self) -> &str {
        self.resolved.as_deref().unwrap_or(&self.image.text)
    }
}

/// Global ARGs (before the first FROM) with their defaults.
pub fn global_args(df: &Dockerfile) -> Vars {
    let mut vars = Vars::new();
    for ins in df.instructions.iter().take_while(|i| i.kind != Kind::From) {
        if ins.kind == Kind::Arg {
            for kv in ins.key_values() {
                let v = kv.value.as_ref().map(|v| expand(v, &vars).0);
                vars.insert(kv.key.clone(), v);
            }
        }
    }
    vars
}

pub(super) fn build_stages(df: &Dockerfile) -> Vec<Stage> {
    let vars = global_args(df);
    let mut stages: Vec<Stage> = Vec::new();
    for (idx, ins) in df.instructions.iter().enumerate() {
        if ins.kind == Kind::From {
            let words = ins.words();
            let Some(image) = words.first().cloned() else {
                continue;
            };
            let (exp, ok) = expand(&image.text, &vars);
            let name = words.get(2).map(|w| w.text.to_ascii_lowercase());
            let name_span = words.get(2).map(|w| (w.start, w.end));
            let lower = exp.to_ascii_lowercase();
            let parent = stages
                .iter()
                .rposition(|s| s.name.as_deref() == Some(lower.as_str()));
            stages.push(Stage {
                index: stages.len(),
                from: idx,
                image,
                resolved: ok.then_some(exp),
                name,
                name_span,
                parent,
                copies_from: Vec::new(),
            });
        } else if let Some(cur) = stages.len().checked_sub(1) {
            let mut refs = Vec::new();
            if matches!(ins.kind, Kind::Copy | Kind::Add)
                && let Some(f) = ins.flag("from").and_then(|f| f.value.clone())
            {
                refs.push(f);
            }
            if ins.kind == Kind::Run {
                for m in ins.mounts() {
                    if let Some((_, v)) = m.iter().find(|(k, _)| k == "from") {
                        refs.push(v.clone());
                    }
                }
            }
            for r in refs {
                let r = r.to_ascii_lowercase();
                let hit = match r.parse::<usize>() {
                    Ok(n) if n < cur => Some(n),
                    Ok(_) => None,
                    Err(_) => stages[..cur]
                        .iter()
                        .rposition(|s| s.name.as_deref() == Some(r.as_str())),
                };
                if let Some(h) = hit
                    && !stages[cur].copies_from.contains(&h)
                {
                    stages[cur].copies_from.push(h);
                }
            }
        }
    }
    stages
}

impl Dockerfile {
    /// Stages the final stage depends on (transitively), the final stage included.
    pub fn final_dependencies(&self) -> Vec<usize> {
        let Some(last) = self.stages.len().checked_sub(1) else {
            return vec![];
        };
        let mut seen = vec![false; self.stages.len()];
        let mut stack = vec![last];
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut seen[s], true) {
                continue;
            }
            stack.extend(self.stages[s].parent);
            stack.extend(self.stages[s].copies_from.iter().copied());
        }
        seen.iter()
            .enumerate()
            .filter(|(_, v)| **v)
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the final stage is built FROM another stage of this file, transitively: the
    /// stage whose base image really ends up in the final image.
    pub fn final_base_stage(&self) -> Option<&super::Stage> {
        let mut s = self.stages.last()?;
        while let Some(p) = s.parent {
            s = &self.stages[p];
        }
        Some(s)
    }
}

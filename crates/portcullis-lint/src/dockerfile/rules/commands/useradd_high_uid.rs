use super::util::{
    FlagSpec, has_long, has_short, long_value, run_commands, short_value, vars_before,
};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::expand;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `useradd` with a UID of six digits or more (`-u 100000`, `--uid=123456`)
    /// without `-l` (`--no-log-init`). A UID given by a variable is resolved from the ARG and
    /// ENV defaults in scope; one that cannot be resolved is reported as possibly high.
    ///
    /// ## Why is this bad?
    /// `useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, files
    /// indexed by UID: for a UID of 1,000,000 lastlog becomes a 292 MB sparse file. Image layers
    /// do not keep files sparse, so the image grows by that much for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 1000000 app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN useradd -l -u 1000000 app
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-l` after `useradd`; the user is created the same, only the lastlog and
    /// faillog entries (never read in a container) are skipped.
    pub UseraddHighUid {
        code: "DF046",
        name: "useradd-high-uid",
        practice: MinimalImage,
        severity: Low,
        summary: "useradd with a high UID without -l",
        aliases: ["DL3046"],
        references: ["https://github.com/moby/moby/issues/5419"],
        remediation: "add -l (--no-log-init) to useradd",
    }
}

const USERADD_FLAGS: FlagSpec = FlagSpec {
    long: &[
        "base-dir",
        "comment",
        "home-dir",
        "expiredate",
        "inactive",
        "gid",
        "groups",
        "skel",
        "key",
        "password",
        "root",
        "prefix",
        "shell",
        "uid",
        "selinux-user",
        "btrfs-subvolume-home",
    ],
    short: "bcdefgGkKpPRsuZ",
};

impl DockerfileRule for UseraddHighUid {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("useradd") {
                    continue;
                }
                if has_short(&cmd.args, 'l', &USERADD_FLAGS) || has_long(&cmd.args, "no-log-init") {
                    continue;
                }
                let uid = short_value(&cmd.args, 'u', &USERADD_FLAGS)
                    .or_else(|| long_value(&cmd.args, "uid"));
                let Some((raw, word)) = uid else { continue };
                let (value, resolved) = if raw.contains('$') {
                    expand(&raw, &vars_before(cx.df, ins))
                } else {
                    (raw.clone(), true)
                };
                let msg = if !resolved {
                    format!(
                        "`useradd -u {raw}` without `-l`: if the UID is high, lastlog bloats the image"
                    )
                } else {
                    let digits = value.trim_start_matches('0');
                    if digits.len() <= 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
                        continue;
                    }
                    format!(
                        "`useradd` with UID {digits} without `-l`: lastlog and faillog bloat the image"
                    )
                };
                let (s, e) = match word {
                    Some(w) => (w.start, w.end),
                    None => cmd.name_span(),
                };
                let mut f = cx.at_script(&Self::META, msg, ins, script, s, e);
                if !ins.is_json() {
                    let at = script.to_source(ins, cmd.name_span().1);
                    f.fix = Some(Fix {
                        description: "insert -l (--no-log-init)".into(),
                        safety: FixSafety::Safe,
                        edits: vec![Edit {
                            start: at,
                            end: at,
                            replacement: " -l".into(),
                        }],
                    });
                }
                out.push(f);
            }
        }
    }
}

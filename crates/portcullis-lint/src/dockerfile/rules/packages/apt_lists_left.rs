use super::util::{APT, APT_USES_LISTS, Call, append_fix, cache_mounted, calls, removes};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Instruction, Kind};
use portcullis_core::{Finding, declare_rule};

const LISTS: &str = "/var/lib/apt/lists";

declare_rule! {
    /// ## What it does
    /// Reports a RUN that runs `apt-get update` (or `apt update`) without removing
    /// `/var/lib/apt/lists` afterwards in the same RUN (`rm -rf /var/lib/apt/lists/*`).
    ///
    /// Not reported when the RUN mounts a cache or tmpfs on `/var/lib/apt/lists` or on
    /// `/var/lib/apt` (`RUN --mount=type=cache,target=/var/lib/apt ...`): the lists then never
    /// reach the layer. Like hadolint, only stages that end up in an image are checked: the
    /// final stage and stages other stages are built `FROM`; a builder stage whose files are
    /// only copied out does not matter. ONBUILD RUN triggers are always checked.
    ///
    /// Unlike hadolint, an unrelated `rm -rf` (of `/tmp`, say) does not count as cleanup, a
    /// removal must come after the last `apt-get update`, and a cache mount on `/var/lib/apt`
    /// alone is enough.
    ///
    /// ## Why is this bad?
    /// The package lists take tens of megabytes and are useless in the image: every later
    /// install should run its own `apt-get update` anyway. Removed in a later RUN, they still
    /// sit in the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && rm -rf /var/lib/apt/lists/*` to a plain shell-form RUN (no heredoc,
    /// no trailing `;`, `&` or comment), only when the RUN installs after its last update and
    /// no later RUN reads the lists without updating them first. Nothing in the image needs
    /// the lists at run time.
    pub AptListsLeft {
        code: "DF009",
        name: "apt-lists-left",
        practice: MinimalImage,
        severity: Low,
        summary: "apt lists left in the image after apt-get update",
        aliases: ["DL3009"],
        references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
        remediation: "end the RUN with && rm -rf /var/lib/apt/lists/*",
    }
}

impl AptListsLeft {
    fn check_run(&self, cx: &Ctx, ins: &Instruction, out: &mut Vec<Finding>) {
        if cache_mounted(ins, &[LISTS]) {
            return;
        }
        let calls = calls(cx, ins);
        let last_cleanup = calls
            .iter()
            .filter(|c| removes(c, &[LISTS]))
            .map(|c| c.seq)
            .max();
        let update = calls
            .iter()
            .find(|c| last_cleanup.is_none_or(|l| c.seq > l) && is_update(c));
        let Some(call) = update else { return };
        let mut f = cx.at_script(
            &Self::META,
            format!("`{} update` without `rm -rf /var/lib/apt/lists/*` afterwards leaves the package lists in the layer", call.prog()),
            ins,
            call.script,
            call.cmd.start,
            call.cmd.end,
        );
        // Removing the lists is safe only when nothing needs them any more: this RUN uses them
        // after its last update, and no later RUN reads them without its own update.
        let used_here = calls.iter().any(|c| c.seq > call.seq && reads_lists(c));
        if used_here && !read_later(cx, ins) {
            f.fix = append_fix(
                cx,
                ins,
                "rm -rf /var/lib/apt/lists/*",
                "remove the apt lists at the end of the RUN",
            );
        }
        out.push(f);
    }
}

/// Whether a call is `apt-get update` / `apt update`.
fn is_update(c: &Call) -> bool {
    c.cmd.is_any(&["apt-get", "apt"]) && c.parse(&APT, &APT).op(0) == "update"
}

/// Whether a call reads the package lists (`apt-get install`, `apt-cache policy`, …).
fn reads_lists(c: &Call) -> bool {
    c.cmd.is("apt-cache")
        || (c.cmd.is_any(&["apt-get", "apt"])
            && APT_USES_LISTS.contains(&c.parse(&APT, &APT).op(0)))
}

/// Whether a RUN after `ins` reads the package lists before updating them itself.
fn read_later(cx: &Ctx, ins: &Instruction) -> bool {
    let mut later = cx
        .df
        .all_instructions()
        .filter(|i| i.kind == Kind::Run && i.start > ins.start);
    later.any(|run| {
        for c in calls(cx, run) {
            if is_update(&c) {
                return false;
            }
            if reads_lists(&c) {
                return true;
            }
        }
        false
    })
}

impl DockerfileRule for AptListsLeft {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let stages = &cx.df.stages;
        // Stages whose layers end up in an image: the final one, and bases of other stages.
        let in_image = |s: Option<usize>| match s {
            None => stages.is_empty(),
            Some(i) => i + 1 == stages.len() || stages.iter().any(|st| st.parent == Some(i)),
        };
        for ins in &cx.df.instructions {
            if ins.kind == Kind::Run && in_image(ins.stage) {
                self.check_run(cx, ins, out);
            }
            if let Some(trigger) = ins.onbuild.as_deref().filter(|t| t.kind == Kind::Run) {
                self.check_run(cx, trigger, out);
            }
        }
    }
}

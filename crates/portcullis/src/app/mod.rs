//! The command line: parsing, dispatch, exit codes. `main.rs` only calls [`run`].

mod audit_bench;
mod audit_cmd;
mod audit_image;
mod bench_cmd;
mod cli;
mod compose_lint;
mod db_cmd;
mod discover;
mod image_audit;
mod image_cmd;
mod lint_cmd;
mod load_config;
mod output;
mod rules_cmd;
mod sbom_cmd;
mod vuln_step;

pub use cli::Cli;

use std::process::ExitCode;

/// An error that ends the run with exit code 2: usage or input, one clear line.
#[derive(Debug)]
pub struct Fatal(pub String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage or input error.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match <Cli as clap::Parser>::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        cli::Command::Lint(args) => lint_cmd::run(args),
        cli::Command::Sbom(args) => sbom_cmd::run(args),
        cli::Command::Image(args) => image_cmd::run(args),
        cli::Command::Rules(args) => rules_cmd::list(args),
        cli::Command::Explain(args) => rules_cmd::explain(args),
        cli::Command::Audit(args) => audit_cmd::run(args),
        cli::Command::Bench(args) => bench_cmd::run(args),
        cli::Command::Harden(args) => compose_lint::harden(args),
        cli::Command::Db(cmd) => db_cmd::run(cmd),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(msg)) if msg.is_empty() => ExitCode::from(EXIT_CLEAN),
        Err(Fatal(msg)) => {
            eprintln!("portcullis: {msg}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Every rule portcullis knows, for `rules`, `explain`, SARIF and config validation.
pub fn all_rules() -> Vec<&'static portcullis_core::RuleMeta> {
    let mut v: Vec<_> = portcullis_lint::all_rules();
    v.extend(portcullis_lint::compose::rules::all_rules());
    v.extend(portcullis_core::tool_rules::TOOL_RULES.iter().copied());
    v.extend(portcullis_imgaudit::IMAGE_AUDIT_RULES.iter().copied());
    v.extend(portcullis_vuln::VULN_RULES.iter().copied());
    v.extend(portcullis_image::rules::IMAGE_RULES.iter().copied());
    v.extend(portcullis_host::all_rules());
    v.sort_by_key(|r| r.code);
    v
}

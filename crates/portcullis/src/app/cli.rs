//! Command-line definition.

use clap::{Args, Parser, Subcommand, ValueEnum};
use portcullis_core::Severity;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "portcullis",
    version,
    about = "Docker security: lint Dockerfiles against the best practices, and fix what it finds",
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint Dockerfiles (files or directories; '-' reads stdin)
    Lint(LintArgs),
    /// List every rule: code, name, practice, severity, aliases
    Rules(RulesArgs),
    /// Show a rule's documentation (portcullis or hadolint code)
    Explain(ExplainArgs),
    /// Audit a project and its host: lint, Compose, images, vulnerabilities, CIS benchmark —
    /// one report with a score per practice
    #[command(after_long_help = super::audit_cmd::SCORE_HELP)]
    Audit(AuditArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Dockerfile,
}

/// Options shared by every command that reports findings.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format: human, json, sarif, github, junit, checkstyle, gitlab, markdown
    #[arg(long, short = 'f', value_name = "FORMAT", default_value = "human")]
    pub format: String,
    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only report findings at or above this severity
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub severity: Option<Severity>,
    /// Exit 1 when a finding is at or above this severity (default: low, or the config's);
    /// `none` never fails
    #[arg(long, value_name = "SEVERITY|none")]
    pub fail_on: Option<String>,
    /// Configuration file (.portcullis.toml, or a hadolint .hadolint.yaml)
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files found next to the targets
    #[arg(long)]
    pub no_config: bool,
    /// No progress bar and no summary on standard error
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// No progress bar
    #[arg(long)]
    pub no_progress: bool,
    /// When to use colour in human output
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files or directories to lint ('-' = standard input). Default: the current directory
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Apply safe fixes to the files in place
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff instead of applying them
    #[arg(long)]
    pub diff: bool,
    /// With --fix or --diff, also apply fixes marked unsafe
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Treat every input as this kind of file (default: by file name; stdin is a Dockerfile)
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Path to show for standard input in reports
    #[arg(long, value_name = "PATH", default_value = "-")]
    pub stdin_filename: String,
    /// Include files ignored by .gitignore when walking directories
    #[arg(long)]
    pub no_ignore: bool,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// The project directory (or one file) to audit. Default: the current directory
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Also scan this image (name, id or archive); repeatable
    #[arg(long = "image", value_name = "IMAGE")]
    pub images: Vec<String>,
    /// List only findings that are not in this earlier `audit --format json` report
    #[arg(long, value_name = "REPORT")]
    pub baseline: Option<PathBuf>,
    /// Skip these parts of the audit (comma-separated or repeated)
    #[arg(long, value_enum, value_delimiter = ',', value_name = "PART")]
    pub skip: Vec<AuditPart>,
    /// Include files ignored by .gitignore when walking the directory
    #[arg(long)]
    pub no_ignore: bool,
}

/// The parts of an audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditPart {
    /// Dockerfiles and Compose files
    Lint,
    /// Images named by the project or given with --image
    Image,
    /// Known vulnerabilities of the images' packages
    Vulnerabilities,
    /// The CIS Docker Benchmark of the daemon, host and containers
    Bench,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format: human or json
    #[arg(long, short = 'f', default_value = "human")]
    pub format: String,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule code (DF012), name (latest-tag) or alias (DL3007); `score` explains the scorecard
    pub code: String,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

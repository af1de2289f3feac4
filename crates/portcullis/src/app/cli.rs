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
    /// Lint Dockerfiles and Compose files (files or directories; '-' reads stdin)
    Lint(LintArgs),
    /// Scan an image: archive (docker save / OCI), OCI layout or root filesystem directory, or an
    /// image of the local Docker daemon
    Image(ImageArgs),
    /// Write an image's SBOM: CycloneDX 1.5 (with its vulnerabilities) or SPDX 2.3 JSON
    Sbom(SbomArgs),
    /// List every rule: code, name, practice, severity, aliases
    Rules(RulesArgs),
    /// Show a rule's documentation (portcullis or hadolint code)
    Explain(ExplainArgs),
    /// Audit a project and its host: lint, Compose, images, vulnerabilities, CIS benchmark —
    /// one report with a score per practice
    #[command(after_long_help = super::audit_cmd::SCORE_HELP)]
    Audit(AuditArgs),
    /// CIS Docker Benchmark v1.6.0: audit the daemon, its host and its containers (read-only)
    Bench(BenchArgs),
    /// Generate hardening configuration (a Compose override file)
    Harden(HardenArgs),
    /// The vulnerability database: update, import, status
    #[command(subcommand)]
    Db(DbCommand),
}

#[derive(Args, Debug)]
pub struct HardenArgs {
    #[command(subcommand)]
    pub what: HardenWhat,
}

#[derive(Subcommand, Debug)]
pub enum HardenWhat {
    /// Write an override file that closes what can be closed safely in a Compose project
    Compose(HardenComposeArgs),
}

#[derive(Args, Debug)]
pub struct HardenComposeArgs {
    /// The Compose file
    pub file: PathBuf,
    /// Write the override here (default: standard output)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `portcullis db …`
#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Download OSV's per-ecosystem exports and rebuild the database (atomically)
    Update(DbUpdateArgs),
    /// Build the database from OSV zips or directories of OSV JSON (air-gapped hosts)
    Import(DbImportArgs),
    /// Schema version, age, sources and advisory counts per ecosystem
    Status(DbStatusArgs),
}

/// Where the database lives.
#[derive(Args, Debug, Clone)]
pub struct CacheArgs {
    /// Cache directory (default: $PORTCULLIS_CACHE_DIR, else $XDG_CACHE_HOME/portcullis, else
    /// ~/.cache/portcullis)
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// No progress output on standard error
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct DbUpdateArgs {
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Base URL of the OSV exports (a mirror): files are fetched from URL/<Ecosystem>/all.zip
    #[arg(
        long,
        value_name = "URL",
        env = "PORTCULLIS_DB_URL",
        default_value = "https://osv-vulnerabilities.storage.googleapis.com"
    )]
    pub base_url: String,
    /// Ecosystem to fetch (repeat, or comma-separated); default: Debian, Ubuntu, Alpine, Wolfi,
    /// Chainguard, AlmaLinux, Rocky Linux, PyPI, npm, crates.io, Go, Maven
    #[arg(
        long = "ecosystem",
        value_name = "NAME",
        value_delimiter = ',',
        env = "PORTCULLIS_DB_ECOSYSTEMS"
    )]
    pub ecosystems: Vec<String>,
    /// Give up on a download after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub timeout: u64,
}

#[derive(Args, Debug)]
pub struct DbImportArgs {
    #[command(flatten)]
    pub cache: CacheArgs,
    /// OSV zips (all.zip), directories of OSV JSON records, or single records
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DbStatusArgs {
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Output format: human or json
    #[arg(long, short = 'f', default_value = "human")]
    pub format: String,
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
    Compose,
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
    /// Compose: read variables from FILE instead of the project's `.env`
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Compose: treat the Compose files named on the command line as one project, merged in
    /// order (as `docker compose -f a.yaml -f b.yaml`)
    #[arg(long)]
    pub merge: bool,
    /// Print the network picture of the Compose project instead of findings
    #[arg(long, value_name = "mermaid|dot", value_parser = ["mermaid", "dot"])]
    pub graph: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SbomFormat {
    /// CycloneDX 1.5 JSON
    Cyclonedx,
    /// SPDX 2.3 JSON
    Spdx,
}

#[derive(Args, Debug)]
pub struct SbomArgs {
    /// An archive (`docker save`, OCI), an OCI layout or root filesystem directory, or an image
    /// of the local Docker daemon
    #[arg(value_name = "IMAGE|ARCHIVE|DIR")]
    pub image: String,
    /// SBOM format. The timestamp is SOURCE_DATE_EPOCH when set (reproducible output)
    #[arg(long, short = 'f', value_enum, default_value = "cyclonedx")]
    pub format: SbomFormat,
    /// Write the SBOM to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The image to read from an archive that holds several (`name:tag`)
    #[arg(long, value_name = "NAME:TAG")]
    pub tag: Option<String>,
    /// No progress bar, no warnings on standard error
    #[arg(long, short = 'q')]
    pub quiet: bool,
    // The vulnerability database for CycloneDX's `vulnerabilities` section (`--no-vulns`
    // leaves the section out).
    #[command(flatten)]
    pub vuln: VulnArgs,
}

#[derive(Args, Debug)]
pub struct ImageArgs {
    /// An archive (`docker save`, OCI; plain, gzip or zstd), an OCI layout or root filesystem
    /// directory, or an image name or id of the local Docker daemon (`docker:NAME` forces it)
    #[arg(value_name = "IMAGE|ARCHIVE|DIR")]
    pub image: String,
    #[command(flatten)]
    pub out: OutputArgs,
    /// The image to read from an archive that holds several (`name:tag`)
    #[arg(long, value_name = "NAME:TAG")]
    pub tag: Option<String>,
    /// Print the package inventory instead of the findings (a table; JSON with --format json).
    /// Same as --format packages
    #[arg(long)]
    pub list_packages: bool,
    /// Report images created more than this many days ago (IMG011)
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub max_age_days: u32,
    #[command(flatten)]
    pub vuln: VulnArgs,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(flatten)]
    pub out: OutputArgs,
    /// Docker host (unix:///path, tcp://host:port); default: DOCKER_HOST, the current docker
    /// context, then unix:///var/run/docker.sock. Also `--format docker-bench` for
    /// docker-bench-security's JSON shape
    #[arg(long = "host", short = 'H', value_name = "HOST")]
    pub host: Option<String>,
    /// Only these checks: CIS ids or sections, comma-separated (5.4,5.31 or 1.1)
    #[arg(long, value_name = "IDS")]
    pub checks: Vec<String>,
    /// Leave out containers whose name matches this regular expression
    #[arg(long, value_name = "PATTERN")]
    pub exclude_containers: Option<String>,
    /// Only check containers whose name matches this regular expression
    #[arg(long, value_name = "PATTERN")]
    pub include_containers: Option<String>,
    /// Only running containers (default: every container, created and exited ones too)
    #[arg(long)]
    pub running_only: bool,
}

/// Vulnerability scanning options of `portcullis image` and `portcullis audit`.
#[derive(Args, Debug, Clone)]
pub struct VulnArgs {
    /// Do not check packages for known vulnerabilities
    #[arg(long)]
    pub no_vulns: bool,
    /// Where the vulnerability database is (default: $PORTCULLIS_CACHE_DIR, else
    /// $XDG_CACHE_HOME/portcullis, else ~/.cache/portcullis)
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Report only vulnerabilities that have a fixed version
    #[arg(long)]
    pub ignore_unfixed: bool,
    /// OpenVEX document: `not_affected` and `fixed` statements suppress findings (repeatable)
    #[arg(long = "vex", value_name = "FILE")]
    pub vex: Vec<PathBuf>,
    /// Vulnerability ignore file (TOML: [[ignore]] id, package, reason, expires)
    #[arg(long, value_name = "FILE")]
    pub vuln_ignore: Option<PathBuf>,
    /// Warn (PC026) when the vulnerability database is older than this many days
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub db_max_age: u64,
    /// List suppressed vulnerabilities as `info` findings with the justification
    #[arg(long)]
    pub show_suppressed: bool,
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
    /// Report images created more than this many days ago (IMG011)
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub max_age_days: u32,
    #[command(flatten)]
    pub vuln: VulnArgs,
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

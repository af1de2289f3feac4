//! Secret detection for portcullis: file contents (image layers, build contexts) and short
//! strings (image `Env`, labels, history, Dockerfile instructions). Pure: callers hand in bytes,
//! it hands back masked matches. No I/O.
//!
//! How a scan runs ([`Scanner::scan_file`]):
//! 1. files under a size cap only (the first `max_bytes` are scanned, the rest is reported as
//!    truncated), binary files skipped (a NUL byte in the first 8 KiB);
//! 2. a keyword prefilter (one Aho-Corasick automaton, ASCII case-insensitive, over every rule's
//!    keywords) picks the candidate rules; most files stop here;
//! 3. one multi-pattern regex (`regex_automata::meta::Regex::new_many`, one pattern per rule)
//!    finds the matches of the candidate rules in one pass, with the secret's span;
//! 4. each match is validated (example values, placeholders, references such as `$VAR`, entropy
//!    for generic assignments) and masked.
//!
//! The secret itself is never stored in a [`SecretMatch`]: only its span and a masked form, so
//! nothing downstream can print it whole by mistake.
//!
//! The Dockerfile linter (`portcullis-lint`, rules DF101/DF1xx) has its own, older patterns; it
//! can switch to this crate by calling [`Scanner::scan_str`] on instruction text (spans are byte
//! offsets, as the linter's are) and [`is_secret_name`] / [`is_placeholder`] for ARG/ENV names.

mod engine;
mod names;
mod rules;
mod value;

pub use engine::{FileScan, Options, ScanSkip, Scanner, SecretMatch};
pub use names::is_secret_name;
pub use rules::{BUILTIN_RULES, Category, SecretRule};
pub use value::{entropy, is_placeholder, is_reference, mask};

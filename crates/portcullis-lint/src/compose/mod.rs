//! Compose files: the model Docker Compose computes (YAML with positions, interpolation,
//! multi-file merge, `extends`, `include`, short and long syntax), and the checks over it.

pub mod canonical;
pub mod dotenv;
pub mod graph;
pub mod harden;
pub mod interp;
pub mod lint;
pub mod load;
pub mod merge;
pub mod normalize;
pub mod path;
pub mod rules;
pub mod yaml;

pub use load::{Files, LoadError, LoadOptions, Project, load};

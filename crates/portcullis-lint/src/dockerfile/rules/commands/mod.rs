//! Dockerfile rules: commands family. One file per rule; listed explicitly below.


use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
];

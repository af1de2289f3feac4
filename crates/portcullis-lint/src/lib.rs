//! Dockerfile and Compose parsing and rules.

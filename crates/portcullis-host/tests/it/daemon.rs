//! Must show 2 (see below).

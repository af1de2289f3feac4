//! Integration tests of the image reader against real images, real package databases and a
//! real Docker daemon.

mod analyzers;
mod hostile;
mod inventory;
mod lang;
mod support;

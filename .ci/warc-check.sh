#!/usr/bin/env bash
# Checks a sweep's WARC files with an independent implementation (warcio):
# `warcio check` verifies every record's block and payload digests, `warcio index`
# parses every record. Fails on any error or when there is no WARC file to check.
#
# Usage: .ci/warc-check.sh SWEEP_DIR
# Needs python3 with pip; installs warcio from PyPI when it is missing.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 SWEEP_DIR" >&2
  exit 2
fi
evidence="$1/evidence"
if [ ! -d "$evidence" ]; then
  echo "warc-check: no evidence/ folder in $1" >&2
  exit 1
fi

if ! python3 -c 'import warcio' >/dev/null 2>&1; then
  echo "== installing warcio"
  python3 -m pip install --quiet warcio
fi

mapfile -d '' files < <(find "$evidence" -type f -name '*.warc.gz' -print0 | sort -z)
if [ "${#files[@]}" -eq 0 ]; then
  echo "warc-check: no *.warc.gz under $evidence" >&2
  exit 1
fi

# warcio's command line, run by the python3 that has the module (its console script may
# not be on PATH); the exit status is the command's.
warcio() {
  python3 -c 'import sys; from warcio.cli import main; sys.exit(main(sys.argv[1:]))' "$@"
}

failed=0
for f in "${files[@]}"; do
  echo "== warcio check $f"
  if ! warcio check -v "$f"; then
    echo "warc-check: FAILED check: $f" >&2
    failed=1
  fi
  echo "== warcio index $f"
  if ! out="$(warcio index -f warc-type,warc-target-uri,length,offset "$f" 2>&1)"; then
    printf '%s\n' "$out" >&2
    echo "warc-check: FAILED index: $f" >&2
    failed=1
  else
    printf '%s\n' "$out" | head -n 5
    echo "   ($(printf '%s\n' "$out" | wc -l) records)"
  fi
done

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "warc-check: ${#files[@]} file(s) OK"

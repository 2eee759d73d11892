#!/usr/bin/env bash
# End-to-end benchmark (README "Benchmarks"): generates a synthetic directory, serves it
# with nginx on loopback, sweeps it with the release build and reports CPU time, pages
# per CPU-second and peak RSS of the crawler process; `--peer scrapy` adds an equivalent
# Scrapy spider (installed in a virtual environment under target/) and the ratios.
#
# Usage: scripts/bench-e2e.sh [--listings N] [--peer scrapy] [--sizes N,N,…] [--smoke] …
#        (all options: scripts/bench-e2e.sh --help)
# Installs Debian's nginx and GNU time (apt-get, as root) when missing. Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]} (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
case " $* " in
  *" -h "* | *" --help "*) ;;
  *)
    echo "== cargo build --release"
    cargo build --release --quiet
    ;;
esac
exec python3 scripts/bench_e2e.py "$@"

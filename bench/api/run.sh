#!/usr/bin/env bash
# First page of a 100,000-message INBOX through the webmail API vs the same FETCH sent straight
# to Dovecot (ratio, target <= 1.3x), plus requests/s for 50 concurrent users. Printed only.
#   bench/api/run.sh [api_bench.py options]      e.g. --reps 500 --duration 30
# Needs root and the running stack (scripts/mailstack start). Builds nothing: the binary is
# ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else .build/debug/zioinfo-mail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

. "$here/../common.sh"

echo "api bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary  $binary ($kind; built $(date -u -r "$binary" '+%Y-%m-%d %H:%M UTC'))"
echo "cpu     $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "load    $(uptime)"
python3 "$here/api_bench.py" "$binary" "$@"
echo "load    $(uptime)"

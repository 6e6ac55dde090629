#!/usr/bin/env bash
# Address suggestions with 10,000 contacts + 5,000 collected + 1,000 directory entries (issue 27,
# target p95 <= 30 ms). Printed only.   bench/contacts/run.sh [reps per query] [--engine sqlite|postgres]
# Needs the running stack (scripts/mailstack start). Builds nothing: the binary is
# ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else .build/debug/zioinfo-mail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

. "$here/../common.sh"

echo "contacts suggest bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary  $binary ($kind)"
echo "load    $(uptime)"
python3 "$here/suggest_bench.py" "$binary" "$@"
echo "load    $(uptime)"

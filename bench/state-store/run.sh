#!/usr/bin/env bash
# The list page through one instance with SQLite and with PostgreSQL, side by side with the ratio
# (target: PostgreSQL within 10 % of SQLite). Printed only.
#   bench/state-store/run.sh [state_bench.py options]      e.g. --reps 1000 --messages 20000
# Needs root, the running mail stack (scripts/mailstack start) and PostgreSQL (scripts/pgstack
# start). Builds nothing: the binary is ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else
# .build/debug/zioinfo-mail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

. "$here/../common.sh"
scripts/pgstack status || { echo "bench: PostgreSQL is not running (scripts/pgstack start)" >&2; exit 1; }

echo "state-store bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary  $binary ($kind; built $(date -u -r "$binary" '+%Y-%m-%d %H:%M UTC'))"
echo "load    $(uptime)"
python3 "$here/state_bench.py" "$binary" "$@"
echo "load    $(uptime)"

#!/usr/bin/env bash
# Conversations on a 100,000-message INBOX with threads: the API's first page warm and cold, and
# after one new message, next to Dovecot's own THREAD (+ FETCH). Printed only.
#   bench/threads/run.sh [--reps N] [--messages N]
# Needs root and the running stack. Builds nothing: ZM_BENCH_BINARY, else the release build.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

. "$here/../common.sh"

echo "threads bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary  $binary ($kind)"
echo "load    $(uptime)"
python3 "$here/threads_bench.py" "$binary" "$@"
echo "load    $(uptime)"

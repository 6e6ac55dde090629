#!/usr/bin/env bash
# Issue 29: the latency of an immediate send (delay 0) through this build next to a baseline
# build (main's), requests alternating (target: within 5 %), and the CPU the outbox scanner takes
# with an empty outbox (target: nothing measurable). Printed only.
#   ZM_BENCH_BASELINE=/work/main/.build/release/zioinfo-mail bench/outbox/run.sh [--reps N]
# Needs the running mail stack (scripts/mailstack start). Builds nothing: the binary is
# ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else .build/debug/zioinfo-mail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

. "$here/../common.sh"
baseline=${ZM_BENCH_BASELINE:-$binary}
echo "outbox bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary    $binary ($kind)"
echo "baseline  $baseline"
echo "load      $(uptime)"
python3 "$here/send_bench.py" "$binary" "$baseline" "$@"
echo "load      $(uptime)"

#!/usr/bin/env bash
# Opening hostile mail (issue 23, item 2): the poison mail (1,500 cid: parts + 800 KB HTML) and
# the largest message MIME accepts (10,000 parts) through GET /api/mail/messages/{uid}, while
# another process probes /health; printed against the targets (< 0.3 s, /health < 50 ms, < 2 s).
#   bench/poison-mail/run.sh [poison_bench.py options]      e.g. --reps 20
# Needs root and the running stack (scripts/mailstack start). Builds nothing: the binary is
# ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else .build/debug/zioinfo-mail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common.sh"
echo "poison-mail bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary  $binary ($kind; built $(date -u -r "$binary" '+%Y-%m-%d %H:%M UTC'))"
echo "load    $(uptime)"
python3 "$here/poison_bench.py" "$binary" "$@"
echo "load    $(uptime)"

#!/usr/bin/env bash
# First page of a 100,000-message INBOX through the webmail API vs the same FETCH sent straight
# to Dovecot (ratio, target <= 1.3x), plus requests/s for 50 concurrent users. Printed only.
#   bench/api/run.sh [api_bench.py options]      e.g. --reps 500 --duration 30
# Needs root and the running stack (scripts/mailstack start). Builds nothing: the binary is
# ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else .build/debug/zioinfo-mail.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
eval "$(scripts/mailstack env)"

binary=${ZM_BENCH_BINARY:-}
if [ -z "$binary" ]; then
    if [ -x .build/release/zioinfo-mail ]; then binary=.build/release/zioinfo-mail
    elif [ -x .build/debug/zioinfo-mail ]; then binary=.build/debug/zioinfo-mail
    else echo "api-bench: no binary; build one (swift build -c release) or set ZM_BENCH_BINARY" >&2; exit 1
    fi
fi
[ -x "$binary" ] || { echo "api-bench: $binary is not an executable" >&2; exit 1; }
binary=$(realpath "$binary")

case "$binary" in
    */release/*) kind="release" ;;
    */debug/*)   kind="DEBUG -- numbers are not meaningful for the 1.3x target" ;;
    *)           kind="unknown build configuration" ;;
esac
echo "api bench $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname), $(nproc) cores"
echo "binary  $binary ($kind; built $(date -u -r "$binary" '+%Y-%m-%d %H:%M UTC'))"
echo "cpu     $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "load    $(uptime)"
python3 "$here/api_bench.py" "$binary" "$@"
echo "load    $(uptime)"

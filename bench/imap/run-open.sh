#!/usr/bin/env bash
# Builds (release) and runs MessageOpenBench against the dev mail stack: IMAP round trips and
# time of one message open, the way before issue 24 (two FETCHes) and now (one).
#   eval "$(scripts/mailstack env)"; bench/imap/run-open.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product MessageOpenBench
"$(swift build -c release --show-bin-path)/MessageOpenBench" "$@"

#!/usr/bin/env bash
# Builds (release) and runs the IMAP benchmark against the dev mail stack.
#   eval "$(scripts/mailstack env)"; bench/imap/run.sh
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product IMAPBench
"$(swift build -c release --show-bin-path)/IMAPBench"

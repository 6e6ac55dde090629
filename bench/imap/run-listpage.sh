#!/usr/bin/env bash
# Builds (release) and runs the list page microbenchmark (no mail server needed).
#   bench/imap/run-listpage.sh
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product ListPageBench
"$(swift build -c release --show-bin-path)/ListPageBench"

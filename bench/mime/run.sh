#!/bin/sh
# MIME parse throughput next to CPython's email on the same mixed corpus (printed, not asserted).
#   bench/mime/run.sh [seconds-per-measurement]     default 3
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-3}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
python3 "$here/make_corpus.py" "$corpus" >/dev/null
cd "$here"
swift build -c release --product MIMEBench >/dev/null 2>&1 || swift build -c release --product MIMEBench
"$(swift build -c release --product MIMEBench --show-bin-path)/MIMEBench" "$corpus" "$seconds"
python3 "$here/python_bench.py" "$corpus" "$seconds"

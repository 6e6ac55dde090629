#!/bin/sh
# The outgoing-HTML path on a newsletter of about 1 MB (issue 28): sanitize, then make the
# text/plain alternative; times printed, not asserted.
#   bench/mime/run-html.sh [megabytes] [rounds]
set -eu
cd "$(cd "$(dirname "$0")" && pwd)"
swift build -c release --product HTMLTextBench >/dev/null 2>&1 || swift build -c release --product HTMLTextBench
"$(swift build -c release --product HTMLTextBench --show-bin-path)/HTMLTextBench" "${1:-1}" "${2:-5}"

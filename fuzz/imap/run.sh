#!/usr/bin/env bash
# Builds the IMAP response-decoder fuzzer (libFuzzer + ASan) and runs it.
#   fuzz/imap/run.sh [SECONDS]   (default 300)
# Seeds come from the captured Dovecot transcripts; the growing corpus stays in fuzz/imap/.corpus
# (not committed), crashes land in fuzz/imap/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
swift build -c release --product IMAPResponseFuzzer -Xswiftc -sanitize=fuzzer,address
binary="$(swift build -c release --product IMAPResponseFuzzer -Xswiftc -sanitize=fuzzer,address --show-bin-path)/IMAPResponseFuzzer"
mkdir -p .corpus artifacts
python3 make-seeds.py .corpus/seeds
# Swift's own crash handler would produce a bogus ASan report; libFuzzer reports instead.
SWIFT_BACKTRACE=enable=no "$binary" .corpus .corpus/seeds -dict=imap.dict -max_total_time="$seconds" \
    -max_len=4096 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=artifacts/

#!/bin/sh
# Builds the MIME fuzzer (libFuzzer + AddressSanitizer) and runs it.
#   fuzz/mime/run.sh [seconds]      default 300
# Seeds: every fixture under Tests/Fixtures/mime. New corpus entries and crash reproducers are
# kept in fuzz/mime/.work/ (not committed).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
seconds=${1:-300}
cd "$here"
swift build -c release --product MIMEFuzz -Xswiftc -sanitize=fuzzer,address >/dev/null 2>&1 || \
  swift build -c release --product MIMEFuzz -Xswiftc -sanitize=fuzzer,address
binary=$(swift build -c release --product MIMEFuzz -Xswiftc -sanitize=fuzzer,address --show-bin-path)/MIMEFuzz
mkdir -p .work/corpus .work/seeds .work/artifacts
find "$repo/Tests/Fixtures/mime" -type f \( -name '*.eml' -o -name 'msg_*.txt' \) -exec cp {} .work/seeds/ \;
# Swift's own crash handler confuses ASan reports.
# Small malloc stack traces: ASan bookkeeping otherwise dominates the run time.
ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0} SWIFT_BACKTRACE=enable=no exec "$binary" .work/corpus .work/seeds \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=.work/artifacts/ -print_final_stats=1

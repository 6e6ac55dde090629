#!/usr/bin/env bash
# Builds the ManageSieve response-decoder fuzzer (libFuzzer + ASan) and runs it.
#   fuzz/managesieve/run.sh [SECONDS]   (default 300)
# Seeds: the captured Dovecot transcript, whole and response by response; the growing corpus stays
# in fuzz/managesieve/.corpus (not committed), crashes land in fuzz/managesieve/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
swift build -c release --product ManageSieveResponseFuzzer -Xswiftc -sanitize=fuzzer,address
binary="$(swift build -c release --product ManageSieveResponseFuzzer -Xswiftc -sanitize=fuzzer,address --show-bin-path)/ManageSieveResponseFuzzer"
mkdir -p .corpus/seeds artifacts
python3 - .corpus/seeds <<'PY'
import os, re, sys
here = os.getcwd()
data = open(os.path.join(here, "..", "..", "Tests", "Fixtures", "managesieve", "dovecot-session.server"), "rb").read()
out = sys.argv[1]
open(os.path.join(out, "session"), "wb").write(data)
# One seed per response: up to and including each status line (OK/NO/BYE at a line start).
start, count = 0, 0
for match in re.finditer(rb"(?m)^(OK|NO|BYE)\b[^\r\n]*\r\n", data):
    open(os.path.join(out, f"response-{count:02d}"), "wb").write(data[start:match.end()])
    start, count = match.end(), count + 1
PY
# Swift's own crash handler would produce a bogus ASan report; libFuzzer reports instead.
SWIFT_BACKTRACE=enable=no "$binary" .corpus .corpus/seeds -dict=managesieve.dict -max_total_time="$seconds" \
    -max_len=4096 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=artifacts/

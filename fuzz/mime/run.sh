#!/bin/sh
# Builds a MIME fuzzer (libFuzzer + AddressSanitizer) and runs it.
#   fuzz/mime/run.sh [target] [seconds]      target MIMEFuzz (default) or CIDLinkFuzz; seconds default 300
# Seeds: MIMEFuzz every fixture under Tests/Fixtures/mime; CIDLinkFuzz a few HTML bodies with
# their Content-IDs (written below). New corpus entries and crash reproducers are kept in
# fuzz/mime/.work/ (not committed), one corpus folder per target.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target=MIMEFuzz
case "${1:-}" in
    MIMEFuzz|CIDLinkFuzz) target=$1; shift ;;
    ''|*[!0-9]*) [ -z "${1:-}" ] || { echo "usage: $0 [MIMEFuzz|CIDLinkFuzz] [seconds]" >&2; exit 2; } ;;
esac
seconds=${1:-300}
cd "$here"
swift build -c release --product "$target" -Xswiftc -sanitize=fuzzer,address >/dev/null 2>&1 || \
  swift build -c release --product "$target" -Xswiftc -sanitize=fuzzer,address
binary=$(swift build -c release --product "$target" -Xswiftc -sanitize=fuzzer,address --show-bin-path)/$target
if [ "$target" = MIMEFuzz ]; then
    corpus=.work/corpus seeds=.work/seeds
    mkdir -p $corpus $seeds .work/artifacts
    find "$repo/Tests/Fixtures/mime" -type f \( -name '*.eml' -o -name 'msg_*.txt' \) -exec cp {} $seeds/ \;
else
    corpus=.work/corpus-cid seeds=.work/seeds-cid
    mkdir -p $corpus $seeds .work/artifacts
    # Content-IDs, one a line, a NUL, then the HTML (see Sources/CIDLinkFuzz/FuzzTarget.swift).
    printf '<logo@x>\n<logo@x.kr>\n<이미지1@지오>\0<img src="cid:logo@x"><img src="CID:logo@x.kr">' > $seeds/plain
    printf '<a b@x>\n<%%41@x>\0<td style="background:url(&quot;cid:a%%20b@x&quot;)">cid:<a b@x> cid:%%2541@x' > $seeds/encoded
    printf 'p1@x\0<img srcset="cid:p1@x 1x, cid:p1@x 2x">acid:p1@x cid:' > $seeds/edges
fi
# Swift's own crash handler confuses ASan reports.
# Small malloc stack traces: ASan bookkeeping otherwise dominates the run time.
ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0} SWIFT_BACKTRACE=enable=no exec "$binary" $corpus $seeds \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=.work/artifacts/ -print_final_stats=1

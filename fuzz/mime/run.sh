#!/bin/sh
# Builds a MIME-module fuzzer (libFuzzer + AddressSanitizer) and runs it.
#   fuzz/mime/run.sh [seconds]              the MIME parser (MIMEFuzz), default 300 s
#   fuzz/mime/run.sh TARGET [seconds]       TARGET: mime (MIMEFuzz), formdata (FormDataFuzz, the
#                                           multipart/form-data request parser) or contacts
#                                           (ContactFileFuzz, the address-book import readers)
#   fuzz/mime/run.sh all [seconds]          each target in turn for that long
# Seeds: every fixture under Tests/Fixtures/mime (mime), the forms in formdata-seeds/ (formdata),
# the import files under Tests/Fixtures/contacts (contacts).
# New corpus entries and crash reproducers are kept in fuzz/mime/.work/ (not committed), one folder per target.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target=mime
case "${1:-}" in
  mime|formdata|contacts|all) target=$1; shift ;;
  ''|*[!0-9]*) [ -z "${1:-}" ] || { echo "usage: $0 [mime|formdata|contacts|all] [seconds]" >&2; exit 2; } ;;
esac
seconds=${1:-300}
if [ "$target" = all ]; then
  for each in mime formdata contacts; do "$here/run.sh" "$each" "$seconds" || exit 1; done
  exit 0
fi
cd "$here"
case "$target" in
  mime) product=MIMEFuzz; work=.work; max_len=65536; dict= ;;
  formdata) product=FormDataFuzz; work=.work/formdata; max_len=16384; dict=-dict=formdata.dict ;;
  contacts) product=ContactFileFuzz; work=.work/contacts; max_len=16384; dict= ;;
esac
swift build -c release --product "$product" -Xswiftc -sanitize=fuzzer,address >/dev/null 2>&1 || \
  swift build -c release --product "$product" -Xswiftc -sanitize=fuzzer,address
binary=$(swift build -c release --product "$product" -Xswiftc -sanitize=fuzzer,address --show-bin-path)/$product
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
case "$target" in
  mime) find "$repo/Tests/Fixtures/mime" -type f \( -name '*.eml' -o -name 'msg_*.txt' \) -exec cp {} "$work/seeds/" \; ;;
  formdata) cp formdata-seeds/* "$work/seeds/" ;;
  contacts) find "$repo/Tests/Fixtures/contacts" -type f \( -name '*.csv' -o -name '*.vcf' \) -exec cp {} "$work/seeds/" \; ;;
esac
# Swift's own crash handler confuses ASan reports.
# Small malloc stack traces: ASan bookkeeping otherwise dominates the run time.
ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0} SWIFT_BACKTRACE=enable=no exec "$binary" "$work/corpus" "$work/seeds" \
  $dict -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1

#!/usr/bin/env bash
# Builds (release) and runs the list page microbenchmark (no mail server needed).
#   bench/imap/run-listpage.sh                 microseconds per message (best and median of 15 rounds)
#   bench/imap/run-listpage.sh --instructions  instructions per message, counted by callgrind
#                                              (needs valgrind; the same count on a busy host)
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product ListPageBench
binary="$(swift build -c release --show-bin-path)/ListPageBench"
if [ "${1:-}" != "--instructions" ]; then
    exec "$binary"
fi
command -v valgrind >/dev/null || { echo "run-listpage: --instructions needs valgrind (apt install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF that Swift 6 writes; the symbol table is enough here.
strip --strip-debug -o "$work/ListPageBench" "$binary"
count() {  # count WORK ROUNDS -> instructions of the whole run
    LISTPAGE_WORK=$1 LISTPAGE_ROUNDS=$2 valgrind --tool=callgrind --callgrind-out-file="$work/out" \
        "$work/ListPageBench" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
messages=$(LISTPAGE_ROUNDS=1 "$binary" | sed -n 's/.* pages of \([0-9]*\) messages.*/\1/p')
rounds=40
for work_kind in decode item; do
    # Two runs, 1 and 1 + $rounds pages: the difference leaves out start-up and the fixture's load.
    one=$(count "$work_kind" 1)
    many=$(count "$work_kind" $((rounds + 1)))
    label=$([ "$work_kind" = decode ] && echo "decode" || echo "decode + list item")
    printf '%-20s %8d instructions/message\n' "$label" $(( (many - one) / rounds / messages ))
done

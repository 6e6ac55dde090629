# Sourced by the bench run.sh scripts (after `set -euo pipefail` and `here=`): goes to the
# repository, takes the mail stack's environment, and picks the backend binary to measure.
# Builds nothing: ZM_BENCH_BINARY, else .build/release/zioinfo-mail, else .build/debug/zioinfo-mail.
# Sets `repo`, `binary` (absolute) and `kind` (what build it is).
repo=$(cd "$here/../.." && pwd)
cd "$repo"
eval "$(scripts/mailstack env)"
binary=${ZM_BENCH_BINARY:-}
if [ -z "$binary" ]; then
    if [ -x .build/release/zioinfo-mail ]; then binary=.build/release/zioinfo-mail
    elif [ -x .build/debug/zioinfo-mail ]; then binary=.build/debug/zioinfo-mail
    else echo "bench: no binary; build one (swift build -c release) or set ZM_BENCH_BINARY" >&2; exit 1
    fi
fi
[ -x "$binary" ] || { echo "bench: $binary is not an executable" >&2; exit 1; }
binary=$(realpath "$binary")
case "$binary" in
    */release/*) kind="release" ;;
    */debug/*)   kind="DEBUG -- numbers are not meaningful for the targets" ;;
    *)           kind="unknown build configuration" ;;
esac

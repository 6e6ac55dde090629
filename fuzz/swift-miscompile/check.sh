#!/usr/bin/env bash
# Builds repro.swift optimized with AddressSanitizer and runs it: prints whether this toolchain
# still writes into the freed copy (see README.md). Not part of `make test`: it checks the
# compiler, not this project.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swiftc -O -sanitize=address repro.swift -o "$out/repro" 2>/dev/null
if "$out/repro" > "$out/log" 2>&1; then
    echo "swift-miscompile: not reproduced with $(swiftc --version 2>&1 | head -1)"
else
    grep -m1 "ERROR: AddressSanitizer" "$out/log" || true
    echo "swift-miscompile: reproduced with $(swiftc --version 2>&1 | head -1)"
fi

#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted text (JSON, config, transform, templates,
# phone and email normalisers) with libFuzzer and AddressSanitizer, from the toolchain.
# Usage: scripts/fuzz.sh [seconds]   (default 300). Inputs that break a property or crash are
# kept in fuzz/crashes/; replay one with a plain build: `swift run tiktok-offline-fuzz FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
swift build -c release --product tiktok-offline-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -D -Xswiftc FUZZING >/dev/null
bin=$(swift build -c release --scratch-path .build-fuzz --show-bin-path)
corpus=fuzz/corpus
mkdir -p "$corpus" fuzz/crashes
cp -n Tests/TikTokOfflineCoreTests/Fixtures/samples/*.json docs/examples/*.json "$corpus"/
# No leak checking (libFuzzer's per input, LeakSanitizer's at exit): Swift keeps pointers inside
# enum payloads with tag bits set, which LeakSanitizer cannot follow, so the process-wide phone
# metadata (pattern trees built once) reads as leaked. AddressSanitizer's memory errors are still
# caught.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$bin/tiktok-offline-fuzz" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=5 \
  -rss_limit_mb=4096 -detect_leaks=0 -artifact_prefix=fuzz/crashes/ -print_final_stats=1

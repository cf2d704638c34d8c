#!/usr/bin/env bash
# Release-build throughput of `tiktok-offline send` against the TikTok stand-in on loopback:
# 100 000 purchase-3-items events, Events 2.0 (batches of 1 000) and legacy (one per request).
set -euo pipefail
cd "$(dirname "$0")/.."
TIKTOK_OFFLINE_BENCH=1 swift test -c release --filter SendBenchmark 2>&1 | grep -E "^send |passed|failed"

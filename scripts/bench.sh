#!/usr/bin/env bash
# Release-build benchmarks of tiktok-offline: in-process preview timings, then the end-to-end
# `transform` throughput (NDJSON file → NDJSON file) on one core (--jobs 1) and on every core,
# and peak memory for growing inputs. The config is docs/examples/legacy.json, the format every
# earlier figure in docs/BENCHMARKS.md was measured with.
# Usage: scripts/bench.sh [events...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tiktok-offline >/dev/null
swift build -c release --product tiktok-offline-bench >/dev/null
bin=$(swift build -c release --show-bin-path)
sample=Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json
mkdir -p bench-data
"$bin/tiktok-offline-bench" "$sample"
echo
for count in "${@:-100000 1000000}"; do
  for n in $count; do
    input=bench-data/events-$n.ndjson
    [ -f "$input" ] || python3 - "$sample" "$n" "$input" <<'PY'
import json, sys
event = json.dumps(json.load(open(sys.argv[1])), separators=(",", ":"))
with open(sys.argv[3], "w") as out:
    for _ in range(int(sys.argv[2])):
        out.write(event + "\n")
PY
    for jobs in 1 "$(nproc)"; do
      python3 - "$bin/tiktok-offline" "$input" "$n" "$jobs" <<'PY'
import os, resource, subprocess, sys, time
binary, path, n, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = []
for _ in range(3):
    start = time.perf_counter()
    subprocess.run([binary, "transform", "--config", "docs/examples/legacy.json", "--input", path,
                    "--output", "bench-data/out.ndjson", "--now", "2025-03-20T00:00:00Z", "--jobs", jobs],
                   check=True, stderr=subprocess.DEVNULL)
    runs.append(time.perf_counter() - start)
best = min(runs)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
size = os.path.getsize(path) / 1e6
print(f"transform {n} events ({size:.0f} MB), --jobs {jobs}: best of 3 {best:.3f} s = {n / best:,.0f} events/s, "
      f"{size / best:.0f} MB/s; peak RSS {rss:.1f} MiB")
PY
    done
  done
done

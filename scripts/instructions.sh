#!/usr/bin/env bash
# Instructions per event of `tiktok-offline transform`: the figure docs/BENCHMARKS.md compares
# builds by, because unlike wall time it does not drift with the machine's speed.
#
# Counts with valgrind's cachegrind (no cache simulation) the instructions of `transform --jobs 1`
# over the first 2 000 and the first 6 000 lines of the bench file (purchase-3-items events,
# legacy config, a fixed --now and hash seed) and prints their difference divided by 4 000, which
# cancels out start-up; start-up itself is the 2 000-line run minus 2 000 events' worth.
#
# Usage: scripts/instructions.sh [--functions N] [BINARY]
#   BINARY        a tiktok-offline binary (default: the release build, built first)
#   --functions N also print the N functions with the most instructions of their own per event
# Needs valgrind (Debian: apt-get install valgrind) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
functions=0
if [ "${1:-}" = "--functions" ]; then
  functions=$2
  shift 2
fi
if [ $# -ge 1 ]; then
  binary=$1
else
  swift build -c release --product tiktok-offline >/dev/null
  binary=$(swift build -c release --show-bin-path)/tiktok-offline
fi
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 2; }
sample=Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$sample" "$work" <<'PY'
import json, sys
event = json.dumps(json.load(open(sys.argv[1])), separators=(",", ":"))
for count in (2000, 6000):
    with open(f"{sys.argv[2]}/events-{count}.ndjson", "w") as out:
        out.write((event + "\n") * count)
PY
# Debug information stripped: cachegrind then reads the binary in seconds instead of minutes.
cp "$binary" "$work/tiktok-offline"
strip --strip-debug "$work/tiktok-offline"
for count in 2000 6000; do
  SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$work/counts-$count" \
    "$work/tiktok-offline" transform --config docs/examples/legacy.json --input "$work/events-$count.ndjson" \
    --output /dev/null --now 2025-03-20T00:00:00Z --jobs 1 2>/dev/null
done
python3 - "$work" "$functions" <<'PY'
import collections, subprocess, sys
work, functions = sys.argv[1], int(sys.argv[2])

def self_counts(path):
    counts, function = collections.Counter(), None
    for line in open(path):
        if line.startswith("fn="):
            function = line[3:].strip()
        elif function and line[:1].isdigit():
            fields = line.split()
            if len(fields) >= 2:
                counts[function] += int(fields[1])
    return counts

small, large = self_counts(f"{work}/counts-2000"), self_counts(f"{work}/counts-6000")
per_event = {name: (large[name] - small.get(name, 0)) / 4000 for name in large}
total = sum(per_event.values())
start_up = sum(small.values()) - 2000 * total
print(f"instructions per event: {total:,.0f}")
print(f"start-up instructions:  {start_up:,.0f}")
if functions:
    top = sorted(per_event.items(), key=lambda item: -item[1])[:functions]
    names = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(name for name, _ in top),
                           capture_output=True, text=True).stdout.split("\n")
    for (_, count), name in zip(top, names):
        print(f"{count:9,.0f} {100 * count / total:5.1f}%  {name[:140]}")
PY

#!/usr/bin/env bash
# Release-build benchmarks of tiktok-offline, reported side by side in one run:
# - in process (tiktok-offline-bench): the stages of one transform (parse, read, normalise + hash,
#   write), preview latency for the 1.7 KB sample and an 863 KB event, the configurator's costs;
# - whole process: `transform` NDJSON file → file on one core (--jobs 1) and on every core, run in
#   turn, BENCH_PAIRS pairs (default 5): events/s and MB/s (best run), peak RSS for each input size
#   (flat when memory does not grow with the input), and the gain of all cores over one as the
#   median of the pairs' ratios (which holds when the machine's speed drifts between runs, as
#   best-of rates taken minutes apart do not); then the same to /dev/null, which leaves out the
#   disk (the output is flushed to disk before it is renamed into place, a serial wait).
# The config is docs/examples/legacy.json, the format of every earlier figure in docs/BENCHMARKS.md.
# Usage: scripts/bench.sh [events...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tiktok-offline >/dev/null
swift build -c release --product tiktok-offline-bench >/dev/null
bin=$(swift build -c release --show-bin-path)
sample=Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json
mkdir -p bench-data
"$bin/tiktok-offline-bench" "$sample" | tee bench-data/in-process.txt
echo
results=bench-data/transform-results.txt
: >"$results"
for n in ${@:-100000 1000000}; do
  input=bench-data/events-$n.ndjson
  [ -f "$input" ] || python3 - "$sample" "$n" "$input" <<'PY'
import json, sys
event = json.dumps(json.load(open(sys.argv[1])), separators=(",", ":"))
with open(sys.argv[3], "w") as out:
    for _ in range(int(sys.argv[2])):
        out.write(event + "\n")
PY
  for destination in file null; do
    python3 - "$bin/tiktok-offline" "$input" "$n" "$(nproc)" "$destination" "$results" <<'PY'
import os, statistics, subprocess, sys, time
binary, path, n, cores, destination, results = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
output = "bench-data/out.ndjson" if destination == "file" else "/dev/null"
pairs = int(os.environ.get("BENCH_PAIRS", "5"))

def run(jobs):
    if destination == "file" and os.path.exists(output):
        os.remove(output)  # a fresh output each run: replacing a large file adds its deletion
    start = time.perf_counter()
    process = subprocess.Popen([binary, "transform", "--config", "docs/examples/legacy.json", "--input", path,
                                "--output", output, "--now", "2025-03-20T00:00:00Z", "--jobs", jobs],
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    assert status == 0, f"transform exited with {status}"
    return time.perf_counter() - start, usage.ru_maxrss / 1024

# One core and all cores in turn, so that each pair sees the machine at the same moment: the
# ratio pair by pair holds when the machine's speed drifts, best-of rates taken apart do not.
times = {"1": [], cores: []}
peaks = {"1": [], cores: []}
for _ in range(pairs):
    for jobs in ("1", cores):
        wall, peak = run(jobs)
        times[jobs].append(wall)
        peaks[jobs].append(peak)
size = os.path.getsize(path) / 1e6
with open(results, "a") as out:
    for jobs in ("1", cores):
        best = min(times[jobs])
        print(f"transform {n} events ({size:.0f} MB) to {output}, --jobs {jobs}: best of {pairs} {best:.3f} s = "
              f"{n / best:,.0f} events/s, {size / best:.0f} MB/s; peak RSS {max(peaks[jobs]):.1f} MiB")
        out.write(f"{n}\t{jobs}\t{n / best:.0f}\t{size / best:.0f}\t{max(peaks[jobs]):.1f}\t{destination}\n")
    gains = [one / every for one, every in zip(times["1"], times[cores])]
    print(f"transform {n} events to {output}: --jobs {cores} is {statistics.median(gains):.2f}x --jobs 1, "
          f"median of {pairs} pairs run in turn ({min(gains):.2f}-{max(gains):.2f})")
    out.write(f"{n}\tgain\t{statistics.median(gains):.4f}\t{min(gains):.4f}\t{max(gains):.4f}\t{destination}\n")
PY
  done
done
echo
python3 - "$results" bench-data/in-process.txt <<'PY'
import sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
print("summary                      " + "".join(f"{int(n):>14,}" for n in sorted({r[0] for r in rows}, key=int)) + "  events")
def row(label, destination, jobs_filter, column, unit, fmt):
    cells = []
    for n in sorted({r[0] for r in rows}, key=int):
        match = [r for r in rows if r[0] == n and r[5] == destination and jobs_filter(r[1])]
        cells.append(f"{fmt(float(match[0][column])):>14}" if match else f"{'—':>14}")
    print(f"{label:<29}" + "".join(cells) + f"  {unit}")
one, every, gain = (lambda j: j == "1"), (lambda j: j not in ("1", "gain")), (lambda j: j == "gain")
row("one core (--jobs 1)", "file", one, 2, "events/s", lambda v: f"{v:,.0f}")
row("all cores", "file", every, 2, "events/s", lambda v: f"{v:,.0f}")
row("one core", "file", one, 3, "MB/s", lambda v: f"{v:,.0f}")
row("all cores", "file", every, 3, "MB/s", lambda v: f"{v:,.0f}")
row("peak RSS, one core", "file", one, 4, "MiB", lambda v: f"{v:.1f}")
row("peak RSS, all cores", "file", every, 4, "MiB", lambda v: f"{v:.1f}")
row("all cores / one core, paired", "file", gain, 2, "(median of pairs)", lambda v: f"{v:.2f}x")
print("to /dev/null (the transform without the disk):")
row("one core (--jobs 1)", "null", one, 2, "events/s", lambda v: f"{v:,.0f}")
row("all cores", "null", every, 2, "events/s", lambda v: f"{v:,.0f}")
row("all cores / one core, paired", "null", gain, 2, "(median of pairs)", lambda v: f"{v:.2f}x")
for line in open(sys.argv[2]):
    if line.startswith(("stages of one transform", "preview recompute", "transform, one")):
        print(line.rstrip())
PY

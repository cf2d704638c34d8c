#!/usr/bin/env bash
# Release-build timings of the configurator: in-process (keystroke, deferred preview, 1 MB paste)
# from tiktok-offline-bench, and startup to first frame in a real terminal (tmux), median of 10.
# Usage: scripts/bench-ui.sh [BINARY]   (with BINARY, e.g. an unpacked release's bin/tiktok-offline,
# only its startup is timed)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  binary=$(realpath "$1")
else
  swift build -c release --product tiktok-offline >/dev/null
  swift build -c release --product tiktok-offline-bench >/dev/null
  bin=$(swift build -c release --show-bin-path)
  "$bin/tiktok-offline-bench" Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json | grep configurator
  binary="$bin/tiktok-offline"
fi
python3 - "$binary" <<'PY'
import os, statistics, subprocess, sys, tempfile, time
binary = sys.argv[1]
def tmux(socket, *args):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout
samples = []
for run in range(10):
    socket = f"bench-ui-{os.getpid()}-{run}"
    folder = tempfile.mkdtemp()
    start = time.perf_counter()
    tmux(socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-c", folder,
         f"env TERM=tmux-256color LANG=C.UTF-8 {binary}")
    while "Field mapping" not in tmux(socket, "capture-pane", "-p"):
        time.sleep(0.001)
    samples.append((time.perf_counter() - start) * 1000)
    tmux(socket, "kill-server")
print(f"configurator, launch in tmux to first frame on screen: median {statistics.median(samples):.1f} ms "
      f"(min {min(samples):.1f}, max {max(samples):.1f}; includes starting tmux and polling it)")
PY

#!/usr/bin/env bash
# Checks that two builds of tiktok-offline transform a seeded corpus byte for byte alike: the
# payloads, the rejects file and the summary of `transform` (with --jobs 1 and 2 for the second
# build), and `preview --json` (payloads and every diagnostic) and `preview` (pretty payloads and
# diagnostic lines) for the first PREVIEWS lines.
# Usage: scripts/equivalence/check.sh BEFORE_BINARY AFTER_BINARY [SEED] [COUNT] [PREVIEWS]
#        (defaults: seed 9, 100000 events, 300 previews per config)
set -euo pipefail
before=$(realpath "$1") after=$(realpath "$2") seed=${3:-9} count=${4:-100000} previews=${5:-300}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/generate.py" "$seed" "$count" "$work"
now=2025-03-20T00:00:00Z
status=0
differs() { # name file-a file-b
  if cmp -s "$2" "$3"; then return 1; fi
  echo "DIFFERENT: $1"
  diff <(head -c 200000 "$2") <(head -c 200000 "$3") | head -8 || true
  status=1
}
for config in "$work"/config-*.json; do
  name=$(basename "$config" .json)
  for side in before after; do
    binary=$before
    [ "$side" = after ] && binary=$after
    for jobs in 1 2; do
      [ "$side" = before ] && [ "$jobs" = 2 ] && continue
      (cd "$work" && "$binary" transform --config "$config" --input events.ndjson --output "$name.$side.$jobs.out" \
        --rejects rejects.ndjson --now "$now" --jobs "$jobs" 2>"$name.$side.$jobs.err" || true)
      mv "$work/rejects.ndjson" "$work/$name.$side.$jobs.rejects"
    done
  done
  for part in out rejects err; do
    differs "$name transform $part (--jobs 1)" "$work/$name.before.1.$part" "$work/$name.after.1.$part" || true
    differs "$name transform $part (--jobs 2)" "$work/$name.before.1.$part" "$work/$name.after.2.$part" || true
  done
  head -n "$previews" "$work/events.ndjson" | while IFS= read -r line; do
    for side in before after; do
      binary=$before
      [ "$side" = after ] && binary=$after
      printf '%s' "$line" | "$binary" preview --config "$config" --json --now "$now" >>"$work/$name.$side.preview" 2>&1 || true
      echo >>"$work/$name.$side.preview"
      printf '%s' "$line" | "$binary" preview --config "$config" --now "$now" >>"$work/$name.$side.plain" 2>&1 || true
      echo >>"$work/$name.$side.plain"
    done
  done
  differs "$name preview --json" "$work/$name.before.preview" "$work/$name.after.preview" || true
  differs "$name preview" "$work/$name.before.plain" "$work/$name.after.plain" || true
  printf '%-20s payloads %7d lines  rejects %6d  preview %s  sha256 %s\n' "$name" \
    "$(wc -l <"$work/$name.after.1.out")" "$(wc -l <"$work/$name.after.1.rejects")" \
    "$(wc -c <"$work/$name.after.preview" | tr -d ' ')B" "$(cat "$work/$name.after.1.out" "$work/$name.after.1.rejects" | sha256sum | cut -c1-16)"
done
if [ "$status" = 0 ]; then echo "equivalent: $count events, seed $seed"; else echo "NOT equivalent"; fi
exit "$status"

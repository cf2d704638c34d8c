#!/usr/bin/env bash
# Writes the man page, tiktok-offline.1, with swift-argument-parser's manual generator: every
# subcommand on one page, generated from the command's own help so it cannot drift from it.
# Usage: scripts/generate-manual.sh [FOLDER]   (default docs/man; commit the result)
# SCRATCH_PATH picks the build folder (default .build); CONFIGURATION debug or release (default debug).
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-docs/man}
scratch=${SCRATCH_PATH:-.build}
configuration=${CONFIGURATION:-debug}
# A page left by an earlier run must not pass for this run's.
find "$scratch/plugins" -path '*GenerateManual*' -name tiktok-offline.1 -delete 2>/dev/null || true
# Dated with the commit's date (not today's), so a given commit always gets the same page.
date=$(git log -1 --format=%cs 2>/dev/null || date +%F)
swift package --scratch-path "$scratch" plugin generate-manual --configuration "$configuration" --date "$date" >&2
page=$(find "$scratch/plugins" -path '*GenerateManual*' -name tiktok-offline.1 -print -quit)
if [ -z "$page" ]; then
  echo "generate-manual.sh: the generator wrote no tiktok-offline.1 under $scratch/plugins" >&2
  exit 1
fi
mkdir -p "$folder"
# The generator keeps the blank lines between a discussion's paragraphs, which mdoc warns about
# on every `man`; a blank line there means a paragraph break, which mdoc writes .Pp.
sed 's/^$/.Pp/' "$page" >"$folder/tiktok-offline.1"
echo "wrote $folder/tiktok-offline.1" >&2

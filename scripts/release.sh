#!/usr/bin/env bash
# Builds the release tarball dist/tiktok-offline-VERSION-linux-ARCH.tar.gz and its .sha256: the
# binary with the Swift standard library and Foundation linked in (ncursesw stays the system's),
# the man page, bash/zsh/fish completions, the themes, README.md and the licences. Then it unpacks
# the tarball and runs the binary in an empty environment to check what it promises.
#
# Bump Version.number in Sources/tiktok-offline/Version.swift and commit first: the tarball is
# named after the number and the binary names the commit.
# Usage: scripts/release.sh [--allow-modified]   (--allow-modified: build from uncommitted changes)
set -euo pipefail
cd "$(dirname "$0")/.."

allow_modified=false
for argument in "$@"; do
  case "$argument" in
    --allow-modified) allow_modified=true ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release.sh: unknown argument \"$argument\" (see --help)" >&2; exit 2 ;;
  esac
done
fail() { echo "release.sh: $*" >&2; exit 1; }

if ! $allow_modified && [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  fail "the checkout has uncommitted changes; commit them first (the binary names its commit) or pass --allow-modified"
fi
version=$(sed -n 's/^ *static let number = "\(.*\)"$/\1/p' Sources/tiktok-offline/Version.swift)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  fail "no semantic version number found in Sources/tiktok-offline/Version.swift (found \"$version\")"
name="tiktok-offline-$version-linux-$(uname -m)"
scratch=.build-static
started=$SECONDS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/$name"

echo "== man page (swift-argument-parser's generator)"
SCRATCH_PATH=$scratch CONFIGURATION=release scripts/generate-manual.sh "$stage/share/man/man1"
# The committed page is the one the tests check; ship only a page equal to it (bar the date line).
if ! diff -q <(grep -v '^\.Dd ' docs/man/tiktok-offline.1) <(grep -v '^\.Dd ' "$stage/share/man/man1/tiktok-offline.1") >/dev/null; then
  fail "docs/man/tiktok-offline.1 is stale: run scripts/generate-manual.sh and commit it"
fi

echo "== binary (release, Swift runtime linked statically)"
binary="$scratch/release/tiktok-offline"
# The man page's build just linked this binary dynamically in the same folder, and SwiftPM can
# take it as up to date; without it, the static flags are applied. The ldd check below stays.
rm -f "$binary"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product tiktok-offline
if ldd "$binary" | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime'; then
  fail "the binary still needs the Swift runtime libraries above"
fi

echo "== staging $name"
mkdir -p "$stage/bin" "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions" \
  "$stage/share/fish/vendor_completions.d" "$stage/share/tiktok-offline/Themes" "$stage/share/doc/tiktok-offline"
install -m 755 "$binary" "$stage/bin/tiktok-offline"
strip "$stage/bin/tiktok-offline"
"$stage/bin/tiktok-offline" --generate-completion-script bash >"$stage/share/bash-completion/completions/tiktok-offline"
"$stage/bin/tiktok-offline" --generate-completion-script zsh >"$stage/share/zsh/site-functions/_tiktok-offline"
"$stage/bin/tiktok-offline" --generate-completion-script fish >"$stage/share/fish/vendor_completions.d/tiktok-offline.fish"
install -m 644 Themes/*.toml "$stage/share/tiktok-offline/Themes/"
install -m 644 README.md LICENSE "$stage/"
# The binary carries the code of every resolved package; their licences and notices go with it,
# each distinct text once.
notices="$stage/share/doc/tiktok-offline/THIRD-PARTY-NOTICES"
declare -A first_with
for package in "$scratch"/checkouts/*/; do
  for file in "$package"LICENSE* "$package"NOTICE*; do
    [ -f "$file" ] || continue
    label="$(basename "$package"): $(basename "$file")"
    digest=$(sha256sum <"$file" | cut -d' ' -f1)
    if [ -n "${first_with[$digest]:-}" ]; then
      printf '==== %s\n\nThe same text as %s, above.\n\n' "$label" "${first_with[$digest]}" >>"$notices"
    else
      first_with[$digest]=$label
      printf '==== %s\n\n' "$label" >>"$notices"
      cat "$file" >>"$notices"
      printf '\n' >>"$notices"
    fi
  done
done
chmod 644 "$notices"

echo "== tarball"
mkdir -p dist
tarball="dist/$name.tar.gz"
# Sorted names, no owner, the commit's time and no gzip timestamp: the archive's metadata does not
# depend on who packs it or when.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$(git log -1 --format=%ct)" \
  -C "$work" -cf - "$name" | gzip -9n >"$tarball"
(cd dist && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")

echo "== checking the unpacked tarball in an empty environment"
check="$work/check"
mkdir "$check"
(cd dist && sha256sum --quiet -c "$name.tar.gz.sha256")
tar -xzf "$tarball" -C "$check"
run() { (cd "$check" && env -i PATH=/usr/bin:/bin "$check/$name/bin/tiktok-offline" "$@"); }
expected_version="tiktok-offline $version (commit $(git rev-parse --short=12 HEAD)"
run --version | grep -qF "$expected_version" || fail "--version does not print \"$expected_version…\""
run --version
run themes | grep -q "^themes folder: $check/$name/share/tiktok-offline/Themes$" ||
  fail "the unpacked binary did not find its themes in share/tiktok-offline/Themes"
run example config >"$check/config.json"
run example event | run preview --config "$check/config.json" --now 2025-03-20T00:00:00Z >/dev/null ||
  fail "preview of the built-in example failed"

echo
echo "$tarball: $(du -h "$tarball" | cut -f1) ($(stat -c %s "$tarball") bytes), built in $((SECONDS - started)) s"
cat "dist/$name.tar.gz.sha256"
echo "needs: $(ldd "$check/$name/bin/tiktok-offline" | awk '{print $1}' | tr '\n' ' ')"

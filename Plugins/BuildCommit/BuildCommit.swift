import Foundation
import PackagePlugin

/// A build-tool plugin that writes `BuildCommit.swift`: the git commit the target is built from,
/// so `--version` can name it. Outside a git checkout (a source archive) the commit is nil.
@main
struct BuildCommit: BuildToolPlugin {
    /// Reads the commit with git before every build; the file is rewritten only when its text
    /// changes, so an unchanged commit recompiles nothing.
    static let script = #"""
        set -eu
        package=$1
        output=$2
        mkdir -p "$output"
        commit=""
        if command -v git >/dev/null 2>&1; then
          commit=$(git -C "$package" rev-parse --short=12 HEAD 2>/dev/null || true)
          if [ -n "$commit" ] && [ -n "$(git -C "$package" --no-optional-locks status --porcelain --untracked-files=no 2>/dev/null)" ]; then
            commit="$commit, modified"
          fi
        fi
        if [ -n "$commit" ]; then value="\"$commit\""; else value=nil; fi
        text="/// The git commit this binary was built from (\", modified\" when tracked files had changes), nil outside a checkout.
        let buildCommit: String? = $value"
        file="$output/BuildCommit.swift"
        if [ ! -f "$file" ] || [ "$(cat "$file")" != "$text" ]; then
          printf '%s\n' "$text" >"$file"
        fi
        """#

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        return [
            .prebuildCommand(
                displayName: "Reading the git commit of \(context.package.displayName)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "build-commit", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}

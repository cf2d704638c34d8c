import TikTokOfflineCore
import TikTokOfflineUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding and reading theme files: the file access behind ``ThemeLoader``, which only parses.
package enum ThemeFolder {
    /// The compiled-in themes, with every `*.toml` file of `folder` taking the place of the
    /// compiled-in theme of the same id (see ``ThemeLoader/load(files:errors:)``); a file that
    /// cannot be read is reported and skipped.
    package static func loadAll(folder: String) -> (themes: [Theme], errors: [ThemeError]) {
        var files: [ThemeLoader.ThemeFile] = []
        var errors: [ThemeError] = []
        for name in FolderListing.names(in: folder).filter({ $0.hasSuffix(".toml") }).sorted() {
            let path = "\(folder)/\(name)"
            do {
                let text = String(decoding: try FileIO.readAll(path, limit: ReadLimit.theme, what: "a theme"), as: UTF8.self)
                files.append(ThemeLoader.ThemeFile(id: String(name.dropLast(5)), text: text, origin: path))
            } catch {
                errors.append(ThemeError(file: path, key: nil, message: error.reason))
            }
        }
        return ThemeLoader.load(files: files, errors: errors)
    }

    /// Where theme files are looked for: `--themes-dir`, then `TIKTOK_OFFLINE_THEMES`, then
    /// `./Themes`, then `Themes` next to the executable, then `../share/tiktok-offline/Themes`
    /// from the executable's folder (the release tarball's layout); the first that exists wins.
    package static func themesFolder(flag: String?, environment: [String: String], executableFolder: String?) -> String? {
        themesFolderCandidates(flag: flag, environment: environment, executableFolder: executableFolder).first { FolderListing.isFolder($0) }
    }

    /// The folders ``themesFolder(flag:environment:executableFolder:)`` tries, in order.
    package static func themesFolderCandidates(flag: String?, environment: [String: String], executableFolder: String?) -> [String] {
        var candidates: [String] = []
        if let flag { candidates.append(flag) }
        if let variable = environment["TIKTOK_OFFLINE_THEMES"], !variable.isEmpty { candidates.append(variable) }
        candidates.append("Themes")
        if let executableFolder {
            candidates.append("\(executableFolder)/Themes")
            let prefix = executableFolder.lastIndex(of: "/").map { String(executableFolder[..<$0]) } ?? "."
            candidates.append("\(prefix)/share/tiktok-offline/Themes")
        }
        return candidates
    }
}

/// Small file-system queries, on POSIX.
package enum FolderListing {
    /// The names of the entries of `folder` (not `.` and `..`); empty when it cannot be read.
    package static func names(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether `path` is a folder.
    package static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}

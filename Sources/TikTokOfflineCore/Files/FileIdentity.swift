#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What makes two names one file: the device and inode of a file that exists, or the absolute
/// path (folder resolved) of one that does not exist yet.
package enum FileIdentity: Hashable, Sendable {
    /// An existing file.
    case inode(device: UInt64, inode: UInt64)
    /// A file to be created.
    case path(String)

    /// The identity of `path` (following symbolic links), or nil for standard input or output.
    package init?(of path: String) {
        guard path != "-" else { return nil }
        var status = stat()
        if stat(path, &status) == 0 {
            self = .inode(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        } else {
            let folder = Self.realPath(FileIO.parentFolder(of: path)) ?? FileIO.parentFolder(of: path)
            self = .path(folder + "/" + FileIO.baseName(of: path))
        }
    }

    /// Refuses two roles naming the same file (`--rejects` equal to `--input`, say): one would
    /// destroy or feed on the other. `files` pairs each role (e.g. "--input") with its path.
    package static func requireDistinct(_ files: [(role: String, path: String)]) throws(FileError) {
        var seen: [FileIdentity: String] = [:]
        for (role, path) in files {
            guard let identity = FileIdentity(of: path) else { continue }
            if let earlier = seen[identity] {
                throw FileError(path: path, reason: "\(role) and \(earlier) name the same file; give each its own")
            }
            seen[identity] = role
        }
    }

    /// The absolute path with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

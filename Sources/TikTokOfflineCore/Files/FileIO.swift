#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that could not be read or written, with the path and the system's reason.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file concerned.
    public var path: String
    /// What went wrong, in words.
    public var reason: String

    /// Creates an error for `path`.
    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

/// The largest files read whole, by what they hold.
package enum ReadLimit {
    /// A config file: 16 MiB.
    package static let config = 16 << 20
    /// One event (preview, the configurator's sample): 64 MiB, like one line of `transform`.
    package static let event = 64 << 20
    /// An access token file: 64 KiB.
    package static let token = 64 << 10
    /// A theme file: 1 MiB.
    package static let theme = 1 << 20

    /// `16 MiB` for a limit in bytes.
    package static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}

/// Whole-file reads and atomic writes on POSIX, with messages an operator can act on.
package enum FileIO {
    /// Reads the whole file at `path` ("-" reads standard input), refusing anything that is not
    /// a regular file (a device such as `/dev/zero`, a FIFO) and anything larger than `limit`
    /// bytes before reading it; `what` names the file's role in the message.
    package static func readAll(_ path: String, limit: Int = ReadLimit.event, what: String = "the file") throws(FileError) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = 0
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { throw FileError(path: path, reason: describeErrno(errno, forReading: true)) }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var status = stat()
        if path != "-", fstat(descriptor, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                break
            case S_IFDIR:
                throw FileError(path: path, reason: "is a directory, not a file")
            default:
                throw FileError(path: path, reason: "is not a regular file (a device, FIFO or socket); \(what) must be a regular file")
            }
            if Int(status.st_size) > limit {
                throw FileError(path: path, reason: tooLarge(Int(status.st_size), limit: limit, what: what))
            }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: describeErrno(errno, forReading: true))
            }
            if count == 0 { break }
            guard bytes.count + count <= limit else {
                throw FileError(path: path == "-" ? "standard input" : path, reason: tooLarge(bytes.count + count, limit: limit, what: what))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    private static func tooLarge(_ size: Int, limit: Int, what: String) -> String {
        let shown = size >= 1 << 20 ? "\(size >> 20) MiB" : "\(size) bytes"
        return "\(what) is \(size > limit ? "at least " : "")\(shown), larger than the \(ReadLimit.describe(limit)) limit; not read"
    }

    /// Opens `path` for reading ("-" is standard input, descriptor 0), refusing a directory.
    package static func openForReading(_ path: String) throws(FileError) -> Int32 {
        guard path != "-" else { return 0 }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, reason: describeErrno(errno, forReading: true)) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            throw FileError(path: path, reason: "is a directory, not a file")
        }
        return descriptor
    }

    /// Replaces the file at `path` with `bytes` atomically: a temporary file in the same folder is
    /// written, flushed to disk and renamed over the target. A symbolic link is followed to the
    /// file it names (a private file refuses links); the target's permissions and owner are kept;
    /// a new file gets `newFileMode`. Temporary files left by an earlier killed save of the same
    /// file are removed first. On failure the old file is left intact.
    package static func writeAtomically(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o644, isPrivate: Bool = false) throws(FileError) {
        let output = try OutputFile(path: path, newFileMode: newFileMode, isPrivate: isPrivate, writesDevicesInPlace: false)
        do {
            try output.write(bytes)
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
    }

    /// The folder part of `path` ("." when there is none).
    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and interruptions.
    static func writeFully(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(FileError) {
        if let code = bytes.withUnsafeBytes({ writeAll(descriptor, $0) }) {
            throw FileError(path: path, reason: "write failed: \(describeErrno(code, forReading: false))")
        }
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and interruptions; the `errno`
    /// of the write that failed, or nil.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return nil
    }

    /// Asks the system to start writing the `count` bytes at `offset` of `descriptor` to disk now,
    /// without waiting for them: a hint, so that a later `fsync` finds less left to write. Does
    /// nothing where the system has no such hint, or for a descriptor that is not a file.
    static func startWritingToDisk(_ descriptor: Int32, offset: Int, count: Int) {
        #if os(Linux)
            // On Linux, "don't need" starts the write-back of the range's dirty pages and drops
            // none of them; pages already on disk leave the cache, which a file written once
            // and not read again does not miss.
            _ = posix_fadvise(descriptor, off_t(offset), off_t(count), POSIX_FADV_DONTNEED)
        #endif
    }

    /// The system's reason for `code`, phrased for an operator.
    package static func describeErrno(_ code: Int32, forReading: Bool) -> String {
        switch code {
        case ENOENT: return forReading ? "no such file" : "the folder does not exist"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory, not a file"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "the file system is read-only"
        case EDQUOT: return "disk quota exceeded"
        case ELOOP: return "is a symbolic link"
        default: return String(cString: strerror(code))
        }
    }
}

/// Loading and saving config files.
package enum ConfigFile {
    /// Why a config could not be loaded.
    package enum LoadError: Error, Sendable, CustomStringConvertible {
        /// The file could not be read (exit code 2).
        case unreadable(FileError)
        /// The file was read but is not a valid config (exit code 1).
        case invalid(path: String, ConfigError)

        /// One problem per line, each prefixed with the path.
        package var description: String {
            switch self {
            case .unreadable(let error): return "error: \(error)"
            case .invalid(let path, let error): return error.problems.map { "\(path): \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// Reads and decodes the config at `path`, returning it with its notes.
    package static func load(_ path: String) throws(LoadError) -> (config: Config, notes: [ConfigProblem]) {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path, limit: ReadLimit.config, what: "a config file")
        } catch {
            throw .unreadable(error)
        }
        guard !bytes.isEmpty else {
            throw .invalid(
                path: path,
                ConfigError(problems: [
                    ConfigProblem(.error, "", "the file is empty; a config is a JSON object with version, event_set_id and mappings")
                ]))
        }
        do {
            return try ConfigDecoder.decode(bytes)
        } catch {
            throw .invalid(path: path, error)
        }
    }

    /// Saves `config` canonically and atomically at `path`, keeping the existing file's permissions.
    package static func save(_ config: Config, to path: String) throws(FileError) {
        try FileIO.writeAtomically(ConfigWriter.canonicalBytes(config), to: path)
    }
}

/// `read(2)`, named apart from the functions here that read whole files.
@inline(__always)
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// `write(2)`.
@inline(__always)
func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

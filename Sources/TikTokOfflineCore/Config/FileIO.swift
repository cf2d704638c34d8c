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
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

/// Whole-file reads and atomic writes on POSIX, with messages an operator can act on.
public enum FileIO {
    /// Reads the whole file at `path` ("-" reads standard input).
    public static func readAll(_ path: String) throws(FileError) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = 0
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileError(path: path, reason: describeErrno(errno, forReading: true)) }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw FileError(path: path, reason: "is a directory, not a file")
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
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Opens `path` for reading ("-" is standard input, descriptor 0), refusing a directory.
    public static func openForReading(_ path: String) throws(FileError) -> Int32 {
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
    /// written, flushed to disk and renamed over the target, keeping the target's permissions. On
    /// failure the old file is left intact and the temporary file removed.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o644) throws(FileError) {
        let folder = parentFolder(of: path)
        var existing = stat()
        let mode: mode_t = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : newFileMode
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFDIR {
            throw FileError(path: path, reason: "is a directory, not a file")
        }
        var template = Array("\(folder)/.\(baseName(of: path)).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: "cannot create a temporary file in \(folder): \(describeErrno(errno, forReading: false))")
        }
        let temporary = String(cString: template)
        func fail(_ reason: String) -> FileError {
            close(descriptor)
            unlink(temporary)
            return FileError(path: path, reason: reason)
        }
        if fchmod(descriptor, mode) != 0 { throw fail("cannot set permissions: \(describeErrno(errno, forReading: false))") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fail("write failed: \(describeErrno(errno, forReading: false))")
            }
            written += count
        }
        if fsync(descriptor) != 0 { throw fail("cannot flush to disk: \(describeErrno(errno, forReading: false))") }
        close(descriptor)
        if rename(temporary, path) != 0 {
            let reason = describeErrno(errno, forReading: false)
            unlink(temporary)
            throw FileError(path: path, reason: "cannot replace the file: \(reason)")
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
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

    /// The system's reason for `code`, phrased for an operator.
    public static func describeErrno(_ code: Int32, forReading: Bool) -> String {
        switch code {
        case ENOENT: return forReading ? "no such file" : "the folder does not exist"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory, not a file"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "the file system is read-only"
        case EDQUOT: return "disk quota exceeded"
        default: return String(cString: strerror(code))
        }
    }
}

/// Loading and saving config files.
public enum ConfigFile {
    /// Why a config could not be loaded.
    public enum LoadError: Error, Sendable, CustomStringConvertible {
        /// The file could not be read (exit code 2).
        case unreadable(FileError)
        /// The file was read but is not a valid config (exit code 1).
        case invalid(path: String, ConfigError)

        /// One problem per line, each prefixed with the path.
        public var description: String {
            switch self {
            case .unreadable(let error): return "error: \(error)"
            case .invalid(let path, let error): return error.problems.map { "\(path): \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// Reads and decodes the config at `path`, returning it with its warnings.
    public static func load(_ path: String) throws(LoadError) -> (config: Config, warnings: [ConfigProblem]) {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path)
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
    public static func save(_ config: Config, to path: String) throws(FileError) {
        try FileIO.writeAtomically(ConfigWriter.canonicalBytes(config), to: path)
    }
}

/// An output file written under a temporary name in the target's folder and renamed into place
/// only when complete, so a failed or interrupted run never leaves a half-written file.
public final class AtomicOutputFile {
    /// The file descriptor to write to.
    public let descriptor: Int32
    /// The final path.
    public let path: String
    private let temporaryPath: String
    private var isFinished = false

    /// Creates the temporary file for `path` with permissions `mode`.
    public init(path: String, mode: mode_t) throws(FileError) {
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFDIR {
            throw FileError(path: path, reason: "is a directory, not a file")
        }
        let folder = FileIO.parentFolder(of: path)
        var template = Array("\(folder)/.\(FileIO.baseName(of: path)).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: "cannot create a file in \(folder): \(FileIO.describeErrno(errno, forReading: false))")
        }
        fchmod(descriptor, mode)
        self.descriptor = descriptor
        self.path = path
        self.temporaryPath = String(cString: template)
    }

    /// Flushes the file to disk and renames it into place.
    public func commit() throws(FileError) {
        isFinished = true
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            let reason = FileIO.describeErrno(errno, forReading: false)
            unlink(temporaryPath)
            throw FileError(path: path, reason: "cannot flush to disk: \(reason)")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = FileIO.describeErrno(errno, forReading: false)
            unlink(temporaryPath)
            throw FileError(path: path, reason: "cannot move the finished file into place: \(reason)")
        }
    }

    /// Removes the temporary file, leaving any previous file at `path` untouched.
    public func discard() {
        guard !isFinished else { return }
        isFinished = true
        close(descriptor)
        unlink(temporaryPath)
    }

    deinit { discard() }
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

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file being written whole: a regular file is written under a temporary name in its folder
/// and renamed into place only when complete, so a failed or interrupted run never leaves a
/// half-written file; a device or FIFO (`/dev/null`, a pipe) is written in place.
///
/// The rules, in one place: a symbolic link is followed to the file it names, except for a
/// private file (personal data), which refuses links, non-regular files and files owned by
/// someone else, and is always mode 0600. Replacing an existing file keeps its mode and owner;
/// a new file follows the umask. Temporary files left by a killed earlier write of the same
/// file are removed.
package final class OutputFile {
    /// The file descriptor to write to.
    package let descriptor: Int32
    /// The path as named.
    package let path: String
    /// The file replaced: `path`, or the file its symbolic link names.
    package let targetPath: String
    private let temporaryPath: String?
    private var isFinished = false

    /// Prepares to write `path`. `newFileMode` (default: 0666 less the umask) applies to a file
    /// that does not exist yet; `isPrivate` files get the private-file rules above;
    /// `writesDevicesInPlace` false refuses a device or FIFO instead of writing to it.
    package init(path: String, newFileMode: mode_t? = nil, isPrivate: Bool = false, writesDevicesInPlace: Bool = true) throws(FileError) {
        self.path = path
        var status = stat()
        var existing: stat?
        var target = path
        if lstat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFLNK {
                if isPrivate {
                    throw FileError(
                        path: path, reason: "is a symbolic link; files holding personal data are never written through a link: name the file itself")
                }
                guard let resolved = FileIdentity.realPath(path), stat(resolved, &status) == 0 else {
                    throw FileError(path: path, reason: "is a symbolic link to a file that does not exist")
                }
                target = resolved
            }
            existing = status
        } else if errno != ENOENT {
            throw FileError(path: path, reason: FileIO.describeErrno(errno, forReading: false))
        }
        targetPath = target

        var mode = isPrivate ? 0o600 : (newFileMode ?? (0o666 & ~FileIO.processUmask))
        var owner: (uid_t, gid_t)?
        if let existing {
            switch existing.st_mode & S_IFMT {
            case S_IFDIR:
                throw FileError(path: path, reason: "is a directory, not a file")
            case S_IFREG:
                if isPrivate, existing.st_uid != geteuid() {
                    throw FileError(path: path, reason: "belongs to another user (uid \(existing.st_uid)); refusing to write personal data into it")
                }
                if !isPrivate { mode = existing.st_mode & 0o7777 }
                owner = (existing.st_uid, existing.st_gid)
            default:
                guard writesDevicesInPlace, !isPrivate else {
                    throw FileError(path: path, reason: "is not a regular file (a device, FIFO or socket)")
                }
                let descriptor = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard descriptor >= 0 else { throw FileError(path: path, reason: FileIO.describeErrno(errno, forReading: false)) }
                self.descriptor = descriptor
                self.temporaryPath = nil
                return
            }
        }

        let folder = FileIO.parentFolder(of: target)
        let prefix = ".\(FileIO.baseName(of: target)).tmp-"
        FileIO.removeStrayTemporaryFiles(in: folder, prefix: prefix)
        var template = Array("\(folder)/\(prefix)XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: "cannot create a file in \(folder): \(FileIO.describeErrno(errno, forReading: false))")
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if fchmod(descriptor, mode) != 0 {
            let reason = FileIO.describeErrno(errno, forReading: false)
            close(descriptor)
            unlink(temporary)
            throw FileError(path: path, reason: "cannot set permissions: \(reason)")
        }
        if let (uid, gid) = owner, uid != geteuid() || gid != getegid() {
            // Keeps another user's file theirs when root replaces it; a plain user cannot give
            // files away, and then the replacement is theirs, as any editor's would be.
            _ = fchown(descriptor, uid, gid)
        }
        self.descriptor = descriptor
        self.temporaryPath = temporary
    }

    /// Whether ``commit()`` flushes the file to disk: it is a regular file written under a
    /// temporary name, not a device written in place.
    package var isFlushedOnCommit: Bool { temporaryPath != nil }

    /// Writes all of `bytes`.
    package func write(_ bytes: [UInt8]) throws(FileError) {
        try FileIO.writeFully(descriptor, bytes, path: path)
    }

    /// Flushes the file to disk and renames it into place (a device is only closed).
    package func commit() throws(FileError) {
        guard !isFinished else { return }
        isFinished = true
        defer { close(descriptor) }
        guard let temporaryPath else { return }
        guard fsync(descriptor) == 0 else {
            let reason = FileIO.describeErrno(errno, forReading: false)
            unlink(temporaryPath)
            throw FileError(path: path, reason: "cannot flush to disk: \(reason)")
        }
        guard rename(temporaryPath, targetPath) == 0 else {
            let reason = FileIO.describeErrno(errno, forReading: false)
            unlink(temporaryPath)
            throw FileError(path: path, reason: "cannot move the finished file into place: \(reason)")
        }
        let folderDescriptor = open(FileIO.parentFolder(of: targetPath), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Removes the temporary file, leaving any previous file at `path` untouched.
    package func discard() {
        guard !isFinished else { return }
        isFinished = true
        close(descriptor)
        if let temporaryPath { unlink(temporaryPath) }
    }

    deinit { discard() }
}

extension OutputFile {
    /// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of `files` before the signal
    /// ends the process as it would have: an interrupted run leaves the old files whole and
    /// nothing half-written, personal data included, under a hidden name. A signal the process
    /// was started ignoring stays ignored; one it was started blocking is unblocked.
    ///
    /// For a command that writes its files once and exits: call it once, before writing. The
    /// handler only unlinks paths fixed here, writes the notice `notice` made for the signal's
    /// name (`SIGINT`, …) to standard error when it is not empty, and re-raises the signal,
    /// which is all a signal handler may safely do; after a ``commit()`` the temporary name is
    /// gone and its unlink does nothing.
    package static func removeTemporaryFilesOnTermination(
        _ files: [OutputFile], notice: (_ signalName: String) -> String = { _ in "" }
    ) {
        let paths = files.compactMap(\.temporaryPath)
        guard !paths.isEmpty, TerminationCleanup.paths == nil else { return }
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: paths.count)
        for (index, path) in paths.enumerated() { (table + index).initialize(to: strdup(path)) }
        TerminationCleanup.count = paths.count
        TerminationCleanup.paths = table
        let signals = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]
        let notices = UnsafeMutablePointer<TerminationCleanup.Notice>.allocate(capacity: signals.count)
        for (index, (number, name)) in signals.enumerated() {
            let text = notice(name)
            (notices + index).initialize(
                to: TerminationCleanup.Notice(signal: number, text: text.isEmpty ? nil : strdup(text), length: text.utf8.count))
        }
        TerminationCleanup.noticeCount = signals.count
        TerminationCleanup.notices = notices
        for (number, _) in signals {
            // Read without setting: setting "ignore" even for an instant would discard a signal
            // that is already pending, blocked, and the run would go on as if never asked to stop.
            var current = sigaction()
            sigaction(number, nil, &current)
            guard !TerminationCleanup.isIgnore(current) else { continue }
            var action = sigaction()
            TerminationCleanup.setHandler(of: &action)
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
            // A handled signal is unblocked too, after its handler is in place, so a pending one
            // is handled: a parent's blocked mask (a thread pool's, say) is inherited by
            // accident, where an ignored signal is a choice.
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            sigaddset(&unblocked, number)
            sigprocmask(SIG_UNBLOCK, &unblocked, nil)
        }
    }
}

/// The temporary files a termination signal removes and the notice it writes: set once, before
/// the handlers are installed, and only read after.
private enum TerminationCleanup {
    nonisolated(unsafe) static var paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    nonisolated(unsafe) static var count = 0
    /// What the handler writes to standard error for one signal: plain memory, since a signal
    /// handler must not allocate.
    struct Notice {
        var signal: Int32
        /// The text, or nil for none.
        var text: UnsafeMutablePointer<CChar>?
        var length: Int
    }
    nonisolated(unsafe) static var notices: UnsafeMutablePointer<Notice>?
    nonisolated(unsafe) static var noticeCount = 0

    /// Removes the temporary files, writes the signal's notice, then ends the process by
    /// `number` as it would have ended.
    static let handler: @convention(c) (Int32) -> Void = { number in
        if let paths = TerminationCleanup.paths {
            for index in 0..<TerminationCleanup.count { if let path = paths[index] { unlink(path) } }
        }
        if let notices = TerminationCleanup.notices {
            for index in 0..<TerminationCleanup.noticeCount where notices[index].signal == number {
                if let text = notices[index].text { _ = write(2, text, notices[index].length) }
            }
        }
        signal(number, SIG_DFL)
        raise(number)
    }

    /// Whether `action` ignores its signal.
    static func isIgnore(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
            let current = action.__sigaction_handler.sa_handler
        #elseif canImport(Musl)
            let current = action.__sa_handler.sa_handler
        #else
            let current = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(current, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Makes `action` call ``handler``.
    static func setHandler(of action: inout sigaction) {
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handler
        #elseif canImport(Musl)
            action.__sa_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
    }
}

extension FileIO {
    /// The process's umask, read without changing it (Linux reports it in /proc/self/status).
    static let processUmask: mode_t = {
        if let status = try? readAll("/proc/self/status", limit: 1 << 20, what: "the process status"),
            let line = String(decoding: status, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let value = mode_t(line.dropFirst(6).trimmingCharacters(in: " \t"), radix: 8)
        {
            return value
        }
        let old = umask(0o022)
        umask(old)
        return old
    }()

    /// Removes regular files named `prefix` + six characters in `folder`: what `mkstemp` left
    /// when a save was killed before its rename.
    static func removeStrayTemporaryFiles(in folder: String, prefix: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name.hasPrefix(prefix), name.utf8.count == prefix.utf8.count + 6 else { continue }
            var status = stat()
            let full = "\(folder)/\(name)"
            if lstat(full, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() {
                unlink(full)
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var slice = self
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

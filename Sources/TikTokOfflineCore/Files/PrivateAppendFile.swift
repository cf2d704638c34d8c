#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of personal data that runs append to (`send`'s rejects file and journal).
///
/// Opening it refuses a symbolic link (`O_NOFOLLOW`), anything but a regular file, and a file
/// owned by another user; creates it 0600 or corrects a wider mode; can take an exclusive lock
/// so that a second run on the same file stops at once; and ends a last line a crash or a full
/// disk cut short, so the next append starts on a line of its own.
package final class PrivateAppendFile {
    /// The descriptor, open for reading and appending.
    package let descriptor: Int32
    /// The path as named.
    package let path: String
    /// Whether a cut-short last line was ended with a newline on opening.
    package private(set) var endedTornLine = false

    /// Opens or creates `path`; `what` names it in messages ("the rejects file"); `lock` takes an
    /// exclusive lock held until the file is closed.
    package init(path: String, what: String, lock: Bool) throws(FileError) {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw FileError(
                    path: path,
                    reason: "is a symbolic link; \(what) holds personal data and is never written through a link: name the file itself")
            }
            throw FileError(path: path, reason: "cannot open \(what): \(FileIO.describeErrno(errno, forReading: false))")
        }
        func refuse(_ reason: String) -> FileError {
            close(descriptor)
            return FileError(path: path, reason: reason)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw refuse(FileIO.describeErrno(errno, forReading: false)) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw refuse("is not a regular file; \(what) must be a regular file of its own")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        guard status.st_uid == geteuid() else {
            throw refuse("belongs to another user (uid \(status.st_uid)); refusing to write personal data into it")
        }
        if status.st_mode & 0o777 != 0o600, fchmod(descriptor, 0o600) != 0 {
            throw refuse("cannot make it private (chmod 600): \(FileIO.describeErrno(errno, forReading: false))")
        }
        if lock, flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            throw refuse(
                "another tiktok-offline run is using \(what) right now; wait for it to finish, or give this run another --rejects path")
        }
        self.descriptor = descriptor
        if status.st_size > 0 {
            var last: UInt8 = 0
            if pread(descriptor, &last, 1, off_t(status.st_size - 1)) == 1, last != UInt8(ascii: "\n") {
                try append([UInt8(ascii: "\n")])
                endedTornLine = true
            }
        }
    }

    /// Appends `bytes` (one `write` per call, retried until complete).
    package func append(_ bytes: [UInt8]) throws(FileError) {
        try FileIO.writeFully(descriptor, bytes, path: path)
    }

    /// Asks the system to put everything written on disk.
    package func sync() throws(FileError) {
        guard fsync(descriptor) == 0 else {
            throw FileError(path: path, reason: "cannot flush to disk: \(FileIO.describeErrno(errno, forReading: false))")
        }
    }

    deinit { close(descriptor) }
}

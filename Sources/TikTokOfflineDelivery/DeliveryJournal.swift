import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One payload of one input line: the unit TikTok acknowledges.
public struct PayloadKey: Sendable, Hashable, Comparable {
    /// The input line, from 1.
    public var line: Int
    /// The payload's position among the line's payloads (one per mapping row).
    public var index: Int

    /// Creates a key.
    public init(line: Int, index: Int) {
        self.line = line
        self.index = index
    }

    /// Orders by line, then index.
    public static func < (lhs: PayloadKey, rhs: PayloadKey) -> Bool {
        (lhs.line, lhs.index) < (rhs.line, rhs.index)
    }
}

/// The durable record of what a `send` run has finished: payloads TikTok acknowledged and lines
/// written to the rejects file. A rerun of the same command skips them.
///
/// Text, one entry per line after a header: `A <line> <index>` or `R <line>`. Entries are
/// appended and flushed to disk with `fsync`; a last line cut short by a crash is ignored.
public final class DeliveryJournal {
    /// Where the journal lives.
    public let path: String
    /// Payloads TikTok acknowledged in earlier runs.
    public private(set) var acknowledged: Set<PayloadKey> = []
    /// Lines already written to the rejects file in earlier runs.
    public private(set) var rejectedLines: Set<Int> = []
    private let descriptor: Int32
    private var pending: [UInt8] = []

    /// Opens or creates the journal at `path` for a run identified by `fingerprint`; refuses a
    /// journal that belongs to another run.
    public init(path: String, fingerprint: String) throws(FileError) {
        self.path = path
        let header = "tiktok-offline send journal 1 \(fingerprint)"
        var existing: [UInt8] = []
        if access(path, F_OK) == 0 {
            existing = try FileIO.readAll(path)
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: "cannot open the journal: \(FileIO.describeErrno(errno, forReading: false))")
        }
        if existing.isEmpty {
            pending = Array((header + "\n").utf8)
            try flush()
            return
        }
        var lines = existing.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if existing.last != UInt8(ascii: "\n") { lines.removeLast() }  // cut short by a crash
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == header else {
            close(descriptor)
            throw FileError(
                path: path,
                reason:
                    "this journal belongs to another run (a different config, input or endpoint); move it away to start afresh, or pass another --rejects path"
            )
        }
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: UInt8(ascii: " ")).map { Int(String(decoding: $0, as: UTF8.self)) }
            if line.first == UInt8(ascii: "A"), fields.count == 3, let number = fields[1], let index = fields[2] {
                acknowledged.insert(PayloadKey(line: number, index: index))
            } else if line.first == UInt8(ascii: "R"), fields.count == 2, let number = fields[1] {
                rejectedLines.insert(number)
            }
        }
    }

    deinit { close(descriptor) }

    /// Queues an acknowledgement (written by the next ``flush()``).
    public func recordAcknowledged(_ key: PayloadKey) {
        pending.append(contentsOf: "A \(key.line) \(key.index)\n".utf8)
    }

    /// Queues a rejected line (written by the next ``flush()``).
    public func recordRejected(line: Int) {
        pending.append(contentsOf: "R \(line)\n".utf8)
    }

    /// Whether entries are queued.
    public var hasPending: Bool { !pending.isEmpty }

    /// Appends the queued entries and flushes them to disk.
    public func flush() throws(FileError) {
        guard !pending.isEmpty else { return }
        var written = 0
        while written < pending.count {
            let count = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: "cannot write the journal: \(FileIO.describeErrno(errno, forReading: false))")
            }
            written += count
        }
        pending.removeAll(keepingCapacity: true)
        guard fsync(descriptor) == 0 else {
            throw FileError(path: path, reason: "cannot flush the journal to disk: \(FileIO.describeErrno(errno, forReading: false))")
        }
    }
}

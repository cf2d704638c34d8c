import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One payload of one input line: the unit TikTok acknowledges.
package struct PayloadKey: Sendable, Hashable, Comparable {
    /// The input line, from 1.
    package var line: Int
    /// The payload's position among the line's payloads (one per mapping row).
    package var index: Int

    /// Creates a key.
    package init(line: Int, index: Int) {
        self.line = line
        self.index = index
    }

    /// Orders by line, then index.
    package static func < (lhs: PayloadKey, rhs: PayloadKey) -> Bool {
        (lhs.line, lhs.index) < (rhs.line, rhs.index)
    }
}

/// The content of one input line, as the journal records it: the first 16 hex digits of the
/// SHA-256 of its bytes. A line whose digest differs from the journal's is a different line.
package struct LineDigest: Sendable, Hashable, CustomStringConvertible {
    /// The 16 hex digits.
    package let description: String

    /// The digest of a line's bytes.
    package init(line bytes: [UInt8]) {
        description = String(bytes.withUnsafeBytes { SHA256Digest(hashing: $0) }.hex.prefix(16))
    }

    /// The digest of a line too long to keep, known only by its length.
    package init(tooLongLineOf length: Int) {
        description = String(SHA256Digest(hashing: "line of \(length) bytes").hex.prefix(16))
    }

    init?(journalField text: Substring) {
        guard text.utf8.count == 16, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            return nil
        }
        description = String(text)
    }
}

/// The durable record of what `send` runs have finished with one rejects file: payloads TikTok
/// acknowledged and lines written to the rejects file, each with the digest of the line's
/// content, so a rerun skips exactly the lines it finished, and a file replaced or edited under
/// the same name is sent again.
///
/// Text, one entry per line after a header: `A <line> <index> <digest>` or `R <line> <digest>`.
/// Entries are appended and flushed to disk with `fsync`; a last line cut short by a crash is
/// ended on opening and ignored. The journal is locked while a run uses it.
package final class DeliveryJournal {
    /// The header's first words; the version says what entries look like.
    static let headerPrefix = "tiktok-offline send journal "
    /// Where the journal lives.
    package var path: String { file.path }
    /// Whether the journal holds entries from earlier runs.
    package private(set) var hasEntries = false
    private var acknowledged: Set<Entry> = []
    private var rejected: Set<Entry> = []
    private let file: PrivateAppendFile
    private var pending: [UInt8] = []

    private struct Entry: Hashable {
        var line: Int
        var index: Int
        var digest: LineDigest
    }

    /// Opens or creates the journal at `path`, locked, for runs identified by `fingerprint` (the
    /// config and endpoint); refuses a journal that belongs to other runs or that another run
    /// holds.
    package init(path: String, fingerprint: String) throws(FileError) {
        file = try PrivateAppendFile(path: path, what: "the journal", lock: true)
        let header = "\(Self.headerPrefix)2 \(fingerprint)"
        // Appending (ending a torn last line) moved the offset to the end; read from the start.
        lseek(file.descriptor, 0, SEEK_SET)
        var reader = LineReader(descriptor: file.descriptor, name: path, maxLineBytes: 4096)
        guard let first = try reader.nextLine() else {
            pending = Array((header + "\n").utf8)
            try flush()
            return
        }
        guard case .bytes(let headerBytes) = first, String(decoding: headerBytes, as: UTF8.self) == header else {
            let text: String
            if case .bytes(let bytes) = first { text = String(decoding: bytes, as: UTF8.self) } else { text = "" }
            if text.hasPrefix(Self.headerPrefix + "1 ") {
                throw FileError(
                    path: path,
                    reason:
                        "was written by an earlier tiktok-offline that did not record line contents, so it cannot tell which lines are done; move it and the rejects file away to start afresh"
                )
            }
            throw FileError(
                path: path,
                reason:
                    "belongs to runs with another config or --base-url; move it and the rejects file away to start afresh, or pass another --rejects path"
            )
        }
        while let line = try reader.nextLine() {
            guard case .bytes(let bytes) = line else { continue }
            let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ")
            if fields.count == 4, fields[0] == "A", let number = Int(fields[1]), let index = Int(fields[2]),
                let digest = LineDigest(journalField: fields[3])
            {
                acknowledged.insert(Entry(line: number, index: index, digest: digest))
            } else if fields.count == 3, fields[0] == "R", let number = Int(fields[1]), let digest = LineDigest(journalField: fields[2]) {
                rejected.insert(Entry(line: number, index: 0, digest: digest))
            }
        }
        hasEntries = !acknowledged.isEmpty || !rejected.isEmpty
    }

    /// Whether TikTok acknowledged payload `key` of this very line in an earlier run.
    package func isAcknowledged(_ key: PayloadKey, content: LineDigest) -> Bool {
        acknowledged.contains(Entry(line: key.line, index: key.index, digest: content))
    }

    /// Whether this very line went to the rejects file in an earlier run.
    package func wasRejected(line: Int, content: LineDigest) -> Bool {
        rejected.contains(Entry(line: line, index: 0, digest: content))
    }

    /// Queues an acknowledgement (written by the next ``flush()``).
    package func recordAcknowledged(_ key: PayloadKey, content: LineDigest) {
        pending.append(contentsOf: "A \(key.line) \(key.index) \(content)\n".utf8)
    }

    /// Queues a rejected line (written by the next ``flush()``).
    package func recordRejected(line: Int, content: LineDigest) {
        pending.append(contentsOf: "R \(line) \(content)\n".utf8)
    }

    /// Whether entries are queued.
    package var hasPending: Bool { !pending.isEmpty }

    /// Appends the queued entries and flushes them to disk.
    package func flush() throws(FileError) {
        guard !pending.isEmpty else { return }
        do {
            try file.append(pending)
            try file.sync()
        } catch {
            throw FileError(path: path, reason: "cannot write the journal: \(error.reason)")
        }
        pending.removeAll(keepingCapacity: true)
    }
}

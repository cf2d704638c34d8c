#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bulk transform: NDJSON events in, one request body per line out, bad lines to a rejects
/// sink with their line numbers. Memory stays flat: input is read in fixed chunks and output is
/// flushed as it fills, whatever the file's length.
public struct NDJSONTransform {
    /// Lines longer than this are rejected without being parsed (the rest of the file goes on).
    public static let maxLineBytes = 64 << 20

    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Lines read, blank ones included.
        public var lines = 0
        /// Blank lines (ignored).
        public var blankLines = 0
        /// Events that produced payloads.
        public var eventsSent = 0
        /// Payloads written (an event fans out to one per mapping row).
        public var payloads = 0
        /// Lines written to the rejects sink.
        public var rejected = 0
        /// Events no mapping row selects.
        public var skipped = 0
        /// Warnings by field (item indices written as `X`).
        public var warningsByField: [String: Int] = [:]
    }

    private let transformer: Transformer
    private let now: Int64

    /// Creates a bulk transform; `now` (epoch ms) is used for every event's age checks.
    public init(transformer: Transformer, now: Int64) {
        self.transformer = transformer
        self.now = now
    }

    /// Transforms every line of `input`, writing payloads to `output` and rejects to `rejects`.
    public func run(input: Int32, inputName: String, output: ByteSink, rejects: RejectSink) throws(FileError) -> Summary {
        var summary = Summary()
        var reader = LineReader(descriptor: input, name: inputName, maxLineBytes: Self.maxLineBytes)
        while let line = try reader.nextLine() {
            summary.lines += 1
            let lineNumber = summary.lines
            switch line {
            case .tooLong(let length):
                summary.rejected += 1
                try rejects.reject(
                    line: lineNumber,
                    errors: [
                        Diagnostic(
                            .error, field: "event", "line is \(length) bytes, longer than the \(Self.maxLineBytes >> 20) MiB limit; not parsed")
                    ],
                    rawLine: nil)
            case .bytes(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    summary.blankLines += 1
                    continue
                }
                let result = transformer.transform(eventJSON: bytes, now: now)
                for diagnostic in result.diagnostics where diagnostic.severity == .warning {
                    summary.warningsByField[diagnostic.field.replacingItemIndices(), default: 0] += 1
                }
                switch result.outcome {
                case .sendable:
                    summary.eventsSent += 1
                    for payload in result.payloads {
                        try output.write(payload.body)
                        try output.write(newline)
                        summary.payloads += 1
                    }
                case .skipped:
                    summary.skipped += 1
                case .invalid:
                    summary.rejected += 1
                    try rejects.reject(line: lineNumber, errors: result.errors, rawLine: bytes)
                }
            }
        }
        try output.flush()
        try rejects.flush()
        return summary
    }
}

private let newline: [UInt8] = [0x0A]

extension String {
    /// The path with numeric segments written as `X` (`properties.contents.2.price` → `…X.price`).
    func replacingItemIndices() -> String {
        guard contains(where: \.isASCIIDigit) else { return self }
        return split(separator: ".", omittingEmptySubsequences: false)
            .map { $0.allSatisfy(\.isASCIIDigit) && !$0.isEmpty ? "X" : String($0) }
            .joined(separator: ".")
    }
}

/// Reads a file descriptor line by line through one reusable buffer.
public struct LineReader {
    /// One line of input.
    public enum Line {
        /// The line's bytes, without the `\n` and a trailing `\r`.
        case bytes([UInt8])
        /// A line longer than the limit, skipped; its length in bytes.
        case tooLong(Int)
    }

    let descriptor: Int32
    let name: String
    let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    /// Reads `descriptor` (named `name` in errors); lines over `maxLineBytes` are skipped.
    public init(descriptor: Int32, name: String, maxLineBytes: Int) {
        self.descriptor = descriptor
        self.name = name
        self.maxLineBytes = maxLineBytes
        buffer.reserveCapacity(1 << 20)
    }

    /// The next line without its `\n` (and `\r`), or nil at the end of input.
    public mutating func nextLine() throws(FileError) -> Line? {
        var scanned = start
        var discarded = 0
        while true {
            if let newlineIndex = indexOfNewline(from: scanned) {
                let lineStart = start
                start = newlineIndex + 1
                if discarded > 0 { return .tooLong(discarded + newlineIndex - lineStart) }
                return .bytes(withoutCarriageReturn(lineStart..<newlineIndex))
            }
            if atEnd {
                if start == buffer.count, discarded == 0 { return nil }
                let lineStart = start
                start = buffer.count
                if discarded > 0 { return .tooLong(discarded + buffer.count - lineStart) }
                return .bytes(withoutCarriageReturn(lineStart..<buffer.count))
            }
            if buffer.count - start > maxLineBytes {
                discarded += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            let pending = buffer.count - start
            try fill()
            scanned = start + pending
        }
    }

    private func indexOfNewline(from offset: Int) -> Int? {
        guard offset < buffer.count else { return nil }
        return buffer.withUnsafeBytes { raw in
            guard let found = memchr(raw.baseAddress! + offset, 0x0A, raw.count - offset) else { return nil }
            return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }

    private func withoutCarriageReturn(_ range: Range<Int>) -> [UInt8] {
        var end = range.upperBound
        if end > range.lowerBound, buffer[end - 1] == 0x0D { end -= 1 }
        return Array(buffer[range.lowerBound..<end])
    }

    /// Moves the unread tail to the front and reads more bytes; sets `atEnd` at end of input.
    private mutating func fill() throws(FileError) {
        if start > 0 {
            let tailCount = buffer.count - start
            buffer.withUnsafeMutableBufferPointer { pointer in
                guard tailCount > 0 else { return }
                let base = pointer.baseAddress!
                base.update(from: base + start, count: tailCount)
            }
            buffer.removeLast(start)
            start = 0
        }
        let chunk = 1 << 20
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + oldCount, chunk) }
        } while count < 0 && errno == EINTR
        if count < 0 {
            let reason = FileIO.describeErrno(errno, forReading: true)
            buffer.removeLast(chunk)
            throw FileError(path: name, reason: reason)
        }
        buffer.removeLast(chunk - count)
        if count == 0 { atEnd = true }
    }
}

/// A destination for bytes, buffered and flushed to a file descriptor.
public final class ByteSink {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20

    /// Writes to `descriptor`, naming it `name` in errors.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends bytes, flushing when the buffer is full.
    public func write(_ bytes: [UInt8]) throws(FileError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes out everything buffered and asks the system to put it on disk.
    public func sync() throws(FileError) {
        try flush()
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw FileError(path: name, reason: "cannot flush to disk: \(FileIO.describeErrno(errno, forReading: false))")
        }
    }

    /// Writes out everything buffered.
    public func flush() throws(FileError) {
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: name, reason: FileIO.describeErrno(errno, forReading: false))
            }
            written += count
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Where rejected lines go: NDJSON records `{"line": N, "errors": [...], "event": …}`, or, with no
/// rejects file, one `error: line N: field: message` line each on standard error (no raw data).
public final class RejectSink {
    private let sink: ByteSink
    private let asRecords: Bool

    /// Rejects written as NDJSON records to `sink`.
    public init(records sink: ByteSink) {
        self.sink = sink
        self.asRecords = true
    }

    /// Rejects written as diagnostic lines (no event data) to `sink`.
    public init(messages sink: ByteSink) {
        self.sink = sink
        self.asRecords = false
    }

    /// Records one rejected line; `rawLine` is nil when the line was not kept (too long).
    public func reject(line: Int, errors: [Diagnostic], rawLine: [UInt8]?) throws(FileError) {
        var writer = JSONWriter(capacity: (rawLine?.count ?? 0) + 256)
        if asRecords {
            writer.appendRaw("{\"line\":")
            writer.appendInteger(Int64(line))
            writer.appendRaw(",\"errors\":")
            writer.append(.array(errors.map(\.jsonValue)))
            writer.appendRaw(",\"event\":")
            if let rawLine, (try? JSONDocument(parsing: rawLine)) != nil {
                writer.appendRaw(rawLine)
            } else if let rawLine {
                writer.appendString(String(decoding: rawLine, as: UTF8.self))
            } else {
                writer.appendRaw("null")
            }
            writer.appendRaw("}\n")
        } else {
            for error in errors {
                writer.appendRaw(Array("error: line \(line): \(error.field): \(error.message)\n".utf8))
            }
        }
        try sink.write(writer.bytes)
    }

    /// Writes out everything buffered.
    public func flush() throws(FileError) {
        try sink.flush()
    }
}

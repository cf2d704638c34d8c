/// An incremental NDJSON transform: bytes go in as they arrive, in chunks of any size, and each
/// complete line comes out transformed, with its line number.
///
/// It suits a socket, a message queue or a file read in pieces: memory holds one partial line at
/// most, and a line is transformed as soon as its newline arrives. Blank lines are counted but not
/// returned; a trailing `\r` is ignored; a line longer than ``maximumLineLength`` is returned as an
/// error without being parsed or kept.
///
/// ```swift
/// var stream = NDJSONStream(transformer: transformer)
/// for chunk in chunks {
///     for line in stream.append(chunk) { handle(line) }
/// }
/// for line in stream.finish() { handle(line) }
/// ```
public struct NDJSONStream: Sendable {
    /// One transformed input line.
    public struct Line: Sendable {
        /// The line's number in the stream, counted from 1, blank lines included.
        public var number: Int
        /// What the transform made of the line.
        public var result: TransformResult
    }

    /// The longest line transformed; longer lines are reported as errors (64 MiB).
    public static let maximumLineLength = NDJSONTransform.maxLineBytes

    private let transformer: Transformer
    private var pending: [UInt8] = []
    private var overlongLength: Int?
    private var lineCount = 0

    /// Creates a stream that transforms each line with `transformer`.
    public init(transformer: Transformer) {
        self.transformer = transformer
    }

    /// Adds the next bytes of the input and transforms every line they complete; a final line
    /// without its newline waits for more bytes or for ``finish(now:)``.
    ///
    /// - Parameters:
    ///   - bytes: The next bytes of the input, in any amount: part of a line, or many lines.
    ///   - now: The time event ages are checked against, in milliseconds since 1970; nil for
    ///     the system clock.
    public mutating func append(_ bytes: some Collection<UInt8>, now: Int64? = nil) -> [Line] {
        let now = now ?? WallClock.epochMilliseconds()
        var lines: [Line] = []
        var rest = bytes[...]
        while let newline = rest.firstIndex(of: 0x0A) {
            take(rest[..<newline])
            if let line = completeLine(now: now) { lines.append(line) }
            rest = rest[rest.index(after: newline)...]
        }
        take(rest)
        return lines
    }

    /// Transforms the last line when the input did not end with a newline; call it once the input
    /// has ended.
    ///
    /// - Parameter now: The time event ages are checked against; nil for the system clock.
    public mutating func finish(now: Int64? = nil) -> [Line] {
        guard !pending.isEmpty || overlongLength != nil else { return [] }
        let line = completeLine(now: now ?? WallClock.epochMilliseconds())
        return line.map { [$0] } ?? []
    }

    /// Adds bytes to the current line, dropping them once the line is longer than the limit.
    private mutating func take(_ bytes: some Collection<UInt8>) {
        if let length = overlongLength {
            overlongLength = length + bytes.count
        } else if pending.count + bytes.count > Self.maximumLineLength {
            overlongLength = pending.count + bytes.count
            pending = []
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    /// Ends the current line and transforms it; nil for a blank line.
    private mutating func completeLine(now: Int64) -> Line? {
        lineCount += 1
        defer {
            pending.removeAll(keepingCapacity: true)
            overlongLength = nil
        }
        if let length = overlongLength {
            let result = TransformResult(payloads: [], diagnostics: [NDJSONTransform.tooLong(length)], outcome: .invalid)
            return Line(number: lineCount, result: result)
        }
        if pending.last == 0x0D { pending.removeLast() }
        if pending.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        return Line(number: lineCount, result: transformer.transform(eventJSON: pending, now: now))
    }
}

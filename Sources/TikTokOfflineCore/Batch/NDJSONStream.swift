/// An incremental NDJSON transform: bytes go in as they arrive, in chunks of any size, and each
/// complete line comes out transformed, with its line number.
///
/// It suits a socket, a message queue or a file read in pieces: between calls it keeps only the
/// partial last line (nothing of a line over the limit), and a line is transformed as soon as its
/// newline arrives. Blank lines are counted but not returned; a trailing `\r` is ignored; a line
/// longer than ``maximumLineLength`` is returned as an error without being parsed or kept.
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
    /// The bytes after the last newline: the start of the next line.
    private var pending: [UInt8] = []
    /// The length so far of a line over the limit, whose bytes are dropped as they arrive.
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
        var lineStart = 0
        var scanned = pending.count
        pending.append(contentsOf: bytes)
        while let newline = NDJSONLine.newline(in: pending, from: scanned, to: pending.count) {
            if let line = completeLine(lineStart..<newline, now: now) { lines.append(line) }
            lineStart = newline + 1
            scanned = lineStart
        }
        pending.removeFirst(lineStart)
        if overlongLength != nil || pending.count > Self.maximumLineLength {
            overlongLength = (overlongLength ?? 0) + pending.count
            pending.removeAll()
        }
        return lines
    }

    /// Transforms the last line when the input did not end with a newline; call it once the input
    /// has ended.
    ///
    /// - Parameter now: The time event ages are checked against; nil for the system clock.
    public mutating func finish(now: Int64? = nil) -> [Line] {
        guard !pending.isEmpty || overlongLength != nil else { return [] }
        let line = completeLine(0..<pending.count, now: now ?? WallClock.epochMilliseconds())
        pending.removeAll()
        return line.map { [$0] } ?? []
    }

    /// Ends the line whose bytes since the last newline are `pending[range]` and transforms it;
    /// nil for a blank line.
    private mutating func completeLine(_ range: Range<Int>, now: Int64) -> Line? {
        lineCount += 1
        if overlongLength != nil || range.count > Self.maximumLineLength {
            let length = (overlongLength ?? 0) + range.count
            overlongLength = nil
            let result = TransformResult(payloads: [], diagnostics: [NDJSONTransform.tooLong(length)], outcome: .invalid)
            return Line(number: lineCount, result: result)
        }
        let line = Array(pending[NDJSONLine.content(of: range, in: pending)])
        if NDJSONLine.isBlank(line) { return nil }
        return Line(number: lineCount, result: transformer.transform(line, now: now))
    }
}

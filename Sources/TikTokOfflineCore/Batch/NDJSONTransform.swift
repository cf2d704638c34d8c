internal import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bulk transform: NDJSON events in, one request body per line out, bad lines to a rejects
/// sink with their line numbers. Memory stays flat: input is read in fixed chunks and output is
/// flushed as it fills, whatever the file's length.
///
/// Lines are transformed in batches. With one job everything happens on the calling thread; with
/// several, that many threads (the calling one among them) each take the next batch, transform it
/// and write what is ready (no wave to wait for), and results are written in input order, so the
/// output is byte for byte the same whatever the number of jobs.
package struct NDJSONTransform: Sendable {
    /// Lines longer than this are rejected without being parsed (the rest of the file goes on).
    package static let maxLineBytes = 64 << 20
    /// A batch closes after this many lines or input bytes, whichever comes first. Small enough
    /// that a batch, its payloads and the read chunk stay in one core's cache while the batch
    /// moves from reading to transforming to writing (2 048 lines and 2 MiB were 8% slower on
    /// one core, docs/BENCHMARKS.md).
    static let batchLines = 128
    static let batchBytes = 128 << 10

    /// What a run did.
    package struct Summary: Sendable, Equatable {
        /// Lines read, blank ones included.
        package var lines = 0
        /// Blank lines (ignored).
        package var blankLines = 0
        /// Events that produced payloads.
        package var eventsSent = 0
        /// Payloads written (an event fans out to one per mapping row).
        package var payloads = 0
        /// Lines written to the rejects sink.
        package var rejected = 0
        /// Events no mapping row selects.
        package var skipped = 0
        /// Warnings by field (item indices written as `X`).
        package var warningsByField: [String: Int] = [:]

        mutating func add(_ other: Summary) {
            lines += other.lines
            blankLines += other.blankLines
            eventsSent += other.eventsSent
            payloads += other.payloads
            rejected += other.rejected
            skipped += other.skipped
            warningsByField.merge(other.warningsByField, uniquingKeysWith: +)
        }
    }

    /// How output reaches its destination.
    package struct Streaming: Sendable, Equatable {
        /// Each line's payloads (and reject) are written out as soon as the line is transformed,
        /// instead of in blocks; lines are then read and transformed one at a time.
        package var lineBuffered = false
        /// An empty line follows each input line's payloads, so a reader knows where one event's
        /// output ends, including for events that produce no payload.
        package var marksEventEnds = false

        /// Block-buffered output with nothing between events: the fastest, for files.
        package static let blocks = Streaming()

        /// Creates a streaming mode.
        package init(lineBuffered: Bool = false, marksEventEnds: Bool = false) {
            self.lineBuffered = lineBuffered
            self.marksEventEnds = marksEventEnds
        }
    }

    private let transformer: Transformer
    private let now: Int64
    private let jobs: Int
    private let streaming: Streaming

    /// Creates a bulk transform; `now` (epoch ms) is used for every event's age checks; `jobs`
    /// batches are transformed at once (1: everything on the calling thread; line-buffered
    /// streaming always uses one).
    package init(transformer: Transformer, now: Int64, jobs: Int = 1, streaming: Streaming = .blocks) {
        self.transformer = transformer
        self.now = now
        self.jobs = streaming.lineBuffered ? 1 : max(1, jobs)
        self.streaming = streaming
    }

    /// The error for a line of `length` bytes, over the limit and so not parsed.
    static func tooLong(_ length: Int) -> Diagnostic {
        Diagnostic(.error, .event, "line is \(length) bytes, longer than the \(maxLineBytes >> 20) MiB limit; not parsed")
    }

    /// The number of processors online, the default for `jobs`.
    package static var processorCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Transforms every line of `input`, writing payloads to `output` and rejects to `rejects`;
    /// `progress` hears the running totals after each batch is written.
    package func run(
        input: Int32, inputName: String, output: ByteSink, rejects: RejectSink, progress: (Summary) -> Void = { _ in }
    ) throws(FileError) -> Summary {
        var reader = LineReader(descriptor: input, name: inputName, maxLineBytes: Self.maxLineBytes)
        let summary =
            jobs == 1
            ? try runOnCallingThread(&reader, output: output, rejects: rejects, progress: progress)
            : try runOnSeveralThreads(reader, output: output, rejects: rejects, progress: progress)
        try output.flush()
        try rejects.flush()
        return summary
    }

    /// One job: read a batch, transform it, write it, and again.
    private func runOnCallingThread(
        _ reader: inout LineReader, output: ByteSink, rejects: RejectSink, progress: (Summary) -> Void
    ) throws(FileError) -> Summary {
        var summary = Summary()
        var lineNumber = 0
        var buffers = BufferPool(batchesInFlight: 1)
        let maxLines = streaming.lineBuffered ? 1 : Self.batchLines
        while let batch = try Batch.read(from: &reader, after: &lineNumber, maxLines: maxLines, buffers: &buffers) {
            try write(transform(batch: consume batch), to: output, rejects: rejects, summary: &summary, buffers: &buffers)
            if streaming.lineBuffered {
                try rejects.flush()
                try output.flush()
            }
            progress(summary)
        }
        return summary
    }

    /// Several jobs: every thread, this one and `jobs - 1` workers, takes the next batch, transforms
    /// it and hands the result back; results are written in input order by whichever thread
    /// completes the run of finished batches. Reading and writing happen under one lock, and no
    /// more than one batch more than there are jobs is read and not yet written, so memory stays
    /// bounded. No thread only reads and writes: such a thread would take the CPU from a worker
    /// every time a batch was ready.
    private func runOnSeveralThreads(
        _ reader: consuming LineReader, output: ByteSink, rejects: RejectSink, progress: (Summary) -> Void
    ) throws(FileError) -> Summary {
        let run = OrderedRun(
            reader: reader, maxAhead: jobs + 1,
            write: { [self] result, summary, buffers throws(FileError) in
                try write(result, to: output, rejects: rejects, summary: &summary, buffers: &buffers)
            })
        let workers = DispatchGroup()
        for _ in 1..<jobs {
            let own = ownTransformer()
            DispatchQueue.global().async(group: workers) { [self] in
                while let batch = run.nextBatch() {
                    let sequence = batch.sequence
                    run.finish(transform(batch: consume batch, with: own), sequence: sequence)
                }
            }
        }
        while let batch = run.nextBatch() {
            let sequence = batch.sequence
            run.finish(transform(batch: consume batch), sequence: sequence)
            progress(run.summary)
        }
        workers.wait()
        return try run.outcome()
    }

    /// Writes one batch's payloads and rejects and adds its counts.
    private func write(
        _ result: consuming BatchResult, to output: ByteSink, rejects: RejectSink, summary: inout Summary, buffers: inout BufferPool
    ) throws(FileError) {
        try result.payloads.withBytes { (bytes) throws(FileError) in try output.write(bytes) }
        for reject in result.rejects {
            try rejects.reject(line: reject.line, errors: reject.errors, rawLine: reject.rawLine)
        }
        summary.add(result.summary)
        var payloadBuffer = result.payloads.takeStorage()
        buffers.giveOutput(&payloadBuffer)
        buffers.giveInput(&result.input)
    }

    /// A transformer compiled again from the same config, for one worker: its tables are its own,
    /// so the workers never write to the same reference counts (each retain of a shared table
    /// would move its cache line from core to core).
    private func ownTransformer() -> Transformer {
        (try? CompiledConfig(transformer.config.config)).map(Transformer.init(config:)) ?? transformer
    }

    /// Transforms one batch with the shared transformer (one job: no other thread shares it).
    private func transform(batch: consuming Batch) -> BatchResult {
        transform(batch: consume batch, with: transformer)
    }

    /// Transforms one batch with `transformer`: the payload lines, the rejects and the counts.
    private func transform(batch: consuming Batch, with transformer: Transformer) -> BatchResult {
        var output: [UInt8] = []
        swap(&output, &batch.output)
        var result = BatchResult(payloads: JSONWriter(reusing: consume output), input: batch.bytes)
        // One line's bytes, its memory reused from line to line: a line kept as a reject's raw
        // bytes is copied away by the next line's write, as arrays are.
        var bytes: [UInt8] = []
        var scratch = Transformer.Scratch()
        for (offset, line) in batch.lines.enumerated() {
            let lineNumber = batch.firstLine + offset
            result.summary.lines += 1
            defer { if streaming.marksEventEnds { result.payloads.appendRaw("\n") } }
            switch line {
            case .tooLong(let length):
                result.summary.rejected += 1
                result.rejects.append(BatchResult.Reject(line: lineNumber, errors: [Self.tooLong(length)], rawLine: nil))
            case .bytes(let range):
                bytes.removeAll(keepingCapacity: true)
                bytes.append(contentsOf: batch.bytes[range])
                if NDJSONLine.isBlank(bytes) {
                    result.summary.blankLines += 1
                    continue
                }
                let transformed = transformer.transform(bytes, now: now, appendingLinesTo: &result.payloads, scratch: &scratch)
                for diagnostic in transformed.diagnostics where diagnostic.severity == .warning {
                    result.summary.warningsByField[diagnostic.subject.fieldPath, default: 0] += 1
                }
                switch transformed.outcome {
                case .sendable:
                    result.summary.eventsSent += 1
                    result.summary.payloads += transformed.payloadCount
                case .skipped:
                    result.summary.skipped += 1
                case .invalid:
                    result.summary.rejected += 1
                    let errors = transformed.diagnostics.filter { $0.severity == .error }
                    result.rejects.append(BatchResult.Reject(line: lineNumber, errors: errors, rawLine: bytes))
                }
            }
        }
        return result
    }
}

/// Consecutive input lines transformed together, their bytes in one buffer: a batch is one
/// allocation, made and freed by whichever thread holds it, not one per line.
private struct Batch: Sendable {
    /// One line of the batch.
    enum Line: Sendable {
        /// The line's bytes in ``Batch/bytes``.
        case bytes(Range<Int>)
        /// A line over the length limit, not kept; its length.
        case tooLong(Int)
    }

    /// The number of the first line (from 1).
    var firstLine: Int
    /// The batch's place in the run (from 0), the order its result is written in.
    var sequence = 0
    var bytes: [UInt8] = []
    var lines: [Line] = []
    /// Memory from an earlier batch, for the payloads (its contents are not meaningful).
    var output: [UInt8] = []

    /// Reads the next batch of at most `maxLines` lines, numbering them after `lineNumber`; nil at
    /// the end of input.
    /// Buffers are taken from `buffers` when it has some, so a run reuses a few large buffers
    /// instead of mapping fresh memory for every batch.
    static func read(
        from reader: inout LineReader, after lineNumber: inout Int, maxLines: Int, buffers: inout BufferPool
    ) throws(FileError) -> Batch? {
        var batch = Batch(firstLine: lineNumber + 1, bytes: buffers.takeInput(), output: buffers.takeOutput())
        batch.lines.reserveCapacity(min(maxLines, 4096))
        while batch.lines.count < maxLines, batch.bytes.count < NDJSONTransform.batchBytes,
            let line = try reader.nextLine(appendingTo: &batch.bytes)
        {
            batch.lines.append(line)
        }
        lineNumber += batch.lines.count
        return batch.lines.isEmpty ? nil : batch
    }
}

/// Emptied batch buffers kept for the next batches. Input and output buffers are kept apart, so
/// each comes back with the capacity its kind needs, and there are enough of each for every batch
/// in flight: once a run is under way it allocates no batch memory, and the system maps no fresh
/// pages for it (with several threads, unmapping memory interrupts every CPU the process runs on).
private struct BufferPool {
    private let limit: Int
    private var inputs: [[UInt8]] = []
    private var outputs: [[UInt8]] = []

    /// A pool for a run with at most `batchesInFlight` batches read and not yet written.
    init(batchesInFlight: Int) {
        limit = batchesInFlight + 1
    }

    /// An empty input buffer, with the capacity of an earlier one when there is one.
    mutating func takeInput() -> [UInt8] { inputs.popLast() ?? [] }

    /// An output buffer, with the memory of an earlier one when there is one (its contents are not
    /// meaningful: ``JSONWriter/init(reusing:)``).
    mutating func takeOutput() -> [UInt8] { outputs.popLast() ?? [] }

    /// Keeps the storage of `buffer`, a batch's input, for a later batch.
    mutating func giveInput(_ buffer: inout [UInt8]) { keep(&buffer, in: &inputs) }

    /// Keeps the storage of `buffer`, a batch's output, for a later batch. Its bytes stay: the
    /// next writer writes over them, and need not fill the memory with zeros again first.
    mutating func giveOutput(_ buffer: inout [UInt8]) { keep(&buffer, in: &outputs, emptying: false) }

    private func keep(_ buffer: inout [UInt8], in kept: inout [[UInt8]], emptying: Bool = true) {
        if emptying { buffer.removeAll(keepingCapacity: true) }
        if kept.count < limit { kept.append(buffer) }
        buffer = []
    }
}

/// What one batch produced, kept until it is written out in order.
private struct BatchResult: Sendable {
    /// A line for the rejects sink.
    struct Reject: Sendable {
        var line: Int
        var errors: [Diagnostic]
        var rawLine: [UInt8]?
    }

    var payloads: JSONWriter
    var rejects: [Reject] = []
    var summary = NDJSONTransform.Summary()
    /// The batch's input buffer, handed back for reuse.
    var input: [UInt8] = []
}

/// What the threads of a several-job run share, under one lock: the input, the buffer pool, the
/// results waiting for their turn to be written, the totals and the first error.
private final class OrderedRun: @unchecked Sendable {
    /// Writes one result and adds its counts (``NDJSONTransform/write(_:to:rejects:summary:buffers:)``).
    typealias Writer = (consuming BatchResult, inout NDJSONTransform.Summary, inout BufferPool) throws(FileError) -> Void

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var reader: LineReader
    private var buffers: BufferPool
    private let maxAhead: Int
    private let writer: Writer
    private var lineNumber = 0
    private var nextToRead = 0
    private var nextToWrite = 0
    private var finished: [Int: BatchResult] = [:]
    private var totals = NDJSONTransform.Summary()
    private var atEnd = false
    private var failure: FileError?

    /// A run reading `reader`, with at most `maxAhead` batches read and not yet written, writing
    /// results with `write`.
    init(reader: consuming LineReader, maxAhead: Int, write: @escaping Writer) {
        self.reader = reader
        self.buffers = BufferPool(batchesInFlight: maxAhead)
        self.maxAhead = maxAhead
        self.writer = write
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// The next batch to transform, numbered in input order; nil at the end of input or once the
    /// run has failed. Waits while `maxAhead` batches are read and not yet written.
    func nextBatch() -> Batch? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while failure == nil, !atEnd, nextToRead - nextToWrite >= maxAhead { pthread_cond_wait(changed, mutex) }
        guard failure == nil, !atEnd else { return nil }
        do throws(FileError) {
            if var batch = try Batch.read(from: &reader, after: &lineNumber, maxLines: NDJSONTransform.batchLines, buffers: &buffers) {
                batch.sequence = nextToRead
                nextToRead += 1
                return batch
            }
            atEnd = true
        } catch {
            failure = error
        }
        pthread_cond_broadcast(changed)
        return nil
    }

    /// Takes the result of batch `sequence` (consumed, so that its buffers come back unshared) and
    /// writes it and every finished result after it whose turn has come.
    func finish(_ result: consuming BatchResult, sequence: Int) {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
        finished[sequence] = consume result
        while failure == nil, let next = finished.removeValue(forKey: nextToWrite) {
            do throws(FileError) {
                try writer(consume next, &totals, &buffers)
            } catch {
                failure = error
            }
            nextToWrite += 1
        }
    }

    /// The totals of the results written so far.
    var summary: NDJSONTransform.Summary {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return totals
    }

    /// The totals once every thread is done, or the first error.
    func outcome() throws(FileError) -> NDJSONTransform.Summary {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let failure { throw failure }
        return totals
    }
}

/// Reads a file descriptor line by line through one reusable buffer.
package struct LineReader {
    /// One line of input.
    package enum Line: Sendable {
        /// The line's bytes, without the `\n` and a trailing `\r`.
        case bytes([UInt8])
        /// A line longer than the limit, skipped; its length in bytes.
        case tooLong(Int)
    }

    let descriptor: Int32
    let name: String
    let maxLineBytes: Int
    /// Bytes read; `start..<end` is not yet returned, the rest is free space for the next read.
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// How much one read asks for (a longer line takes several).
    private static let chunk = 256 << 10

    /// Reads `descriptor` (named `name` in errors); lines over `maxLineBytes` are skipped.
    package init(descriptor: Int32, name: String, maxLineBytes: Int) {
        self.descriptor = descriptor
        self.name = name
        self.maxLineBytes = maxLineBytes
        buffer = [UInt8](repeating: 0, count: Self.chunk)
    }

    /// The next line without its `\n` (and `\r`), or nil at the end of input.
    package mutating func nextLine() throws(FileError) -> Line? {
        switch try nextRange() {
        case nil: return nil
        case .tooLong(let length)?: return .tooLong(length)
        case .bytes(let range)?: return .bytes(Array(buffer[range]))
        }
    }

    /// Appends the next line (without its `\n` and `\r`) to `batch` and says where it lies
    /// there; nil at the end of input.
    fileprivate mutating func nextLine(appendingTo batch: inout [UInt8]) throws(FileError) -> Batch.Line? {
        switch try nextRange() {
        case nil: return nil
        case .tooLong(let length)?: return .tooLong(length)
        case .bytes(let range)?:
            let start = batch.count
            buffer.withUnsafeBufferPointer { batch.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
            return .bytes(start..<batch.count)
        }
    }

    /// The next line as a range of the buffer (valid until the next read), or nil at the end.
    private mutating func nextRange() throws(FileError) -> Batch.Line? {
        var scanned = start
        var discarded = 0
        while true {
            if let newlineIndex = indexOfNewline(from: scanned) {
                let lineStart = start
                start = newlineIndex + 1
                if discarded > 0 { return .tooLong(discarded + newlineIndex - lineStart) }
                return .bytes(NDJSONLine.content(of: lineStart..<newlineIndex, in: buffer))
            }
            if atEnd {
                if start == end, discarded == 0 { return nil }
                let lineStart = start
                start = end
                if discarded > 0 { return .tooLong(discarded + end - lineStart) }
                return .bytes(NDJSONLine.content(of: lineStart..<end, in: buffer))
            }
            if end - start > maxLineBytes {
                discarded += end - start
                start = 0
                end = 0
            }
            let pending = end - start
            try fill()
            scanned = start + pending
        }
    }

    private func indexOfNewline(from offset: Int) -> Int? {
        NDJSONLine.newline(in: buffer, from: offset, to: end)
    }

    /// Moves the unread tail to the front and reads what the descriptor has, up to one chunk
    /// (a pipe returns as soon as a line arrives); sets `atEnd` at end of input.
    private mutating func fill() throws(FileError) {
        if start > 0 {
            let tailCount = end - start
            let from = start
            buffer.withUnsafeMutableBufferPointer { pointer in
                guard tailCount > 0 else { return }
                let base = pointer.baseAddress!
                base.update(from: base + from, count: tailCount)
            }
            start = 0
            end = tailCount
        }
        if buffer.count - end < Self.chunk {
            buffer.append(contentsOf: repeatElement(0, count: Self.chunk - (buffer.count - end)))
        }
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + end, Self.chunk) }
        } while count < 0 && errno == EINTR
        if count < 0 {
            throw FileError(path: name, reason: FileIO.describeErrno(errno, forReading: true))
        }
        end += count
        if count == 0 { atEnd = true }
    }
}

/// The rules of one NDJSON line, shared by the bulk transform's ``LineReader`` and ``NDJSONStream``.
enum NDJSONLine {
    /// The index of the first `\n` in `buffer[offset..<end]`, found with `memchr`.
    static func newline(in buffer: [UInt8], from offset: Int, to end: Int) -> Int? {
        guard offset < end else { return nil }
        return buffer.withUnsafeBytes { raw in
            guard let found = memchr(raw.baseAddress! + offset, 0x0A, end - offset) else { return nil }
            return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }

    /// The line's content: `range` (a line without its `\n`) less a trailing `\r`.
    static func content(of range: Range<Int>, in buffer: [UInt8]) -> Range<Int> {
        guard range.upperBound > range.lowerBound, buffer[range.upperBound - 1] == 0x0D else { return range }
        return range.lowerBound..<range.upperBound - 1
    }

    /// Whether a line holds nothing but spaces and tabs: such a line is counted, not transformed.
    static func isBlank(_ line: [UInt8]) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}

/// A destination for bytes, buffered and flushed to a file descriptor.
package final class ByteSink {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20
    /// Blocks this large are written straight from the caller's memory.
    static let directThreshold = 64 << 10
    /// With ``writesToDiskEarly``, how many bytes are written before their write to disk starts.
    static let writeBackStep = 1 << 20
    /// Whether the disk starts writing what was written every ``writeBackStep`` bytes, so that the
    /// `fsync` at the end finds only the tail left instead of the whole file.
    private let writesToDiskEarly: Bool
    /// Bytes written to the descriptor so far.
    private var written = 0
    /// Where the bytes not yet handed to the disk begin.
    private var writtenBackUpTo = 0
    /// Where the bytes handed to the disk by the previous hint begin.
    private var previousHintStart = 0

    /// Writes to `descriptor`, naming it `name` in errors; `writesToDiskEarly` for a file that is
    /// flushed to disk when complete.
    package init(descriptor: Int32, name: String, writesToDiskEarly: Bool = false) {
        self.descriptor = descriptor
        self.name = name
        self.writesToDiskEarly = writesToDiskEarly
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends bytes, flushing when the buffer is full.
    package func write(_ bytes: [UInt8]) throws(FileError) {
        try bytes.withUnsafeBufferPointer { (bytes) throws(FileError) in try write(bytes) }
    }

    /// Appends bytes, flushing when the buffer is full; a block of at least ``directThreshold``
    /// bytes goes to the descriptor as it is, after what was buffered, without being copied.
    package func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileError) {
        guard bytes.count < Self.directThreshold else {
            try flush()
            try writeAll(UnsafeRawBufferPointer(bytes))
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes out everything buffered and asks the system to put it on disk.
    package func sync() throws(FileError) {
        try flush()
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw FileError(path: name, reason: "cannot flush to disk: \(FileIO.describeErrno(errno, forReading: false))")
        }
    }

    /// Writes out everything buffered.
    package func flush() throws(FileError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { (bytes) throws(FileError) in try writeAll(UnsafeRawBufferPointer(bytes)) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` to the descriptor, however many calls it takes.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        if let code = FileIO.writeAll(descriptor, bytes) {
            throw FileError(path: name, reason: FileIO.describeErrno(code, forReading: false))
        }
        written += bytes.count
        if writesToDiskEarly, written - writtenBackUpTo >= Self.writeBackStep {
            // The hint covers the previous step again: on disk by now, its pages leave the cache
            // instead of waiting there for whoever replaces or deletes the file.
            FileIO.startWritingToDisk(descriptor, offset: previousHintStart, count: written - previousHintStart)
            previousHintStart = writtenBackUpTo
            writtenBackUpTo = written
        }
    }
}

/// Where rejected lines go: NDJSON records `{"line": N, "errors": [...], "event": …}`, or, with no
/// rejects file, one `error: line N: field: message` line each on standard error (no raw data).
package final class RejectSink {
    private let sink: ByteSink
    private let asRecords: Bool

    /// Rejects written as NDJSON records to `sink`.
    package init(records sink: ByteSink) {
        self.sink = sink
        self.asRecords = true
    }

    /// Rejects written as diagnostic lines (no event data) to `sink`.
    package init(messages sink: ByteSink) {
        self.sink = sink
        self.asRecords = false
    }

    /// Records one rejected line; `rawLine` is nil when the line was not kept (too long).
    package func reject(line: Int, errors: [Diagnostic], rawLine: [UInt8]?) throws(FileError) {
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
        try writer.withBytes { (bytes) throws(FileError) in try sink.write(bytes) }
    }

    /// Writes out everything buffered.
    package func flush() throws(FileError) {
        try sink.flush()
    }
}

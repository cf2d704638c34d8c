import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a `send` run behaves.
package struct DeliveryOptions: Sendable {
    /// Events per Events 2.0 request (1 to 1 000).
    package var batchSize = 1000
    /// Requests in flight at once.
    package var concurrency = 4
    /// Retries of one request after rate limits, server errors and network failures; when they
    /// run out, the run stops (nothing is rejected for a passing failure).
    package var maxRetries = 5
    /// The first retry waits up to this long; each further retry doubles it (full jitter, capped at 60 s).
    package var retryBaseDelayMilliseconds = 500
    /// Transform and batch, but send nothing: each request is announced with its body.
    package var dryRun = false
    /// In a dry run, the bodies are indented for reading instead of compact as they would go.
    package var prettyBodies = false

    /// The defaults.
    package init() {}
}

/// What a `send` run did, line by line.
package struct DeliverySummary: Sendable, Equatable {
    /// Input lines read (blank lines included).
    package var linesRead = 0
    /// Lines whose every payload TikTok acknowledged in this run.
    package var linesAcknowledged = 0
    /// Lines finished in an earlier run (journal), not sent again.
    package var linesAlreadyDone = 0
    /// Lines written to the rejects file in this run.
    package var linesRejected = 0
    /// Lines an earlier run of the same journal wrote to the rejects file, not sent again.
    package var linesRejectedEarlier = 0
    /// Lines not finished because the run stopped (read or not): the next run sends them.
    package var linesUnsent = 0
    /// Events no mapping row selects: counted, not sent, not rejected.
    package var linesSkipped = 0
    /// Blank lines.
    package var blankLines = 0
    /// Payloads TikTok acknowledged.
    package var payloadsAcknowledged = 0
    /// Requests sent (or, in a dry run, that would be sent), retries included.
    package var requests = 0
    /// Retries after passing failures.
    package var retries = 0
    /// Why the run stopped early, when it did.
    package var stoppedBecause: String?
}

/// One payload on its way: which line it came from and its body.
struct OutgoingEvent: Sendable {
    var key: PayloadKey
    var payload: Payload
}

/// The outcome of delivering one batch (after retries and splits).
struct BatchResult: Sendable {
    var acknowledged: [PayloadKey] = []
    var rejected: [(PayloadKey, String)] = []
    var unfinished: [PayloadKey] = []
    var requests = 0
    var retries = 0
    var fatal: String?
}

/// Sends transformed events to TikTok: batched by event set, retried, split to isolate bad
/// events, journaled so an interrupted run resumes without resending what was acknowledged.
package final class Delivery {
    /// The TikTok endpoints, relative to the base URL.
    package enum Endpoint {
        /// The legacy offline endpoint: one event per request.
        package static let legacy = "/open_api/v1.3/offline/track/"
        /// The Events 2.0 endpoint: up to 1 000 events per request.
        package static let events20 = "/open_api/v1.3/event/track/"
    }

    private let transformer: Transformer
    private let sender: (any RequestSending)?
    private let options: DeliveryOptions
    private let journal: DeliveryJournal?
    private let rejects: RejectSink
    private let rejectsOutput: ByteSink?
    private let now: Int64
    private let progress: (DeliverySummary) -> Void
    private let announce: (String) -> Void

    private var summary = DeliverySummary()
    private var openLines: [Int: OpenLine] = [:]
    private var groups: [String: [OutgoingEvent]] = [:]
    private var lastJournalFlush: UInt64 = 0

    private struct OpenLine {
        var raw: [UInt8]
        var digest: LineDigest
        /// The TikTok event type of each of the line's payloads, by payload index.
        var tiktokEvents: [String]
        var pending: Int
        var failures: [Diagnostic] = []
    }

    /// Creates a run. `sender` may be nil only for a dry run; `announce` receives the dry run's
    /// description of each request; `progress` is called whenever the counts change.
    package init(
        transformer: Transformer, sender: (any RequestSending)?, options: DeliveryOptions, journal: DeliveryJournal?,
        rejects: RejectSink, rejectsOutput: ByteSink?, now: Int64,
        progress: @escaping (DeliverySummary) -> Void = { _ in }, announce: @escaping (String) -> Void = { _ in }
    ) {
        self.transformer = transformer
        self.sender = sender
        self.options = options
        self.journal = journal
        self.rejects = rejects
        self.rejectsOutput = rejectsOutput
        self.now = now
        self.progress = progress
        self.announce = announce
    }

    private var apiFormat: Config.APIFormat { transformer.config.config.apiFormat }
    private var nonBlankLinesRead: Int { summary.linesRead - summary.blankLines }
    private var batchesEvents: Bool { apiFormat == .events20 && transformer.config.config.testEventCode == nil }

    /// Reads every line of `input` and delivers it; returns what happened.
    package func run(input: inout LineReader) async throws -> DeliverySummary {
        try await withThrowingTaskGroup(of: BatchResult.self) { group in
            var inFlight = 0
            func dispatch(_ events: [OutgoingEvent]) async throws {
                if options.dryRun {
                    describe(events)
                    try flushLines()
                    return
                }
                while inFlight >= options.concurrency, let result = try await group.next() {
                    inFlight -= 1
                    try handle(result)
                }
                guard summary.stoppedBecause == nil, let sender else { return }
                let path = apiFormat == .legacy ? Endpoint.legacy : Endpoint.events20
                let policy = RetryPolicy(
                    maxRetries: options.maxRetries, baseDelayMilliseconds: options.retryBaseDelayMilliseconds, isLegacy: apiFormat == .legacy)
                group.addTask { await Self.deliver(events, path: path, sender: sender, policy: policy) }
                inFlight += 1
            }

            while summary.stoppedBecause == nil, let line = try input.nextLine() {
                summary.linesRead += 1
                for batch in try read(line, number: summary.linesRead) {
                    try await dispatch(batch)
                }
            }
            if summary.stoppedBecause == nil {
                for key in groups.keys.sorted() {
                    if let events = groups.removeValue(forKey: key), !events.isEmpty { try await dispatch(events) }
                }
            }
            // Once the run stops, requests still in flight are cancelled: their events stay
            // unjournaled and go with the next run.
            if summary.stoppedBecause != nil { group.cancelAll() }
            while let result = try await group.next() {
                try handle(result)
                if summary.stoppedBecause != nil { group.cancelAll() }
            }
        }
        try rejectsOutput?.flush()
        try journal?.flush()
        if summary.stoppedBecause != nil {
            while let line = try input.nextLine() {
                summary.linesRead += 1
                if case .bytes(let bytes) = line, Self.isBlank(bytes) { summary.blankLines += 1 }
            }
        }
        summary.linesUnsent =
            nonBlankLinesRead - summary.linesAcknowledged - summary.linesRejected - summary.linesRejectedEarlier - summary.linesSkipped
            - summary.linesAlreadyDone
        progress(summary)
        return summary
    }

    /// Transforms one input line; returns the batches it completes.
    private func read(_ line: LineReader.Line, number: Int) throws(FileError) -> [[OutgoingEvent]] {
        let digest: LineDigest
        switch line {
        case .tooLong(let length):
            digest = LineDigest(tooLongLineOf: length)
        case .bytes(let content):
            if Self.isBlank(content) {
                summary.blankLines += 1
                return []
            }
            digest = LineDigest(line: content)
        }
        if journal?.wasRejected(line: number, content: digest) == true {
            summary.linesRejectedEarlier += 1
            return []
        }
        guard case .bytes(let bytes) = line else {
            if case .tooLong(let length) = line {
                try reject(
                    line: number, digest: digest, raw: nil,
                    errors: [
                        Diagnostic(
                            .error, field: "event",
                            "line is \(length) bytes, longer than the \(NDJSONTransform.maxLineBytes >> 20) MiB limit; not parsed")
                    ])
            }
            return []
        }
        let result = transformer.transform(bytes, now: now)
        switch result.outcome {
        case .skipped:
            summary.linesSkipped += 1
            return []
        case .invalid:
            try reject(line: number, digest: digest, raw: bytes, errors: result.errors)
            return []
        case .sendable:
            break
        }
        let outgoing = result.payloads.enumerated().compactMap { index, payload -> OutgoingEvent? in
            let key = PayloadKey(line: number, index: index)
            return journal?.isAcknowledged(key, content: digest) == true ? nil : OutgoingEvent(key: key, payload: payload)
        }
        guard !outgoing.isEmpty else {
            summary.linesAlreadyDone += 1
            return []
        }
        openLines[number] = OpenLine(raw: bytes, digest: digest, tiktokEvents: result.payloads.map(\.tiktokEvent), pending: outgoing.count)
        guard batchesEvents else { return outgoing.map { [$0] } }
        var complete: [[OutgoingEvent]] = []
        for event in outgoing {
            groups[event.payload.eventSetID, default: []].append(event)
            if groups[event.payload.eventSetID]!.count >= options.batchSize {
                complete.append(groups.removeValue(forKey: event.payload.eventSetID)!)
            }
        }
        return complete
    }

    /// Whether a line holds only spaces and tabs (or nothing).
    private static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private func describe(_ events: [OutgoingEvent]) {
        let path = apiFormat == .legacy ? Endpoint.legacy : Endpoint.events20
        let count = events.count
        announce("POST \(path) \(count) event\(count == 1 ? "" : "s") for event set \(events[0].payload.eventSetID)")
        let body = Self.requestBody(events)
        if options.prettyBodies, let text = JSONWriter.pretty(parsing: body) {
            announce(text)
        } else {
            announce(String(decoding: body, as: UTF8.self))
        }
        summary.requests += 1
        for event in events { finish(event.key, failure: nil) }
    }

    /// Records a finished batch: acknowledgements to the journal, failures to their lines.
    private func handle(_ result: BatchResult) throws {
        summary.requests += result.requests
        summary.retries += result.retries
        if let fatal = result.fatal, summary.stoppedBecause == nil {
            summary.stoppedBecause = fatal
        }
        for key in result.acknowledged {
            guard let digest = openLines[key.line]?.digest else { continue }
            journal?.recordAcknowledged(key, content: digest)
            summary.payloadsAcknowledged += 1
            finish(key, failure: nil)
        }
        for (key, message) in result.rejected {
            finish(key, failure: message)
        }
        for key in result.unfinished {
            openLines[key.line] = nil
        }
        try flushLines()
        progress(summary)
    }

    private var finishedLines: [(Int, OpenLine)] = []

    private func finish(_ key: PayloadKey, failure: String?) {
        guard var line = openLines[key.line] else { return }
        if let failure {
            let event = line.tiktokEvents[key.index]
            line.failures.append(Diagnostic(.error, field: "tiktok", source: event, "TikTok refused \(event): \(failure)"))
        }
        line.pending -= 1
        if line.pending == 0 {
            openLines[key.line] = nil
            finishedLines.append((key.line, line))
        } else {
            openLines[key.line] = line
        }
    }

    /// Writes rejected lines (synced to disk before the journal names them) and flushes the
    /// journal at most every 100 ms.
    private func flushLines() throws {
        var rejectedAny = false
        for (number, line) in finishedLines {
            if line.failures.isEmpty {
                summary.linesAcknowledged += 1
            } else {
                rejectedAny = true
                summary.linesRejected += 1
                try rejects.reject(line: number, errors: line.failures, rawLine: line.raw)
                journal?.recordRejected(line: number, content: line.digest)
            }
        }
        finishedLines.removeAll()
        if rejectedAny { try rejectsOutput?.sync() }
        let clock = Self.milliseconds()
        if let journal, journal.hasPending, rejectedAny || clock - lastJournalFlush >= 100 {
            try journal.flush()
            lastJournalFlush = clock
        }
    }

    private func reject(line: Int, digest: LineDigest, raw: [UInt8]?, errors: [Diagnostic]) throws(FileError) {
        summary.linesRejected += 1
        try rejects.reject(line: line, errors: errors, rawLine: raw)
        if let journal {
            try rejectsOutput?.sync()
            journal.recordRejected(line: line, content: digest)
        }
    }

    /// Monotonic milliseconds, for throttling and rates.
    package static func milliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }

    // MARK: Sending

    /// Sends one batch with retries; splits it when TikTok refuses its content.
    static func deliver(_ events: [OutgoingEvent], path: String, sender: any RequestSending, policy: RetryPolicy) async -> BatchResult {
        var result = BatchResult()
        var attempt = 0
        let body = requestBody(events)
        while true {
            if Task.isCancelled {
                result.unfinished = events.map(\.key)
                return result
            }
            result.requests += 1
            let outcome = await sender.post(path: path, body: body)
            if Task.isCancelled {
                result.unfinished = events.map(\.key)
                return result
            }
            switch Verdict(outcome, isLegacy: policy.isLegacy) {
            case .acknowledged:
                result.acknowledged = events.map(\.key)
                return result
            case .fatal(let message):
                result.fatal = message
                result.unfinished = events.map(\.key)
                return result
            case .retry(let reason):
                guard attempt < policy.maxRetries else {
                    result.fatal =
                        "TikTok could not be reached or kept failing after \(policy.maxRetries) retr\(policy.maxRetries == 1 ? "y" : "ies") (last: \(reason)); nothing was rejected for it"
                    result.unfinished = events.map(\.key)
                    return result
                }
                attempt += 1
                result.retries += 1
                do {
                    try await Task.sleep(nanoseconds: policy.delayNanoseconds(attempt: attempt))
                } catch {
                    result.unfinished = events.map(\.key)
                    return result
                }
            case .invalid(let message), .partial(let message):
                guard events.count > 1 else {
                    result.rejected = [(events[0].key, message)]
                    return result
                }
                let middle = events.count / 2
                for half in [Array(events[..<middle]), Array(events[middle...])] {
                    let part = await deliver(half, path: path, sender: sender, policy: policy)
                    result.merge(part)
                    if part.fatal != nil {
                        result.unfinished += events.map(\.key).filter { key in
                            !result.acknowledged.contains(key) && !result.rejected.contains { $0.0 == key } && !result.unfinished.contains(key)
                        }
                        return result
                    }
                }
                return result
            }
        }
    }

    /// The request body for a batch: a legacy body as it is, or the Events 2.0 envelope of the
    /// first event around every event's `data` element.
    static func requestBody(_ events: [OutgoingEvent]) -> [UInt8] {
        let first = events[0].payload
        guard events.count > 1, let firstElement = first.dataElement else { return first.body }
        var body = Array(first.body[..<firstElement.lowerBound])
        body.reserveCapacity(events.count * (firstElement.count + 1) + body.count + 2)
        for (position, event) in events.enumerated() {
            if position > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: event.payload.body[event.payload.dataElement!])
        }
        body.append(contentsOf: "]}".utf8)
        return body
    }
}

extension BatchResult {
    mutating func merge(_ other: BatchResult) {
        acknowledged += other.acknowledged
        rejected += other.rejected
        unfinished += other.unfinished
        requests += other.requests
        retries += other.retries
        fatal = fatal ?? other.fatal
    }
}

/// Exponential backoff with full jitter.
struct RetryPolicy: Sendable {
    var maxRetries: Int
    var baseDelayMilliseconds: Int
    /// Whether requests go to the legacy endpoint (for the advice when TikTok retires it).
    var isLegacy = false

    /// A random wait in [0, base × 2^(attempt-1)], capped at 60 s.
    func delayNanoseconds(attempt: Int) -> UInt64 {
        let ceiling = min(60_000, baseDelayMilliseconds << min(attempt - 1, 16))
        guard ceiling > 0 else { return 0 }
        return UInt64(Int.random(in: 0...ceiling)) * 1_000_000
    }
}

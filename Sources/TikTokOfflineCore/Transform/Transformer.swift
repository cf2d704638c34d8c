/// The one engine behind preview, validate, transform and send: a Commanders Act event in,
/// TikTok request bodies and diagnostics out.
public struct Transformer: Sendable {
    /// The compiled config driving the transform.
    package let config: CompiledConfig

    /// Creates a transformer for `config`.
    package init(config: CompiledConfig) {
        self.config = config
    }

    /// Creates a transformer, compiling `config`.
    public init(config: Config) throws(ConfigError) {
        self.config = try CompiledConfig(config)
    }

    /// Transforms one Commanders Act event, given as the UTF-8 bytes of a JSON object, into
    /// TikTok request bodies and diagnostics.
    ///
    /// Nothing is thrown: invalid JSON, a missing `event_name` or a value TikTok would refuse
    /// becomes an `error` diagnostic and the ``TransformResult/outcome`` `.invalid`.
    ///
    /// - Parameters:
    ///   - eventJSON: One event as JSON, e.g. one line of an NDJSON file.
    ///   - now: The time event ages are checked against, in milliseconds since 1970 (an event
    ///     too old for TikTok to attribute gets a warning); nil for the system clock.
    public func transform(_ eventJSON: [UInt8], now: Int64? = nil) -> TransformResult {
        let now = now ?? WallClock.epochMilliseconds()
        do {
            return transform(try JSONDocument(parsing: eventJSON), now: now)
        } catch {
            return TransformResult(payloads: [], diagnostics: [Self.invalidJSON(error)], outcome: .invalid)
        }
    }

    /// Transforms one Commanders Act event, given as JSON text, into TikTok request bodies and
    /// diagnostics.
    ///
    /// - Parameters:
    ///   - eventJSON: One event as JSON text.
    ///   - now: The current time in milliseconds since 1970; nil for the system clock.
    public func transform(_ eventJSON: String, now: Int64? = nil) -> TransformResult {
        transform(Array(eventJSON.utf8), now: now)
    }

    /// Transforms one parsed event.
    package func transform(_ event: JSONDocument, now: Int64) -> TransformResult {
        var slots: [Int32] = []
        switch read(event, now: now, slots: &slots) {
        case .finished(let outcome, let diagnostics):
            return TransformResult(payloads: [], diagnostics: diagnostics, outcome: outcome)
        case .read(let normalized, let tiktokEvents, let diagnostics, let outcome):
            let encoder = PayloadEncoder(config: config, event: normalized, document: event)
            let payloads = tiktokEvents.map { tiktokEvent in
                let (body, element) = encoder.body(for: tiktokEvent)
                return Payload(tiktokEvent: tiktokEvent, eventSetID: normalized.eventSetID ?? "", body: body, dataElement: element)
            }
            return TransformResult(payloads: payloads, diagnostics: diagnostics, outcome: outcome)
        }
    }

    /// What the bulk transform keeps of one event: its outcome, diagnostics and payload count.
    package struct LineOutcome {
        /// Whether the event's payloads were written.
        package var outcome: TransformResult.Outcome
        /// Everything worth saying about the event.
        package var diagnostics: [Diagnostic]
        /// How many payload lines were appended.
        package var payloadCount: Int
    }

    /// Transforms one event, given as JSON bytes, appending each request body and a newline to
    /// `writer` when the event is sendable (nothing otherwise): the bulk transform's path, which
    /// writes straight into its output buffer.
    package func transform(_ eventJSON: [UInt8], now: Int64, appendingLinesTo writer: inout JSONWriter) -> LineOutcome {
        var scratch = Scratch()
        return transform(eventJSON, now: now, appendingLinesTo: &writer, scratch: &scratch)
    }

    /// Memory the bulk transform keeps from one event to the next, so that an event allocates no
    /// parser tape and no plan slots: taken when an event starts, handed back when it ends.
    package struct Scratch {
        var tape: [JSONDocument.Node] = []
        var slots: [Int32] = []

        /// Empty memory, which the first event fills.
        package init() {}
    }

    /// ``transform(_:now:appendingLinesTo:)`` with the tape and slots of earlier events.
    package func transform(_ eventJSON: [UInt8], now: Int64, appendingLinesTo writer: inout JSONWriter, scratch: inout Scratch) -> LineOutcome {
        var document: JSONDocument
        do {
            document = try JSONDocument(parsing: eventJSON, reusingTape: &scratch.tape)
        } catch {
            return LineOutcome(outcome: .invalid, diagnostics: [Self.invalidJSON(error)], payloadCount: 0)
        }
        // The tape comes back once the reader and the encoder, which hold copies of the document,
        // are gone: the end of this function.
        defer { scratch.tape = document.takeTape() }
        switch read(document, now: now, slots: &scratch.slots) {
        case .finished(let outcome, let diagnostics):
            return LineOutcome(outcome: outcome, diagnostics: diagnostics, payloadCount: 0)
        case .read(let normalized, let tiktokEvents, let diagnostics, let outcome):
            guard outcome == .sendable else { return LineOutcome(outcome: outcome, diagnostics: diagnostics, payloadCount: 0) }
            let encoder = PayloadEncoder(config: config, event: normalized, document: document)
            writer.withCursor { cursor in
                for tiktokEvent in tiktokEvents {
                    encoder.write(tiktokEvent, to: &cursor)
                    cursor.appendRaw("\n")
                }
            }
            return LineOutcome(outcome: outcome, diagnostics: diagnostics, payloadCount: tiktokEvents.count)
        }
    }

    /// The error for an event that is not valid JSON.
    private static func invalidJSON(_ error: JSONSyntaxError) -> Diagnostic {
        Diagnostic(.error, .event, "invalid JSON at \(error)")
    }

    /// An event after the §5 rules, or why it stops before them.
    private enum Reading {
        /// Not an object, no name, or no mapping row: nothing to write.
        case finished(TransformResult.Outcome, [Diagnostic])
        /// The normalised event and the TikTok events it fans out to.
        case read(NormalizedEvent, tiktokEvents: [String], [Diagnostic], TransformResult.Outcome)
    }

    /// Selects the mapping rows for `event` and applies the §5 rules, its plan slots in the memory
    /// of `slots`, which is handed back for the next event.
    private func read(_ event: JSONDocument, now: Int64, slots: inout [Int32]) -> Reading {
        var taken: [Int32] = []
        swap(&taken, &slots)
        var reader = EventReader(document: event, config: config, now: now, reusingSlots: consume taken)
        defer { slots = reader.slots.takeStorage() }
        guard event.kind(event.root) == .object else {
            reader.report(.error, .event, "the event must be a JSON object")
            return .finished(.invalid, reader.diagnostics)
        }
        // The usual event: a plain ASCII name that a row names, found by its bytes. Anything else
        // (no row found that way, escapes, other text, a missing name) is read as a string below.
        if let nameNode = reader.slots.rootNode(config.plan.eventNameSlot), let range = event.plainStringContent(nameNode),
            let tiktokEvents = event.bytes.withUnsafeBufferPointer({ bytes in
                let name = UnsafeBufferPointer(rebasing: bytes[range])
                return config.tiktokEvents(forASCIIName: UnsafeBufferPointer(rebasing: name[name.trimmingASCIISpaces()]))
            })
        {
            return readMapped(&reader, tiktokEvents: tiktokEvents)
        }
        guard let nameNode = reader.slots.rootNode(config.plan.eventNameSlot), let rawName = event.string(nameNode) else {
            if let nameNode = reader.slots.rootNode(config.plan.eventNameSlot) {
                reader.report(
                    .error, .event, path: "event_name", node: nameNode,
                    "the event has no string event_name, so no mapping row can select it")
                return .finished(.invalid, reader.diagnostics)
            }
            reader.report(.error, .event, source: "event_name", "the event has no string event_name, so no mapping row can select it")
            return .finished(.invalid, reader.diagnostics)
        }
        let name = rawName.trimmingASCIISpaces()
        let tiktokEvents = config.tiktokEvents(forEventNamed: name)
        guard !tiktokEvents.isEmpty else {
            reader.report(.info, .event, path: "event_name", node: nameNode, "no mapping row for event \"\(name)\" and no \"*\" row; event skipped")
            return .finished(.skipped, reader.diagnostics)
        }
        return readMapped(&reader, tiktokEvents: tiktokEvents)
    }

    /// Applies the §5 rules to an event that mapping rows select.
    private func readMapped(_ reader: inout EventReader, tiktokEvents: [String]) -> Reading {
        let normalized = reader.read()
        let hasErrors = reader.diagnostics.contains { $0.severity == .error }
        return .read(normalized, tiktokEvents: tiktokEvents, reader.diagnostics, hasErrors ? .invalid : .sendable)
    }
}

/// What the transform made of one event.
public struct TransformResult: Sendable {
    /// Whether the event can be sent.
    public enum Outcome: Sendable, Equatable {
        /// No `error`: the payloads may be sent.
        case sendable
        /// No mapping row selects the event; nothing to send, nothing wrong.
        case skipped
        /// At least one `error`: the payloads (if any) are partial and must not be sent.
        case invalid
    }

    /// One payload per TikTok event type the event fans out to; partial when ``outcome`` is `.invalid`.
    public var payloads: [Payload]
    /// Everything worth saying about the event, in field order.
    public var diagnostics: [Diagnostic]
    /// Whether the payloads may be sent.
    public var outcome: Outcome

    /// The payloads that may be sent: all of them, or none when the event has an error.
    public var sendablePayloads: [Payload] { outcome == .sendable ? payloads : [] }

    /// The `error` diagnostics.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// One TikTok request body produced from one event and one mapping row.
public struct Payload: Sendable, Equatable {
    /// The TikTok event type of the mapping row.
    public var tiktokEvent: String
    /// The resolved event set id (empty when it could not be resolved).
    public var eventSetID: String
    /// The request body as compact JSON.
    public var body: [UInt8]
    /// For Events 2.0, where the one event object of `data` lies in ``body``, so several events
    /// can be batched into one request; nil in the legacy format.
    package var dataElement: Range<Int>?

    /// Creates a payload.
    package init(tiktokEvent: String, eventSetID: String, body: [UInt8], dataElement: Range<Int>? = nil) {
        self.tiktokEvent = tiktokEvent
        self.eventSetID = eventSetID
        self.body = body
        self.dataElement = dataElement
    }

    /// The body as a JSON value (for pretty printing and inspection).
    package var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }

    /// The body as compact JSON text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body as indented JSON text, keys in the order TikTok documents them, for reading.
    public var prettyText: String { JSONWriter.pretty(parsing: body) ?? JSONValue.null.prettyText }
}

/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// The event cannot be sent as it is.
    case error
    /// The event can be sent but will likely match worse or be rejected later.
    case warning
    /// Worth knowing; nothing is wrong.
    case info

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    /// Errors sort before warnings, warnings before infos.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A message about one event: its severity, what it is about, where the value came from, and
/// what happened.
///
/// ``subject`` and ``origin`` are the diagnostic as data; ``field`` and ``source`` are the same
/// facts as text, made once when the diagnostic is made, for logs and the command line.
/// Messages never quote personal data (emails, phone numbers), so diagnostics are safe to log.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious it is.
    public var severity: Severity
    /// The TikTok field (with item indices, e.g. `properties.contents.1.price`) or `event`: the
    /// ``subject`` as a path.
    public var field: String
    /// The Commanders Act source path or template, when there is one.
    public var source: String?
    /// What happened, in words.
    public var message: String
    /// What the diagnostic is about.
    public var subject: DiagnosticSubject
    /// Where in the event the value came from, when it came from the event.
    public var origin: ValueOrigin?

    /// Creates a diagnostic about `subject`.
    package init(_ severity: Severity, _ subject: DiagnosticSubject, source: String? = nil, origin: ValueOrigin? = nil, _ message: String) {
        self.severity = severity
        self.field = subject.path
        self.source = source
        self.message = message
        self.subject = subject
        self.origin = origin
    }

    /// Creates a diagnostic about something other than the event (a request, a file), named `field`.
    package init(_ severity: Severity, field: String, source: String? = nil, _ message: String) {
        self.init(severity, .other(field), source: source, message)
    }

    /// `severity: field: message`, the command line's stderr form.
    public var description: String { "\(severity.rawValue): \(field): \(message)" }

    /// The diagnostic as a JSON object: `severity`, `field`, `source` (null when none), `message`.
    package var jsonValue: JSONValue {
        [
            "severity": .string(severity.rawValue),
            "field": .string(field),
            "source": source.map(JSONValue.string) ?? .null,
            "message": .string(message),
        ]
    }
}

/// What a ``Diagnostic`` is about.
public enum DiagnosticSubject: Sendable, Equatable {
    /// The event as a whole: its JSON, its `event_name`, its mapping.
    case event
    /// The event set id.
    case eventSetID
    /// A TikTok field; `item` is the position in `items` for a per-item field, else nil.
    case field(TikTokField, item: Int?)
    /// The user data as a whole (`context.user`).
    case userData
    /// The list of contents (`properties.contents`).
    case contents
    /// One element of `items`, at this position.
    case item(Int)
    /// Something outside the event's fields (a request, a file), by name.
    case other(String)

    /// The subject as a path: `event`, `event_set_id`, `properties.contents.1.price`, …
    public var path: String {
        switch self {
        case .event: return "event"
        case .eventSetID: return "event_set_id"
        case .field(let field, let item): return field.path(itemIndex: item)
        case .userData: return "context.user"
        case .contents: return "properties.contents"
        case .item(let index): return "properties.contents.\(index)"
        case .other(let name): return name
        }
    }

    /// The path with item positions written `X` (`properties.contents.X.price`), for counting
    /// diagnostics by field across events.
    public var fieldPath: String {
        switch self {
        case .field(let field, _): return field.rawValue
        case .item: return "properties.contents.X"
        default: return path
        }
    }
}

/// Where a diagnosed value was found: the template that yielded it and, when it is one value of
/// the event, its bytes in the event's JSON.
public struct ValueOrigin: Sendable, Equatable {
    /// The template, as the config (or the default mapping) writes it, that yielded the value.
    public var template: String
    /// The template's position in the field's fallback chain, from 0.
    public var chainIndex: Int
    /// The value's bytes in the event's JSON text (a string with its quotes), when the value is
    /// one node of the event; nil for text a template made from several.
    public var bytes: Range<Int>?

    /// Creates an origin.
    package init(template: String, chainIndex: Int, bytes: Range<Int>?) {
        self.template = template
        self.chainIndex = chainIndex
        self.bytes = bytes
    }
}

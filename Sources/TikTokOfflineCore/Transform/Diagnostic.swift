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

/// A message about one event: its severity, the TikTok field it concerns and the Commanders Act
/// property the value came from.
///
/// Messages never quote personal data (emails, phone numbers), so diagnostics are safe to log.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious it is.
    public var severity: Severity
    /// The TikTok field (with item indices, e.g. `properties.contents.1.price`) or config key.
    public var field: String
    /// The Commanders Act source path or template, when there is one.
    public var source: String?
    /// What happened, in words.
    public var message: String

    /// Creates a diagnostic.
    package init(_ severity: Severity, field: String, source: String? = nil, _ message: String) {
        self.severity = severity
        self.field = field
        self.source = source
        self.message = message
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

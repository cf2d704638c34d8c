/// The destination's settings as saved in `tiktok-offline.json` (format version 1).
///
/// A config holds no secrets and no personal data. Templates are kept as the text the operator
/// wrote; a ``Transformer`` parses them once, when it is created.
public struct Config: Sendable, Equatable {
    /// The format version this build reads and writes.
    public static let formatVersion = 1

    /// Which TikTok request body the transform produces.
    public enum APIFormat: String, Sendable, CaseIterable {
        /// The body of `POST /open_api/v1.3/offline/track/` (the destination's own shape).
        case legacy
        /// The body of `POST /open_api/v1.3/event/track/` with `event_source: "offline"`.
        case events20 = "events_2_0"
    }

    /// One row of the event mapping: a Commanders Act event name (or `*`) and a TikTok event type.
    public struct MappingRow: Sendable, Equatable, Hashable {
        /// The TikTok standard event, e.g. `Purchase`.
        public var tiktokEvent: String
        /// The Commanders Act event name, or `*` for every event without a row of its own.
        public var commandersActEvent: String

        /// Creates a row.
        public init(tiktokEvent: String, commandersActEvent: String) {
            self.tiktokEvent = tiktokEvent
            self.commandersActEvent = commandersActEvent
        }
    }

    /// An extra entry of the channel table: a Commanders Act `type` and the TikTok channel it means.
    public struct ChannelAlias: Sendable, Equatable {
        /// The Commanders Act value (compared case-insensitively).
        public var alias: String
        /// One of TikTok's six channels.
        public var channel: String

        /// Creates an alias.
        public init(alias: String, channel: String) {
            self.alias = alias
            self.channel = channel
        }
    }

    /// The TikTok offline event set id, as a template.
    public var eventSetID: String
    /// The event mapping, in order; at least one row.
    public var mappings: [MappingRow]
    /// The request body format. A file without `api_format` means ``APIFormat/legacy`` (so
    /// version-1 files keep their meaning); a config created from scratch uses Events API 2.0.
    public var apiFormat: APIFormat
    /// The region for phone numbers written without a country code (ISO 3166-1 alpha-2).
    public var phoneRegion: String?
    /// The operator's overrides of field sources: for each field a fallback chain of template
    /// texts, tried in order, the first that yields a value winning (one element for a plain override).
    public var fieldSources: [TikTokField: [String]]
    /// Extra channel-table entries, in the order written.
    public var channelAliases: [ChannelAlias]
    /// TikTok's test event code, sent so events show in the Events Manager test tab.
    public var testEventCode: String?

    /// Creates a config; a new config uses Events API 2.0, other optional settings are absent.
    public init(
        eventSetID: String,
        mappings: [MappingRow],
        apiFormat: APIFormat = .events20,
        phoneRegion: String? = nil,
        fieldSources: [TikTokField: [String]] = [:],
        channelAliases: [ChannelAlias] = [],
        testEventCode: String? = nil
    ) {
        self.eventSetID = eventSetID
        self.mappings = mappings
        self.apiFormat = apiFormat
        self.phoneRegion = phoneRegion
        self.fieldSources = fieldSources
        self.channelAliases = channelAliases
        self.testEventCode = testEventCode
    }

    /// The top-level keys of the format, in canonical order.
    package static let keys = [
        "version", "event_set_id", "mappings", "api_format", "phone_region", "field_sources", "channel_aliases",
        "test_event_code",
    ]
}

/// A problem found in a config, named by its key path.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// How serious the problem is.
    public var severity: Severity
    /// The key path, e.g. `mappings[1].tiktok_event` (empty for the file as a whole).
    public var path: String
    /// What is wrong and, where it helps, how to fix it.
    public var message: String
    /// Where in the file, when known.
    public var position: TextPosition?

    /// Creates a problem.
    package init(_ severity: Severity, _ path: String, _ message: String, at position: TextPosition? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.position = position
    }

    /// `severity: path (line L, column C): message`.
    public var description: String {
        var text = "\(severity.rawValue): "
        if !path.isEmpty { text += path }
        if let position {
            text += path.isEmpty ? "line \(position.line), column \(position.column)" : " (line \(position.line), column \(position.column))"
        }
        if !path.isEmpty || position != nil { text += ": " }
        return text + message
    }
}

/// A config that could not be loaded: every problem found, errors first.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in the order found.
    public var problems: [ConfigProblem]

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A config prepared for transforming events: templates parsed once, mapping rows indexed by
/// event name, the channel table and phone region resolved.
///
/// A class, so that the reader made for every event shares it instead of copying its tables.
package final class CompiledConfig: Sendable {
    /// The config this was compiled from.
    package let config: Config
    let eventSetID: Template
    /// The event set id with its warning, when its template is literal text (the usual config):
    /// the same for every event, so worked out once. Nil when it reads the event or is blank.
    let literalEventSetID: (id: String, problem: String?)?
    let tiktokEventsByName: [String: [String]]
    /// The entries of ``tiktokEventsByName`` whose name is ASCII, as bytes, when there are few:
    /// a name found here needs no `String` and no hashing. Nil when there are too many to scan.
    let asciiEventNames: [(name: [UInt8], tiktokEvents: [String])]?
    let wildcardEvents: [String]
    let sources: [FieldSource]
    let channels: ChannelTable
    let phoneRegion: PhoneRegionTable.Row?
    /// Where each template finds its values in an event.
    let plan: TransformPlan

    /// Compiles `config`; throws the problems that stop a transform (``ConfigValidator``'s
    /// compilable scope: a malformed template, an empty chain, an unknown phone region, no row).
    package init(_ config: Config) throws(ConfigError) {
        let errors = ConfigValidator.problems(in: config, scope: .compilable).filter { $0.severity == .error }
        guard errors.isEmpty else { throw ConfigError(problems: errors) }
        let eventSetID = try! Template(parsing: config.eventSetID)
        let sources = DefaultFieldMapping.table.map { mapping in
            guard let chain = config.fieldSources[mapping.field] else { return mapping.source }
            return FieldSource(templates: chain.map { try! Template(parsing: $0) }, combination: .firstPresent)
        }
        var byName: [String: [String]] = [:]
        for row in config.mappings where row.commandersActEvent != "*" {
            byName[row.commandersActEvent, default: []].append(row.tiktokEvent)
        }
        self.config = config
        self.eventSetID = eventSetID
        let anyEvent = try! JSONDocument(parsing: "{}")
        if eventSetID.isLiteral, let text = eventSetID.evaluate(in: anyEvent).text(in: anyEvent) {
            let id = text.trimmingASCIISpaces()
            self.literalEventSetID = id.isEmpty ? nil : (id, EventSetIDCheck.problem(with: id))
        } else {
            self.literalEventSetID = nil
        }
        self.tiktokEventsByName = byName
        let asciiNames = byName.filter { $0.key.utf8.allSatisfy { $0 < 0x80 } }.map { (Array($0.key.utf8), $0.value) }
        self.asciiEventNames = asciiNames.count <= Self.asciiNamesScanned ? asciiNames : nil
        self.wildcardEvents = config.mappings.filter { $0.commandersActEvent == "*" }.map(\.tiktokEvent)
        self.sources = sources
        self.channels = ChannelTable(aliases: Dictionary(config.channelAliases.map { ($0.alias, $0.channel) }, uniquingKeysWith: { _, last in last }))
        self.phoneRegion = config.phoneRegion.flatMap { PhoneRegionTable.shared.region($0) }
        self.plan = TransformPlan(sources: sources, eventSetID: eventSetID)
    }

    /// The most ASCII event names ``asciiEventNames`` scans one by one.
    private static let asciiNamesScanned = 16

    /// The TikTok event types of the rows for the event named by the ASCII bytes `name`, or nil
    /// when no row has that name or the rows were not scanned (the caller then asks
    /// ``tiktokEvents(forEventNamed:)``). Equal ASCII bytes are equal strings, and a name with
    /// other bytes is never equal bytes to an ASCII one, so a name found here is the one the
    /// dictionary would find.
    func tiktokEvents(forASCIIName name: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard let asciiEventNames else { return nil }
        for entry in asciiEventNames where entry.name.count == name.count {
            if entry.name.withUnsafeBufferPointer({ $0.elementsEqual(name) }) { return entry.tiktokEvents }
        }
        return nil
    }

    /// The TikTok event types an event named `name` fans out to (its own rows, else the `*` rows).
    package func tiktokEvents(forEventNamed name: String) -> [String] {
        tiktokEventsByName[name] ?? wildcardEvents
    }

    /// The effective source of `field`: the operator's override or the default.
    package func source(of field: TikTokField) -> FieldSource {
        sources[field.ordinal]
    }
}

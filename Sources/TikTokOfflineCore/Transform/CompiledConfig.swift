/// A config prepared for transforming events: templates parsed once, mapping rows indexed by
/// event name, the channel table and phone region resolved.
package struct CompiledConfig: Sendable {
    /// The config this was compiled from.
    package let config: Config
    let eventSetID: Template
    let tiktokEventsByName: [String: [String]]
    let wildcardEvents: [String]
    let sources: [FieldSource]
    let channels: ChannelTable
    let phoneRegion: PhoneRegionTable.Row?
    /// Where each template finds its values in an event.
    let plan: TransformPlan

    /// Compiles `config`; throws when a template is malformed or a setting is unknown.
    package init(_ config: Config) throws(ConfigError) {
        var problems: [ConfigProblem] = []
        func parse(_ text: String, path: String) -> Template? {
            do {
                return try Template(parsing: text)
            } catch {
                problems.append(ConfigProblem(.error, path, "invalid template at \(error)"))
                return nil
            }
        }
        let eventSetID = parse(config.eventSetID, path: "event_set_id")
        var sources: [TikTokField: FieldSource] = [:]
        for mapping in DefaultFieldMapping.table {
            if let chain = config.fieldSources[mapping.field] {
                let path = "field_sources[\"\(mapping.field.rawValue)\"]"
                if chain.isEmpty { problems.append(ConfigProblem(.error, path, "an empty fallback chain has no source")) }
                let templates = chain.enumerated().compactMap { index, text in
                    parse(text, path: chain.count == 1 ? path : "\(path)[\(index)]")
                }
                if templates.count == chain.count, !chain.isEmpty {
                    sources[mapping.field] = FieldSource(templates: templates, combination: .firstPresent)
                }
            } else {
                sources[mapping.field] = mapping.source
            }
        }
        var byName: [String: [String]] = [:]
        for row in config.mappings where row.commandersActEvent != "*" {
            byName[row.commandersActEvent, default: []].append(row.tiktokEvent)
        }
        if config.mappings.isEmpty {
            problems.append(ConfigProblem(.error, "mappings", "needs at least one row"))
        }
        var region: PhoneRegionTable.Row?
        if let code = config.phoneRegion {
            region = PhoneRegionTable.shared.region(code)
            if region == nil { problems.append(ConfigProblem(.error, "phone_region", "unknown region \"\(code)\"")) }
        }
        guard problems.isEmpty, let eventSetID else { throw ConfigError(problems: problems) }
        self.config = config
        self.eventSetID = eventSetID
        self.tiktokEventsByName = byName
        self.wildcardEvents = config.mappings.filter { $0.commandersActEvent == "*" }.map(\.tiktokEvent)
        self.sources = TikTokField.allCases.map { sources[$0]! }
        self.channels = ChannelTable(aliases: Dictionary(config.channelAliases.map { ($0.alias, $0.channel) }, uniquingKeysWith: { _, last in last }))
        self.phoneRegion = region
        self.plan = TransformPlan(sources: self.sources, eventSetID: eventSetID)
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

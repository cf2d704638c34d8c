/// The rules of a config's values, in one place: `problems(in:)` checks a whole ``Config`` (the
/// configurator on every edit, `CompiledConfig` before compiling), and ``ConfigDecoder`` applies
/// the same rule functions to each value as it reads a file, adding the value's position.
package enum ConfigValidator {
    /// What one rule found: how serious, and what is wrong.
    package struct Finding: Sendable, Equatable {
        package var severity: Severity
        package var message: String

        package init(_ severity: Severity, _ message: String) {
            self.severity = severity
            self.message = message
        }
    }

    /// Which rules a check applies.
    package enum Scope: Sendable {
        /// Every rule: what a config file or the configurator's draft must satisfy.
        case complete
        /// Only what stops a transform: templates that do not parse, empty chains, an unknown
        /// phone region, no mapping row. A draft with, say, no event set id yet still previews.
        case compilable
    }

    /// The problems of `config` in `scope`, in the order of the format's keys, without positions.
    package static func problems(in config: Config, scope: Scope = .complete) -> [ConfigProblem] {
        let isComplete = scope == .complete
        var problems: [ConfigProblem] = []
        func add(_ path: String, _ findings: [Finding]) {
            problems += findings.map { ConfigProblem($0.severity, path, $0.message) }
        }
        if isComplete {
            add("event_set_id", eventSetIDPresent(config.eventSetID).map { [$0] } ?? eventSetID(config.eventSetID))
        } else {
            add("event_set_id", template(config.eventSetID).map { [$0] } ?? [])
        }
        if config.mappings.isEmpty { add("mappings", [Finding(.error, "needs at least one row")]) }
        var firstIndexOfRow: [Config.MappingRow: Int] = [:]
        for (index, row) in config.mappings.enumerated() where isComplete {
            let path = "mappings[\(index)]"
            let tiktok = nonEmpty(row.tiktokEvent).map { [$0] } ?? tiktokEvent(row.tiktokEvent)
            let commandersAct = nonEmpty(row.commandersActEvent) ?? commandersActEvent(row.commandersActEvent)
            add("\(path).tiktok_event", tiktok)
            add("\(path).commanders_act_event", commandersAct.map { [$0] } ?? [])
            guard !tiktok.contains(where: { $0.severity == .error }), commandersAct?.severity != .error else { continue }
            if let duplicate = duplicate(row, at: index, firstIndexOfRow: &firstIndexOfRow) { add(path, [duplicate]) }
        }
        if isComplete { add("api_format", apiFormat(config.apiFormat).map { [$0] } ?? []) }
        if let region = config.phoneRegion { add("phone_region", (nonEmptyOptional(region) ?? phoneRegion(region)).map { [$0] } ?? []) }
        for field in TikTokField.allCases {
            guard let chain = config.fieldSources[field] else { continue }
            let path = "field_sources[\"\(field.rawValue)\"]"
            let emptiness: (String) -> Finding? = { isComplete ? nonEmptyChainElement($0) : nil }
            if chain.count == 1 {
                add(path, ((isComplete ? nonEmptyOptional(chain[0]) : nil) ?? template(chain[0])).map { [$0] } ?? [])
            } else if chain.isEmpty {
                add(path, [emptyChain])
            } else {
                for (index, text) in chain.enumerated() {
                    let repetition = isComplete ? repeated(text, at: index, in: chain) : nil
                    add("\(path)[\(index)]", (emptiness(text) ?? template(text) ?? repetition).map { [$0] } ?? [])
                }
            }
        }
        guard isComplete else { return problems }
        for alias in config.channelAliases {
            let path = "channel_aliases[\"\(alias.alias)\"]"
            add(path, (aliasName(alias.alias) ?? nonEmpty(alias.channel) ?? channel(alias.channel)).map { [$0] } ?? [])
        }
        if let code = config.testEventCode { add("test_event_code", nonEmptyOptional(code).map { [$0] } ?? []) }
        return problems
    }

    // MARK: Rules

    /// An empty string where a value is required.
    package static func nonEmpty(_ text: String) -> Finding? {
        text.isEmpty ? Finding(.error, "must not be empty") : nil
    }

    /// An empty string for an optional key, which is better left out.
    package static func nonEmptyOptional(_ text: String) -> Finding? {
        text.isEmpty ? Finding(.error, "must not be empty (leave the key out instead)") : nil
    }

    /// An empty event set id.
    package static func eventSetIDPresent(_ text: String) -> Finding? {
        text.isEmpty ? Finding(.error, "must not be empty: it is the id of your Offline event set (TikTok Events Manager)") : nil
    }

    /// An empty template in a fallback chain.
    package static func nonEmptyChainElement(_ text: String) -> Finding? {
        text.isEmpty ? Finding(.error, "must not be empty (remove it from the chain)") : nil
    }

    /// The event set id: a valid template; a literal one should be all digits.
    package static func eventSetID(_ text: String) -> [Finding] {
        do {
            let template = try Template(parsing: text)
            if template.isLiteral, let warning = EventSetIDCheck.problem(with: text) { return [Finding(.warning, warning)] }
            return []
        } catch {
            return [Finding(.error, "invalid template at \(error)")]
        }
    }

    /// A mapping row's TikTok event: one offline event sets accept; a renamed or deprecated name
    /// gets advice.
    package static func tiktokEvent(_ name: String) -> [Finding] {
        guard TikTokEventType.all.contains(name) else {
            let exact = TikTokEventType.all.first { $0.lowercased() == name.lowercased() }
            let hint = exact.map { " (did you mean \"\($0)\"? names are case-sensitive)" } ?? ""
            return [
                Finding(.error, "unknown TikTok event \"\(name)\"\(hint); offline event sets accept \(TikTokEventType.all.joined(separator: ", "))")
            ]
        }
        return TikTokEventType.advice(for: name).map { [Finding($0.severity, $0.message)] } ?? []
    }

    /// A mapping row's Commanders Act event: no surrounding spaces, which would never match.
    package static func commandersActEvent(_ name: String) -> Finding? {
        guard name.trimmingASCIISpaces() != name else { return nil }
        return Finding(.error, "event name \"\(name)\" has leading or trailing spaces and would never match")
    }

    /// A row equal to an earlier one; `firstIndexOfRow` remembers the rows seen.
    package static func duplicate(_ row: Config.MappingRow, at index: Int, firstIndexOfRow: inout [Config.MappingRow: Int]) -> Finding? {
        if let first = firstIndexOfRow[row] {
            return Finding(.error, "duplicate of mappings[\(first)] (\(row.commandersActEvent) → \(row.tiktokEvent))")
        }
        firstIndexOfRow[row] = index
        return nil
    }

    /// The note on the legacy format: TikTok builds on Events API 2.0; `written` says whether the
    /// file names the format or leaves it out.
    package static func legacyAdvice(written: Bool) -> String {
        (written ? "" : "absent, so legacy: ")
            + "the legacy body goes to /offline/track/ (TikTok's Events API 1.0), and TikTok builds on Events API 2.0; \"api_format\": \"events_2_0\" sends the same events, hashed the same way, to /event/track/"
    }

    /// The API format of the model (always written): legacy gets the advice.
    package static func apiFormat(_ format: Config.APIFormat) -> Finding? {
        format == .legacy ? Finding(.info, legacyAdvice(written: true)) : nil
    }

    /// A phone region: a known ISO 3166-1 alpha-2 code.
    package static func phoneRegion(_ code: String) -> Finding? {
        guard PhoneRegionTable.shared.region(code) == nil else { return nil }
        if PhoneRegionTable.shared.region(code.uppercased()) != nil {
            return Finding(.error, "unknown region \"\(code)\" (did you mean \"\(code.uppercased())\"?)")
        }
        return Finding(.error, "unknown region \"\(code)\"; use an ISO 3166-1 alpha-2 code such as \"FR\" or \"US\"")
    }

    /// A field source's template.
    package static func template(_ text: String) -> Finding? {
        do {
            _ = try Template(parsing: text)
            return nil
        } catch {
            return Finding(.error, "invalid template at \(error)")
        }
    }

    /// A chain with no template.
    package static let emptyChain = Finding(
        .error, "an empty fallback chain has no source; give at least one template, or leave the key out for the default")

    /// Element `index` of `chain` when an earlier element is the same template.
    package static func repeated(_ text: String, at index: Int, in chain: [String]) -> Finding? {
        guard let first = chain[..<index].firstIndex(of: text) else { return nil }
        return Finding(.error, "repeats element [\(first)] of the chain; a repeated template can never yield a value the first did not")
    }

    /// A channel alias's name.
    package static func aliasName(_ alias: String) -> Finding? {
        alias.isEmpty ? Finding(.error, "an alias cannot be empty") : nil
    }

    /// A channel alias's target: one of TikTok's channels.
    package static func channel(_ channel: String) -> Finding? {
        guard !ChannelTable.tiktokChannels.contains(channel) else { return nil }
        return Finding(.error, "\"\(channel)\" is not a TikTok channel; use one of \(ChannelTable.tiktokChannels.joined(separator: ", "))")
    }
}

/// The strict reader of config files: every unknown key, wrong type, duplicate or unknown value is
/// a problem named by its key path and line:column; nothing is silently ignored. The shape of the
/// file (keys, types, duplicates) is checked here; the rules of the values are
/// ``ConfigValidator``'s, applied to each value as it is read.
package enum ConfigDecoder {
    /// Decodes a config, returning it with its notes: warnings and infos (config-level diagnostics such
    /// as a renamed TikTok event or the legacy format), or throwing every error and warning found.
    package static func decode(_ bytes: [UInt8]) throws(ConfigError) -> (config: Config, notes: [ConfigProblem]) {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            throw ConfigError(problems: [ConfigProblem(.error, "", "invalid JSON: \(error.message)", at: error.position)])
        }
        var reader = Reader(document: document)
        let config = reader.readConfig()
        let errors = reader.problems.filter { $0.severity == .error }
        guard let config, errors.isEmpty else {
            throw ConfigError(problems: errors + reader.problems.filter { $0.severity == .warning })
        }
        return (config, reader.problems)
    }

    /// Reads a draft leniently (the configurator's recovery file): the same reading, but what
    /// cannot be read is left out instead of refusing the whole, and a missing event set id or
    /// mapping list reads as empty. Nil when the bytes are not a JSON object with a `version`, or
    /// are of a newer format.
    package static func decodeDraft(_ bytes: [UInt8]) -> Config? {
        guard let document = try? JSONDocument(parsing: bytes), document.member(document.root, "version") != nil else { return nil }
        var reader = Reader(document: document, isLenient: true)
        return reader.readConfig()
    }

    /// Decodes a config from text.
    package static func decode(_ text: String) throws(ConfigError) -> (config: Config, notes: [ConfigProblem]) {
        try decode(Array(text.utf8))
    }

    private struct Reader {
        let document: JSONDocument
        /// Whether a config is returned despite problems (a draft), with empty values for what
        /// could not be read.
        var isLenient = false
        var problems: [ConfigProblem] = []

        mutating func readConfig() -> Config? {
            let root = document.root
            guard document.kind(root) == .object else {
                report("", "a config must be a JSON object, found \(document.kindDescription(root))", root)
                return nil
            }
            let members = uniqueMembers(of: root, path: "")
            guard checkVersion(members[lookup: "version"], root: root) else { return nil }
            for (key, entry) in members where !Config.keys.contains(key) {
                report(key, "unknown key\(suggestion(for: key, among: Config.keys))", entry.key)
            }
            let eventSetID = readEventSetID(members[lookup: "event_set_id"], root: root)
            let mappings = readMappings(members[lookup: "mappings"], root: root)
            let apiFormat = readAPIFormat(members[lookup: "api_format"], root: root)
            let phoneRegion = readPhoneRegion(members[lookup: "phone_region"])
            let fieldSources = readFieldSources(members[lookup: "field_sources"])
            let channelAliases = readChannelAliases(members[lookup: "channel_aliases"])
            let testEventCode = readNonEmptyString(
                members[lookup: "test_event_code"], path: "test_event_code", emptiness: ConfigValidator.nonEmptyOptional)
            guard isLenient || (eventSetID != nil && mappings != nil) else { return nil }
            return Config(
                eventSetID: eventSetID ?? "", mappings: mappings ?? [], apiFormat: apiFormat ?? .legacy, phoneRegion: phoneRegion,
                fieldSources: fieldSources, channelAliases: channelAliases, testEventCode: testEventCode)
        }

        /// Checks `version`; false when reading must stop (a newer format is never half-read).
        mutating func checkVersion(_ entry: Entry?, root: Int) -> Bool {
            guard let entry else {
                report("version", "missing required key (this build writes \"version\": \(Config.formatVersion))", root)
                return true
            }
            guard document.isIntegerLiteral(entry.value), let version = Int(document.numberLiteral(entry.value)!) else {
                report("version", "must be the integer \(Config.formatVersion), found \(describe(entry.value))", entry.value)
                return true
            }
            if version > Config.formatVersion {
                problems = [
                    ConfigProblem(
                        .error, "version",
                        "this config was written by a newer tiktok-offline (format version \(version)); this build reads version \(Config.formatVersion). Upgrade tiktok-offline to use it.",
                        at: document.position(entry.value))
                ]
                return false
            }
            if version != Config.formatVersion {
                report("version", "unsupported format version \(version); this build reads version \(Config.formatVersion)", entry.value)
            }
            return true
        }

        mutating func readEventSetID(_ entry: Entry?, root: Int) -> String? {
            guard let entry else {
                report("event_set_id", "missing required key: the TikTok offline event set id (19 digits, from Events Manager)", root)
                return nil
            }
            guard let text = readNonEmptyString(entry, path: "event_set_id", emptiness: ConfigValidator.eventSetIDPresent) else { return nil }
            report("event_set_id", ConfigValidator.eventSetID(text), entry.value)
            return text
        }

        mutating func readMappings(_ entry: Entry?, root: Int) -> [Config.MappingRow]? {
            guard let entry else {
                report("mappings", "missing required key: at least one row {\"tiktok_event\": …, \"commanders_act_event\": …}", root)
                return nil
            }
            guard document.kind(entry.value) == .array else {
                report("mappings", "must be an array of rows, found \(document.kindDescription(entry.value))", entry.value)
                return nil
            }
            let rowNodes = document.elements(entry.value)
            if rowNodes.isEmpty {
                report("mappings", "needs at least one row", entry.value)
            }
            var rows: [Config.MappingRow] = []
            var firstIndexOfRow: [Config.MappingRow: Int] = [:]
            for (index, node) in rowNodes.enumerated() {
                let path = "mappings[\(index)]"
                guard document.kind(node) == .object else {
                    report(
                        path, "must be an object {\"tiktok_event\": …, \"commanders_act_event\": …}, found \(document.kindDescription(node))", node)
                    continue
                }
                let members = uniqueMembers(of: node, path: path)
                let rowKeys = ["tiktok_event", "commanders_act_event"]
                for (key, member) in members where !rowKeys.contains(key) {
                    report("\(path).\(key)", "unknown key\(suggestion(for: key, among: rowKeys))", member.key)
                }
                let tiktok = readTikTokEvent(members[lookup: "tiktok_event"], path: "\(path).tiktok_event", row: node)
                let commandersAct = readCommandersActEvent(members[lookup: "commanders_act_event"], path: "\(path).commanders_act_event", row: node)
                guard let tiktok, let commandersAct else { continue }
                let row = Config.MappingRow(tiktokEvent: tiktok, commandersActEvent: commandersAct)
                if let duplicate = ConfigValidator.duplicate(row, at: index, firstIndexOfRow: &firstIndexOfRow) {
                    report(path, [duplicate], node)
                    continue
                }
                rows.append(row)
            }
            return rows
        }

        mutating func readTikTokEvent(_ entry: Entry?, path: String, row: Int) -> String? {
            guard let entry else {
                report(path, "missing required key", row)
                return nil
            }
            guard let name = readNonEmptyString(entry, path: path) else { return nil }
            let findings = ConfigValidator.tiktokEvent(name)
            report(path, findings, entry.value)
            return findings.contains { $0.severity == .error } ? nil : name
        }

        mutating func readCommandersActEvent(_ entry: Entry?, path: String, row: Int) -> String? {
            guard let entry else {
                report(path, "missing required key (a Commanders Act event name such as \"purchase\", or \"*\" for all events)", row)
                return nil
            }
            guard let name = readNonEmptyString(entry, path: path) else { return nil }
            if let finding = ConfigValidator.commandersActEvent(name) {
                report(path, [finding], entry.value)
                return nil
            }
            return name
        }

        mutating func readAPIFormat(_ entry: Entry?, root: Int) -> Config.APIFormat? {
            guard let entry else {
                report("api_format", ConfigValidator.legacyAdvice(written: false), root, severity: .info)
                return nil
            }
            guard let text = readNonEmptyString(entry, path: "api_format") else { return nil }
            guard let format = Config.APIFormat(rawValue: text) else {
                report("api_format", "unknown format \"\(text)\"; use \"legacy\" or \"events_2_0\"", entry.value)
                return nil
            }
            report("api_format", ConfigValidator.apiFormat(format).map { [$0] } ?? [], entry.value)
            return format
        }

        mutating func readPhoneRegion(_ entry: Entry?) -> String? {
            guard let entry, let text = readNonEmptyString(entry, path: "phone_region", emptiness: ConfigValidator.nonEmptyOptional) else {
                return nil
            }
            if let finding = ConfigValidator.phoneRegion(text) {
                report("phone_region", [finding], entry.value)
                return nil
            }
            return text
        }

        mutating func readFieldSources(_ entry: Entry?) -> [TikTokField: [String]] {
            guard let entry else { return [:] }
            guard document.kind(entry.value) == .object else {
                report(
                    "field_sources",
                    "must be an object of TikTok field → template (or array of templates), found \(document.kindDescription(entry.value))",
                    entry.value)
                return [:]
            }
            var sources: [TikTokField: [String]] = [:]
            let known = TikTokField.allCases.map(\.rawValue)
            for (key, member) in uniqueMembers(of: entry.value, path: "field_sources") {
                let path = "field_sources[\"\(key)\"]"
                guard let field = TikTokField(rawValue: key) else {
                    let why =
                        key == "event_set_id" || key == "event"
                        ? "is a setting, not a field source" : "is not a TikTok field\(suggestion(for: key, among: known))"
                    report(path, "\"\(key)\" \(why); fields are \(known.joined(separator: ", "))", member.key)
                    continue
                }
                if let chain = readChain(member, path: path) { sources[field] = chain }
            }
            return sources
        }

        /// A field source: one template, or a non-empty array of templates tried in order.
        mutating func readChain(_ entry: Entry, path: String) -> [String]? {
            guard document.kind(entry.value) == .array else {
                guard let text = readNonEmptyString(entry, path: path, emptiness: ConfigValidator.nonEmptyOptional),
                    readTemplate(text, path: path, node: entry.value)
                else { return nil }
                return [text]
            }
            let elements = document.elements(entry.value)
            guard !elements.isEmpty else {
                report(path, [ConfigValidator.emptyChain], entry.value)
                return nil
            }
            var chain: [String] = []
            var isValid = true
            for (index, node) in elements.enumerated() {
                let elementPath = "\(path)[\(index)]"
                guard
                    let text = readNonEmptyString(
                        Entry(key: entry.key, value: node), path: elementPath, emptiness: ConfigValidator.nonEmptyChainElement),
                    readTemplate(text, path: elementPath, node: node)
                else {
                    isValid = false
                    continue
                }
                if let repeated = ConfigValidator.repeated(text, at: chain.count, in: chain + [text]) {
                    report(elementPath, [repeated], node)
                    isValid = false
                    continue
                }
                chain.append(text)
            }
            return isValid ? chain : nil
        }

        /// Whether `text` parses as a template, reporting where it does not.
        mutating func readTemplate(_ text: String, path: String, node: Int) -> Bool {
            guard let finding = ConfigValidator.template(text) else { return true }
            report(path, [finding], node)
            return false
        }

        mutating func readChannelAliases(_ entry: Entry?) -> [Config.ChannelAlias] {
            guard let entry else { return [] }
            guard document.kind(entry.value) == .object else {
                report(
                    "channel_aliases", "must be an object of Commanders Act type → TikTok channel, found \(document.kindDescription(entry.value))",
                    entry.value)
                return []
            }
            var aliases: [Config.ChannelAlias] = []
            for (key, member) in uniqueMembers(of: entry.value, path: "channel_aliases") {
                let path = "channel_aliases[\"\(key)\"]"
                if let finding = ConfigValidator.aliasName(key) {
                    report(path, [finding], member.key)
                    continue
                }
                guard let channel = readNonEmptyString(member, path: path) else { continue }
                if let finding = ConfigValidator.channel(channel) {
                    report(path, [finding], member.value)
                    continue
                }
                aliases.append(Config.ChannelAlias(alias: key, channel: channel))
            }
            return aliases
        }

        // MARK: Helpers

        typealias Entry = MemberEntry

        /// The members of an object by key, reporting duplicate keys as errors.
        mutating func uniqueMembers(of object: Int, path: String) -> [(String, Entry)] {
            var seen: Set<String> = []
            var result: [(String, Entry)] = []
            for (keyNode, valueNode) in document.members(object) {
                let key = document.string(keyNode)!
                guard seen.insert(key).inserted else {
                    report(path.isEmpty ? key : "\(path).\(key)", "duplicate key", keyNode)
                    continue
                }
                result.append((key, Entry(key: keyNode, value: valueNode)))
            }
            return result
        }

        mutating func readNonEmptyString(
            _ entry: Entry?, path: String, emptiness: (String) -> ConfigValidator.Finding? = ConfigValidator.nonEmpty
        ) -> String? {
            guard let entry else { return nil }
            guard let text = document.string(entry.value) else {
                report(path, "must be a string, found \(document.kindDescription(entry.value))", entry.value)
                return nil
            }
            if let finding = emptiness(text) {
                report(path, [finding], entry.value)
                return nil
            }
            return text
        }

        mutating func report(_ path: String, _ message: String, _ node: Int, severity: Severity = .error) {
            problems.append(ConfigProblem(severity, path, message, at: document.position(node)))
        }

        /// Reports what the validator's rules found about the value at `node`.
        mutating func report(_ path: String, _ findings: [ConfigValidator.Finding], _ node: Int) {
            for finding in findings { report(path, finding.message, node, severity: finding.severity) }
        }

        func describe(_ node: Int) -> String {
            document.kind(node) == .number ? document.numberLiteral(node)! : document.kindDescription(node)
        }

        func suggestion(for key: String, among candidates: [String]) -> String {
            let close = candidates.min { editDistance($0, key) < editDistance($1, key) }
            guard let close, editDistance(close, key) <= max(2, key.count / 4) else { return "" }
            return " (did you mean \"\(close)\"?)"
        }
    }
}

/// The key and value nodes of one object member.
private struct MemberEntry {
    var key: Int
    var value: Int
}

extension [(String, MemberEntry)] {
    fileprivate subscript(lookup key: String) -> MemberEntry? {
        first { $0.0 == key }?.1
    }
}

/// The Levenshtein distance between two strings, for "did you mean" hints.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let left = Array(lhs)
    let right = Array(rhs)
    guard !left.isEmpty else { return right.count }
    guard !right.isEmpty else { return left.count }
    var previous = Array(0...right.count)
    for (i, leftCharacter) in left.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: right.count)
        for (j, rightCharacter) in right.enumerated() {
            current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (leftCharacter == rightCharacter ? 0 : 1))
        }
        previous = current
    }
    return previous[right.count]
}

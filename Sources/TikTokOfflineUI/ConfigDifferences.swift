import TikTokOfflineCore

extension AppState {
    /// A config problem as the configurator words it: its key, with mapping rows numbered from 1
    /// as the Mappings pane shows them (`mapping row 2: commanders_act_event: …`), then the
    /// message `validate` gives.
    static func describe(_ problem: ConfigProblem) -> String {
        let place = ConfigDifferences.readablePath(problem.path)
        let message = ConfigDifferences.numberingRowsFromOne(problem.message)
        return place.isEmpty ? message : "\(place): \(message)"
    }
}

/// What differs between two configs, key by key and row by row, in words: what the restore
/// dialog lists.
enum ConfigDifferences {
    /// One line per difference from `old` to `new`; empty when they are equal.
    static func lines(from old: Config, to new: Config) -> [String] {
        var lines: [String] = []
        func compare(_ key: String, _ before: String?, _ after: String?) {
            guard before != after else { return }
            lines.append("\(key): \(shown(before)) → \(shown(after))")
        }
        compare("event_set_id", old.eventSetID, new.eventSetID)
        compare("phone_region", old.phoneRegion, new.phoneRegion)
        compare("api_format", old.apiFormat.rawValue, new.apiFormat.rawValue)
        compare("test_event_code", old.testEventCode, new.testEventCode)
        lines += mappingLines(from: old.mappings, to: new.mappings)
        for field in TikTokField.allCases {
            let before = old.fieldSources[field].map(FieldSource.summary(ofChain:))
            let after = new.fieldSources[field].map(FieldSource.summary(ofChain:))
            guard before != after else { continue }
            lines.append("source of \(field.rawValue): \(before ?? "default") → \(after ?? "default")")
        }
        let oldAliases = old.channelAliases.map { "\($0.alias) → \($0.channel)" }
        let newAliases = new.channelAliases.map { "\($0.alias) → \($0.channel)" }
        for alias in oldAliases where !newAliases.contains(alias) { lines.append("channel alias removed: \(alias)") }
        for alias in newAliases where !oldAliases.contains(alias) { lines.append("channel alias added: \(alias)") }
        return lines
    }

    /// Rows removed, added or changed, numbered from 1 as in the Mappings pane; a pure reordering
    /// is said as such.
    private static func mappingLines(from old: [Config.MappingRow], to new: [Config.MappingRow]) -> [String] {
        guard old != new else { return [] }
        func text(_ row: Config.MappingRow) -> String {
            "\(row.commandersActEvent.isEmpty ? "(no name)" : row.commandersActEvent) → \(row.tiktokEvent.isEmpty ? "(no event)" : row.tiktokEvent)"
        }
        if old.count == new.count {
            if old.sorted(by: { text($0) < text($1) }) == new.sorted(by: { text($0) < text($1) }) { return ["mapping rows reordered"] }
            return old.indices.compactMap { index in
                old[index] == new[index] ? nil : "mapping row \(index + 1): \(text(old[index])) becomes \(text(new[index]))"
            }
        }
        var lines: [String] = []
        var remaining = new
        for (index, row) in old.enumerated() {
            if let match = remaining.firstIndex(of: row) {
                remaining.remove(at: match)
            } else {
                lines.append("mapping row \(index + 1) removed: \(text(row))")
            }
        }
        for row in remaining {
            let position = new.firstIndex(of: row).map { $0 + 1 } ?? new.count
            lines.append("mapping row \(position) added: \(text(row))")
        }
        return lines
    }

    private static func shown(_ value: String?) -> String {
        guard let value else { return "not set" }
        return value.isEmpty ? "empty" : "\"\(value)\""
    }

    /// `text` with every `mappings[N]` it names written as `mapping row N+1`.
    static func numberingRowsFromOne(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "mappings[") {
            result += rest[..<start.lowerBound]
            let digits = rest[start.upperBound...].prefix { $0.isNumber }
            let after = rest[start.upperBound...].dropFirst(digits.count)
            guard let index = Int(digits), after.first == "]" else {
                result += rest[start]
                rest = rest[start.upperBound...]
                continue
            }
            result += "mapping row \(index + 1)"
            rest = after.dropFirst()
        }
        return result + rest
    }

    /// A problem's path with `mappings[N]` written as `mapping row N+1`, the key inside the row
    /// after a colon (`mapping row 3: tiktok_event`).
    static func readablePath(_ path: String) -> String {
        let numbered = numberingRowsFromOne(path)
        guard numbered != path, let dot = numbered.firstIndex(of: "."), numbered.hasPrefix("mapping row ") else { return numbered }
        return numbered[..<dot] + ": " + numbered[numbered.index(after: dot)...]
    }
}

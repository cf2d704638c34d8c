import TikTokOfflineCore

/// Reads the recovery file: a config draft in the config format, possibly incomplete (an empty
/// event set id, no mapping rows), so it is read leniently. It never holds the sample event.
package enum RecoveryFile {
    /// The draft in `bytes`, or nil when they are not a config-shaped JSON object.
    package static func read(_ bytes: [UInt8]) -> Config? {
        if let decoded = try? ConfigDecoder.decode(bytes) { return decoded.config }
        guard let value = try? JSONValue(parsing: bytes), case .object(let object) = value, object["version"] != nil else { return nil }
        var config = Config(eventSetID: object["event_set_id"]?.stringValue ?? "", mappings: [])
        if case .array(let rows) = object["mappings"] {
            config.mappings = rows.compactMap { row in
                guard let event = row["tiktok_event"]?.stringValue, TikTokEventType.all.contains(event) else { return nil }
                return Config.MappingRow(tiktokEvent: event, commandersActEvent: row["commanders_act_event"]?.stringValue ?? "")
            }
        }
        config.apiFormat = object["api_format"]?.stringValue.flatMap(Config.APIFormat.init(rawValue:)) ?? .legacy
        config.phoneRegion = object["phone_region"]?.stringValue
        config.testEventCode = object["test_event_code"]?.stringValue
        if case .object(let sources) = object["field_sources"] {
            for member in sources.members {
                guard let field = TikTokField(rawValue: member.key) else { continue }
                if let text = member.value.stringValue {
                    config.fieldSources[field] = [text]
                } else if case .array(let elements) = member.value {
                    let chain = elements.compactMap(\.stringValue)
                    if !chain.isEmpty { config.fieldSources[field] = chain }
                }
            }
        }
        if case .object(let aliases) = object["channel_aliases"] {
            config.channelAliases = aliases.members.compactMap { member in
                member.value.stringValue.map { Config.ChannelAlias(alias: member.key, channel: $0) }
            }
        }
        return config
    }
}

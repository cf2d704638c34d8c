/// The canonical writer of config files: two-space indent, keys in format order, mapping rows and
/// aliases in their order, field sources in field-table order (a one-element fallback chain as a
/// plain string), trailing newline.
package enum ConfigWriter {
    /// The canonical text of `config`.
    package static func canonicalText(_ config: Config) -> String {
        JSONWriter.pretty(jsonValue(config)) + "\n"
    }

    /// The canonical UTF-8 bytes of `config`.
    package static func canonicalBytes(_ config: Config) -> [UInt8] {
        Array(canonicalText(config).utf8)
    }

    /// `config` as a JSON value with its keys in canonical order.
    package static func jsonValue(_ config: Config) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "version", value: .number(JSONNumber(Config.formatVersion))),
            .init(key: "event_set_id", value: .string(config.eventSetID)),
            .init(
                key: "mappings",
                value: .array(
                    config.mappings.map { row in
                        ["tiktok_event": .string(row.tiktokEvent), "commanders_act_event": .string(row.commandersActEvent)]
                    })),
            .init(key: "api_format", value: .string(config.apiFormat.rawValue)),
        ]
        if let region = config.phoneRegion {
            members.append(.init(key: "phone_region", value: .string(region)))
        }
        if !config.fieldSources.isEmpty {
            let sources = TikTokField.allCases.compactMap { field -> JSONObject.Member? in
                guard let chain = config.fieldSources[field], let first = chain.first else { return nil }
                let value: JSONValue = chain.count == 1 ? .string(first) : .array(chain.map { .string($0) })
                return JSONObject.Member(key: field.rawValue, value: value)
            }
            members.append(.init(key: "field_sources", value: .object(JSONObject(sources))))
        }
        if !config.channelAliases.isEmpty {
            let aliases = config.channelAliases.map { JSONObject.Member(key: $0.alias, value: .string($0.channel)) }
            members.append(.init(key: "channel_aliases", value: .object(JSONObject(aliases))))
        }
        if let code = config.testEventCode {
            members.append(.init(key: "test_event_code", value: .string(code)))
        }
        return .object(JSONObject(members))
    }
}

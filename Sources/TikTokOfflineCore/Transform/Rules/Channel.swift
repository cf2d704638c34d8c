/// SPEC §5: the event channel: the Commanders Act `type` through the channel table.
extension EventReader {
    mutating func readChannel() -> String? {
        guard let (text, origin) = readIdentifierAndOrigin(.eventChannel) else { return nil }
        let type = text.trimmingASCIISpaces()
        guard !type.isEmpty else { return nil }
        guard let channel = config.channels.channel(for: type) else {
            report(
                .warning, .field(.eventChannel, item: nil), from: origin,
                "left out: \"\(type)\" is not a TikTok channel and has no alias (add it to channel_aliases; TikTok accepts \(ChannelTable.tiktokChannels.joined(separator: ", ")))"
            )
            return nil
        }
        return channel
    }
}

/// The table that turns a Commanders Act `type` into TikTok's `event_channel`.
package struct ChannelTable: Sendable {
    /// The values TikTok accepts.
    package static let tiktokChannels: [String] = ["email", "website", "phone_call", "in_store", "crm", "other"]

    /// The built-in aliases (keys lower case).
    package static let builtInAliases: [String: String] = [
        "offline": "in_store", "store": "in_store", "shop": "in_store", "instore": "in_store", "in-store": "in_store",
        "online": "website", "web": "website", "site": "website",
        "call": "phone_call", "phone": "phone_call", "callcenter": "phone_call", "call_center": "phone_call",
        "mail": "email", "e-mail": "email",
    ]

    private let entries: [String: String]

    /// The built-in table with `aliases` added or overriding (keys compared case-insensitively).
    package init(aliases: [String: String] = [:]) {
        var entries = Self.builtInAliases
        for channel in Self.tiktokChannels { entries[channel] = channel }
        for (alias, channel) in aliases { entries[alias.lowercased()] = channel }
        self.entries = entries
    }

    /// TikTok's channel for a Commanders Act `type`, or nil when the table has none.
    package func channel(for type: String) -> String? {
        entries[type.lowercasedASCIIFirst()]
    }
}

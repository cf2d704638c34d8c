/// SPEC §5: the event channel: the Commanders Act `type` through the channel table.
extension EventReader {
    mutating func readChannel() -> String? {
        // The usual value, a plain ASCII string the table has, is looked up on its bytes.
        if let node = slotNode(.eventChannel, item: nil), let range = document.plainStringContent(node),
            let channel = document.bytes.withUnsafeBufferPointer({ config.channels.channel(forASCII: UnsafeBufferPointer(rebasing: $0[range])) })
        {
            return channel
        }
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
    /// The entries whose keys are ASCII, as bytes, for ``channel(forASCII:)``.
    private let asciiEntries: [(key: [UInt8], channel: String)]

    /// The built-in table with `aliases` added or overriding (keys compared case-insensitively).
    package init(aliases: [String: String] = [:]) {
        var entries = Self.builtInAliases
        for channel in Self.tiktokChannels { entries[channel] = channel }
        for (alias, channel) in aliases { entries[alias.lowercased()] = channel }
        self.entries = entries
        self.asciiEntries = entries.compactMap { key, channel in key.utf8.allSatisfy { $0 < 0x80 } ? (Array(key.utf8), channel) : nil }
    }

    /// TikTok's channel for a Commanders Act `type`, or nil when the table has none.
    package func channel(for type: String) -> String? {
        entries[type.lowercasedASCIIFirst()]
    }

    /// TikTok's channel for a `type` given as bytes, trimmed and compared without ASCII case; nil
    /// when the table has none or the bytes are not all ASCII (``channel(for:)`` decides those).
    package func channel(forASCII bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let trimmed = bytes[bytes.trimmingASCIISpaces()]
        guard trimmed.allSatisfy({ $0 < 0x80 }) else { return nil }
        for entry in asciiEntries where entry.key.count == trimmed.count {
            if zip(entry.key, trimmed).allSatisfy({ key, byte in key == lowercasedASCII(byte) }) { return entry.channel }
        }
        return nil
    }
}

import TikTokOfflineCore

/// Reads the recovery file: a config draft in the config format, possibly incomplete (an empty
/// event set id, no mapping rows), so it is read leniently, by the config reader's lenient mode.
/// It never holds the sample event.
package enum RecoveryFile {
    /// The draft in `bytes`, or nil when they are not a config-shaped JSON object.
    package static func read(_ bytes: [UInt8]) -> Config? {
        ConfigDecoder.decodeDraft(bytes)
    }
}

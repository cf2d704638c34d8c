import Testing
import TikTokOfflineCore

@testable import TikTokOfflineUI

/// Helpers shared by the UI tests.
enum UIFixtures {
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// 2025-03-20T00:00:00Z: fixed, so age warnings are stable.
    static let now: Int64 = 1_742_428_800_000

    static func sample(_ name: String) throws -> String {
        String(decoding: try FileIO.readAll("\(repositoryRoot)/Tests/TikTokOfflineCoreTests/Fixtures/samples/\(name).json"), as: UTF8.self)
    }

    /// An operator's existing config: legacy format, the event names TikTok renamed in 2025.
    static let fullConfig = Config(
        eventSetID: "7301234567890123456",
        mappings: [
            Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase"),
            Config.MappingRow(tiktokEvent: "SubmitForm", commandersActEvent: "generate_lead"),
        ],
        apiFormat: .legacy,
        phoneRegion: "FR")

    static func state(config: Config = fullConfig, saved: Bool = true, sample: String = "", width: Int = 120, height: Int = 40) -> AppState {
        AppState(
            config: config, savedConfig: saved ? config : nil, path: "configs/tiktok-offline.json", sample: sample,
            themeNames: ["Default", "Dark"], width: width, height: height, now: now)
    }

    static var emptyConfig: Config { Config(eventSetID: "", mappings: []) }
}

extension AppState {
    /// Sends keys in order; returns every effect.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { update(.key($0)) }
    }

    /// Types text key by key.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { update(.key(.character($0))) }
    }

    /// The screen as text.
    var screen: String { view().lines.joined(separator: "\n") }

    /// The whole preview pane's payload text, including what a dialog covers.
    var previewText: String { preview.lines.map { $0.map(\.text).joined() }.joined(separator: "\n") }
}

import Testing

@testable import TikTokOfflineCore

/// Paths and helpers shared by the core tests.
enum Fixtures {
    /// The repository root, found from this file's path.
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The absolute path of a fixture file.
    static func path(_ relative: String) -> String {
        "\(repositoryRoot)/Tests/TikTokOfflineCoreTests/Fixtures/\(relative)"
    }

    /// The bytes of a sample event shipped with the tests.
    static func sample(_ name: String) throws -> [UInt8] {
        try FileIO.readAll(path("samples/\(name).json"))
    }

    /// 2025-03-20T00:00:00Z, a few days after the samples were recorded.
    static let now: Int64 = 1_742_428_800_000
}

/// A config with one row per pair, in the legacy format unless told otherwise.
func makeConfig(
    _ rows: [(String, String)] = [("purchase", "CompletePayment")],
    format: Config.APIFormat = .legacy,
    region: String? = "FR",
    sources: [TikTokField: [String]] = [:],
    aliases: [Config.ChannelAlias] = [],
    testCode: String? = nil,
    eventSetID: String = "7301234567890123456"
) -> Config {
    Config(
        eventSetID: eventSetID,
        mappings: rows.map { Config.MappingRow(tiktokEvent: $0.1, commandersActEvent: $0.0) },
        apiFormat: format, phoneRegion: region, fieldSources: sources, channelAliases: aliases, testEventCode: testCode)
}

/// Transforms `event` (JSON text) with `config` at ``Fixtures/now``.
func transform(_ event: String, _ config: Config = makeConfig()) throws -> TransformResult {
    try Transformer(config: config).transform(Array(event.utf8), now: Fixtures.now)
}

/// The first payload's body as a JSON value.
func firstBody(_ result: TransformResult) throws -> JSONValue {
    try #require(result.payloads.first).json
}

/// The diagnostics of `result` for `field`, as `severity: message`.
func messages(_ result: TransformResult, field: String) -> [String] {
    result.diagnostics.filter { $0.field == field }.map { "\($0.severity.rawValue): \($0.message)" }
}

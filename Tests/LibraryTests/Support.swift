import Foundation
import TikTokOfflineCore

/// Paths and fixtures for the tests of the library's public API.
enum Library {
    /// The repository root, found from this file's path.
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The folder of the built products (beside the test bundle).
    static let productsFolder: String = {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
    }()

    /// The shipped sample events, each as one compact NDJSON line, in name order.
    static func sampleLines() throws -> [String] {
        let folder = "\(repositoryRoot)/Tests/TikTokOfflineCoreTests/Fixtures/samples"
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
            let event = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)")))
            return String(decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// The example config shipped in `docs/examples` (Events 2.0, every sample's event mapped).
    static func exampleConfig() throws -> Config {
        let (config, _) = try Config.load(contentsOfFile: "\(repositoryRoot)/docs/examples/example.json")
        return config
    }

    /// 2025-03-20T00:00:00Z, a few days after the samples were recorded.
    static let now: Int64 = 1_742_428_800_000

    /// Runs `executable` with `arguments`, feeding `input`; returns the exit status and standard
    /// output.
    static func run(_ executable: String, _ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

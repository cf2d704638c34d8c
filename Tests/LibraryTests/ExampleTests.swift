import Foundation
import Testing

/// The embedding example: it runs, it uses nothing but the public API, and the documentation
/// quotes it as it is.
@Suite struct ExampleTests {
    static let source = "\(Library.repositoryRoot)/Examples/Embedding/EmbeddingExample.swift"
    static let binary = "\(Library.productsFolder)/EmbeddingExample"

    @Test func theExamplePrintsConfigProblemsAHashedPayloadAndNoDiagnostic() throws {
        let (status, output) = try Library.run(Self.binary, [])
        #expect(status == 0)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "error: event_set_id (line 1, column 33): must not be empty: it is the id of your Offline event set (TikTok Events Manager)")
        #expect(lines.dropFirst().first == "error: mappings (line 1, column 49): needs at least one row")
        #expect(lines.contains("Purchase for event set 7301234567890123456:"))
        // SHA-256 of "marie.dupont@example.fr" and of "+33612345678".
        #expect(output.contains("\"5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918\""))
        #expect(output.contains("\"42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8\""))
        #expect(!output.contains("warning:"))
        #expect(lines.last == "transformed 2 events at once: 2 sendable")
    }

    @Test func theExampleStreamsStandardInputLineByLine() throws {
        let purchase = #"{"event_name":"purchase","id":"O_9","context":{"event_timestamp":1741959912345},"user":{"email":"a@b.fr"}}"#
        let input = purchase + "\n\n" + #"{"event_name":"page_view"}"# + "\r\n" + #"{"event_name":"purchase"}"# + "\n" + #"{"bad"#
        let (status, output) = try Library.run(Self.binary, ["-"], input: input)
        #expect(status == 0)
        let streamed = output.components(separatedBy: "\n").drop { !$0.hasPrefix("line ") }
        #expect(
            Array(streamed) == [
                "line 1: sendable, 1 payload(s)",
                #"{"event_source":"offline","event_source_id":"7301234567890123456","data":[{"event":"Purchase","event_time":1741959912,"event_id":"O_9","user":{"email":["4d6f878d3916c1843d8b05da4d4c4ea27f63539fe751470544be10eba97588b8"]},"properties":{"order_id":"O_9"}}]}"#,
                "line 3: skipped, 0 payload(s)",
                "line 4: invalid, 1 payload(s)",
                "  error: timestamp: missing: the event time is required (epoch milliseconds or ISO-8601 with an offset)",
                "line 5: invalid, 0 payload(s)",
                "  error: event: invalid JSON at line 1, column 2: unterminated string",
                "",
            ])
    }

    /// Type-checks the example as a program outside this package would be compiled: without the
    /// package's name, so a `package` declaration used by mistake fails the build.
    @Test func theExampleUsesOnlyThePublicAPI() throws {
        let modules = "\(Library.productsFolder)/Modules"
        let (status, output) = try Library.run(
            "/usr/bin/env", ["swiftc", "-typecheck", "-parse-as-library", "-I", modules, Self.source, "-o", "/dev/null"])
        #expect(status == 0, "\(output)")
    }

    /// Every Swift block of the getting-started and thread-safety articles and of the README's
    /// library section is part of the example, line for line (indentation aside).
    @Test(arguments: [
        "Sources/TikTokOfflineCore/TikTokOfflineCore.docc/GettingStarted.md",
        "Sources/TikTokOfflineCore/TikTokOfflineCore.docc/ThreadSafety.md",
        "README.md",
    ])
    func theDocumentationQuotesTheExample(_ document: String) throws {
        let example = try String(contentsOfFile: Self.source, encoding: .utf8)
        let exampleLines = example.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let text = try String(contentsOfFile: "\(Library.repositoryRoot)/\(document)", encoding: .utf8)
        let blocks = Self.swiftBlocks(in: text).filter { !$0.hasPrefix("// Package.swift") }
        #expect(!blocks.isEmpty, "\(document) shows no Swift code")
        for block in blocks {
            let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let found = exampleLines.indices.contains { start in
                exampleLines[start...].starts(with: lines)
            }
            #expect(found, "\(document): this block is not in the example:\n\(block)")
        }
    }

    /// The code of every ```swift fence in `markdown`.
    static func swiftBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" {
                current = []
            } else if current != nil, trimmed == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }
}

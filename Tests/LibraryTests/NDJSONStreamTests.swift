import Testing
import TikTokOfflineCore

/// The incremental NDJSON transform: line numbers, line ends, chunks of any size, overlong lines.
@Suite struct NDJSONStreamTests {
    static let purchase = #"{"event_name":"purchase","id":"O_1","context":{"event_timestamp":1741959912345},"user":{"email":"a@b.fr"}}"#

    static func stream() throws -> NDJSONStream {
        NDJSONStream(transformer: try Transformer(config: Library.exampleConfig()))
    }

    @Test func linesAreNumberedFromOneWithBlankLinesCountedButNotReturned() throws {
        var stream = try Self.stream()
        let lines = stream.append(Array("\(Self.purchase)\n \t\n\r\n\(Self.purchase)\r\n".utf8), now: Library.now)
        #expect(lines.map(\.number) == [1, 4])
        #expect(lines.map(\.result.outcome) == [.sendable, .sendable])
        #expect(lines[0].result.payloads.map(\.bodyText) == lines[1].result.payloads.map(\.bodyText))
        #expect(stream.finish(now: Library.now).isEmpty)
    }

    @Test func aLastLineWithoutNewlineWaitsForFinish() throws {
        var stream = try Self.stream()
        #expect(stream.append(Array(Self.purchase.utf8), now: Library.now).isEmpty)
        let last = stream.finish(now: Library.now)
        #expect(last.map(\.number) == [1])
        #expect(last.first?.result.outcome == .sendable)
        #expect(stream.finish(now: Library.now).isEmpty)
    }

    @Test func everySplitOfTheInputGivesTheSameLines() throws {
        let input = Array("\(Self.purchase)\n{\"event_name\":\"sign_up\"}\n{\"bad\n".utf8)
        var whole = try Self.stream()
        let expected = whole.append(input, now: Library.now).map { "\($0.number) \($0.result.outcome) \($0.result.diagnostics)" }
        #expect(expected.count == 3)
        for split in 0...input.count {
            var stream = try Self.stream()
            let lines =
                stream.append(input[..<split], now: Library.now) + stream.append(input[split...], now: Library.now)
                + stream.finish(now: Library.now)
            #expect(lines.map { "\($0.number) \($0.result.outcome) \($0.result.diagnostics)" } == expected, "split at \(split)")
        }
    }

    @Test func aLineOverTheLimitIsAnErrorAndTheNextLineIsTransformed() throws {
        var stream = try Self.stream()
        let chunk = [UInt8](repeating: 0x20, count: 1 << 20)
        var lines: [NDJSONStream.Line] = []
        for _ in 0..<(NDJSONStream.maximumLineLength >> 20) + 1 {
            lines += stream.append(chunk, now: Library.now)
        }
        lines += stream.append(Array("\n\(Self.purchase)\n".utf8), now: Library.now)
        #expect(lines.map(\.number) == [1, 2])
        #expect(lines.first?.result.outcome == .invalid)
        #expect(
            lines.first?.result.errors.map(\.description) == [
                "error: event: line is 68157440 bytes, longer than the 64 MiB limit; not parsed"
            ])
        #expect(lines.last?.result.outcome == .sendable)
    }

    @Test func aLineOverTheLimitInsideOneChunkIsAnErrorToo() throws {
        var stream = try Self.stream()
        let overlong = [UInt8](repeating: 0x20, count: NDJSONStream.maximumLineLength + 1)
        let lines = stream.append(overlong + Array("\n\(Self.purchase)\n".utf8), now: Library.now)
        #expect(lines.map(\.number) == [1, 2])
        #expect(
            lines.first?.result.errors.map(\.description) == [
                "error: event: line is 67108865 bytes, longer than the 64 MiB limit; not parsed"
            ])
        #expect(lines.last?.result.outcome == .sendable)
    }
}

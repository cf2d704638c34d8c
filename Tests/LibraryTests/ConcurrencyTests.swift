import Testing
import TikTokOfflineCore

/// One compiled config shared by many tasks at once gives the results one task gives.
@Suite struct ConcurrencyTests {
    /// Every sample event, and variants of each with other ids, emails and values, so that no
    /// two tasks transform the same bytes.
    static func events() throws -> [String] {
        let samples = try Library.sampleLines()
        return (0..<400).map { index in
            let sample = samples[index % samples.count]
            return
                sample
                .replacingOccurrences(of: "\"O_", with: "\"O_\(index)_")
                .replacingOccurrences(of: "@", with: "+\(index)@")
                .replacingOccurrences(of: "19.9", with: "\(index).5")
        }
    }

    /// What a result says, as comparable values.
    struct Summary: Equatable, Sendable {
        var outcome: TransformResult.Outcome
        var bodies: [String]
        var diagnostics: [Diagnostic]

        init(_ result: TransformResult) {
            outcome = result.outcome
            bodies = result.payloads.map(\.bodyText)
            diagnostics = result.diagnostics
        }
    }

    @Test func manyTasksSharingOneTransformerAgreeWithOneTask() async throws {
        let transformer = try Transformer(config: Library.exampleConfig())
        let events = try Self.events()
        let serial = events.map { Summary(transformer.transform($0, now: Library.now)) }
        #expect(Set(serial.map(\.bodies)).count == events.count, "the variants should all differ")
        #expect(serial.filter { $0.outcome == .sendable }.count > events.count / 2)

        let concurrent = await withTaskGroup(of: (Int, Summary).self) { group in
            for (index, event) in events.enumerated() {
                group.addTask { (index, Summary(transformer.transform(event, now: Library.now))) }
            }
            var results = [Summary?](repeating: nil, count: events.count)
            for await (index, summary) in group { results[index] = summary }
            return results
        }
        #expect(concurrent == serial)
    }

    @Test func streamsInSeveralTasksAgreeWithOneStream() async throws {
        let transformer = try Transformer(config: Library.exampleConfig())
        let input = Array((try Self.events().joined(separator: "\n") + "\n").utf8)
        var single = NDJSONStream(transformer: transformer)
        let expected = single.append(input, now: Library.now).map { Summary($0.result) }

        let streamed = await withTaskGroup(of: [Summary].self) { group in
            for chunkSize in [1, 7, 4096, input.count] {
                group.addTask {
                    var stream = NDJSONStream(transformer: transformer)
                    var summaries: [Summary] = []
                    var offset = 0
                    while offset < input.count {
                        let end = min(offset + chunkSize, input.count)
                        summaries += stream.append(input[offset..<end], now: Library.now).map { Summary($0.result) }
                        offset = end
                    }
                    return summaries + stream.finish(now: Library.now).map { Summary($0.result) }
                }
            }
            var all: [[Summary]] = []
            for await summaries in group { all.append(summaries) }
            return all
        }
        #expect(streamed.count == 4)
        for summaries in streamed { #expect(summaries == expected) }
    }
}

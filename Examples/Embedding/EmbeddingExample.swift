import TikTokOfflineCore

/// A program that embeds the library the way its documentation shows: decode a config, compile it
/// once, transform one event, read the diagnostics, share the transformer between tasks, then
/// stream NDJSON from standard input.
///
/// The README and the getting-started article quote this file, and a test checks that they still
/// do, so the documentation cannot drift from an API that compiles. Run it with
/// `swift run EmbeddingExample`, or `swift run EmbeddingExample - < events.ndjson`.
@main
struct EmbeddingExample {
    static let configJSON = """
        {
          "version": 1,
          "event_set_id": "7301234567890123456",
          "mappings": [
            { "tiktok_event": "Purchase", "commanders_act_event": "purchase" }
          ],
          "api_format": "events_2_0",
          "phone_region": "FR"
        }
        """

    static let eventJSON = """
        {
          "event_name": "purchase",
          "id": "O_2025_000123",
          "value": 19.9,
          "currency": "EUR",
          "user": { "email": " Marie.Dupont@Example.fr ", "phone": "06 12 34 56 78" },
          "context": { "event_timestamp": 1741959912345 },
          "items": [
            { "id": "SKU_TSHIRT_RED_M", "quantity": 1, "product": { "name": "T-shirt", "price": 19.9 } }
          ]
        }
        """

    static func main() async throws {
        showConfigProblems()

        let config = try Config(decoding: configJSON)
        let transformer = try Transformer(config: config)

        let result = transformer.transform(eventJSON, now: 1_741_960_000_000)
        switch result.outcome {
        case .sendable:
            for payload in result.payloads {
                print("\(payload.tiktokEvent) for event set \(payload.eventSetID):")
                print(payload.prettyText)
            }
        case .skipped:
            print("no mapping row selects this event")
        case .invalid:
            print("not sendable: \(result.errors.count) error(s)")
        }
        for diagnostic in result.diagnostics {
            print(diagnostic)
        }

        let results = await transformConcurrently([eventJSON, eventJSON], with: transformer)
        print("transformed \(results.count) events at once: \(results.filter { $0.outcome == .sendable }.count) sendable")

        if CommandLine.arguments.dropFirst().first == "-" {
            transformStandardInput(with: transformer)
        }
    }

    /// Decodes a config with mistakes and prints every problem found, each naming its key.
    static func showConfigProblems() {
        do {
            _ = try Config(decoding: #"{ "version": 1, "event_set_id": "", "mappings": [] }"#)
        } catch {
            for problem in error.problems {
                print(problem)
            }
        }
    }

    /// Transforms events in concurrent tasks sharing one transformer; results in any order.
    static func transformConcurrently(_ events: [String], with transformer: Transformer) async -> [TransformResult] {
        let results = await withTaskGroup(of: TransformResult.self) { group in
            for event in events {
                group.addTask { transformer.transform(event) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        return results
    }

    /// Transforms NDJSON events read from standard input, one summary line per event.
    static func transformStandardInput(with transformer: Transformer) {
        var stream = NDJSONStream(transformer: transformer)
        while let text = readLine(strippingNewline: false) {
            for line in stream.append(Array(text.utf8)) {
                report(line)
            }
        }
        for line in stream.finish() {
            report(line)
        }
    }

    /// Prints one line's outcome, then each payload body as compact JSON.
    static func report(_ line: NDJSONStream.Line) {
        print("line \(line.number): \(line.result.outcome), \(line.result.payloads.count) payload(s)")
        for payload in line.result.sendablePayloads {
            print(payload.bodyText)
        }
        for error in line.result.errors {
            print("  \(error)")
        }
    }
}

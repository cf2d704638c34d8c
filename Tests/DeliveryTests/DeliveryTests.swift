import Foundation
import Testing
import TikTokOfflineCore
import TikTokOfflineDelivery
import TikTokStandIn

/// One purchase event line with id `id` (and event set `set` under `store.set`).
func eventLine(_ id: String, set: String = "7301234567890123456") -> String {
    #"{"event_name":"purchase","id":"\#(id)","store":{"set":"\#(set)"},"value":10,"currency":"EUR","user":{"email":"u\#(id)@example.com"},"context":{"event_timestamp":1742428000000}}"#
}

func makeConfig(format: Config.APIFormat = .events20, testCode: String? = nil, eventSetID: String = "7301234567890123456") -> Config {
    Config(
        eventSetID: eventSetID, mappings: [Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase")],
        apiFormat: format, testEventCode: testCode)
}

/// Runs a delivery of `lines` in-process against `standIn`; returns the summary and the rejects records.
func deliver(
    _ lines: [String], config: Config = makeConfig(), standIn: TikTokStandIn, token: String = "secret-token",
    configure: (inout DeliveryOptions) -> Void = { _ in }
) async throws -> (DeliverySummary, [[String: Any]]) {
    let folder = NSTemporaryDirectory() + "tiktok-offline-delivery-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let input = folder + "/events.ndjson"
    try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
    let rejectsPath = folder + "/rejects.ndjson"
    let rejectsDescriptor = open(rejectsPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    let rejectsOutput = ByteSink(descriptor: rejectsDescriptor, name: rejectsPath)
    let journal = try DeliveryJournal(path: rejectsPath + ".journal", fingerprint: "test")
    var options = DeliveryOptions()
    options.retryBaseDelayMilliseconds = 1
    options.concurrency = 1
    configure(&options)
    let sender = HTTPSender(baseURL: standIn.baseURL, token: AccessToken(token), timeoutSeconds: 5)
    let delivery = Delivery(
        transformer: try Transformer(config: config), sender: sender,
        options: options, journal: journal, rejects: RejectSink(records: rejectsOutput), rejectsOutput: rejectsOutput, now: 1_742_428_800_000)
    let descriptor = open(input, O_RDONLY)
    defer { close(descriptor) }
    var reader = LineReader(descriptor: descriptor, name: input, maxLineBytes: 1 << 20)
    let summary = try await delivery.run(input: &reader)
    await sender.shutdown()
    close(rejectsDescriptor)
    let records = try String(contentsOfFile: rejectsPath, encoding: .utf8).split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    return (summary, records)
}

@Suite("Delivery against the TikTok stand-in", .serialized)
struct DeliveryTests {
    @Test("Events 2.0 batches at 1 000 events: 999, 1 000 and 1 001", arguments: [(999, [999]), (1000, [1000]), (1001, [1000, 1])])
    func batchBoundaries(count: Int, batches: [Int]) async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        let (summary, rejects) = try await deliver((1...count).map { eventLine("E\($0)") }, standIn: standIn)
        #expect(standIn.requests.map(\.eventCount) == batches)
        #expect(Set(standIn.receivedEventIDs) == Set((1...count).map { "E\($0)" }))
        #expect(summary.linesAcknowledged == count)
        #expect(summary.requests == batches.count)
        #expect(rejects.isEmpty)
        await standIn.shutdown()
    }

    @Test("requests are grouped by resolved event set id")
    func twoEventSets() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        let lines = (1...1500).map { eventLine("E\($0)", set: $0 % 2 == 0 ? "1111111111111111111" : "2222222222222222222") }
        let (summary, _) = try await deliver(lines, config: makeConfig(eventSetID: "{{store.set}}"), standIn: standIn)
        let bySet = Dictionary(grouping: standIn.requests) { request -> String in
            let body = try! JSONSerialization.jsonObject(with: Data(request.body)) as! [String: Any]
            return body["event_source_id"] as! String
        }
        #expect(bySet["1111111111111111111"]?.map(\.eventCount) == [750])
        #expect(bySet["2222222222222222222"]?.map(\.eventCount) == [750])
        #expect(summary.linesAcknowledged == 1500)
        await standIn.shutdown()
    }

    @Test("legacy sends one event per request to /offline/track/ with the token and JSON headers")
    func legacyAndHeaders() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        let (summary, _) = try await deliver(["A", "B", "C"].map { eventLine($0) }, config: makeConfig(format: .legacy), standIn: standIn)
        #expect(standIn.requests.map(\.path) == Array(repeating: "/open_api/v1.3/offline/track/", count: 3))
        #expect(standIn.requests.map(\.eventIDs) == [["A"], ["B"], ["C"]])
        #expect(standIn.requests.allSatisfy { $0.headers["access-token"] == "secret-token" && $0.headers["content-type"] == "application/json" })
        #expect(summary.linesAcknowledged == 3)
        await standIn.shutdown()
    }

    @Test("a batch body is TikTok's envelope around every event")
    func batchBody() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        _ = try await deliver(["A", "B"].map { eventLine($0) }, standIn: standIn)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(standIn.requests[0].body)) as? [String: Any])
        #expect(body["event_source"] as? String == "offline")
        #expect(body["event_source_id"] as? String == "7301234567890123456")
        #expect((body["data"] as? [[String: Any]])?.map { $0["event_id"] as? String } == ["A", "B"])
        #expect(standIn.requests[0].path == "/open_api/v1.3/event/track/")
        await standIn.shutdown()
    }

    @Test("rate limits, 429, server errors and dropped connections are retried, then succeed")
    func retryThenSuccess() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        standIn.update {
            $0.rateLimitNext = 1
            $0.tooManyRequestsNext = 1
            $0.serverErrorNext = 1
            $0.dropNext = 1
        }
        let (summary, rejects) = try await deliver(["A", "B"].map { eventLine($0) }, standIn: standIn)
        #expect(standIn.requests.map(\.answer) == ["dropped", "500/50000", "429/40100", "200/40100", "200/0"])
        #expect(summary.retries == 4)
        #expect(summary.linesAcknowledged == 2)
        #expect(rejects.isEmpty)
        await standIn.shutdown()
    }

    @Test("retries are bounded; then the run stops with nothing rejected and every line still to send")
    func boundedRetries() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        standIn.update { $0.serverErrorNext = 100 }
        let (summary, rejects) = try await deliver(["A", "B"].map { eventLine($0) }, standIn: standIn) { $0.maxRetries = 2 }
        #expect(standIn.requests.count == 3)
        #expect(summary.linesRejected == 0)
        #expect(summary.linesUnsent == 2)
        #expect(rejects.isEmpty)
        #expect(
            summary.stoppedBecause
                == "TikTok could not be reached or kept failing after 2 retries (last: code 50000: System error); nothing was rejected for it")
        await standIn.shutdown()
    }

    @Test("a batch refused for a parameter error is split until exactly the bad events are rejected")
    func splitIsolatesBadEvents() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        standIn.update { $0.rejectedEventIDs = ["E17", "E523", "E1000"] }
        let (summary, rejects) = try await deliver((1...1000).map { eventLine("E\($0)") }, standIn: standIn)
        #expect(summary.linesAcknowledged == 997)
        #expect(summary.linesRejected == 3)
        #expect(rejects.map { $0["line"] as? Int } == [17, 523, 1000])
        #expect((rejects[0]["event"] as? [String: Any])?["id"] as? String == "E17")
        let message = (rejects[0]["errors"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message == "TikTok refused CompletePayment: code 40002: Invalid value for event_id E17: rejected by the stand-in.")
        let acknowledged = standIn.requests.filter { $0.answer == "200/0" }.flatMap(\.eventIDs)
        #expect(Set(acknowledged) == Set((1...1000).map { "E\($0)" }).subtracting(["E17", "E523", "E1000"]))
        #expect(acknowledged.count == 997)
        await standIn.shutdown()
    }

    @Test("an invalid token stops the run at once, without retries or rejects")
    func tokenErrorStops() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "the-right-token"))
        let (summary, rejects) = try await deliver((1...2500).map { eventLine("E\($0)") }, standIn: standIn, token: "wrong")
        #expect(standIn.requests.count == 1)
        #expect(summary.retries == 0)
        #expect(summary.linesRejected == 0)
        #expect(rejects.isEmpty)
        #expect(summary.stoppedBecause?.hasPrefix("TikTok refused the access token (code 40105: ") == true)
        #expect(summary.stoppedBecause?.contains("the-right-token") == false)
        await standIn.shutdown()
    }

    @Test("with a test_event_code, every request carries one event and the code")
    func testEventCode() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        let (summary, _) = try await deliver(["A", "B", "C"].map { eventLine($0) }, config: makeConfig(testCode: "TEST42"), standIn: standIn)
        #expect(standIn.requests.map(\.eventCount) == [1, 1, 1])
        for request in standIn.requests {
            let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            #expect(body["test_event_code"] as? String == "TEST42")
        }
        #expect(summary.linesAcknowledged == 3)
        await standIn.shutdown()
    }

    @Test("unmapped events are counted, not sent; invalid events go to the rejects file")
    func skippedAndInvalid() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        let lines = [eventLine("A"), #"{"event_name":"page_view"}"#, "not json", #"{"event_name":"purchase","id":"X"}"#, ""]
        let (summary, rejects) = try await deliver(lines, standIn: standIn)
        #expect(summary.linesAcknowledged == 1)
        #expect(summary.linesSkipped == 1)
        #expect(summary.linesRejected == 2)
        #expect(summary.blankLines == 1)
        #expect(rejects.map { $0["line"] as? Int } == [3, 4])
        #expect(standIn.receivedEventIDs == ["A"])
        await standIn.shutdown()
    }
}

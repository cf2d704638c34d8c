import Foundation
import Testing
import TikTokStandIn

/// Throughput of `send` against the stand-in on loopback. It prints numbers and asserts only
/// correctness; run it in release with `scripts/bench-send.sh` (TIKTOK_OFFLINE_BENCH=1).
@Suite("send benchmark")
struct SendBenchmark {
    @Test(
        "100 000 events to the stand-in: events per second and peak memory",
        .enabled(if: ProcessInfo.processInfo.environment["TIKTOK_OFFLINE_BENCH"] == "1"),
        arguments: ["events_2_0", "legacy"])
    func throughput(format: String) async throws {
        let count = 100_000
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        let folder = try Folder()
        let config = try folder.write(
            "c.json",
            #"{"version": 1, "event_set_id": "7301234567890123456", "mappings": [{"tiktok_event": "CompletePayment", "commanders_act_event": "purchase"}], "api_format": "\#(format)"}"#
        )
        let sample = try String(
            contentsOfFile: SendCLI.repositoryRoot + "/Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json", encoding: .utf8)
        let compact = String(
            decoding: try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(sample.utf8))), as: UTF8.self)
        let lines = (0..<count).map { compact.replacingOccurrences(of: "O_2025_000123", with: "O_\($0)") }
        let events = try folder.write("e.ndjson", lines.joined(separator: "\n") + "\n")
        let start = Date()
        let process = try SendCLI.start(
            [
                "send", "--config", config, "--input", events, "--rejects", folder.path + "/r.ndjson", "--base-url", standIn.baseURL, "--now",
                "2025-03-20T00:00:00Z",
            ],
            environment: ["TIKTOK_ACCESS_TOKEN": "secret-token"], folder: folder.path)
        var peakKiB = 0
        while process.isRunning {
            peakKiB = max(peakKiB, Self.peakResidentKiB(of: process.processIdentifier))
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(process.terminationStatus == 0)
        #expect(Set(standIn.receivedEventIDs).count == count)
        print(
            "send \(format): \(count) events in \(String(format: "%.2f", seconds)) s = \(Int(Double(count) / seconds)) events/s, \(standIn.requests.count) requests, peak RSS of send \(peakKiB / 1024) MiB"
        )
        await standIn.shutdown()
    }

    /// The peak resident set (VmHWM) of a running process, in KiB.
    static func peakResidentKiB(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}

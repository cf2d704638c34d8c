import Foundation
import Testing
import TikTokStandIn

/// Runs the built binary for `send`, with its own environment.
enum SendCLI {
    static let binary: String = {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("tiktok-offline").path
    }()

    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func start(_ arguments: [String], environment: [String: String], folder: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        FileManager.default.createFile(atPath: folder + "/stdout", contents: nil)
        FileManager.default.createFile(atPath: folder + "/stderr", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: folder + "/stderr")
        try process.run()
        return process
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], folder: String) throws -> (Int32, String, String) {
        let process = try start(arguments, environment: environment, folder: folder)
        process.waitUntilExit()
        return (
            process.terminationStatus, (try? String(contentsOfFile: folder + "/stdout", encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? ""
        )
    }
}

final class Folder {
    let path = NSTemporaryDirectory() + "tiktok-offline-send-" + UUID().uuidString
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        return path + "/" + name
    }
}

@Suite("send command", .serialized)
struct SendCommandTests {
    static let events20Config =
        #"{"version": 1, "event_set_id": "7301234567890123456", "mappings": [{"tiktok_event": "CompletePayment", "commanders_act_event": "purchase"}], "api_format": "events_2_0"}"#

    @Test("--help explains every flag with an example")
    func help() throws {
        let folder = try Folder()
        let (status, output, _) = try SendCLI.run(["send", "--help"], folder: folder.path)
        #expect(status == 0)
        for flag in [
            "--config", "--input", "--rejects", "--token-file", "--base-url", "--concurrency", "--max-retries", "--retry-delay-ms", "--batch-size",
            "--timeout", "--dry-run", "--now",
        ] {
            #expect(output.contains(flag), "\(flag)")
        }
        let optionsSection = output.components(separatedBy: "OPTIONS:").last ?? ""
        #expect(optionsSection.components(separatedBy: "Example: ").count - 1 >= 11)
        #expect(output.contains("TIKTOK_ACCESS_TOKEN"))
    }

    @Test("a token file readable by others is refused with the fix; the token is never printed")
    func tokenFilePermissions() throws {
        let folder = try Folder()
        let config = try folder.write("c.json", Self.events20Config)
        let events = try folder.write("e.ndjson", eventLine("A") + "\n")
        let tokenFile = try folder.write("token", "super-secret-token\n")
        chmod(tokenFile, 0o644)
        let base = ["send", "--config", config, "--input", events, "--rejects", folder.path + "/r.ndjson", "--token-file", tokenFile]
        let (status, _, error) = try SendCLI.run(base, folder: folder.path)
        #expect(status == 2)
        #expect(error == "error: --token-file \(tokenFile) is readable by others (mode 644); make it private with: chmod 600 \(tokenFile)\n")
        let (noToken, _, noTokenError) = try SendCLI.run(Array(base.dropLast(2)), folder: folder.path)
        #expect(noToken == 2)
        #expect(noTokenError == "error: no access token: set TIKTOK_ACCESS_TOKEN or pass --token-file FILE (a file only you can read)\n")
        chmod(tokenFile, 0o600)
        let standInRun = try SendCLI.run(base + ["--base-url", "http://127.0.0.1:9", "--max-retries", "0", "--timeout", "1"], folder: folder.path)
        #expect(!standInRun.2.contains("super-secret-token"))
    }

    @Test("--dry-run prints each request that would go with its body, lists rejected lines, and sends nothing")
    func dryRun() throws {
        let folder = try Folder()
        let config = try folder.write("c.json", Self.events20Config)
        let lines = (1...1500).map { eventLine("E\($0)") } + [#"{"event_name":"purchase","id":"BAD"}"#]
        let events = try folder.write("e.ndjson", lines.joined(separator: "\n"))
        let (status, output, error) = try SendCLI.run(
            ["send", "--config", config, "--input", events, "--dry-run", "--now", "2025-03-20T00:00:00Z"], folder: folder.path)
        #expect(status == 1)
        let printed = output.split(separator: "\n").map(String.init)
        try #require(printed.count == 4)
        #expect(printed[0] == "POST /open_api/v1.3/event/track/ 1000 events for event set 7301234567890123456")
        #expect(printed[2] == "POST /open_api/v1.3/event/track/ 500 events for event set 7301234567890123456")
        for (line, count, firstID) in [(printed[1], 1000, "E1"), (printed[3], 500, "E1001")] {
            let body = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(body["event_source_id"] as? String == "7301234567890123456")
            let data = try #require(body["data"] as? [[String: Any]])
            #expect(data.count == count)
            #expect(data.first?["event_id"] as? String == firstID)
        }
        #expect(error.contains("error: line 1501: timestamp: "), "\(error)")
        #expect(error.hasSuffix("send: 1501 lines: 1500 would send in 2 requests, 1 rejected, 0 skipped (no mapping row)\n"), "\(error)")
    }

    @Test("--dry-run --pretty indents the bodies; a test_event_code in the config is warned about; --pretty alone is refused")
    func dryRunPrettyAndTestCode() throws {
        let folder = try Folder()
        let config = try folder.write(
            "c.json", Self.events20Config.replacingOccurrences(of: #""api_format""#, with: #""test_event_code": "TEST123", "api_format""#))
        let events = try folder.write("e.ndjson", eventLine("P1") + "\n")
        let (status, output, error) = try SendCLI.run(
            ["send", "--config", config, "--input", events, "--dry-run", "--pretty", "--now", "2025-03-20T00:00:00Z"], folder: folder.path)
        #expect(status == 0)
        #expect(output.hasPrefix("POST /open_api/v1.3/event/track/ 1 event for event set 7301234567890123456\n{\n  \"event_source\": \"offline\",\n"))
        #expect(output.contains(#"  "test_event_code": "TEST123","#))
        #expect(output.contains(#"      "event_id": "P1","#))
        #expect(
            error.hasPrefix(
                "warning: test_event_code is set (TEST123): TikTok shows these events under Test Events only and does not use them for attribution; remove it from the config for real sends\n"
            ), "\(error)")
        let (refused, _, refusal) = try SendCLI.run(["send", "--config", config, "--input", events, "--pretty"], folder: folder.path)
        #expect(refused == 2)
        #expect(refusal.contains("--pretty only applies to --dry-run"))
    }

    @Test("killed mid-run (SIGKILL) and rerun: every good event arrives, nothing journaled is resent, every bad event is rejected")
    func killAndResume() async throws {
        let standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        standIn.update {
            $0.delayMilliseconds = 40
            $0.slowAfterRequests = 12  // the run cannot finish before the kill, however busy the machine
            $0.slowDelayMilliseconds = 5_000
        }
        let folder = try Folder()
        let config = try folder.write("c.json", Self.events20Config)
        var lines: [String] = []
        var good: Set<String> = []
        var badLines: [Int] = []
        for index in 1...3000 {
            if index % 250 == 0 {
                lines.append(#"{"event_name":"purchase","id":"BAD\#(index)"}"#)  // no timestamp: our error
                badLines.append(index)
            } else if index % 333 == 0 {
                lines.append(eventLine("TT\(index)"))  // TikTok refuses it
                badLines.append(index)
            } else {
                lines.append(eventLine("E\(index)"))
                good.insert("E\(index)")
            }
        }
        standIn.update { $0.rejectedEventIDs = Set(stride(from: 333, through: 3000, by: 333).map { "TT\($0)" }) }
        let events = try folder.write("e.ndjson", lines.joined(separator: "\n") + "\n")
        let rejects = folder.path + "/rejects.ndjson"
        let arguments = [
            "send", "--config", config, "--input", events, "--rejects", rejects, "--base-url", standIn.baseURL, "--batch-size", "100",
            "--concurrency", "2",
        ]
        let environment = ["TIKTOK_ACCESS_TOKEN": "secret-token"]

        let first = try SendCLI.start(arguments, environment: environment, folder: folder.path)
        let deadline = Date().addingTimeInterval(30)
        while standIn.requests.filter({ $0.answer == "200/0" }).count < 8, Date() < deadline {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)

        let journal = try String(contentsOfFile: rejects + ".journal", encoding: .utf8)
        let journaledLines = Set(
            journal.split(separator: "\n").dropFirst().filter { $0.hasPrefix("A ") }.compactMap { Int($0.split(separator: " ")[1]) })
        let journaledIDs = Set(journaledLines.map { "E\($0)" }).intersection(good)
        #expect(!journaledIDs.isEmpty)
        let receivedBeforeRerun = standIn.requests.count
        standIn.update { $0.slowAfterRequests = .max }

        let (status, _, error) = try SendCLI.run(arguments, environment: environment, folder: folder.path)
        #expect(status == 1, "\(error)")
        let secondRun = standIn.requests.dropFirst(receivedBeforeRerun).flatMap(\.eventIDs)
        #expect(Set(secondRun).isDisjoint(with: journaledIDs))
        #expect(good.isSubset(of: Set(standIn.requests.filter { $0.answer == "200/0" }.flatMap(\.eventIDs))))
        let records = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(Set(records.compactMap { $0["line"] as? Int }) == Set(badLines))
        #expect(error.contains("already acknowledged in an earlier run"))
        await standIn.shutdown()
    }
}

import Foundation
import Testing
import TikTokStandIn

/// One `send` set-up in a scratch folder: a config, an input file, a rejects path and a stand-in.
final class SendScenario {
    static let legacyConfig =
        #"{"version": 1, "event_set_id": "7301234567890123456", "mappings": [{"tiktok_event": "CompletePayment", "commanders_act_event": "purchase"}]}"#

    let folder: Folder
    let standIn: TikTokStandIn
    let config: String
    let input: String
    let rejects: String
    var environment = ["TIKTOK_ACCESS_TOKEN": "secret-token"]

    init(ids: [String], legacy: Bool = false) async throws {
        folder = try Folder()
        standIn = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        config = try folder.write("c.json", legacy ? Self.legacyConfig : SendCommandTests.events20Config)
        input = try folder.write("events.ndjson", ids.map { eventLine($0) }.joined(separator: "\n") + "\n")
        rejects = folder.path + "/rejects.ndjson"
    }

    /// The arguments of the command under test, with `extra` appended.
    func arguments(_ extra: [String] = []) -> [String] {
        ["send", "--config", config, "--input", input, "--rejects", rejects, "--base-url", standIn.baseURL, "--retry-delay-ms", "1"] + extra
    }

    func run(_ extra: [String] = [], baseURL: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        var arguments = arguments(extra)
        if let baseURL { arguments[arguments.firstIndex(of: standIn.baseURL)!] = baseURL }
        return try SendCLI.run(arguments, environment: environment, folder: folder.path)
    }

    /// The journal's entries, without the header.
    var journalEntries: [String] {
        ((try? String(contentsOfFile: rejects + ".journal", encoding: .utf8)) ?? "").split(separator: "\n").dropFirst().map(String.init)
    }

    var rejectsText: String { (try? String(contentsOfFile: rejects, encoding: .utf8)) ?? "" }

    /// Event ids the stand-in answered code 0 for.
    var acknowledgedIDs: [String] { standIn.requests.filter { $0.answer == "200/0" }.flatMap(\.eventIDs) }

    deinit {
        let standIn = standIn
        Task { await standIn.shutdown() }
    }
}

func fileMode(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
}

@Suite("Fault injection: send never loses or leaks", .serialized)
struct FaultInjectionTests {
    // MARK: 1. Resume by content

    @Test("same path, new content: every new event is sent, none skipped as 'already handled'")
    func samePathNewContent() async throws {
        let scenario = try await SendScenario(ids: (1...5).map { "MON\($0)" })
        #expect(try scenario.run().status == 0)
        try (["MON1"] + (2...5).map { "TUE\($0)" }).map { eventLine($0) }.joined(separator: "\n").write(
            toFile: scenario.input, atomically: true, encoding: .utf8)
        let (status, _, error) = try scenario.run()
        #expect(status == 0, "\(error)")
        #expect(Set(scenario.acknowledgedIDs) == Set((1...5).map { "MON\($0)" } + (2...5).map { "TUE\($0)" }))
        #expect(scenario.acknowledgedIDs.filter { $0 == "MON1" }.count == 1)
        #expect(error.contains("4 acknowledged") && error.contains("1 already acknowledged in an earlier run"))
    }

    @Test("a line edited in place is sent again")
    func lineChangedInPlace() async throws {
        let scenario = try await SendScenario(ids: ["A", "B", "C"])
        #expect(try scenario.run().status == 0)
        let edited = eventLine("B").replacingOccurrences(of: "\"value\":10", with: "\"value\":12")
        try [eventLine("A"), edited, eventLine("C")].joined(separator: "\n").write(toFile: scenario.input, atomically: true, encoding: .utf8)
        #expect(try scenario.run().status == 0)
        #expect(scenario.acknowledgedIDs.sorted() == ["A", "B", "B", "C"])
    }

    @Test("a rerun counts the rejects of earlier runs: nothing is sent again and the exit code stays 1")
    func rerunKeepsEarlierRejects() async throws {
        let scenario = try await SendScenario(ids: [])
        try [eventLine("A"), #"{"event_name":"purchase","id":"BAD"}"#].joined(separator: "\n").write(
            toFile: scenario.input, atomically: true, encoding: .utf8)
        #expect(try scenario.run().status == 1)
        let requests = scenario.standIn.requests.count
        let rejects = scenario.rejectsText
        let (status, _, error) = try scenario.run()
        #expect(status == 1)
        #expect(error.contains("0 rejected") && error.contains("1 rejected by an earlier run (in \(scenario.rejects))"), "\(error)")
        #expect(error.contains("1 already acknowledged in an earlier run"))
        #expect(scenario.standIn.requests.count == requests)
        #expect(scenario.rejectsText == rejects)
    }

    @Test("standard input twice: refused without --resume; with it, identical lines are skipped and new ones sent")
    func standardInputNeedsResume() async throws {
        let scenario = try await SendScenario(ids: [])
        let lines = ["S1", "S2"].map { eventLine($0) }.joined(separator: "\n") + "\n"
        func runFromStandardInput(_ text: String, _ extra: [String] = []) throws -> (Int32, String) {
            let input = try scenario.folder.write("stdin.ndjson", text)
            var arguments = scenario.arguments(extra)
            arguments[arguments.firstIndex(of: scenario.input)!] = "-"
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "exec \"$0\" \"$@\" < \"\(input)\" 2> \"\(scenario.folder.path)/err\"", SendCLI.binary] + arguments
            shell.environment = scenario.environment
            try shell.run()
            shell.waitUntilExit()
            return (shell.terminationStatus, (try? String(contentsOfFile: scenario.folder.path + "/err", encoding: .utf8)) ?? "")
        }
        #expect(try runFromStandardInput(lines).0 == 0)
        let (refused, message) = try runFromStandardInput(lines)
        #expect(refused == 2)
        #expect(message.contains("standard input cannot be recognised: pass --resume"))
        let (resumed, summary) = try runFromStandardInput(lines + eventLine("S3") + "\n", ["--resume"])
        #expect(resumed == 0, "\(summary)")
        #expect(scenario.acknowledgedIDs.sorted() == ["S1", "S2", "S3"])
    }

    // MARK: 2. Transient is not permanent

    @Test("an outage for the whole first run: exit 2, nothing rejected; the same command then delivers everything")
    func outageThenRecovery() async throws {
        let ids = (1...40).map { "O\($0)" }
        let scenario = try await SendScenario(ids: ids)
        scenario.standIn.update { $0.serverErrorNext = 1_000_000 }
        let (status, _, error) = try scenario.run(["--max-retries", "2", "--batch-size", "10"])
        #expect(status == 2)
        #expect(scenario.rejectsText.isEmpty)
        #expect(!scenario.journalEntries.contains { $0.hasPrefix("R ") })
        #expect(error.contains("40 lines still to send; nothing is lost"), "\(error)")
        scenario.standIn.update { $0.serverErrorNext = 0 }
        let (again, _, againError) = try scenario.run(["--batch-size", "10"])
        #expect(again == 0, "\(againError)")
        #expect(Set(scenario.acknowledgedIDs) == Set(ids))
    }

    @Test(
        "a server that is not TikTok (404 page, non-JSON 200, TLS to a plain server) stops the run; nothing is rejected or journaled",
        arguments: ["404", "200-html", "tls"])
    func notTikTok(kind: String) async throws {
        let scenario = try await SendScenario(ids: ["N1", "N2"])
        var baseURL: String?
        switch kind {
        case "404": scenario.standIn.update { $0.scripted = [.page(status: 404, body: "<html>Not Found</html>")] }
        case "200-html": scenario.standIn.update { $0.scripted = [.page(status: 200, body: "<html>Welcome</html>")] }
        default: baseURL = scenario.standIn.baseURL.replacingOccurrences(of: "http://", with: "https://")
        }
        let (status, _, error) = try scenario.run(["--max-retries", "1", "--timeout", "5"], baseURL: baseURL)
        #expect(status == 2, "\(error)")
        #expect(scenario.rejectsText.isEmpty)
        #expect(scenario.journalEntries.isEmpty)
        #expect(error.contains("2 lines still to send"), "\(error)")
        #expect(!error.contains("secret-token"))
    }

    @Test("an unsupported scheme or plain http to another host is refused before anything is sent")
    func baseURLChecks() async throws {
        let scenario = try await SendScenario(ids: ["U1"])
        let (ftp, _, ftpError) = try scenario.run(baseURL: "ftp://127.0.0.1:21")
        #expect(ftp == 2)
        #expect(ftpError.contains("unsupported scheme \"ftp\""))
        let (plain, _, plainError) = try scenario.run(baseURL: "http://192.0.2.1:8080")
        #expect(plain == 2)
        #expect(plainError.contains("pass --insecure-http"))
        #expect(!FileManager.default.fileExists(atPath: scenario.rejects + ".journal"))
    }

    // MARK: 3. Redirects

    @Test("a 302 or 307 is never followed: no token at the other host, nothing journaled", arguments: [302, 307])
    func redirectsAreRefused(status redirect: Int) async throws {
        let scenario = try await SendScenario(ids: ["R1"])
        let elsewhere = try await TikTokStandIn(behavior: .init(token: "secret-token"))
        scenario.standIn.update { $0.scripted = [.redirect(status: redirect, location: elsewhere.baseURL + "/open_api/v1.3/event/track/")] }
        let (status, _, error) = try scenario.run()
        #expect(status == 2)
        #expect(error.contains("redirect (HTTP \(redirect))"))
        #expect(elsewhere.requests.isEmpty)
        #expect(scenario.journalEntries.isEmpty)
        #expect(scenario.rejectsText.isEmpty)
        await elsewhere.shutdown()
    }

    // MARK: 4. Token

    @Test("a token with a newline inside: exit 2 before sending, and its text appears nowhere")
    func tokenWithNewline() async throws {
        let scenario = try await SendScenario(ids: ["T1"])
        let tokenFile = try scenario.folder.write("token", "first-half-SECRET\nsecond-half-SECRET\n")
        chmod(tokenFile, 0o600)
        let (status, output, error) = try scenario.run(["--token-file", tokenFile])
        #expect(status == 2)
        #expect(
            error
                == "error: the token in --token-file \(tokenFile) has a line break at character 18 of 36; a token is one line of printable characters: check that only the token is there\n"
        )
        #expect(!(output + error + scenario.rejectsText).contains("SECRET"))
        #expect(scenario.standIn.requests.isEmpty)
        scenario.environment["TIKTOK_ACCESS_TOKEN"] = "abc def-SECRET"
        let (envStatus, _, envError) = try scenario.run()
        #expect(envStatus == 2)
        #expect(envError.contains("TIKTOK_ACCESS_TOKEN has a space at character 4") && !envError.contains("SECRET"))
    }

    // MARK: 5. Files

    @Test("a symlinked rejects file or journal is refused and its target left unchanged")
    func symlinkedRejects() async throws {
        let scenario = try await SendScenario(ids: ["L1"])
        let target = try scenario.folder.write("precious.txt", "do not touch\n")
        try FileManager.default.createSymbolicLink(atPath: scenario.rejects, withDestinationPath: target)
        let (status, _, error) = try scenario.run()
        #expect(status == 2)
        #expect(error.contains("is a symbolic link"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "do not touch\n")
        try FileManager.default.removeItem(atPath: scenario.rejects)
        try? FileManager.default.removeItem(atPath: scenario.rejects + ".journal")
        try FileManager.default.createSymbolicLink(atPath: scenario.rejects + ".journal", withDestinationPath: target)
        let (journalStatus, _, journalError) = try scenario.run()
        #expect(journalStatus == 2)
        #expect(journalError.contains("is a symbolic link"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "do not touch\n")
        #expect(scenario.standIn.requests.isEmpty)
    }

    @Test("--rejects equal to --input is refused at once")
    func rejectsIsInput() async throws {
        let scenario = try await SendScenario(ids: ["I1"])
        let before = try String(contentsOfFile: scenario.input, encoding: .utf8)
        var arguments = scenario.arguments()
        arguments[arguments.firstIndex(of: scenario.rejects)!] = scenario.input
        let (status, _, error) = try SendCLI.run(arguments, environment: scenario.environment, folder: scenario.folder.path)
        #expect(status == 2)
        #expect(error == "error: \(scenario.input): --rejects and --input name the same file; give each its own\n")
        #expect(try String(contentsOfFile: scenario.input, encoding: .utf8) == before)
    }

    @Test("an existing rejects file readable by others is made private (0600); new ones are created 0600")
    func rejectsMode() async throws {
        let scenario = try await SendScenario(ids: ["M1"])
        _ = FileManager.default.createFile(atPath: scenario.rejects, contents: Data())
        chmod(scenario.rejects, 0o644)
        #expect(try scenario.run().status == 0)
        #expect(fileMode(scenario.rejects) == 0o600)
        #expect(fileMode(scenario.rejects + ".journal") == 0o600)
    }

    // MARK: 6. Lock

    @Test("two concurrent runs on one journal: the second stops at once, every event is acknowledged exactly once")
    func concurrentRuns() async throws {
        let ids = (1...300).map { "C\($0)" }
        let scenario = try await SendScenario(ids: ids)
        scenario.standIn.update { $0.delayMilliseconds = 20 }
        let first = try SendCLI.start(
            scenario.arguments(["--batch-size", "10", "--concurrency", "1"]), environment: scenario.environment, folder: scenario.folder.path)
        let deadline = Date().addingTimeInterval(20)
        while scenario.standIn.requests.isEmpty, Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        let second = Folder.temporary()
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        let (status, _, error) = try SendCLI.run(scenario.arguments(["--batch-size", "10"]), environment: scenario.environment, folder: second)
        #expect(status == 2)
        #expect(error.contains("another tiktok-offline run is using the journal right now"))
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(scenario.acknowledgedIDs.count == ids.count)
        #expect(Set(scenario.acknowledgedIDs) == Set(ids))
    }

    // MARK: 7. Timeout

    @Test("--timeout bounds the whole answer: a stalled or trickling body ends in seconds", arguments: ["stall", "trickle"])
    func bodyTimeout(kind: String) async throws {
        let scenario = try await SendScenario(ids: ["S1"])
        scenario.standIn.update { $0.scripted = kind == "stall" ? [.stallBody] : [.trickleBody] }
        let started = Date()
        let (status, _, error) = try scenario.run(["--timeout", "2", "--max-retries", "1"])
        let seconds = Date().timeIntervalSince(started)
        #expect(status == 0, "\(error)")
        #expect(scenario.acknowledgedIDs == ["S1"])
        #expect(seconds < 20, "took \(seconds) s")
        print("body \(kind) with --timeout 2: \(String(format: "%.1f", seconds)) s")
    }

    // MARK: 8. Torn last lines

    @Test("a torn last line in the rejects file and the journal is ended before the next append")
    func tornLastLine() async throws {
        let scenario = try await SendScenario(ids: ["G1", "BAD", "G3"])
        try [eventLine("G1"), #"{"event_name":"purchase","id":"BAD"}"#, eventLine("G3")].joined(separator: "\n").write(
            toFile: scenario.input, atomically: true, encoding: .utf8)
        #expect(try scenario.run().status == 1)
        let rejectsHandle = try #require(FileHandle(forWritingAtPath: scenario.rejects))
        rejectsHandle.seekToEndOfFile()
        rejectsHandle.write(Data(#"{"line":7,"errors":[{"sev"#.utf8))
        rejectsHandle.closeFile()
        let journalHandle = try #require(FileHandle(forWritingAtPath: scenario.rejects + ".journal"))
        journalHandle.seekToEndOfFile()
        journalHandle.write(Data("A 3 0 12ab".utf8))
        journalHandle.closeFile()
        try [eventLine("G1"), #"{"event_name":"purchase","id":"BAD2"}"#, eventLine("G3"), eventLine("G4")].joined(separator: "\n").write(
            toFile: scenario.input, atomically: true, encoding: .utf8)
        let (status, _, error) = try scenario.run()
        #expect(status == 1, "\(error)")
        let rejectLines = scenario.rejectsText.split(separator: "\n")
        #expect(rejectLines.count == 3)
        #expect(rejectLines[1] == #"{"line":7,"errors":[{"sev"#)
        #expect((try? JSONSerialization.jsonObject(with: Data(rejectLines[2].utf8))) != nil)
        #expect(scenario.journalEntries.contains("A 3 0 12ab"))
        #expect(scenario.journalEntries.contains { $0.hasPrefix("A 4 0 ") })
        #expect(scenario.acknowledgedIDs.sorted() == ["G1", "G3", "G4"])
    }

    // MARK: 10. TikTok's codes

    @Test("41001 on legacy stops with a message naming events_2_0; nothing is rejected")
    func retiredEndpoint() async throws {
        let scenario = try await SendScenario(ids: ["X1", "X2"], legacy: true)
        scenario.standIn.update { $0.scripted = [.code(status: 200, code: 41001, message: "Interface offline")] }
        let (status, _, error) = try scenario.run(["--concurrency", "1"])
        #expect(status == 2)
        #expect(error.contains("TikTok no longer serves this endpoint (code 41001: Interface offline); switch \"api_format\" to \"events_2_0\""))
        #expect(scenario.rejectsText.isEmpty)
        #expect(!scenario.journalEntries.contains { $0.hasPrefix("R ") })
    }

    @Test("40130 and 40051 stop the run with what to fix", arguments: [(40130, "Offline Events permission (scope)"), (40051, "API version")])
    func stoppingCodes(code: Int, words: String) async throws {
        let scenario = try await SendScenario(ids: ["Y1"])
        scenario.standIn.update { $0.scripted = [.code(status: 200, code: code, message: "no")] }
        let (status, _, error) = try scenario.run()
        #expect(status == 2)
        #expect(error.contains(words), "\(error)")
        #expect(scenario.rejectsText.isEmpty)
    }

    @Test("40132 (frequency limited) is retried")
    func frequencyLimitedIsRetried() async throws {
        let scenario = try await SendScenario(ids: ["F1"])
        scenario.standIn.update { $0.scripted = [.code(status: 200, code: 40132, message: "Request frequency limited")] }
        let (status, _, error) = try scenario.run()
        #expect(status == 0, "\(error)")
        #expect(scenario.standIn.requests.map(\.answer) == ["200/40132", "200/0"])
    }

    @Test("20001 (partial): the batch is split; only events TikTok took are counted delivered, the rest rejected")
    func partialSuccess() async throws {
        let ids = (1...20).map { "P\($0)" }
        let scenario = try await SendScenario(ids: ids)
        scenario.standIn.update { $0.partialEventIDs = ["P7"] }
        let (status, _, error) = try scenario.run()
        #expect(status == 1, "\(error)")
        let acknowledgedLines = Set(scenario.journalEntries.filter { $0.hasPrefix("A ") }.map { Int($0.split(separator: " ")[1])! })
        let accepted = Set(scenario.standIn.acceptedEventIDs)
        #expect(Set(acknowledgedLines.map { "P\($0)" }).isSubset(of: accepted))
        #expect(acknowledgedLines == Set(1...20).subtracting([7]))
        let record = try #require(try JSONSerialization.jsonObject(with: Data(scenario.rejectsText.utf8)) as? [String: Any])
        #expect(record["line"] as? Int == 7)
    }

    // MARK: Random kills

    @Test("killed at 30+ random points over one run (Events 2.0 and legacy): every good event acknowledged at least once", arguments: [false, true])
    func randomKills(legacy: Bool) async throws {
        let count = legacy ? 2000 : 4000
        var lines: [String] = []
        var good: Set<String> = []
        for index in 1...count {
            if index % 400 == 0 {
                lines.append(#"{"event_name":"purchase","id":"BAD\#(index)"}"#)
            } else {
                lines.append(eventLine("K\(index)"))
                good.insert("K\(index)")
            }
        }
        let scenario = try await SendScenario(ids: [])
        try (lines.joined(separator: "\n") + "\n").write(toFile: scenario.input, atomically: true, encoding: .utf8)
        if legacy { try SendScenario.legacyConfig.write(toFile: scenario.config, atomically: true, encoding: .utf8) }
        // Long enough (about 5 s of requests) that 32 kills land before the end.
        scenario.standIn.update { $0.delayMilliseconds = legacy ? 5 : 60 }
        let arguments = scenario.arguments(["--batch-size", "20", "--concurrency", "2"])
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var finished = false
        while !finished {
            let process = try SendCLI.start(arguments, environment: scenario.environment, folder: scenario.folder.path)
            if kills < 32 {
                try await Task.sleep(nanoseconds: UInt64.random(in: 30_000_000...200_000_000, using: &generator))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
            }
            process.waitUntilExit()
            finished = process.terminationReason == .exit
            if finished { #expect(process.terminationStatus == 1) }
        }
        let acknowledged = scenario.acknowledgedIDs
        #expect(good.isSubset(of: Set(acknowledged)))
        let duplicates = acknowledged.count - Set(acknowledged).count
        let records = scenario.rejectsText.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(Set(records.compactMap { $0["line"] as? Int }) == Set(stride(from: 400, through: count, by: 400)))
        #expect(kills >= 30)
        print("random kills (\(legacy ? "legacy" : "Events 2.0")): \(kills) kills, \(good.count) good events, \(duplicates) sent twice")
    }
}

extension Folder {
    /// A fresh scratch path (not created).
    static func temporary() -> String {
        NSTemporaryDirectory() + "tiktok-offline-send-" + UUID().uuidString
    }
}

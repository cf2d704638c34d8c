import Foundation
import Testing

/// Runs the built `tiktok-offline` binary the way an operator or a pipeline does.
enum CLI {
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The binary built beside the test bundle.
    static let binary: String = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("tiktok-offline").path
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// Runs the binary with `arguments`, feeding `input` on stdin (empty by default, never a terminal).
    static func run(_ arguments: [String], input: Data = Data(), in folder: String? = nil) throws -> Outcome {
        let scratch = try Scratch()
        let inputPath = try scratch.file("stdin", input)
        let outputPath = try scratch.file("stdout", "")
        let errorPath = try scratch.file("stderr", "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: outputPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errorPath, encoding: .utf8))
    }

    static func sample(_ name: String) -> String {
        "\(repositoryRoot)/Tests/TikTokOfflineCoreTests/Fixtures/samples/\(name).json"
    }

    static let exampleConfig = "\(repositoryRoot)/docs/examples/example.json"
    /// The example in the legacy format, whose flat body the byte-level tests read.
    static let legacyConfig = "\(repositoryRoot)/docs/examples/legacy.json"

    /// A sample event as one compact NDJSON line.
    static func compactSample(_ name: String) throws -> String {
        let event = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sample(name))))
        return String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
    }
}

/// A scratch folder removed at the end of the test.
final class Scratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tiktok-offline-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ contents: Data) throws -> String {
        let file = "\(path)/\(name)"
        try contents.write(to: URL(fileURLWithPath: file))
        return file
    }

    func file(_ name: String, _ text: String) throws -> String {
        try file(name, Data(text.utf8))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("Command line")
struct CommandLineTests {
    static let samples = [
        "purchase-3-items", "purchase-missing-fields", "purchase-messy-phone", "purchase-prehashed", "generate-lead-call", "sign-up",
    ]

    @Test("preview works on every shipped sample", arguments: samples)
    func previewSamples(name: String) throws {
        let result = try CLI.run(["preview", "--config", CLI.exampleConfig, "--event", CLI.sample(name), "--now", "2025-03-20T00:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        let payload = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(payload?["event_source_id"] as? String == "7301234567890123456")
        #expect(payload?["event_source"] as? String == "offline")
        let events = try #require(payload?["data"] as? [[String: Any]])
        #expect(events.map { $0["event"] as? String } == [name == "generate-lead-call" ? "Lead" : name == "sign-up" ? "Subscribe" : "Purchase"])
    }

    @Test("preview --json prints one object with payloads and diagnostics")
    func previewJSON() throws {
        let result = try CLI.run(
            ["preview", "--config", CLI.exampleConfig, "--event", "-", "--json", "--now", "2025-05-20T00:00:00Z"],
            input: Data(#"{"event_name":"purchase","id":"1","context":{"event_timestamp":1747699200000}}"#.utf8))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["payloads"] as? [Any])?.count == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["severity"] as? String == "warning")
        #expect(diagnostics.first?["field"] as? String == "context.user")
        #expect(Set(diagnostics.first?.keys.map { $0 } ?? []) == ["severity", "field", "source", "message"])
    }

    @Test("an event with an error yields no payload and exit 1; an unmapped event exit 0")
    func previewExitCodes() throws {
        let error = try CLI.run(["preview", "--config", CLI.exampleConfig, "--json"], input: Data(#"{"event_name":"purchase"}"#.utf8))
        #expect(error.status == 1)
        #expect(error.stdout.contains(#""payloads": []"#))
        let skipped = try CLI.run(["preview", "--config", CLI.exampleConfig], input: Data(#"{"event_name":"page_view"}"#.utf8))
        #expect(skipped.status == 0)
        #expect(skipped.stdout.isEmpty)
        #expect(skipped.stderrLines == [#"info: event: no mapping row for event "page_view" and no "*" row; event skipped (from event_name)"#])
    }

    @Test("validate reports a valid config on stdout and each problem on stderr")
    func validate() throws {
        let valid = try CLI.run(["validate", CLI.exampleConfig])
        #expect(valid.status == 0)
        #expect(valid.stdout == "\(CLI.exampleConfig): valid (3 mapping rows, events_2_0 format)\n")
        #expect(valid.stderr.isEmpty)
        let legacy = try CLI.run(["validate", CLI.legacyConfig])
        #expect(legacy.status == 0)
        #expect(legacy.stdout == "\(CLI.legacyConfig): valid (3 mapping rows, legacy format)\n")
        #expect(
            legacy.stderrLines == [
                #"\#(CLI.legacyConfig): info: mappings[0].tiktok_event (line 6, column 23): TikTok renamed "CompletePayment" to "Purchase" on 1 May 2025; it is sent as written and TikTok converts it, but new mappings should use "Purchase""#,
                #"\#(CLI.legacyConfig): info: mappings[1].tiktok_event (line 10, column 23): TikTok renamed "SubmitForm" to "Lead" on 1 May 2025; it is sent as written and TikTok converts it, but new mappings should use "Lead""#,
                #"\#(CLI.legacyConfig): info: api_format (line 18, column 17): the legacy body goes to /offline/track/ (TikTok's Events API 1.0), and TikTok builds on Events API 2.0; "api_format": "events_2_0" sends the same events, hashed the same way, to /event/track/"#,
            ])
        let transformed = try CLI.run(
            ["preview", "--config", CLI.legacyConfig, "--event", CLI.sample("sign-up"), "--now", "2025-03-20T00:00:00Z"])
        #expect(!transformed.stderr.contains("renamed") && !transformed.stderr.contains("events_2_0"), "infos are for validate, not every run")
        let scratch = try Scratch()
        let broken = try scratch.file(
            "c.json", #"{"version": 1, "event_set_id": "", "mappings": [{"tiktok_event": "Nope", "commanders_act_event": "x"}], "extra": 1}"#)
        let invalid = try CLI.run(["validate", broken])
        #expect(invalid.status == 1)
        #expect(invalid.stderrLines.count == 3)
        #expect(invalid.stderrLines.first == "\(broken): error: extra (line 1, column 105): unknown key")
    }

    @Test("bad input gets one clear line on stderr and the documented exit code, never a crash")
    func badInput() throws {
        let scratch = try Scratch()
        let empty = try scratch.file("empty.json", "")
        let notUTF8 = try scratch.file("latin1.json", Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D]))
        let hugeLine = try scratch.file("huge.json", Data(repeating: UInt8(ascii: "a"), count: 50 << 20))
        let unknownKey = try scratch.file(
            "unknown.json",
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}], "colour": "red"}"#)
        let newer = try scratch.file("newer.json", #"{"version": 9}"#)
        let config = CLI.legacyConfig
        let cases: [([String], Int32, String)] = [
            (
                ["preview", "--config", "\(scratch.path)/missing.json", "--event", CLI.sample("sign-up")], 2,
                "error: \(scratch.path)/missing.json: no such file"
            ),
            (["preview", "--config", scratch.path, "--event", CLI.sample("sign-up")], 2, "error: \(scratch.path): is a directory, not a file"),
            (
                ["preview", "--config", empty, "--event", CLI.sample("sign-up")], 1,
                "\(empty): error: the file is empty; a config is a JSON object with version, event_set_id and mappings"
            ),
            (
                ["preview", "--config", notUTF8, "--event", CLI.sample("sign-up")], 1,
                "\(notUTF8): error: line 1, column 7: invalid JSON: invalid UTF-8 (byte 0xE9)"
            ),
            (
                ["preview", "--config", hugeLine, "--event", CLI.sample("sign-up")], 2,
                "error: \(hugeLine): a config file is at least 50 MiB, larger than the 16 MiB limit; not read"
            ),
            (
                ["preview", "--config", unknownKey, "--event", CLI.sample("sign-up")], 1,
                "\(unknownKey): error: colour (line 1, column 109): unknown key"
            ),
            (
                ["preview", "--config", newer, "--event", CLI.sample("sign-up")], 1,
                "\(newer): error: version (line 1, column 13): this config was written by a newer tiktok-offline (format version 9); this build reads version 1. Upgrade tiktok-offline to use it."
            ),
            (["preview", "--config", config, "--event", "\(scratch.path)/missing.json"], 2, "error: \(scratch.path)/missing.json: no such file"),
            (["preview", "--config", config, "--event", scratch.path], 2, "error: \(scratch.path): is a directory, not a file"),
            (
                ["preview", "--config", config, "--event", empty], 1,
                "error: event: invalid JSON at line 1, column 1: unexpected end of input, expected a value"
            ),
            (["preview", "--config", config, "--event", notUTF8], 1, "error: event: invalid JSON at line 1, column 7: invalid UTF-8 (byte 0xE9)"),
            (
                ["preview", "--config", config, "--event", hugeLine], 1,
                "error: event: invalid JSON at line 1, column 1: unexpected 'a', expected a value"
            ),
            (["validate", "\(scratch.path)/missing.json"], 2, "error: \(scratch.path)/missing.json: no such file"),
            (["validate", scratch.path], 2, "error: \(scratch.path): is a directory, not a file"),
            (["validate", empty], 1, "\(empty): error: the file is empty; a config is a JSON object with version, event_set_id and mappings"),
            (["validate", notUTF8], 1, "\(notUTF8): error: line 1, column 7: invalid JSON: invalid UTF-8 (byte 0xE9)"),
            (["validate", hugeLine], 2, "error: \(hugeLine): a config file is at least 50 MiB, larger than the 16 MiB limit; not read"),
            (
                ["validate", "/dev/zero"], 2,
                "error: /dev/zero: is not a regular file (a device, FIFO or socket); a config file must be a regular file"
            ),
            (
                ["preview", "--config", config, "--event", "/dev/zero"], 2,
                "error: /dev/zero: is not a regular file (a device, FIFO or socket); an event must be a regular file"
            ),
            (["validate", unknownKey], 1, "\(unknownKey): error: colour (line 1, column 109): unknown key"),
            (
                ["validate", newer], 1,
                "\(newer): error: version (line 1, column 13): this config was written by a newer tiktok-offline (format version 9); this build reads version 1. Upgrade tiktok-offline to use it."
            ),
            (["transform", "--config", config, "--input", "\(scratch.path)/missing.json"], 2, "error: \(scratch.path)/missing.json: no such file"),
            (["transform", "--config", config, "--input", scratch.path], 2, "error: \(scratch.path): is a directory, not a file"),
            (
                ["transform", "--config", config, "--input", empty], 0,
                "transform: 0 events read: 0 → 0 payloads, 0 rejected, 0 skipped (no mapping row)"
            ),
            (["transform", "--config", unknownKey, "--input", empty], 1, "\(unknownKey): error: colour (line 1, column 109): unknown key"),
            (["transform", "--config", config, "--input", empty, "--output", scratch.path], 2, "error: \(scratch.path): is a directory, not a file"),
            (
                ["transform", "--config", config, "--input", empty, "--output", "/nonexistent/out.ndjson"], 2,
                "error: /nonexistent/out.ndjson: cannot create a file in /nonexistent: the folder does not exist"
            ),
            (["preview", "--config"], 2, "Error: Missing value for '--config <file>'"),
            (["preview", "--config", config, "--evnt", "x.json"], 2, "Error: Unknown option '--evnt'. Did you mean '--event'?"),
            (
                ["preview", "--config", config, "--now", "soon"], 2,
                "Error: --now: \"soon\" is not an ISO-8601 time with an offset, e.g. 2025-03-20T00:00:00Z"
            ),
        ]
        for (arguments, status, line) in cases {
            let result = try CLI.run(arguments)
            #expect(result.status == status, "\(arguments)")
            #expect(result.stderrLines.first == line, "\(arguments)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), "\(arguments)")
        }
    }

    @Test("transform writes the same bytes in the same order whatever --jobs is")
    func transformJobs() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        let lines = (1...20_000).map { index in
            switch index % 7 {
            case 3: return #"{"event_name":"purchase","id":"\#(index)""#
            case 5: return ""
            case 6: return #"{"event_name":"page_view"}"#
            default: return goodLine.replacingOccurrences(of: "O_2025_000123", with: "O_\(index)")
            }
        }
        let input = try scratch.file("events.ndjson", lines.joined(separator: "\n") + "\n")
        var runs: [(stderr: [String], output: Data, rejects: Data)] = []
        for jobs in ["1", "3"] {
            let output = "\(scratch.path)/payloads-\(jobs).ndjson"
            let rejects = "\(scratch.path)/rejects-\(jobs).ndjson"
            let result = try CLI.run([
                "transform", "--config", CLI.legacyConfig, "--input", input, "--output", output, "--rejects", rejects, "--jobs", jobs, "--now",
                "2025-03-20T00:00:00Z",
            ])
            #expect(result.status == 1)
            runs.append((result.stderrLines, try Data(contentsOf: URL(fileURLWithPath: output)), try Data(contentsOf: URL(fileURLWithPath: rejects))))
        }
        #expect(runs[0].stderr.first?.hasPrefix("transform: 17143 events read: 11429 → 11429 payloads, 2857 rejected") == true)
        #expect(runs[1].stderr.map { $0.replacingOccurrences(of: "rejects-3", with: "rejects-1") } == runs[0].stderr)
        #expect(runs[1].output == runs[0].output)
        #expect(runs[1].rejects == runs[0].rejects)
        let ids = String(decoding: runs[1].output, as: UTF8.self).split(separator: "\n").prefix(4).map { $0.split(separator: "\"")[11] }
        #expect(ids == ["O_1", "O_2", "O_4", "O_7"])
        let zero = try CLI.run(["transform", "--config", CLI.legacyConfig, "--input", input, "--jobs", "0"])
        #expect(zero.status == 2)
        #expect(zero.stderrLines.first == "Error: --jobs must be at least 1")
    }

    @Test("batches that finish out of order (a few 3 MB events among small ones) are written in input order")
    func transformJobsOutOfOrder() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        let padding = String(repeating: "x", count: 3 << 20)
        let lines = (1...3_000).map { index in
            let line = goodLine.replacingOccurrences(of: "O_2025_000123", with: "O_\(index)")
            guard index % 700 == 0 else { return line }
            return line.replacingOccurrences(of: #"{"event_name":"#, with: #"{"padding":"\#(padding)","event_name":"#)
        }
        let input = try scratch.file("events.ndjson", lines.joined(separator: "\n") + "\n")
        var outputs: [Data] = []
        for jobs in ["1", "2", "3"] {
            let output = "\(scratch.path)/payloads-\(jobs).ndjson"
            let result = try CLI.run([
                "transform", "--config", CLI.legacyConfig, "--input", input, "--output", output, "--jobs", jobs, "--now", "2025-03-20T00:00:00Z",
            ])
            #expect(result.status == 0, "--jobs \(jobs)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: output)))
        }
        let ids = String(decoding: outputs[0], as: UTF8.self).split(separator: "\n").map { String($0.split(separator: "\"")[11]) }
        #expect(ids == (1...3_000).map { "O_\($0)" })
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }

    @Test("a write error with several jobs stops the pipeline: exit 2 with the error, no hang, workers joined")
    func transformJobsWriteError() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        let input = try scratch.file("events.ndjson", String(repeating: goodLine + "\n", count: 12_000))
        for jobs in ["1", "2", "3"] {
            let result = try CLI.run([
                "transform", "--config", CLI.legacyConfig, "--input", input, "--output", "/dev/full", "--jobs", jobs, "--now",
                "2025-03-20T00:00:00Z",
            ])
            #expect(result.status == 2, "--jobs \(jobs)")
            #expect(result.stderrLines.first == "error: /dev/full: no space left on the device", "--jobs \(jobs)")
        }
    }

    @Test("a read error stops the run under every --jobs: exit 2 naming the input, no hang", arguments: ["1", "2", "3"])
    func transformJobsReadError(jobs: String) throws {
        // Reading /proc/self/mem from its start fails with EIO: the first batch's read fails.
        let result = try CLI.run([
            "transform", "--config", CLI.legacyConfig, "--input", "/proc/self/mem", "--output", "/dev/null", "--jobs", jobs,
        ])
        #expect(result.status == 2)
        #expect(result.stderrLines == ["error: /proc/self/mem: Input/output error"])
    }

    @Test("kill -9 during transform --jobs 2 leaves the old output whole; the next run replaces it and its temporary file")
    func transformKilledMidRun() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        let input = try scratch.file("events.ndjson", String(repeating: goodLine + "\n", count: 30_000))
        let output = try scratch.file("payloads.ndjson", "the previous run's payloads\n")
        let arguments = [
            "transform", "--config", CLI.legacyConfig, "--input", input, "--output", output, "--jobs", "2", "--now", "2025-03-20T00:00:00Z",
        ]
        let process = try Self.start(arguments)
        func temporaryFiles() -> [String] { Self.temporaryFiles(in: scratch.path, of: ["payloads.ndjson"]) }
        Self.wait(for: process) { Self.temporaryBytes(in: scratch.path, of: ["payloads.ndjson"]) >= 1 << 20 }
        try #require(process.isRunning, "the run ended before it could be killed mid-way")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "the previous run's payloads\n")
        #expect(temporaryFiles().count == 1, "the killed run's temporary file is left until the next run")

        let rerun = try CLI.run(arguments)
        #expect(rerun.status == 0)
        let payloads = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(payloads.count == 30_000)
        #expect(payloads.allSatisfy { $0.hasPrefix(#"{"event_set_id":"#) })
        #expect(temporaryFiles().isEmpty)
    }

    /// The hidden temporary files in `folder` of the outputs named `names`.
    private static func temporaryFiles(in folder: String, of names: [String]) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { entry in
            names.contains { entry.hasPrefix(".\($0).tmp-") }
        }
    }

    /// How many bytes those temporary files hold together.
    private static func temporaryBytes(in folder: String, of names: [String]) -> Int {
        temporaryFiles(in: folder, of: names).compactMap {
            try? FileManager.default.attributesOfItem(atPath: "\(folder)/\($0)")[.size] as? Int
        }.reduce(0, +)
    }

    /// Starts `executable` (the command under test by default) with `arguments`, its standard
    /// error written to `errorFile` (discarded when nil), and standard input from `input` when
    /// given.
    private static func start(
        _ arguments: [String], executable: String = CLI.binary, input: Pipe? = nil, errorFile: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let input { process.standardInput = input }
        if let errorFile {
            try #require(FileManager.default.createFile(atPath: errorFile, contents: nil))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Waits up to 20 s for `condition`, while `process` runs.
    private static func wait(for process: Process, until condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(20)
        while !condition(), process.isRunning, Date() < deadline { usleep(10_000) }
    }

    /// Waits up to 20 s for `process` to end, then kills it, so that no test hangs; whether it
    /// ended on its own.
    private static func endsOnItsOwn(_ process: Process) -> Bool {
        wait(for: process) { false }
        let endedOnItsOwn = !process.isRunning
        if !endedOnItsOwn { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return endedOnItsOwn
    }

    @Test(
        "SIGINT, SIGTERM or SIGHUP while transform waits for input removes its temporary files, keeps the old output and ends by the signal",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func transformSignalledWhileWaiting(signalNumber: Int32) throws {
        let scratch = try Scratch()
        let output = try scratch.file("payloads.ndjson", "the previous run's payloads\n")
        let rejects = "\(scratch.path)/rejects.ndjson"
        let input = Pipe()
        let errors = "\(scratch.path)/errors.txt"
        let process = try Self.start(
            ["transform", "--config", CLI.legacyConfig, "--input", "-", "--output", output, "--rejects", rejects], input: input,
            errorFile: errors)
        defer { try? input.fileHandleForWriting.close() }
        let names = ["payloads.ndjson", "rejects.ndjson"]
        Self.wait(for: process) { Self.temporaryFiles(in: scratch.path, of: names).count == 2 }
        try #require(process.isRunning, "transform ended before it could be signalled")
        try #require(Self.temporaryFiles(in: scratch.path, of: names).count == 2)
        kill(process.processIdentifier, signalNumber)
        #expect(Self.endsOnItsOwn(process), "transform outlived the signal by 20 s")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        #expect(Self.temporaryFiles(in: scratch.path, of: names).isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "the previous run's payloads\n")
        #expect(!FileManager.default.fileExists(atPath: rejects))
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signalNumber]!
        #expect(
            try String(contentsOfFile: errors, encoding: .utf8)
                == "transform: stopped by \(name); its unfinished files were removed. Run it again for the whole output.\n")
    }

    @Test("Ctrl-C in the middle of transform --jobs 2 leaves the old output whole and no temporary file")
    func transformInterruptedMidRun() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        let input = try scratch.file("events.ndjson", String(repeating: goodLine + "\n", count: 30_000))
        let output = try scratch.file("payloads.ndjson", "the previous run's payloads\n")
        let process = try Self.start(["transform", "--config", CLI.legacyConfig, "--input", input, "--output", output, "--jobs", "2"])
        Self.wait(for: process) { Self.temporaryBytes(in: scratch.path, of: ["payloads.ndjson"]) >= 1 << 20 }
        try #require(process.isRunning, "the run ended before it could be interrupted mid-way")
        kill(process.processIdentifier, SIGINT)
        #expect(Self.endsOnItsOwn(process), "transform outlived Ctrl-C by 20 s")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGINT)
        #expect(Self.temporaryFiles(in: scratch.path, of: ["payloads.ndjson"]).isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "the previous run's payloads\n")
    }

    @Test(
        "a signal sent as transform starts, while the signals it inherited blocked hold it back, is handled once the handler is in place",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func transformSignalledAtStart(signalNumber: Int32) throws {
        let scratch = try Scratch()
        let output = try scratch.file("payloads.ndjson", "the previous run's payloads\n")
        let input = Pipe()
        let process = try Self.start(["transform", "--config", CLI.legacyConfig, "--input", "-", "--output", output], input: input)
        defer { try? input.fileHandleForWriting.close() }
        // Sent before the process can have opened its files: the runner's children start with
        // these signals blocked, so it waits pending while the handlers are installed.
        kill(process.processIdentifier, signalNumber)
        #expect(Self.endsOnItsOwn(process), "transform lost the signal and still waited for input 20 s later")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signalNumber)
        #expect(Self.temporaryFiles(in: scratch.path, of: ["payloads.ndjson"]).isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "the previous run's payloads\n")
    }

    @Test("a transform started with SIGINT ignored (as `cmd &` in a script) ignores it and finishes its output")
    func transformKeepsAnIgnoredInterrupt() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        let output = "\(scratch.path)/payloads.ndjson"
        let input = Pipe()
        let process = try Self.start(
            [
                "-c", #"trap "" INT; exec "$0" transform --config "$1" --input - --output "$2" --now 2025-03-20T00:00:00Z"#, CLI.binary,
                CLI.legacyConfig, output,
            ], executable: "/bin/sh", input: input)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        Self.wait(for: process) { Self.temporaryFiles(in: scratch.path, of: ["payloads.ndjson"]).count == 1 }
        try #require(process.isRunning, "transform ended before it could be signalled")
        kill(process.processIdentifier, SIGINT)
        try input.fileHandleForWriting.write(contentsOf: Data((goodLine + "\n").utf8))
        try input.fileHandleForWriting.close()
        #expect(Self.endsOnItsOwn(process), "transform did not finish within 20 s of its input's end")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let payloads = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(payloads.count == 1)
        #expect(Self.temporaryFiles(in: scratch.path, of: ["payloads.ndjson"]).isEmpty)
    }

    @Test("transform streams good payloads, rejects bad lines with their numbers, and exits 1")
    func transformMixed() throws {
        let scratch = try Scratch()
        let goodLine = try CLI.compactSample("purchase-3-items")
        var lines: [String] = []
        var expectedRejects: [Int] = []
        var expectedPayloads = 0
        for index in 1...100_000 {
            switch index % 10 {
            case 3:
                lines.append(#"{"event_name":"purchase","id":"\#(index)""#)  // invalid JSON
                expectedRejects.append(index)
            case 7:
                lines.append(#"{"event_name":"purchase","id":"\#(index)"}"#)  // no timestamp: an error
                expectedRejects.append(index)
            case 9:
                lines.append(#"{"event_name":"page_view"}"#)  // skipped
            default:
                lines.append(goodLine)
                expectedPayloads += 1
            }
        }
        let input = try scratch.file("events.ndjson", lines.joined(separator: "\n") + "\n")
        let output = "\(scratch.path)/payloads.ndjson"
        let rejects = "\(scratch.path)/rejects.ndjson"
        let result = try CLI.run([
            "transform", "--config", CLI.legacyConfig, "--input", input, "--output", output, "--rejects", rejects, "--now", "2025-03-20T00:00:00Z",
        ])
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "transform: 100000 events read: 70000 → 70000 payloads, 20000 rejected (in \(rejects)), 10000 skipped (no mapping row)",
                "warnings by field: context.user ×10000",
            ])
        let payloadLines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(payloadLines.count == expectedPayloads)
        #expect(
            payloadLines.allSatisfy { $0.hasPrefix(#"{"event_set_id":"7301234567890123456","event":"CompletePayment","event_id":"O_2025_000123""#) })
        let rejectLines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        let records = try rejectLines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(records.map { $0["line"] as? Int } == expectedRejects)
        #expect(records[0]["event"] as? String == #"{"event_name":"purchase","id":"3""#)
        #expect((records[1]["event"] as? [String: Any])?["id"] as? String == "7")
        // Each line is parsed from one buffer reused for its batch: every reject still holds its own line.
        let rejectedIDs = records.map { record in
            (record["event"] as? [String: Any])?["id"] as? String ?? (record["event"] as? String).map { String($0.split(separator: "\"")[7]) }
        }
        #expect(rejectedIDs == expectedRejects.map { String($0) })
        let firstError = try #require((records[1]["errors"] as? [[String: Any]])?.first)
        #expect(firstError["field"] as? String == "timestamp")
        var status = stat()
        stat(rejects, &status)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test("a line longer than the limit is rejected by number and the run goes on")
    func transformHugeLine() throws {
        let scratch = try Scratch()
        var data = Data(#"{"event_name":"page_view"}"#.utf8 + [0x0A])
        data.append(Data(repeating: UInt8(ascii: "x"), count: 65 << 20))
        data.append(Data([0x0A] + #"{"event_name":"page_view"}"#.utf8))
        let input = try scratch.file("events.ndjson", data)
        let result = try CLI.run(["transform", "--config", CLI.legacyConfig, "--input", input, "--rejects", "\(scratch.path)/rejects.ndjson"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines.first
                == "transform: 3 events read: 0 → 0 payloads, 1 rejected (in \(scratch.path)/rejects.ndjson), 2 skipped (no mapping row)")
        let record = try String(contentsOfFile: "\(scratch.path)/rejects.ndjson", encoding: .utf8)
        #expect(
            record
                == #"{"line":2,"errors":[{"severity":"error","field":"event","source":null,"message":"line is 68157440 bytes, longer than the 64 MiB limit; not parsed"}],"event":null}"#
                + "\n")
    }

    @Test("without --rejects, bad lines are named on stderr by number, without their data")
    func transformWithoutRejects() throws {
        let input = Data(("{\"event_name\":\"purchase\",\"user\":{\"email\":\"secret@example.com\"}}\n" + "not json\n").utf8)
        let result = try CLI.run(["transform", "--config", CLI.legacyConfig], input: input)
        #expect(result.status == 1)
        #expect(
            result.stderrLines == [
                "error: line 1: timestamp: missing: the event time is required (epoch milliseconds or ISO-8601 with an offset)",
                "error: line 2: event: invalid JSON at line 1, column 1: unexpected 'n', expected a value (did you mean null?)",
                "transform: 2 events read: 0 → 0 payloads, 2 rejected (not saved: pass --rejects FILE to keep them), 0 skipped (no mapping row)",
                "warnings by field: event_id ×1",
            ])
        #expect(!result.stderr.contains("secret"))
    }

    @Test("the configurator refuses to start without a terminal, with a pointer to the headless commands")
    func configuratorNeedsTerminal() throws {
        let result = try CLI.run([])
        #expect(result.status == 2)
        #expect(result.stderrLines == ["error: the configurator needs a terminal; for scripts use preview, validate or transform (see --help)"])
    }

    @Test("themes lists the shipped themes and where they come from")
    func themes() throws {
        let result = try CLI.run(["themes", "--themes-dir", CLI.repositoryRoot + "/Themes"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "themes folder: \(CLI.repositoryRoot)/Themes")
        #expect(
            lines.dropFirst().map { String($0.prefix(14)).trimmingCharacters(in: .whitespaces) } == [
                "default", "dark", "high-contrast", "light", "mono",
            ])
    }
}

@Suite("transform and preview: file rules and large events")
struct CommandLineFileTests {
    @Test("--output to a FIFO is written in place; the FIFO stays a FIFO")
    func outputToFIFO() throws {
        let scratch = try Scratch()
        let config = try scratch.file("c.json", Data(contentsOf: URL(fileURLWithPath: CLI.legacyConfig)))
        let input = try scratch.file("in.ndjson", try CLI.compactSample("purchase-3-items") + "\n")
        let fifo = scratch.path + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = ReceivedBytes()
        let reader = Thread {
            let handle = FileHandle(forReadingAtPath: fifo)!
            received.data = handle.readDataToEndOfFile()
        }
        reader.start()
        let result = try CLI.run(["transform", "--config", config, "--input", input, "--output", fifo, "--now", "2025-03-20T00:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        while received.data == nil { usleep(10_000) }
        #expect(String(decoding: received.data!, as: UTF8.self).hasPrefix("{\"event_set_id\":\"7301234567890123456\""))
        var status = stat()
        lstat(fifo, &status)
        #expect(status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("--output equal to --rejects is refused; a replaced --output keeps its mode; a new one follows the umask")
    func outputModes() throws {
        let scratch = try Scratch()
        let config = try scratch.file("c.json", Data(contentsOf: URL(fileURLWithPath: CLI.legacyConfig)))
        let input = try scratch.file("in.ndjson", try CLI.compactSample("purchase-3-items") + "\n")
        let same = scratch.path + "/same.ndjson"
        let refused = try CLI.run(["transform", "--config", config, "--input", input, "--output", same, "--rejects", same])
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: \(same): --rejects and --output name the same file; give each its own\n")
        let existing = try scratch.file("existing.ndjson", "old\n")
        chmod(existing, 0o640)
        #expect(try CLI.run(["transform", "--config", config, "--input", input, "--output", existing]).status == 0)
        #expect((try FileManager.default.attributesOfItem(atPath: existing)[.posixPermissions] as? Int) == 0o640)
        let fresh = scratch.path + "/fresh.ndjson"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "umask 027; exec \"$0\" \"$@\"", CLI.binary, "transform", "--config", config, "--input", input, "--output", fresh]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect((try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int) == 0o640)
        let link = scratch.path + "/rejects-link"
        symlink(existing, link)
        let linked = try CLI.run(["transform", "--config", config, "--input", input, "--output", fresh, "--rejects", link])
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("is a symbolic link"))
        #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("{"))
    }

    @Test("300 000 emails in one event: de-duplicated in linear time, capped at 1 000 with a warning")
    func manyEmails() throws {
        let scratch = try Scratch()
        let config = try scratch.file("c.json", Data(contentsOf: URL(fileURLWithPath: CLI.legacyConfig)))
        let emails = (0..<300_000).map { "\"u\($0 % 150_000)@example.com\"" }.joined(separator: ",")
        let event = try scratch.file(
            "e.json", #"{"event_name":"purchase","id":"E1","user":{"email":[\#(emails)]},"context":{"event_timestamp":1742428000000}}"#)
        let started = Date()
        let result = try CLI.run(["preview", "--json", "--config", config, "--event", event, "--now", "2025-03-20T00:00:00Z"])
        let seconds = Date().timeIntervalSince(started)
        print("preview of one event with 300 000 emails: \(String(format: "%.2f", seconds)) s")
        #expect(result.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let payload = try #require((report["payloads"] as? [[String: Any]])?.first)
        let user = (payload["context"] as? [String: Any])?["user"] as? [String: Any]
        #expect((user?["emails"] as? [String])?.count == 1000)
        let messages = (report["diagnostics"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
        #expect(messages.contains("left out the last 299000 values: an event keeps at most 1000 distinct emails"))
        // A regression guard against quadratic work (which took over 16 s), not a benchmark.
        #expect(seconds < 10)
    }
}

/// Bytes a reader thread received.
final class ReceivedBytes: @unchecked Sendable {
    var data: Data?
}

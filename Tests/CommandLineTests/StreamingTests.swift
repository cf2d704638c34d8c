import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `transform --line-buffered --mark-event-ends` as a pipeline's coprocess: one event written,
/// its answer read back before the next event is written.
@Suite struct StreamingTests {
    /// A running `transform` fed through pipes, read with a deadline.
    final class Coprocess {
        let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private var pending: [UInt8] = []

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func write(_ line: String) {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
        }

        /// The next output line, or nil when none arrives within `seconds` (or at the end).
        func readLine(within seconds: Double) -> String? {
            let deadline = Date().addingTimeInterval(seconds)
            let descriptor = output.fileHandleForReading.fileDescriptor
            while true {
                if let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    return line
                }
                let remaining = deadline.timeIntervalSinceNow
                guard remaining > 0 else { return nil }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
                var chunk = [UInt8](repeating: 0, count: 65_536)
                let count = read(descriptor, &chunk, chunk.count)
                guard count > 0 else { return nil }
                pending += chunk[..<count]
            }
        }

        /// The lines up to the next empty line (one event's answer), or nil on timeout.
        func readAnswer(within seconds: Double) -> [String]? {
            var lines: [String] = []
            while let line = readLine(within: seconds) {
                if line.isEmpty { return lines }
                lines.append(line)
            }
            return nil
        }

        /// Everything left to read, up to the end of output, a partial last line included.
        func remainingOutput() -> String {
            var rest = pending
            pending = []
            let remaining = output.fileHandleForReading.readDataToEndOfFile()
            rest += remaining
            return String(decoding: rest, as: UTF8.self)
        }

        func finish() throws -> Int32 {
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static let arguments = [
        "transform", "--config", CLI.exampleConfig, "--now", "2025-03-20T00:00:00Z", "--line-buffered", "--mark-event-ends",
    ]

    @Test func eachEventsAnswerComesBackBeforeTheNextEventIsWritten() throws {
        let purchase = try CLI.compactSample("purchase-3-items")
        let expected = try CLI.run(
            ["transform", "--config", CLI.exampleConfig, "--now", "2025-03-20T00:00:00Z"], input: Data((purchase + "\n").utf8)
        ).stdout
        let coprocess = try Coprocess(Self.arguments)
        var durations: [Double] = []
        for round in 1...100 {
            let start = DispatchTime.now().uptimeNanoseconds
            coprocess.write(purchase)
            let answer = coprocess.readAnswer(within: 10)
            durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            try #require(answer != nil, "no answer to round trip \(round) within 10 s")
            #expect(answer!.map { $0 + "\n" }.joined() == expected)
        }
        #expect(try coprocess.finish() == 0)
        durations.sort()
        print("transform --line-buffered: 100 round trips, median \(durations[50]) ms, slowest \(durations[99]) ms")
    }

    /// kill -9 in the middle of a stream of 40 events: the answers written before the kill are
    /// whole (every line complete JSON or an end marker), and the output ends on a line boundary.
    @Test func aKillMidStreamLeavesOnlyWholeAnswers() throws {
        let coprocess = try Coprocess(Self.arguments)
        let purchase = try CLI.compactSample("purchase-3-items")
        coprocess.write(Array(repeating: purchase, count: 40).joined(separator: "\n"))
        for answer in 1...10 {
            try #require(coprocess.readAnswer(within: 10)?.count == 1, "answer \(answer) did not come back whole")
        }
        kill(coprocess.process.processIdentifier, SIGKILL)
        coprocess.process.waitUntilExit()
        #expect(coprocess.process.terminationReason == .uncaughtSignal)
        let rest = coprocess.remainingOutput()
        #expect(rest.isEmpty || rest.hasSuffix("\n"), "the output must end on a line boundary")
        for line in rest.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not a whole payload: \(line.prefix(80))")
        }
    }

    @Test func eventsWithoutPayloadsStillEndTheirAnswer() throws {
        let coprocess = try Coprocess(Self.arguments)
        let answers = [#"{"event_name":"page_view"}"#, "{bad", "", try CLI.compactSample("sign-up")].map { event in
            coprocess.write(event)
            return coprocess.readAnswer(within: 10)?.count
        }
        #expect(answers == [0, 0, 0, 1])
        #expect(try coprocess.finish() == 1)
    }

    /// The Python driver of docs/INTEGRATION.md, run as a pipeline would run it: its payloads are
    /// the lines a file-to-file transform writes, and every event is answered, also those without
    /// a payload.
    @Test func thePythonDriverGetsTheSamePayloadsAsAFileTransform() throws {
        let events = try ["generate-lead-call", "purchase-3-items", "purchase-prehashed", "sign-up"].map(CLI.compactSample)
        let input = ([events[0], #"{"event_name":"page_view"}"#, events[1], "{bad", events[2], events[3]].joined(separator: "\n")) + "\n"
        let scratch = try Scratch()
        let inputPath = try scratch.file("events.ndjson", input)
        let now = ["--now", "2025-03-20T00:00:00Z"]
        let expected = try CLI.run(["transform", "--config", CLI.exampleConfig, "--input", inputPath] + now)
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        driver.arguments =
            ["python3", "\(CLI.repositoryRoot)/Examples/Pipeline/transform_driver.py", CLI.binary, CLI.exampleConfig, inputPath, "--"]
            + now
        let output = Pipe()
        driver.standardOutput = output
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        driver.waitUntilExit()
        #expect(driver.terminationStatus == 1, "transform's exit status: one line was rejected")
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(
            lines.filter { $0.hasPrefix("event ") } == [
                "event 1: 1 payload(s)", "event 2: 0 payload(s)", "event 3: 1 payload(s)", "event 4: 0 payload(s)",
                "event 5: 1 payload(s)", "event 6: 1 payload(s)",
            ])
        let payloads = lines.filter { !$0.hasPrefix("event ") }
        let expectedPayloads = expected.stdout.split(separator: "\n").map(String.init)
        #expect(payloads.count == 4)
        for (payload, expectedPayload) in zip(payloads, expectedPayloads) {
            let decoded = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? NSDictionary
            let expectedDecoded = try JSONSerialization.jsonObject(with: Data(expectedPayload.utf8)) as? NSDictionary
            #expect(decoded == expectedDecoded)
        }
    }

    /// Markers in a block-buffered, multi-job run, as a Spark `pipe()` would use them: one empty
    /// line per input line across batch boundaries, and the payloads otherwise unchanged.
    @Test func markersSurviveBatchesAndJobs() throws {
        let events = try ["purchase-3-items", "sign-up", "generate-lead-call"].map(CLI.compactSample)
        let lines = (0..<5_000).map { index in
            switch index % 4 {
            case 0: return events[index % 3]
            case 1: return #"{"event_name":"page_view"}"#
            case 2: return "{bad"
            default: return ""
            }
        }
        let scratch = try Scratch()
        let input = try scratch.file("events.ndjson", lines.joined(separator: "\n") + "\n")
        let base = ["transform", "--config", CLI.exampleConfig, "--input", input, "--now", "2025-03-20T00:00:00Z", "--jobs", "2"]
        let plain = try CLI.run(base)
        let marked = try CLI.run(base + ["--mark-event-ends"])
        #expect(plain.status == 1 && marked.status == 1)
        let markedLines = marked.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(markedLines.filter(\.isEmpty).count == 5_000)
        #expect(markedLines.filter { !$0.isEmpty }.map { $0 + "\n" }.joined() == plain.stdout)
        let answers = markedLines.split(separator: "", omittingEmptySubsequences: false).dropLast().map(\.count)
        #expect(answers.count == 5_000)
        #expect(answers.enumerated().allSatisfy { index, count in count == (index % 4 == 0 ? 1 : 0) })
    }

    @Test func withoutLineBufferingTheAnswerWaitsForTheEndOfInput() throws {
        let coprocess = try Coprocess(["transform", "--config", CLI.exampleConfig, "--now", "2025-03-20T00:00:00Z"])
        coprocess.write(try CLI.compactSample("sign-up"))
        #expect(coprocess.readLine(within: 0.5) == nil)
        #expect(try coprocess.finish() == 0)
        #expect(coprocess.readLine(within: 10)?.hasPrefix(#"{"event_source":"offline""#) == true)
    }
}

import ArgumentParser
import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tiktok-offline transform`: NDJSON events in, NDJSON request bodies out, streaming.
struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Transform NDJSON events into NDJSON TikTok request bodies (one per line).",
        discussion: """
            A bad line (invalid JSON, or an event with an error) never stops the run: it goes to \
            --rejects as {"line": N, "errors": [...], "event": <the line>} and the run goes on. \
            Without --rejects, each bad line is reported on stderr by line number only. A summary \
            goes to stderr, and with --rejects and --output files a progress line shows on a terminal. Files are written under a temporary name and renamed when complete (a device or FIFO such as /dev/null is written in place); a replaced --output keeps its mode and owner, a new one follows the umask; --rejects is always private (0600) and never written through a symbolic link. \
            Exit 0 when every line was good, 1 when some were rejected, 2 on usage or I/O errors. \
            For a pipeline that feeds one event at a time and waits for its answer, use \
            --line-buffered --mark-event-ends (docs/INTEGRATION.md).
            Example: tiktok-offline transform --config tiktok-offline.json --input events.ndjson \
            --output payloads.ndjson --rejects rejects.ndjson
            """
    )

    @Option(help: ArgumentHelp("The config file.", valueName: "file"))
    var config: String

    @Option(help: ArgumentHelp("NDJSON events, one per line; - for standard input.", valueName: "file"))
    var input: String = "-"

    @Option(help: ArgumentHelp("Where the request bodies go; - for standard output.", valueName: "file"))
    var output: String = "-"

    @Option(help: ArgumentHelp("Where rejected lines go (created with mode 0600: it holds raw events).", valueName: "file"))
    var rejects: String?

    @Option(
        help: ArgumentHelp(
            "How many batches of lines to transform at once (default: the number of processors). The output is the same for any number.",
            valueName: "n"))
    var jobs: Int?

    @Flag(
        help: ArgumentHelp(
            "Write each line's payloads (and reject) as soon as the line is transformed, for a process that writes one event and waits for its answer.",
            discussion: "Without it, output is written in 1 MiB blocks, which is what makes a file-to-file run fast."))
    var lineBuffered = false

    @Flag(
        help: ArgumentHelp(
            "Write an empty line after each input line's payloads, so a reader knows where one event's output ends (also for events with no payload)."
        ))
    var markEventEnds = false

    @OptionGroup var clock: ClockOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let transformer = try loadConfig(config)
        let now = try clock.milliseconds()
        if input == "-", Standard.inputIsTerminal {
            Standard.error("error: no input: pass --input FILE or pipe NDJSON events on standard input")
            throw Exit.usageOrIO
        }
        do {
            let summary = try transformFiles(transformer: transformer, now: now)
            report(summary)
            if summary.rejected > 0 { throw Exit.inputErrors }
        } catch let error as FileError {
            Standard.error("error: \(error)")
            throw Exit.usageOrIO
        }
    }

    private func transformFiles(transformer: Transformer, now: Int64) throws -> NDJSONTransform.Summary {
        let inputDescriptor = try FileIO.openForReading(input)
        defer { if inputDescriptor != 0 { close(inputDescriptor) } }
        try FileIdentity.requireDistinct([("--input", input), ("--output", output)] + (rejects.map { [("--rejects", $0)] } ?? []))
        let outputFile = output == "-" ? nil : try OutputFile(path: output)
        let rejectsFile = try rejects.map { path throws(FileError) in try OutputFile(path: path, isPrivate: true) }
        // Progress only when nothing else writes to the terminal: no payloads on it, and no
        // reject messages on standard error.
        let showsProgress = isatty(2) == 1 && rejects != nil && !(output == "-" && isatty(1) == 1)
        OutputFile.removeTemporaryFilesOnTermination([outputFile, rejectsFile].compactMap { $0 }) { signalName in
            // Starts by erasing a progress line, so the notice is not written after it.
            (showsProgress ? "\r\u{1B}[K" : "")
                + "transform: stopped by \(signalName); its unfinished files were removed. Run it again for the whole output.\n"
        }
        let outputSink = ByteSink(
            descriptor: outputFile?.descriptor ?? 1, name: output == "-" ? "standard output" : output,
            writesToDiskEarly: outputFile?.isFlushedOnCommit ?? false)
        let rejectSink =
            rejectsFile.map { RejectSink(records: ByteSink(descriptor: $0.descriptor, name: $0.path, writesToDiskEarly: $0.isFlushedOnCommit)) }
            ?? RejectSink(messages: ByteSink(descriptor: 2, name: "standard error"))
        let progress = ProgressLine(enabled: showsProgress)
        defer { progress.finish() }
        let streaming = NDJSONTransform.Streaming(lineBuffered: lineBuffered, marksEventEnds: markEventEnds)
        let summary = try NDJSONTransform(
            transformer: transformer, now: now, jobs: jobs ?? NDJSONTransform.processorCount, streaming: streaming
        )
        .run(input: inputDescriptor, inputName: input == "-" ? "standard input" : input, output: outputSink, rejects: rejectSink) {
            summary in
            progress.show(done: summary.lines) { rate in
                "read \(summary.lines) · \(summary.payloads) payloads · rejected \(summary.rejected) · skipped \(summary.skipped) · \(rate) lines/s"
            }
        }
        try outputFile?.commit()
        try rejectsFile?.commit()
        return summary
    }

    private func report(_ summary: NDJSONTransform.Summary) {
        let events = summary.lines - summary.blankLines
        var line =
            "transform: \(events) event\(events == 1 ? "" : "s") read: \(summary.eventsSent) → \(summary.payloads) payload\(summary.payloads == 1 ? "" : "s")"
        line += ", \(summary.rejected) rejected"
        if summary.rejected > 0 {
            line += rejects.map { " (in \($0))" } ?? " (not saved: pass --rejects FILE to keep them)"
        }
        line += ", \(summary.skipped) skipped (no mapping row)"
        if summary.blankLines > 0 { line += ", \(summary.blankLines) blank line\(summary.blankLines == 1 ? "" : "s") ignored" }
        Standard.error(line)
        let warnings = summary.warningsByField.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !warnings.isEmpty {
            Standard.error("warnings by field: " + warnings.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        }
    }
}

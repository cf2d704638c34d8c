import ArgumentParser
import TikTokOfflineCore
import TikTokOfflineDelivery

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tiktok-offline send`: deliver NDJSON events to TikTok, batched, retried, resumable.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send NDJSON events to TikTok: batched, retried, resumable, nothing lost.",
        discussion: """
            Every input line ends in exactly one place: acknowledged by TikTok, or in the rejects \
            file with its line number and TikTok's message (or our diagnostic). Events no mapping \
            row selects are counted, not rejected. Outages never reject anything: when retries \
            run out, the run stops (exit 2) and says how many lines are still to send. A journal \
            beside the rejects file (FILE.journal) records what TikTok acknowledged, line by line \
            with a digest of each line's content; after a crash, an outage or Ctrl-C, run the same \
            command again to resume without resending acknowledged events. A file replaced or \
            edited under the same name is sent again where its lines differ.

            The access token comes from TIKTOK_ACCESS_TOKEN or --token-file; it is never printed.

            Events 2.0 ("api_format": "events_2_0") sends up to 1000 events per request, grouped \
            by event set; the legacy format sends one event per request. With a test_event_code \
            in the config, every request carries one event.

            Exit codes: 0 everything acknowledged; 1 some lines rejected (in this run or an earlier \
            run of the same journal); 2 usage, I/O, token error or a stopped run: fix the cause \
            and run the same command again.

            Examples:
              TIKTOK_ACCESS_TOKEN=… tiktok-offline send --config tiktok-offline.json \\
                  --input store-sales.ndjson --rejects store-sales.rejects.ndjson
              tiktok-offline send --config tiktok-offline.json --input store-sales.ndjson --dry-run
            """
    )

    @Option(help: ArgumentHelp("The config file.", discussion: "Example: --config tiktok-offline.json", valueName: "file"))
    var config: String

    @Option(help: ArgumentHelp("NDJSON events, one per line; - for standard input.", discussion: "Example: --input sales.ndjson", valueName: "file"))
    var input: String = "-"

    @Option(
        help: ArgumentHelp(
            "Where lines TikTok does not acknowledge go (appended, mode 0600); the resume journal is FILE.journal.",
            discussion: "Required unless --dry-run. Example: --rejects sales.rejects.ndjson", valueName: "file"))
    var rejects: String?

    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp(
            "Read the access token from this file (it must not be readable by others) instead of TIKTOK_ACCESS_TOKEN.",
            discussion: "Example: --token-file ~/.config/tiktok-offline/token", valueName: "file"))
    var tokenFile: String?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The TikTok Business API base URL.", discussion: "Example: --base-url http://127.0.0.1:8080 (a test stand-in)", valueName: "url"))
    var baseURL = "https://business-api.tiktok.com"

    @Option(help: ArgumentHelp("Requests in flight at once (1–32).", discussion: "Example: --concurrency 2", valueName: "n"))
    var concurrency = 4

    @Option(
        name: .customLong("max-retries"),
        help: ArgumentHelp(
            "Retries of one request after rate limits, server errors, timeouts and dropped connections; then the run stops (exit 2) and the same command resumes it.",
            discussion: "Example: --max-retries 8", valueName: "n"))
    var maxRetries = 5

    @Option(
        name: .customLong("retry-delay-ms"),
        help: ArgumentHelp(
            "The first retry waits up to this many milliseconds; each further retry doubles it (random jitter, at most 60 s).",
            discussion: "Example: --retry-delay-ms 1000", valueName: "ms"))
    var retryDelay = 500

    @Option(
        name: .customLong("batch-size"),
        help: ArgumentHelp("Events per Events 2.0 request (1–1000).", discussion: "Example: --batch-size 500", valueName: "n"))
    var batchSize = 1000

    @Option(
        help: ArgumentHelp(
            "Seconds one request may take in all: connecting, sending, and the whole answer.", discussion: "Example: --timeout 60",
            valueName: "seconds"))
    var timeout: Int64 = 30

    @Flag(
        name: .customLong("insecure-http"),
        help: ArgumentHelp(
            "Allow a plain http:// --base-url to another machine (the token then crosses the network unencrypted).",
            discussion: "Example: --base-url http://tiktok-proxy.internal:8080 --insecure-http"))
    var insecureHTTP = false

    @Flag(
        help: ArgumentHelp(
            "With --input - (standard input): skip lines the journal shows as done. Standard input cannot be recognised, so this is never assumed.",
            discussion: "Example: cat sales.ndjson | tiktok-offline send … --input - --resume"))
    var resume = false

    @Flag(
        name: .customLong("dry-run"),
        help: ArgumentHelp(
            "Transform and batch, print each request that would go (a line naming it, then its body), send nothing.",
            discussion: "Rejected lines are listed on standard error with their numbers and reasons."))
    var dryRun = false

    @Flag(help: "With --dry-run: print each body indented for reading instead of compact as it would be sent.")
    var pretty = false

    @OptionGroup var clock: ClockOptions

    func validate() throws {
        guard !pretty || dryRun else { throw ValidationError("--pretty only applies to --dry-run, which prints the bodies") }
        guard (1...32).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 32") }
        guard (0...100).contains(maxRetries) else { throw ValidationError("--max-retries must be between 0 and 100") }
        guard (1...1000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 1000 (TikTok's limit)") }
        guard retryDelay >= 0 else { throw ValidationError("--retry-delay-ms cannot be negative") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if !dryRun, let problem = HTTPSender.problem(withBaseURL: baseURL, allowInsecureHTTP: insecureHTTP) {
            throw ValidationError(problem)
        }
        guard dryRun || rejects != nil else {
            throw ValidationError("send needs --rejects FILE: lines TikTok does not acknowledge go there, and the resume journal lives beside it")
        }
    }

    func run() async throws {
        let transformer = try loadConfig(config)
        if let code = transformer.config.config.testEventCode {
            Standard.error(
                "warning: test_event_code is set (\(code)): TikTok shows these events under Test Events only and does not use them for attribution; remove it from the config for real sends"
            )
        }
        let now = try clock.milliseconds()
        if input == "-", Standard.inputIsTerminal {
            Standard.error("error: no input: pass --input FILE or pipe NDJSON events on standard input")
            throw Exit.usageOrIO
        }
        var sender: HTTPSender?
        if !dryRun {
            do {
                let token = try AccessToken.load(file: tokenFile, environment: Environment.variables)
                sender = HTTPSender(baseURL: baseURL, token: token, timeoutSeconds: timeout)
            } catch {
                Standard.error("error: \(error)")
                throw Exit.usageOrIO
            }
        }
        let outcome: Result<Void, any Error>
        do {
            try await deliver(transformer: transformer, sender: sender, now: now)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await sender?.shutdown()
        do {
            try outcome.get()
        } catch let error as FileError {
            Standard.error("error: \(error)")
            throw Exit.usageOrIO
        }
    }

    private func deliver(transformer: Transformer, sender: HTTPSender?, now: Int64) async throws {
        let inputDescriptor = try FileIO.openForReading(input)
        defer { if inputDescriptor != 0 { close(inputDescriptor) } }

        var journal: DeliveryJournal?
        var rejectsFile: PrivateAppendFile?
        var rejectsOutput: ByteSink?
        let rejectSink: RejectSink
        if let rejects, !dryRun {
            try FileIdentity.requireDistinct([("--input", input), ("--rejects", rejects), ("the journal", rejects + ".journal")])
            let fingerprint = SHA256Digest(hashing: ConfigWriter.canonicalText(transformer.config.config) + "\n" + baseURL).hex
            let opened = try DeliveryJournal(path: rejects + ".journal", fingerprint: String(fingerprint.prefix(32)))
            if input == "-", opened.hasEntries, !resume {
                throw FileError(
                    path: opened.path,
                    reason:
                        "holds earlier runs, and standard input cannot be recognised: pass --resume to skip the lines it shows as done, or move it and the rejects file away to start afresh"
                )
            }
            journal = opened
            let file = try PrivateAppendFile(path: rejects, what: "the rejects file", lock: false)
            rejectsFile = file
            let output = ByteSink(descriptor: file.descriptor, name: rejects)
            rejectsOutput = output
            rejectSink = RejectSink(records: output)
        } else {
            let messages = ByteSink(descriptor: 2, name: "standard error")
            rejectsOutput = messages
            rejectSink = RejectSink(messages: messages)
        }

        var options = DeliveryOptions()
        options.batchSize = batchSize
        options.concurrency = concurrency
        options.maxRetries = maxRetries
        options.retryBaseDelayMilliseconds = retryDelay
        options.dryRun = dryRun
        options.prettyBodies = pretty
        let progress = ProgressLine()
        let delivery = Delivery(
            transformer: transformer, sender: sender, options: options, journal: journal, rejects: rejectSink,
            rejectsOutput: rejectsOutput, now: now,
            progress: { summary in
                progress.show(done: summary.payloadsAcknowledged) { rate in
                    "read \(summary.linesRead) · sent \(summary.payloadsAcknowledged) · rejected \(summary.linesRejected) · retries \(summary.retries) · \(rate) events/s"
                }
            }, announce: { Standard.output($0) })
        var reader = LineReader(
            descriptor: inputDescriptor, name: input == "-" ? "standard input" : input, maxLineBytes: NDJSONTransform.maxLineBytes)
        let summary = try await delivery.run(input: &reader)
        progress.finish()
        withExtendedLifetime(rejectsFile) {}
        report(summary, journal: journal)
        if summary.stoppedBecause != nil { throw Exit.usageOrIO }
        if summary.linesRejected + summary.linesRejectedEarlier > 0 { throw Exit.inputErrors }
    }

    private func report(_ summary: DeliverySummary, journal: DeliveryJournal?) {
        let verb = dryRun ? "would send" : "acknowledged"
        var line = "send: \(summary.linesRead - summary.blankLines) lines: \(summary.linesAcknowledged) \(verb)"
        if !dryRun { line += " (\(summary.payloadsAcknowledged) payloads)" }
        line += " in \(summary.requests) request\(summary.requests == 1 ? "" : "s")"
        line += ", \(summary.linesRejected) rejected"
        if summary.linesRejected > 0, let rejects, !dryRun { line += " (in \(rejects))" }
        line += ", \(summary.linesSkipped) skipped (no mapping row)"
        if summary.linesRejectedEarlier > 0 {
            line += ", \(summary.linesRejectedEarlier) rejected by an earlier run (in \(rejects ?? "the rejects file"))"
        }
        if summary.linesAlreadyDone > 0 { line += ", \(summary.linesAlreadyDone) already acknowledged in an earlier run" }
        if summary.linesUnsent > 0 { line += ", \(summary.linesUnsent) still to send" }
        if summary.retries > 0 { line += "; \(summary.retries) retr\(summary.retries == 1 ? "y" : "ies")" }
        Standard.error(line)
        if let reason = summary.stoppedBecause {
            Standard.error("error: stopped: \(reason)")
            if let journal {
                Standard.error(
                    "\(summary.linesUnsent) line\(summary.linesUnsent == 1 ? "" : "s") still to send; nothing is lost: fix the cause and run the same command again to resume (journal: \(journal.path))."
                )
            }
        }
    }
}

/// The process environment.
enum Environment {
    /// Every variable, by name.
    static var variables: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

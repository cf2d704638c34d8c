import ArgumentParser
import TikTokOfflineCore

/// `tiktok-offline preview`: one event in, its TikTok payload(s) and diagnostics out.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Transform one event and print the TikTok request body (or bodies).",
        discussion: """
            Payloads go to stdout as pretty JSON, diagnostics to stderr. An event with an error \
            yields no payload (exit 1); an event no mapping row selects yields none either (exit 0).
            Example: tiktok-offline preview --config tiktok-offline.json --event purchase.json
            """
    )

    @Option(help: ArgumentHelp("The config file.", valueName: "file"))
    var config: String

    @Option(help: ArgumentHelp("The event: a JSON file, or - for standard input.", valueName: "file"))
    var event: String = "-"

    @Flag(help: "Print one JSON object {\"payloads\": [...], \"diagnostics\": [...]} instead.")
    var json = false

    @OptionGroup var clock: ClockOptions

    func run() throws {
        let transformer = try loadConfig(config)
        let now = try clock.milliseconds()
        if event == "-", Standard.inputIsTerminal {
            Standard.error("error: no event: pass --event FILE or pipe one on standard input")
            throw Exit.usageOrIO
        }
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(event, limit: ReadLimit.event, what: "an event")
        } catch {
            Standard.error("error: \(error)")
            throw Exit.usageOrIO
        }
        let result = transformer.transform(bytes, now: now)
        let payloads = result.sendablePayloads
        if json {
            let report: JSONValue = [
                "payloads": .array(payloads.map(\.json)), "diagnostics": .array(result.diagnostics.map(\.jsonValue)),
            ]
            Standard.output(report.prettyText)
        } else {
            for diagnostic in result.diagnostics { Standard.error(diagnostic.lineForTerminal) }
            for payload in payloads { Standard.output(payload.prettyText) }
        }
        if result.outcome == .invalid { throw Exit.inputErrors }
    }
}

extension Diagnostic {
    /// `severity: field: message (from source)`.
    var lineForTerminal: String {
        guard let source else { return description }
        return "\(description) (from \(source))"
    }
}

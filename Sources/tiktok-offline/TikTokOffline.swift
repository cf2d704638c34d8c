import ArgumentParser
import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `tiktok-offline` command: the configurator by default, and the headless subcommands.
@main
struct TikTokOffline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiktok-offline",
        abstract: "Turn Commanders Act events into hashed TikTok offline-event requests.",
        discussion: """
            Exit codes: 0 success; 1 the input had errors (events rejected, config invalid); \
            2 usage or I/O error. Diagnostics go to stderr as "severity: field: message"; data goes to stdout.
            """,
        version: Version.line,
        subcommands: [
            EditCommand.self, PreviewCommand.self, ValidateCommand.self, TransformCommand.self, SendCommand.self, ThemesCommand.self,
            ExampleCommand.self,
        ],
        defaultSubcommand: EditCommand.self
    )

    /// Runs the command line, mapping every failure to the documented exit codes (never a trap).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            ProcessExit.now(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                ProcessExit.now(0)
            }
            Standard.error(message)
            ProcessExit.now(Exit.usageOrIO.rawValue)
        }
    }
}

/// The exit codes of every subcommand.
enum Exit {
    /// Everything succeeded.
    static let success = ExitCode(0)
    /// The input had errors: events rejected or the config invalid.
    static let inputErrors = ExitCode(1)
    /// A usage or I/O error.
    static let usageOrIO = ExitCode(2)
}

/// Writing to the standard streams.
enum Standard {
    /// Writes one line to standard error.
    static func error(_ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                guard count > 0 else { return }
                offset += count
            }
        }
    }

    /// Writes text to standard output, followed by a newline.
    static func output(_ text: String) {
        print(text)
    }

    /// Whether standard input is a terminal (reading it would wait for typing).
    static var inputIsTerminal: Bool { isatty(0) == 1 }
}

/// Options shared by the commands that evaluate event times.
struct ClockOptions: ParsableArguments {
    @Option(
        name: .customLong("now"),
        help: ArgumentHelp(
            "Evaluate event ages as of this time instead of the clock (ISO-8601 with offset).",
            discussion: "Example: --now 2025-03-20T00:00:00Z gives reproducible age warnings.",
            valueName: "time"))
    var now: String?

    /// The evaluation time in epoch milliseconds.
    func milliseconds() throws -> Int64 {
        guard let now else { return WallClock.epochMilliseconds() }
        guard let parsed = EventTime.parseISO8601(now) else {
            throw ValidationError("--now: \"\(now)\" is not an ISO-8601 time with an offset, e.g. 2025-03-20T00:00:00Z")
        }
        return parsed
    }
}

/// Loads a config for a command, printing its problems and choosing the exit code on failure.
func loadConfig(_ path: String, showingInfos: Bool = false) throws -> Transformer {
    do {
        let (config, notes) = try ConfigFile.load(path)
        for note in notes where showingInfos || note.severity != .info { Standard.error("\(path): \(note)") }
        return try Transformer(config: config)
    } catch let error as ConfigFile.LoadError {
        Standard.error(error.description)
        if case .unreadable = error { throw Exit.usageOrIO }
        throw Exit.inputErrors
    } catch let error as ConfigError {
        Standard.error(error.problems.map { "\(path): \($0)" }.joined(separator: "\n"))
        throw Exit.inputErrors
    }
}

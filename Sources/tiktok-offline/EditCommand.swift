import ArgumentParser
import TerminalBackend
import TikTokOfflineCore
import TikTokOfflineUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `tiktok-offline [edit] [CONFIG]`: the full-screen configurator.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Open the configurator on CONFIG (default ./tiktok-offline.json).",
        discussion: """
            With no CONFIG and no ./tiktok-offline.json, it opens on a built-in example config and \
            sample event. A CONFIG that does not exist yet is created on the first save (Ctrl-S). \
            Unsaved edits are kept in a hidden recovery file beside the config and offered on the \
            next start. Press F1 for the keys.
            Example: tiktok-offline edit store-sales.json
            """
    )

    @Argument(help: ArgumentHelp("The config file.", valueName: "config"))
    var config: String?

    @Option(name: .customLong("themes-dir"), help: ArgumentHelp("Where to look for themes first.", valueName: "folder"))
    var themesFolder: String?

    @Option(help: ArgumentHelp("The theme to start with (see `tiktok-offline themes`).", valueName: "id"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours, only bold, underline and reverse (also when NO_COLOR is set).")
    var noColor = false

    @Flag(
        help: ArgumentHelp(
            "Let the mouse focus panes, select rows and scroll (off by default, so the terminal's own selection can copy a hash).",
            discussion: "Example: tiktok-offline edit store.json --mouse"))
    var mouse = false

    @Option(
        help: ArgumentHelp(
            "Open with this sample event: a JSON file, or an NDJSON file and the line to start on (from 1).",
            discussion: "The file is only read; the sample is never written anywhere. Example: --sample store-sales.ndjson:42",
            valueName: "file[:line]"))
    var sample: String?

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            Standard.error("error: the configurator needs a terminal; for scripts use preview, validate or transform (see --help)")
            throw Exit.usageOrIO
        }
        let environment = Environment.variables
        let (themes, themeErrors) = ThemeFolder.loadAll(
            folder: ThemeFolder.themesFolder(flag: themesFolder, environment: environment, executableFolder: ExecutablePath.folder) ?? "/nonexistent")
        var state = try initialState(themes: themes)
        if let sample { try openSample(sample, in: &state) }
        if let theme {
            if let index = themes.firstIndex(where: { $0.id == theme }) {
                state.themeIndex = index
            } else {
                let known = themes.map(\.id).joined(separator: ", ")
                state.status = StatusMessage(text: "no theme \"\(theme)\" (found: \(known)); see tiktok-offline themes", role: .statusWarning)
            }
        }
        if let first = themeErrors.first { state.status = StatusMessage(text: "theme skipped: \(first)", role: .statusWarning) }

        let terminal: Terminal
        do {
            terminal = try Terminal(noColor: noColor || !(environment["NO_COLOR"] ?? "").isEmpty, mouse: mouse)
        } catch {
            Standard.error("error: \(error)")
            throw Exit.usageOrIO
        }
        let loop = ConfiguratorRunLoop(terminal: terminal, themes: themes, configPath: state.path)
        if let failure = loop.run(&state) {
            Standard.error("error: the unsaved edits could not be kept: the recovery file \(state.recoveryPath): \(failure)")
            throw Exit.usageOrIO
        }
    }

    /// The state to open on: the config file, a new file, or the built-in example; with the
    /// recovery file offered when one exists.
    private func initialState(themes: [Theme]) throws -> AppState {
        let names = themes.map(\.name)
        let now = WallClock.epochMilliseconds()
        let path = config ?? "tiktok-offline.json"
        var state: AppState
        if access(path, F_OK) == 0 {
            do {
                let loaded = try ConfigFile.load(path).config
                state = AppState(config: loaded, savedConfig: loaded, path: path, sample: "", themeNames: names, width: 80, height: 24, now: now)
            } catch {
                Standard.error(error.description)
                Standard.error("Fix the file (tiktok-offline validate \(path) lists every problem), or open another path.")
                if case .unreadable = error { throw Exit.usageOrIO }
                throw Exit.inputErrors
            }
        } else if config == nil {
            state = AppState(
                config: BuiltInExample.config, savedConfig: nil, path: path, sample: BuiltInExample.eventText, themeNames: names, width: 80,
                height: 24,
                now: now)
            state.openedConfig = BuiltInExample.config
            state.focus = .sample
            state.status = StatusMessage(text: "Built-in example: Ctrl-S saves it as \(path)", role: .statusInfo)
        } else {
            let empty = Config(eventSetID: "", mappings: [])
            state = AppState(config: empty, savedConfig: nil, path: path, sample: "", themeNames: names, width: 80, height: 24, now: now)
            state.openedConfig = empty
            state.status = StatusMessage(text: "New config: \(path) is created on the first save (Ctrl-S)", role: .statusInfo)
        }
        if let bytes = try? FileIO.readAll(state.recoveryPath, limit: ReadLimit.config, what: "a recovery file"),
            let draft = RecoveryFile.read(bytes), draft != state.config
        {
            state.modal = .restore(draft)
        }
        return state
    }
}

extension EditCommand {
    /// Reads `--sample FILE[:LINE]` into the state before the terminal is taken, so a file that
    /// cannot be read is a plain error on the command line.
    private func openSample(_ argument: String, in state: inout AppState) throws {
        var path = argument
        var line: Int?
        if let colon = argument.lastIndex(of: ":"), let number = Int(argument[argument.index(after: colon)...]), access(argument, F_OK) != 0 {
            guard number >= 1 else {
                Standard.error("error: --sample \(argument): lines are numbered from 1")
                throw Exit.usageOrIO
            }
            path = String(argument[..<colon])
            line = number
        }
        do {
            let bytes = try FileIO.readAll(path, limit: ReadLimit.event, what: "an event")
            _ = state.update(.fileLoaded(path: path, line: line, .success(bytes)))
        } catch {
            Standard.error("error: --sample \(error)")
            throw Exit.usageOrIO
        }
        if state.status?.role == .statusError, let message = state.status?.text {
            Standard.error("error: --sample \(message)")
            throw Exit.usageOrIO
        }
        if state.modal == nil { state.focus = .sample }
    }
}

/// `tiktok-offline themes`: the themes found and where they come from.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes found and where.",
        discussion: """
            Theme files are looked for in --themes-dir, then $TIKTOK_OFFLINE_THEMES, then ./Themes, then \
            Themes next to the executable, then ../share/tiktok-offline/Themes from the executable's \
            folder. Every shipped theme is also compiled in; a file replaces the compiled-in theme of its id.
            Example: tiktok-offline themes --themes-dir ~/my-themes
            """
    )

    @Option(name: .customLong("themes-dir"), help: ArgumentHelp("Where to look for themes first.", valueName: "folder"))
    var themesFolder: String?

    func run() throws {
        let folder = ThemeFolder.themesFolder(flag: themesFolder, environment: Environment.variables, executableFolder: ExecutablePath.folder)
        let (themes, errors) = ThemeFolder.loadAll(folder: folder ?? "/nonexistent")
        Standard.output("themes folder: \(folder ?? "none found (using the compiled-in themes)")")
        for theme in themes {
            Standard.output(
                "\(theme.id.padding(toLength: 14, withPad: " ", startingAt: 0)) \(theme.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(theme.origin)"
            )
        }
        for error in errors { Standard.error("error: \(error)") }
        if !errors.isEmpty { throw Exit.inputErrors }
    }
}

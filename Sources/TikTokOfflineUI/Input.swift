/// A key as the UI understands it, decoded by the backend from the terminal.
package enum Key: Hashable, Sendable {
    case character(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl-Home and Ctrl-End: the start and the end of a text.
    case controlHome, controlEnd
    /// Ctrl with a letter (lower case).
    case control(Character)
    /// F1–F12.
    case function(Int)

    /// The key's name in help texts: `Tab`, `Ctrl-S`, `F1`, `a`.
    package var name: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .escape: return "Esc"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .controlHome: return "Ctrl-Home"
        case .controlEnd: return "Ctrl-End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .control(let character): return "Ctrl-\(character.uppercased())"
        case .function(let number): return "F\(number)"
        }
    }
}

/// Everything that can happen to the configurator.
package enum Message: Sendable, Equatable {
    /// A key press.
    case key(Key)
    /// A bracketed paste: the whole pasted text at once.
    case paste(String)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
    /// Time passed (epoch milliseconds); drives the recovery file.
    case tick(Int64)
    /// A mouse event (only with `--mouse`).
    case mouse(MouseEvent)
    /// No input is waiting: do deferred work (the preview of a large sample).
    case idle
    /// SIGTERM or SIGHUP: leave now, keeping unsaved edits in the recovery file.
    case terminate
    /// A save finished: the path, or the reason it failed.
    case saveFinished(Result<String, SaveFailure>)
    /// A file asked for by ``Effect/loadFile(_:line:)`` was read, or could not be.
    case fileLoaded(path: String, line: Int?, Result<[UInt8], SaveFailure>)
    /// The paths that complete `typed` (folders end with `/`), for ``Effect/completePath(_:)``.
    case pathCompleted(typed: String, candidates: [String])
    /// A save was not done because the file changed on disk since it was loaded (the reason).
    case saveConflict(String)
    /// The recovery file could not be written (the reason).
    case recoveryWriteFailed(SaveFailure)
}

/// A click or a turn of the wheel at a cell of the screen.
package struct MouseEvent: Sendable, Equatable {
    /// What happened.
    package enum Kind: Sendable, Equatable {
        case click, wheelUp, wheelDown
    }

    /// The column (from 0).
    package var column: Int
    /// The row (from 0).
    package var row: Int
    /// What happened.
    package var kind: Kind

    /// An event at a cell.
    package init(column: Int, row: Int, kind: Kind) {
        self.column = column
        self.row = row
        self.kind = kind
    }
}

/// Why a file operation failed, in words.
package struct SaveFailure: Error, Sendable, Equatable {
    /// The reason.
    package var reason: String

    /// Wraps a reason.
    package init(_ reason: String) {
        self.reason = reason
    }
}

/// Work the run loop does for the UI; `update` itself never touches files or the terminal.
package enum Effect: Sendable, Equatable {
    /// Save the config bytes atomically at the path; unless `overwritingChanges`, only if the
    /// file has not changed on disk since it was loaded or last saved.
    case save(path: String, bytes: [UInt8], overwritingChanges: Bool)
    /// Write the recovery file (config draft only, never the sample event).
    case writeRecovery(path: String, bytes: [UInt8])
    /// Remove the recovery file.
    case deleteRecovery(path: String)
    /// Read a sample event from a file; `line` (from 1) picks a line of an NDJSON file.
    case loadFile(String, line: Int?)
    /// List the paths that complete a partly typed one.
    case completePath(String)
    /// Draw the whole screen again from scratch (Ctrl-L).
    case redrawScreen
    /// Restore the terminal and exit.
    case quit
}

/// The five panes, in focus order.
package enum Pane: Int, Sendable, CaseIterable {
    case settings, mappings, fields, sample, preview

    /// The pane's title.
    package var title: String {
        switch self {
        case .settings: return "Settings"
        case .mappings: return "Mappings"
        case .fields: return "Field mapping"
        case .sample: return "Sample event"
        case .preview: return "Preview"
        }
    }
}

/// What a key does.
package enum Action: Sendable, Equatable {
    case focusNext, focusPrevious, save, quit, help, messages, undo, redo, nextTheme, redraw
    case selectPrevious, selectNext, activate
    case addMapping, pickEventType, deleteMapping, moveMappingUp, moveMappingDown
    case resetOverride
    case loadSample, nextSampleLine, previousSampleLine, goToSampleLine
    case pageUp, pageDown
    case nextDiagnostic, previousDiagnostic
}

/// One key binding: keys, action, where it applies, and its help text.
package struct Binding: Sendable {
    /// The keys that trigger it.
    package var keys: [Key]
    /// What it does.
    package var action: Action
    /// The panes it applies in; empty means everywhere.
    package var panes: [Pane]
    /// A few words for the help line and the help screen.
    package var help: String
    /// Whether the focused pane's help line shows it.
    package var inHelpLine: Bool
}

/// The key map: one table drives both dispatch and help.
package enum Keymap {
    /// Every binding; pane bindings are listed before global ones and win over them.
    package static let bindings: [Binding] = [
        Binding(keys: [.up], action: .selectPrevious, panes: [.settings, .mappings, .fields], help: "previous", inHelpLine: false),
        Binding(keys: [.down], action: .selectNext, panes: [.settings, .mappings, .fields], help: "next", inHelpLine: false),
        Binding(keys: [.enter], action: .activate, panes: [.settings], help: "toggle format", inHelpLine: true),
        Binding(keys: [.character("a")], action: .addMapping, panes: [.mappings], help: "add row", inHelpLine: true),
        Binding(keys: [.enter], action: .activate, panes: [.mappings], help: "edit event name", inHelpLine: true),
        Binding(keys: [.character("t")], action: .pickEventType, panes: [.mappings], help: "TikTok event", inHelpLine: true),
        Binding(keys: [.character("d"), .delete], action: .deleteMapping, panes: [.mappings], help: "delete", inHelpLine: true),
        Binding(keys: [.character("K")], action: .moveMappingUp, panes: [.mappings], help: "move up", inHelpLine: true),
        Binding(keys: [.character("J")], action: .moveMappingDown, panes: [.mappings], help: "move down", inHelpLine: true),
        Binding(keys: [.enter], action: .activate, panes: [.fields], help: "edit source", inHelpLine: true),
        Binding(keys: [.character("r"), .delete], action: .resetOverride, panes: [.fields], help: "reset to default", inHelpLine: true),
        Binding(keys: [.control("o")], action: .loadSample, panes: [.sample], help: "load file", inHelpLine: true),
        Binding(keys: [.up, .character("k")], action: .selectPrevious, panes: [.preview], help: "scroll", inHelpLine: false),
        Binding(keys: [.down, .character("j")], action: .selectNext, panes: [.preview], help: "scroll", inHelpLine: false),
        Binding(keys: [.pageUp], action: .pageUp, panes: [.preview], help: "page up", inHelpLine: false),
        Binding(keys: [.pageDown], action: .pageDown, panes: [.preview], help: "page down", inHelpLine: false),
        Binding(keys: [.character("n")], action: .nextDiagnostic, panes: [.preview], help: "next diagnostic", inHelpLine: true),
        Binding(keys: [.character("p")], action: .previousDiagnostic, panes: [.preview], help: "previous diagnostic", inHelpLine: true),
        Binding(keys: [.character("?")], action: .help, panes: [.mappings, .fields, .preview], help: "help", inHelpLine: false),
        Binding(keys: [.tab], action: .focusNext, panes: [], help: "next pane", inHelpLine: true),
        Binding(keys: [.backTab], action: .focusPrevious, panes: [], help: "previous pane", inHelpLine: false),
        Binding(keys: [.control("s")], action: .save, panes: [], help: "save", inHelpLine: true),
        Binding(keys: [.control("q"), .control("c")], action: .quit, panes: [], help: "quit", inHelpLine: true),
        Binding(keys: [.function(1)], action: .help, panes: [], help: "help", inHelpLine: true),
        Binding(keys: [.function(2)], action: .messages, panes: [], help: "every message in full", inHelpLine: false),
        Binding(keys: [.control("o")], action: .loadSample, panes: [], help: "load sample file", inHelpLine: false),
        Binding(keys: [.control("n")], action: .nextSampleLine, panes: [], help: "next NDJSON line", inHelpLine: false),
        Binding(keys: [.control("p")], action: .previousSampleLine, panes: [], help: "previous NDJSON line", inHelpLine: false),
        Binding(keys: [.control("g")], action: .goToSampleLine, panes: [], help: "go to NDJSON line", inHelpLine: false),
        Binding(keys: [.control("z")], action: .undo, panes: [], help: "undo", inHelpLine: false),
        Binding(keys: [.control("y")], action: .redo, panes: [], help: "redo", inHelpLine: false),
        Binding(keys: [.control("t")], action: .nextTheme, panes: [], help: "next theme", inHelpLine: false),
        Binding(keys: [.control("l")], action: .redraw, panes: [], help: "redraw", inHelpLine: false),
    ]

    /// The action `key` triggers in `pane`, if any.
    package static func action(for key: Key, in pane: Pane) -> Action? {
        bindings.first { $0.keys.contains(key) && ($0.panes.isEmpty || $0.panes.contains(pane)) }?.action
    }

    /// The help line for `pane`: its own bindings first, then the global ones.
    package static func helpLine(for pane: Pane) -> [(keys: String, help: String)] {
        bindings.filter { $0.inHelpLine && ($0.panes.contains(pane) || $0.panes.isEmpty) }
            .map { (helpLineKeys($0), $0.help) }
    }

    /// The entries the help line always shows, whatever the width: quit and help.
    package static var essentialHelp: [(keys: String, help: String)] {
        bindings.filter { $0.panes.isEmpty && $0.inHelpLine && [.help, .quit].contains($0.action) }.map { (helpLineKeys($0), $0.help) }
    }

    /// The keys of a binding as the help line names them: the first key only, so quit reads
    /// `Ctrl-Q` (the full list is in the help screen).
    private static func helpLineKeys(_ binding: Binding) -> String {
        binding.action == .quit ? binding.keys[0].name : binding.keys.map(\.name).joined(separator: "/")
    }
}

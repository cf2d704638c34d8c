import TikTokOfflineCore

/// A dialog over the panes.
public enum Modal: Sendable, Equatable {
    /// The full key map.
    case help
    /// Unsaved changes: save, discard or stay.
    case confirmQuit
    /// Delete mapping row `row`?
    case confirmDelete(row: Int)
    /// Pick a TikTok event type for row `row` (nil: a new row); `selection` is the highlighted item.
    case pickEvent(row: Int?, selection: Int)
    /// Ask for a line of text.
    case prompt(Prompt)
    /// Edit a field's source as a fallback chain.
    case editChain(ChainEditor)
    /// Unsaved edits from an earlier session were found: restore them?
    case restore(Config)
}

/// A one-line question: its title, the text typed so far, what the answer is for, and the
/// last problem with it.
public struct Prompt: Sendable, Equatable {
    /// What the answer is for.
    public enum Purpose: Sendable, Equatable {
        /// The Commanders Act event name of a mapping row.
        case mappingName(row: Int)
        /// The path of a sample event file.
        case loadFile
    }

    /// The question.
    public var title: String
    /// The answer being typed.
    public var field: TextField
    /// What the answer is for.
    public var purpose: Purpose
    /// Why the last answer was refused.
    public var error: String?
}

/// A one-line message in the status bar until the next key.
public struct StatusMessage: Sendable, Equatable {
    /// The text.
    public var text: String
    /// How it is shown.
    public var role: Role

    /// A message in `role`.
    public init(text: String, role: Role) {
        self.text = text
        self.role = role
    }
}

/// What the preview pane shows: the payload(s) and diagnostics of the sample, or why there are none.
public struct PreviewState: Sendable, Equatable {
    /// The styled lines of the payload(s).
    public var lines: [StyledLine] = []
    /// The diagnostics of the last transform.
    public var diagnostics: [Diagnostic] = []
    /// The sample has a syntax error: the lines are from the last good sample.
    public var isStale = false
    /// The syntax error, with its position.
    public var sampleError: String?
    /// The sample line of the syntax error (0-based).
    public var sampleErrorLine: Int?
    /// A one-line summary for the pane title.
    public var summary = ""
    /// The first visible line.
    public var scroll = 0
    /// The highlighted diagnostic.
    public var selectedDiagnostic: Int?
    /// The sample line (0-based) holding the selected diagnostic's source value.
    public var sourceLine: Int?
}

/// Everything the configurator shows and edits. `update` changes it; `view` draws it.
public struct AppState: Sendable {
    /// The config being edited (the draft; it may be incomplete).
    public var config: Config
    /// The last saved (or loaded) config, to know whether there are unsaved changes.
    public var savedConfig: Config?
    /// The config file.
    public var path: String
    /// The recovery file beside it.
    public var recoveryPath: String
    /// The sample event editor.
    public var sample: TextEditor
    /// The focused pane.
    public var focus: Pane = .settings
    /// The selected row of the settings pane.
    public var settingsRow = 0
    /// The settings text fields: event set id, phone region, (format), test event code.
    public var settingsFields: [TextField]
    /// The selected mapping row.
    public var mappingRow = 0
    /// The selected field-mapping row.
    public var fieldRow = 0
    /// The open dialog.
    public var modal: Modal?
    /// The preview.
    public var preview = PreviewState()
    /// Problems of the config draft (errors and warnings).
    public var problems: [ConfigProblem] = []
    /// A transient message for the status bar.
    public var status: StatusMessage?
    /// The themes available, by name; ``themeIndex`` is the one in use.
    public var themeNames: [String]
    /// The theme in use.
    public var themeIndex = 0
    /// The terminal size.
    public var width: Int
    /// The terminal size.
    public var height: Int
    /// The time used for event-age checks (epoch ms), from ticks.
    public var now: Int64
    /// The preview waits for ``Message/idle``: set by keystrokes in a sample larger than
    /// ``deferredRecomputeBytes``, so a keystroke redraws at once and a burst recomputes once.
    public internal(set) var isPreviewPending = false
    /// From this sample size on, keystrokes defer the preview to the next idle moment.
    public static let deferredRecomputeBytes = 64 * 1024
    /// How many times the preview was recomputed (tests check it does not happen on cursor moves).
    public private(set) var recomputeCount = 0
    /// The operator was told the file changed on disk; the next save overwrites it.
    var overwriteConfirmed = false
    /// Quit once the pending save succeeds.
    var quitAfterSave = false
    var undoStack: [Snapshot] = []
    var redoStack: [Snapshot] = []
    var lastEdit: EditKind?
    var recoveryWrittenFor: Config?
    var lastConfigChange: Int64 = 0
    var sampleDocument: JSONDocument?
    /// The transformer for the config it was compiled from, reused while the config is unchanged.
    var compiled: (config: Config, transformer: Transformer)?

    /// Whether the config differs from the saved one.
    public var isDirty: Bool { config != savedConfig }

    /// Whether the draft can be saved (no errors).
    public var isValid: Bool { !problems.contains { $0.severity == .error } }

    struct Snapshot: Sendable {
        var config: Config
        var sample: TextEditor
        var settingsFields: [TextField]
    }

    enum EditKind: Equatable {
        case settingsTyping(Int)
        case sampleTyping
    }

    /// A state editing `config` (saved as `savedConfig`, nil for a new file) with `sample` in the editor.
    public init(config: Config, savedConfig: Config?, path: String, sample: String, themeNames: [String], width: Int, height: Int, now: Int64) {
        self.config = config
        self.savedConfig = savedConfig
        self.path = path
        self.recoveryPath = AppState.recoveryPath(for: path)
        self.sample = TextEditor(sample)
        self.settingsFields = [
            TextField(config.eventSetID), TextField(config.phoneRegion ?? ""), TextField(), TextField(config.testEventCode ?? ""),
        ]
        self.themeNames = themeNames.isEmpty ? ["Default"] : themeNames
        self.width = width
        self.height = height
        self.now = now
        validate()
        recompute()
    }

    /// The recovery file for a config path: a hidden file beside it.
    public static func recoveryPath(for path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return ".\(path).recovery" }
        return "\(path[...slash]).\(path[path.index(after: slash)...]).recovery"
    }

    // MARK: Derived state

    /// Re-checks the config draft (same rules as loading a file).
    mutating func validate() {
        do {
            problems = try ConfigDecoder.decode(ConfigWriter.canonicalBytes(config)).warnings
        } catch {
            problems = error.problems
        }
        for index in problems.indices where problems[index].path == "event_set_id" && config.eventSetID.isEmpty {
            problems[index].message = "required: the id of your Offline event set (TikTok Events Manager)"
        }
    }

    /// Re-runs the transform on the sample: the preview updates, or goes stale on a syntax error.
    mutating func recompute() {
        recomputeCount += 1
        let text = sample.text
        if text.allSatisfy(\.isWhitespace) {
            sampleDocument = nil
            preview = PreviewState(summary: "no sample")
            preview.lines = [[StyledSpan("Paste or type a Commanders Act event (JSON) in the Sample event pane.", .dim)]]
            return
        }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: text)
        } catch {
            preview.isStale = !preview.lines.isEmpty
            preview.sampleError = "line \(error.position.line), column \(error.position.column): \(error.message)"
            preview.sampleErrorLine = error.position.line - 1
            sampleDocument = nil
            return
        }
        sampleDocument = document
        var next = PreviewState()
        next.scroll = preview.scroll
        do {
            let transformer = try currentTransformer()
            let result = transformer.transform(document, now: now)
            next.lines = PreviewRenderer.lines(for: result)
            next.diagnostics = result.diagnostics
            next.summary = PreviewRenderer.summary(of: result)
        } catch {
            next.lines =
                [[StyledSpan("The config is not complete yet:", .statusWarning)]]
                + error.problems.map { [StyledSpan("  \($0.path.isEmpty ? "" : "\($0.path): ")\($0.message)", .statusWarning)] }
            next.summary = "config incomplete"
        }
        if let selected = preview.selectedDiagnostic, selected < next.diagnostics.count { next.selectedDiagnostic = selected }
        preview = next
        locateSelectedDiagnostic()
    }

    /// The transformer for the current config, compiled only when the config changed.
    mutating func currentTransformer() throws(ConfigError) -> Transformer {
        if let compiled, compiled.config == config { return compiled.transformer }
        let transformer = try Transformer(config: config)
        compiled = (config, transformer)
        return transformer
    }

    /// Finds where in the sample the selected diagnostic's source value is.
    mutating func locateSelectedDiagnostic() {
        preview.sourceLine = nil
        guard let index = preview.selectedDiagnostic, index < preview.diagnostics.count, let document = sampleDocument,
            let source = preview.diagnostics[index].source
        else { return }
        let path = source.split(separator: ",").first.map { String($0).trimmingCharacters() } ?? ""
        guard let template = try? Template(parsing: "{{\(path)}}"), let property = template.singleProperty,
            let node = property.resolve(in: document)
        else { return }
        preview.sourceLine = document.position(node).line - 1
    }

    /// The number of rows the preview pane can scroll through (stale notice, payload, diagnostics).
    var previewLineCount: Int {
        let extras = previewExtras(width: previewTextWidth)
        return extras.header.count + preview.lines.count + extras.diagnostics.count
    }

    /// The width of the preview pane's text at the current terminal size.
    var previewTextWidth: Int {
        let rect = Layout(width: width, height: height, focus: focus).panes.first { $0.0 == .preview }?.1
        return max(1, (rect?.width ?? width) - 2)
    }

    /// The rows the preview pane shows around the payload, wrapped to `width`: the stale notice
    /// above it; below it a heading and every diagnostic, whose first rows are in `starts`.
    func previewExtras(width: Int) -> (header: [StyledLine], diagnostics: [StyledLine], starts: [Int]) {
        var header: [StyledLine] = []
        if preview.isStale, let error = preview.sampleError {
            let notice = [StyledSpan("⚠ stale: the sample has a syntax error (\(error)); showing the last good preview", .previewStale)]
            header = notice.wrapped(width: width, indent: 2)
        }
        guard !preview.diagnostics.isEmpty else { return (header, [], []) }
        var rows: [StyledLine] = [[], [StyledSpan("Diagnostics (n/p to step through, shown in the sample):", .title)]]
        var starts: [Int] = []
        for (index, diagnostic) in preview.diagnostics.enumerated() {
            let (mark, role): (String, Role) =
                switch diagnostic.severity {
                case .error: ("✗ error", .statusError)
                case .warning: ("⚠ warning", .statusWarning)
                case .info: ("ℹ info", .statusInfo)
                }
            let selected = index == preview.selectedDiagnostic
            let line = [
                StyledSpan(selected ? "▶ " : "  ", .borderFocused), StyledSpan(mark, selected ? .selection : role),
                StyledSpan(" \(diagnostic.field): ", .text),
                StyledSpan(diagnostic.message + (diagnostic.source.map { " (from \($0))" } ?? ""), .text),
            ]
            starts.append(rows.count)
            rows += line.wrapped(width: width, indent: 4)
        }
        return (header, rows, starts)
    }
}

/// A run of text in one role.
public struct StyledSpan: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Its role.
    public var role: Role

    /// Creates a span.
    public init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }
}

/// One line of styled text.
public typealias StyledLine = [StyledSpan]

extension String {
    func trimmingCharacters() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

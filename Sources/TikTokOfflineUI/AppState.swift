import TikTokOfflineCore

/// A dialog over the panes.
package enum Modal: Sendable, Equatable {
    /// The full key map.
    case help
    /// Every current message in full: the status line's and each config problem.
    case messages
    /// Unsaved changes: save, discard or stay.
    case confirmQuit
    /// Delete mapping row `row`?
    case confirmDelete(row: Int)
    /// Pick a TikTok event type for a mapping row, filtered as the operator types.
    case pickEvent(EventPicker)
    /// Ask for a line of text.
    case prompt(Prompt)
    /// Edit a field's source as a fallback chain.
    case editChain(ChainEditor)
    /// Unsaved edits from an earlier session were found: restore them?
    case restore(Config)
}

/// A one-line question: its title, the text typed so far, what the answer is for, and the
/// last problem with it.
package struct Prompt: Sendable, Equatable {
    /// What the answer is for.
    package enum Purpose: Sendable, Equatable {
        /// The Commanders Act event name of a mapping row.
        case mappingName(row: Int)
        /// The path of a sample event file.
        case loadFile
        /// A line number of the NDJSON file the sample comes from.
        case sampleLine
    }

    /// The question.
    package var title: String
    /// The answer being typed.
    package var field: TextField
    /// What the answer is for.
    package var purpose: Purpose
    /// Why the last answer was refused.
    package var error: String?
}

/// The TikTok event type picker: the catalog filtered by what the operator typed.
package struct EventPicker: Sendable, Equatable {
    /// The mapping row it picks for; nil for a new row.
    package var row: Int?
    /// The text typed so far; names containing it (any case) are listed.
    package var filter = ""
    /// The highlighted entry, a position in ``matches``.
    package var selection = 0

    /// A picker for `row` with `name` highlighted when it is in the catalog.
    package init(row: Int?, selecting name: String? = nil) {
        self.row = row
        if let name, let index = matches.firstIndex(where: { TikTokEventType.catalog[$0].name == name }) { selection = index }
    }

    /// The catalog positions of the names that contain ``filter``, in catalog order.
    package var matches: [Int] {
        let wanted = filter.lowercased()
        return TikTokEventType.catalog.indices.filter { wanted.isEmpty || TikTokEventType.catalog[$0].name.lowercased().contains(wanted) }
    }

    /// The highlighted event type, if any name matches.
    package var selectedName: String? {
        let matches = matches
        return matches.indices.contains(selection) ? TikTokEventType.catalog[matches[selection]].name : nil
    }
}

/// The NDJSON file the sample was taken from, kept in memory (never written anywhere) so the
/// operator can step through its lines.
package struct SampleFile: Sendable, Equatable {
    /// The file's path as the operator gave it.
    package var path: String
    /// Its lines, without line breaks.
    package var lines: [String]
    /// The line in the editor (0-based).
    package var current: Int
}

/// A one-line message in the status bar until the next key.
package struct StatusMessage: Sendable, Equatable {
    /// The text.
    package var text: String
    /// How it is shown.
    package var role: Role

    /// A message in `role`.
    package init(text: String, role: Role) {
        self.text = text
        self.role = role
    }
}

/// What the preview pane shows: the payload(s) and diagnostics of the sample, or why there are none.
package struct PreviewState: Sendable, Equatable {
    /// The styled lines of the payload(s).
    package var lines: [StyledLine] = []
    /// The diagnostics of the last transform.
    package var diagnostics: [Diagnostic] = []
    /// The sample has a syntax error: the lines are from the last good sample.
    package var isStale = false
    /// The syntax error, with its position.
    package var sampleError: String?
    /// The sample line of the syntax error (0-based).
    package var sampleErrorLine: Int?
    /// A one-line summary for the pane title.
    package var summary = ""
    /// The first visible line.
    package var scroll = 0
    /// The highlighted diagnostic.
    package var selectedDiagnostic: Int?
    /// The sample line (0-based) holding the selected diagnostic's source value.
    package var sourceLine: Int?
}

/// Everything the configurator shows and edits. `update` changes it; `view` draws it.
package struct AppState: Sendable {
    /// The config being edited (the draft; it may be incomplete).
    package var config: Config
    /// The last saved (or loaded) config, to know whether there are unsaved changes.
    package var savedConfig: Config?
    /// The config the session opened with when there is no file yet (the built-in example, a new
    /// file): leaving it as it is is not an unsaved change.
    package var openedConfig: Config?
    /// The config file.
    package var path: String
    /// The recovery file beside it.
    package var recoveryPath: String
    /// The sample event editor.
    package var sample: TextEditor
    /// The focused pane.
    package var focus: Pane = .settings
    /// The selected row of the settings pane.
    package var settingsRow = 0
    /// The settings text fields: event set id, phone region, (format), test event code.
    package var settingsFields: [TextField]
    /// The selected mapping row.
    package var mappingRow = 0
    /// The selected field-mapping row.
    package var fieldRow = 0
    /// The open dialog.
    package var modal: Modal?
    /// The NDJSON file the sample is a line of, when it came from one.
    package var sampleFile: SampleFile?
    /// The path last asked for with Ctrl-O, offered again.
    package var lastLoadPath = ""
    /// The preview.
    package var preview = PreviewState()
    /// What each field's source gives for the sample, in field order (empty without a sample).
    package var fieldValues: [FieldValue] = []
    /// Problems of the config draft (errors and warnings).
    package var problems: [ConfigProblem] = []
    /// A transient message for the status bar.
    package var status: StatusMessage?
    /// The themes available, by name; ``themeIndex`` is the one in use.
    package var themeNames: [String]
    /// The theme in use.
    package var themeIndex = 0
    /// The terminal size.
    package var width: Int
    /// The terminal size.
    package var height: Int
    /// The time used for event-age checks (epoch ms), from ticks.
    package var now: Int64
    /// The preview waits for ``Message/idle``: set by keystrokes in a sample larger than
    /// ``deferredRecomputeBytes``, so a keystroke redraws at once and a burst recomputes once.
    package internal(set) var isPreviewPending = false
    /// From this sample size on, keystrokes defer the preview to the next idle moment.
    package static let deferredRecomputeBytes = 64 * 1024
    /// How many times the preview was recomputed (tests check it does not happen on cursor moves).
    package private(set) var recomputeCount = 0
    /// The operator was told the file changed on disk; the next save overwrites it.
    var overwriteConfirmed = false
    /// Quit once the pending save succeeds.
    var quitAfterSave = false
    var undoStack: [Snapshot] = []
    var redoStack: [Snapshot] = []
    var lastEdit: EditKind?
    /// A key arrived since the last tick; ticks use it to end a run of typing after a pause.
    var keySinceTick = false
    /// The tick time of the last key.
    var lastKeyTime: Int64 = 0
    var recoveryWrittenFor: Config?
    var lastConfigChange: Int64 = 0
    var sampleDocument: JSONDocument?
    /// The transformer for the config it was compiled from, reused while the config is unchanged.
    var compiled: (config: Config, transformer: Transformer)?

    /// Whether the config differs from the saved one (or, with no file yet, from the one the
    /// session opened with).
    package var isDirty: Bool { config != (savedConfig ?? openedConfig) }

    /// Whether the draft can be saved (no errors).
    package var isValid: Bool { !problems.contains { $0.severity == .error } }

    struct Snapshot: Sendable {
        var config: Config
        var sample: TextEditor
        var settingsFields: [TextField]
    }

    enum EditKind: Equatable {
        case settingsTyping(Int)
        case sampleTyping
        case chainTyping
    }

    /// A state editing `config` (saved as `savedConfig`, nil for a new file) with `sample` in the editor.
    package init(config: Config, savedConfig: Config?, path: String, sample: String, themeNames: [String], width: Int, height: Int, now: Int64) {
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
    package static func recoveryPath(for path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return ".\(path).recovery" }
        return "\(path[...slash]).\(path[path.index(after: slash)...]).recovery"
    }

    // MARK: Derived state

    /// Re-checks the config draft with the rules a config file is read with (``ConfigValidator``,
    /// on the model: nothing is written out and read back); with errors, the errors come first
    /// and infos are left out, as when a file is refused.
    mutating func validate() {
        let found = ConfigValidator.problems(in: config)
        let errors = found.filter { $0.severity == .error }
        problems = errors.isEmpty ? found : errors + found.filter { $0.severity == .warning }
    }

    /// Re-runs the transform on the sample: the preview updates, or goes stale on a syntax error.
    mutating func recompute() {
        recomputeCount += 1
        let text = sample.text
        if text.allSatisfy(\.isWhitespace) {
            sampleDocument = nil
            fieldValues = []
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
            fieldValues = Self.fieldValues(sources: TikTokField.allCases.map { transformer.config.source(of: $0) }, document: document)
            let result = transformer.transform(document, now: now)
            next.lines = PreviewRenderer.lines(for: result)
            next.diagnostics = result.diagnostics
            next.summary = PreviewRenderer.summary(of: result)
        } catch {
            fieldValues = Self.fieldValues(sources: Self.sources(of: config), document: document)
            next.lines =
                [[StyledSpan("The config is not complete yet:", .statusWarning)]]
                + error.problems.map { [StyledSpan("  \(Self.describe($0))", .statusWarning)] }
            next.summary = "config incomplete"
        }
        if let selected = preview.selectedDiagnostic, selected < next.diagnostics.count { next.selectedDiagnostic = selected }
        preview = next
        clampPreviewScroll()
        locateSelectedDiagnostic()
    }

    /// The transformer for the current config, compiled only when the config changed.
    mutating func currentTransformer() throws(ConfigError) -> Transformer {
        if let compiled, compiled.config == config { return compiled.transformer }
        let transformer = try Transformer(config: config)
        compiled = (config, transformer)
        return transformer
    }

    /// Finds where in the sample the selected diagnostic's value is: the diagnostic carries the
    /// value's bytes in the sample, so nothing is parsed again.
    mutating func locateSelectedDiagnostic() {
        preview.sourceLine = nil
        guard let index = preview.selectedDiagnostic, index < preview.diagnostics.count, let document = sampleDocument,
            let bytes = preview.diagnostics[index].origin?.bytes
        else { return }
        preview.sourceLine = TextPosition(of: bytes.lowerBound, in: document.bytes).line - 1
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
package struct StyledSpan: Sendable, Equatable {
    /// The text.
    package var text: String
    /// Its role.
    package var role: Role

    /// Creates a span.
    package init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }
}

/// One line of styled text.
package typealias StyledLine = [StyledSpan]

extension String {
    func trimmingCharacters() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

import TikTokOfflineCore

extension AppState {
    /// The smallest terminal the configurator draws in.
    package static let minimumSize = (width: 80, height: 24)
    /// From this width on, the panes sit side by side.
    package static let wideWidth = 120

    /// Draws the whole screen into a fresh cell buffer.
    package func view() -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            drawTooSmall(into: &buffer)
            return buffer
        }
        let layout = Layout(width: width, height: height, focus: focus)
        if let tabs = layout.tabs { drawTabs(into: &buffer, y: tabs) }
        for (pane, rect) in layout.panes {
            drawPane(pane, in: rect, into: &buffer)
        }
        drawStatus(into: &buffer, y: height - 2)
        drawHelpLine(into: &buffer, y: height - 1)
        if let modal { drawModal(modal, into: &buffer) }
        return buffer
    }

    func drawTooSmall(into buffer: inout CellBuffer) {
        var lines = [
            "Terminal too small",
            "(need \(Self.minimumSize.width)×\(Self.minimumSize.height), have \(width)×\(height))",
            "Enlarge the window, or Ctrl-Q to quit.",
        ]
        if modal == .confirmQuit { lines += ["", "Unsaved changes: s save and quit · d discard · Esc stay"] }
        let top = max(0, height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let x = max(0, (width - DisplayWidth.of(line)) / 2)
            buffer.write(line, x: x, y: top + offset, role: offset == 0 ? .statusError : .text)
        }
    }

    func drawTabs(into buffer: inout CellBuffer, y: Int) {
        var x = 0
        for pane in Pane.allCases {
            let label = pane == focus ? "[\(pane.title)]" : " \(pane.title) "
            x += buffer.write(label, x: x, y: y, role: pane == focus ? .titleFocused : .dim)
            x += 1
        }
    }

    func drawPane(_ pane: Pane, in rect: Rect, into buffer: inout CellBuffer) {
        let focused = pane == focus
        var title = (focused ? "▶ " : "") + pane.title
        switch pane {
        case .preview:
            if !preview.summary.isEmpty { title += " — \(preview.summary)" }
            if preview.isStale { title += " — STALE" }
            if isPreviewPending { title += " — updating…" }
        case .mappings:
            let visible = rect.height - 3
            if visible > 0, config.mappings.count > visible {
                let first = max(0, min(mappingRow - visible + 1, config.mappings.count - visible))
                title += " (rows \(first + 1)–\(first + visible) of \(config.mappings.count))"
            }
        case .fields:
            let window = fieldsWindow(height: rect.height - 2)
            if window.count < TikTokField.allCases.count {
                title += " (\(window.lowerBound + 1)–\(window.upperBound) of \(TikTokField.allCases.count))"
            }
        case .sample:
            if let file = sampleFile {
                let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
                title += " — \(name) line \(file.current + 1)/\(file.lines.count)"
            } else if sample.lines.count > 1 || !sample.isEmpty {
                title += " (\(sample.lines.count) lines)"
            }
        default: break
        }
        buffer.fill(rect, role: .text)
        buffer.box(rect, title: title, role: focused ? .borderFocused : .border, titleRole: focused ? .titleFocused : .title, heavy: focused)
        let inner = rect.inset(1)
        switch pane {
        case .settings: drawSettings(in: inner, focused: focused, into: &buffer)
        case .mappings: drawMappings(in: inner, focused: focused, into: &buffer)
        case .fields: drawFields(in: inner, focused: focused, into: &buffer)
        case .sample: drawSample(in: inner, focused: focused, into: &buffer)
        case .preview: drawPreview(in: inner, focused: focused, into: &buffer)
        }
    }

    // MARK: Status and help

    private func drawStatus(into buffer: inout CellBuffer, y: Int) {
        buffer.fill(Rect(x: 0, y: y, width: width, height: 1), role: .statusbar)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var x = buffer.write(" \(name) ", x: 0, y: y, role: .statusbar)
        if isDirty {
            x += buffer.write("[+] unsaved", x: x, y: y, role: .statusbarDirty)
            x += buffer.write(" ", x: x, y: y, role: .statusbar)
        }
        x += buffer.write("│ ", x: x, y: y, role: .statusbar)
        let (text, role) = statusText
        var themeLabel = " theme: \(themeNames[themeIndex]) "
        if DisplayWidth.of(text) > width - x - DisplayWidth.of(themeLabel) { themeLabel = "" }
        let room = width - x - DisplayWidth.of(themeLabel)
        if DisplayWidth.of(text) > room {
            let more = "… F2"
            let shown = buffer.write(text, x: x, y: y, role: role, limit: room - DisplayWidth.of(more))
            buffer.write(more, x: x + shown, y: y, role: .statusbar)
        } else {
            buffer.write(text, x: x, y: y, role: role, limit: room)
        }
        if !themeLabel.isEmpty { buffer.write(themeLabel, x: max(0, width - DisplayWidth.of(themeLabel)), y: y, role: .statusbar) }
    }

    /// What the status line says: the transient message, else the selected setting's or mapping
    /// row's problem, else the config's first error or that it is valid.
    var statusText: (String, Role) {
        if let status { return (status.text, status.role) }
        if focus == .settings, modal == nil, let problem = settingProblem(settingsRow) {
            let mark = problem.severity == .error ? "✗" : "⚠"
            return ("\(mark) \(Self.settingsLabels[settingsRow]): \(problem.message)", problem.severity == .error ? .statusError : .statusWarning)
        }
        if focus == .mappings, modal == nil, let problem = problem(ofMappingRow: mappingRow), problem.severity != .error {
            let mark = problem.severity == .warning ? "⚠" : "ℹ"
            return (
                "\(mark) row \(mappingRow + 1): \(ConfigDifferences.numberingRowsFromOne(problem.message))",
                problem.severity == .warning ? .statusWarning : .statusInfo
            )
        }
        let errors = problems.filter { $0.severity == .error }
        guard let first = errors.first else { return ("✓ config valid", .statusOK) }
        let count = errors.count > 1 ? " (+\(errors.count - 1) more)" : ""
        return ("✗ config: \(Self.describe(first))\(count)", .statusError)
    }

    /// The key help of the focused pane; quit and help are always on it, the pane's own keys
    /// fill the room before them.
    private func drawHelpLine(into buffer: inout CellBuffer, y: Int) {
        func needed(_ entry: (keys: String, help: String)) -> Int { DisplayWidth.of(entry.keys) + DisplayWidth.of(entry.help) + 3 }
        let essentials = Keymap.essentialHelp
        let reserved = essentials.reduce(0) { $0 + needed($1) }
        let others = Keymap.helpLine(for: focus).filter { entry in !essentials.contains { $0 == entry } }
        var x = 0
        var shown: [(keys: String, help: String)] = []
        for entry in others {
            guard x + needed(entry) + reserved <= width else { break }
            shown.append(entry)
            x += needed(entry)
        }
        x = 0
        for (keys, help) in shown + essentials {
            x += buffer.write(keys, x: x, y: y, role: .helpKey)
            x += buffer.write(" \(help)  ", x: x, y: y, role: .help)
        }
    }

}

/// Where the panes go for a terminal size: side by side when wide, stacked when narrow.
struct Layout {
    var panes: [(Pane, Rect)] = []
    var tabs: Int?

    init(width: Int, height: Int, focus: Pane) {
        let body = height - 2
        if width >= AppState.wideWidth {
            let left = max(40, min(60, width - 80))
            let settings = Rect(x: 0, y: 0, width: left, height: 7)
            let mappingsHeight = max(6, (body - 7) / 2)
            let mappings = Rect(x: 0, y: 7, width: left, height: mappingsHeight)
            let fields = Rect(x: 0, y: 7 + mappingsHeight, width: left, height: body - 7 - mappingsHeight)
            let sampleHeight = max(8, body * 2 / 5)
            let sample = Rect(x: left, y: 0, width: width - left, height: sampleHeight)
            let preview = Rect(x: left, y: sampleHeight, width: width - left, height: body - sampleHeight)
            panes = [(.settings, settings), (.mappings, mappings), (.fields, fields), (.sample, sample), (.preview, preview)]
        } else {
            tabs = 0
            let top = focus == .preview ? Pane.sample : focus
            let topHeight = top == .settings ? 7 : max(7, (body - 1) * 9 / 20)
            panes = [
                (top, Rect(x: 0, y: 1, width: width, height: topHeight)),
                (.preview, Rect(x: 0, y: 1 + topHeight, width: width, height: body - 1 - topHeight)),
            ]
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }

    func padding(to length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}

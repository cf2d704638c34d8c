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

    private func drawTooSmall(into buffer: inout CellBuffer) {
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

    private func drawTabs(into buffer: inout CellBuffer, y: Int) {
        var x = 0
        for pane in Pane.allCases {
            let label = pane == focus ? "[\(pane.title)]" : " \(pane.title) "
            x += buffer.write(label, x: x, y: y, role: pane == focus ? .titleFocused : .dim)
            x += 1
        }
    }

    private func drawPane(_ pane: Pane, in rect: Rect, into buffer: inout CellBuffer) {
        let focused = pane == focus
        var title = (focused ? "▶ " : "") + pane.title
        switch pane {
        case .preview:
            if !preview.summary.isEmpty { title += " — \(preview.summary)" }
            if preview.isStale { title += " — STALE" }
            if isPreviewPending { title += " — updating…" }
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

    // MARK: Panes

    private func drawSettings(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        let labelWidth = 17
        var y = rect.y
        for (row, label) in Self.settingsLabels.enumerated() where y < rect.y + rect.height {
            let selected = focused && row == settingsRow
            buffer.write(selected ? "▶" : " ", x: rect.x, y: y, role: .borderFocused)
            buffer.write(label, x: rect.x + 1, y: y, role: selected ? .selection : .text, limit: labelWidth - 2)
            let fieldX = rect.x + labelWidth
            let fieldWidth = rect.width - labelWidth
            let problem = settingProblem(row)
            let markWidth = problem == nil ? 0 : 2
            if row == Self.formatRow {
                let value = config.apiFormat.rawValue
                buffer.write("◂ \(value) ▸", x: fieldX, y: y, role: selected ? .selection : .text, limit: fieldWidth - markWidth)
            } else {
                let field = settingsFields[row]
                if field.text.isEmpty && !selected {
                    buffer.write(row == 0 ? "required" : "—", x: fieldX, y: y, role: .dim, limit: fieldWidth - markWidth)
                } else {
                    field.draw(into: &buffer, x: fieldX, y: y, width: fieldWidth - markWidth, role: .text, showCursor: selected)
                }
            }
            if let problem {
                buffer.write(
                    problem.severity == .error ? " ✗" : " ⚠", x: rect.x + rect.width - 2, y: y,
                    role: problem.severity == .error ? .statusError : .statusWarning)
            }
            y += 1
            if row == 0, y < rect.y + rect.height {
                let (message, role) = settingsHint
                buffer.write("↳ \(message)", x: rect.x + 3, y: y, role: role, limit: rect.width - 3)
                y += 1
            }
        }
    }

    /// Short labels of the fields, in field order (the full path shows when editing one).
    static let shortFieldNames = [
        "event_id", "timestamp", "phone_numbers", "emails", "order_id", "shop_id", "item id", "item name", "item price", "item quantity",
        "item type", "item category", "currency", "value", "event_channel",
    ]

    /// The most serious config problem of mapping row `row`, if any.
    func problem(ofMappingRow row: Int) -> ConfigProblem? {
        let path = "mappings[\(row)]"
        return problems.filter { $0.path == path || $0.path.hasPrefix(path + ".") }.min { $0.severity < $1.severity }
    }

    /// The config key each settings row edits.
    static let settingsKeys = ["event_set_id", "phone_region", "api_format", "test_event_code"]

    /// The most serious problem of settings row `row`, as `validate` words it.
    func settingProblem(_ row: Int) -> ConfigProblem? {
        problems.filter { $0.path == Self.settingsKeys[row] && $0.severity != .info }.min { $0.severity < $1.severity }
    }

    /// The line under the Event Set Id: the problem of the selected setting when it has one
    /// (named, so it is clear which), else the Event Set Id's own check.
    var settingsHint: (String, Role) {
        if settingsRow != 0, let problem = settingProblem(settingsRow) {
            return (
                "\(Self.settingsLabels[settingsRow]): \(problem.message)", problem.severity == .error ? .statusError : .statusWarning
            )
        }
        return eventSetIDHint
    }

    /// The live check under the Event Set Id field.
    var eventSetIDHint: (String, Role) {
        if let problem = problems.first(where: { $0.path == "event_set_id" }) {
            return (problem.message, problem.severity == .error ? .statusError : .statusWarning)
        }
        if config.eventSetID.contains("{{") { return ("template: resolved per event", .statusInfo) }
        return ("numeric event set id", .statusOK)
    }

    private func drawMappings(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        guard rect.height > 0 else { return }
        let typeWidth = 22
        buffer.write("  TikTok event", x: rect.x, y: rect.y, role: .tableHeader, limit: typeWidth)
        let nameHeader = rect.width - typeWidth >= 19 ? "Commanders Act name" : "Commanders Act"
        buffer.write(nameHeader, x: rect.x + typeWidth, y: rect.y, role: .tableHeader, limit: rect.width - typeWidth)
        if config.mappings.isEmpty {
            buffer.write("No rows yet: press a to add one", x: rect.x + 2, y: rect.y + 1, role: .statusWarning, limit: rect.width - 2)
            return
        }
        let visible = rect.height - 1
        let first = max(0, min(mappingRow - visible + 1, config.mappings.count - visible))
        for (offset, row) in config.mappings.enumerated().dropFirst(first).prefix(visible) {
            let y = rect.y + 1 + offset - first
            let selected = offset == mappingRow
            let role: Role = selected && focused ? .selection : .text
            buffer.write(selected ? "▶ " : "  ", x: rect.x, y: y, role: .borderFocused)
            let eventWidth = buffer.write(row.tiktokEvent, x: rect.x + 2, y: y, role: role, limit: typeWidth - 3)
            if let advice = TikTokEventType.advice(for: row.tiktokEvent) {
                // The full note is in the status bar while the row is selected.
                let (mark, markRole): (String, Role) = advice.severity == .warning ? ("⚠", .statusWarning) : ("ℹ", .statusInfo)
                buffer.write(" \(mark)", x: rect.x + 2 + eventWidth, y: y, role: markRole, limit: typeWidth - 3 - eventWidth)
            }
            let name = row.commandersActEvent == "*" ? "* (all other events)" : row.commandersActEvent
            let used = buffer.write(
                name.isEmpty ? "(no name)" : name, x: rect.x + typeWidth, y: y, role: name.isEmpty ? .statusError : role,
                limit: rect.width - typeWidth)
            if let problem = problem(ofMappingRow: offset), problem.severity == .error {
                buffer.write(
                    " ✗ \(ConfigDifferences.numberingRowsFromOne(problem.message))", x: rect.x + typeWidth + used, y: y, role: .statusError,
                    limit: rect.width - typeWidth - used)
            }
        }
    }

    /// The rows of the field table shown in a pane of `height` inner rows: a window around the
    /// selected field, one row kept for the selected field's source.
    func fieldsWindow(height: Int) -> Range<Int> {
        let count = TikTokField.allCases.count
        let visible = max(1, min(count, height - (height >= 4 ? 1 : 0)))
        let first = max(0, min(fieldRow - visible + 1, count - visible))
        return first..<(first + visible)
    }

    /// Each field with what its source gives for the sample (or its source when there is no
    /// sample), the selected field's source under them; overrides are marked `*`.
    private func drawFields(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        guard rect.height > 0 else { return }
        let fields = TikTokField.allCases
        let nameWidth = 16
        let window = fieldsWindow(height: rect.height)
        for (row, index) in window.enumerated() {
            let field = fields[index]
            let y = rect.y + row
            let selected = index == fieldRow
            let isOverride = config.fieldSources[field] != nil
            buffer.write(selected ? "▶ " : "  ", x: rect.x, y: y, role: .borderFocused)
            let name = Self.shortFieldNames[field.ordinal] + (isOverride ? "*" : "")
            buffer.write(name, x: rect.x + 2, y: y, role: selected && focused ? .selection : .text, limit: nameWidth - 3)
            let (text, role) = fieldRowValue(field)
            writeCut(text, x: rect.x + nameWidth, y: y, width: rect.width - nameWidth, role: role, into: &buffer)
        }
        if rect.height >= 4 {
            let field = fields[fieldRow]
            let source = config.fieldSources[field].map(FieldSource.summary(ofChain:)) ?? DefaultFieldMapping.of(field).source.summary
            writeCut("source: \(source)", x: rect.x + 2, y: rect.y + rect.height - 1, width: rect.width - 2, role: .dim, into: &buffer)
        }
    }

    /// What a field's row shows after its name: its value for the sample and which chain element
    /// gave it, "absent", or, without a sample, its source.
    func fieldRowValue(_ field: TikTokField) -> (String, Role) {
        let isOverride = config.fieldSources[field] != nil
        guard fieldValues.indices.contains(field.ordinal) else {
            let source = config.fieldSources[field].map(FieldSource.summary(ofChain:)) ?? DefaultFieldMapping.of(field).source.summary
            return (source, isOverride ? .statusInfo : .dim)
        }
        let value = fieldValues[field.ordinal]
        guard let text = value.text else {
            if value.itemCount == 0 { return ("absent (no items)", .dim) }
            return ("absent", isOverride ? .statusWarning : .dim)
        }
        var shown = text.replacingLineBreaks()
        if let element = value.element, element > 0 { shown = "(fallback \(element + 1)) " + shown }
        return (shown, isOverride ? .statusInfo : .text)
    }

    /// Writes `text` in `width` columns, ending with `…` when it is cut.
    private func writeCut(_ text: String, x: Int, y: Int, width: Int, role: Role, into buffer: inout CellBuffer) {
        guard width > 0 else { return }
        if DisplayWidth.of(text) > width {
            let shown = buffer.write(text, x: x, y: y, role: role, limit: width - 1)
            buffer.write("…", x: x + shown, y: y, role: .dim)
        } else {
            buffer.write(text, x: x, y: y, role: role, limit: width)
        }
    }

    private func drawSample(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        var editorRect = rect
        if let error = preview.sampleError {
            editorRect.height -= 1
            buffer.write("✗ \(error)", x: rect.x, y: rect.y + rect.height - 1, role: .statusError, limit: rect.width)
        }
        if sample.isEmpty && !focused {
            buffer.write(
                "Paste an event here (Tab to focus, then paste), or Ctrl-O to load a file.", x: rect.x, y: rect.y, role: .dim, limit: rect.width)
            return
        }
        sample.draw(
            into: &buffer, rect: editorRect, showCursor: focused, highlight: preview.sampleError != nil ? preview.sampleErrorLine : preview.sourceLine
        )
    }

    private func drawPreview(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        let extras = previewExtras(width: rect.width)
        let rows = extras.header + preview.lines + extras.diagnostics
        let first = min(preview.scroll, max(0, rows.count - 1))
        for (offset, line) in rows.dropFirst(first).prefix(rect.height).enumerated() {
            var x = rect.x
            for span in line where x < rect.x + rect.width {
                x += buffer.write(span.text, x: x, y: rect.y + offset, role: span.role, limit: rect.x + rect.width - x)
            }
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
            let shown = buffer.write(text, x: x, y: y, role: role, limit: room - 1)
            buffer.write("…", x: x + shown, y: y, role: role)
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

    // MARK: Dialogs

    private func drawModal(_ modal: Modal, into buffer: inout CellBuffer) {
        switch modal {
        case .help:
            let wrapWidth = min(width - 8, 100)
            var lines: [StyledLine] = []
            for scope in [nil] + Pane.allCases.map(Optional.some) {
                let bindings = Keymap.bindings.filter { scope == nil ? $0.panes.isEmpty : $0.panes.contains(scope!) }
                guard !bindings.isEmpty else { continue }
                var line: StyledLine = [StyledSpan((scope?.title ?? "Everywhere") + ": ", .dialogTitle)]
                var used = DisplayWidth.of(line[0].text)
                for binding in bindings {
                    let keys = binding.keys.map(\.name).joined(separator: "/")
                    let entryWidth = DisplayWidth.of(keys) + DisplayWidth.of(binding.help) + 4
                    if used + entryWidth > wrapWidth {
                        lines.append(line)
                        line = [StyledSpan("  ", .dialog)]
                        used = 2
                    }
                    line += [StyledSpan(keys, .helpKey), StyledSpan(" \(binding.help)   ", .dialog)]
                    used += entryWidth
                }
                lines.append(line)
            }
            lines.append([StyledSpan("Typing edits the focused field or the sample; a paste goes to the sample. Any key closes.", .dim)])
            dialog("Keys", lines: lines, into: &buffer)
        case .confirmQuit:
            dialog(
                "Unsaved changes",
                lines: [
                    [StyledSpan("The config has changes that are not saved.", .dialog)],
                    [
                        StyledSpan("s", .helpKey), StyledSpan(" save and quit   ", .dialog), StyledSpan("d", .helpKey),
                        StyledSpan(" discard and quit   ", .dialog), StyledSpan("Esc", .helpKey), StyledSpan(" keep editing", .dialog),
                    ],
                ], into: &buffer)
        case .confirmDelete(let row):
            let mapping = config.mappings[row]
            dialog(
                "Delete row",
                lines: [
                    [
                        StyledSpan(
                            "Delete \(mapping.commandersActEvent.isEmpty ? "(no name)" : mapping.commandersActEvent) → \(mapping.tiktokEvent)?",
                            .dialog)
                    ],
                    [StyledSpan("y", .helpKey), StyledSpan(" delete   any other key: keep", .dialog)],
                ], into: &buffer)
        case .pickEvent(let picker):
            dialog("TikTok event type", lines: eventPickerLines(picker), into: &buffer)
        case .editChain(let editor):
            drawChainEditor(editor, into: &buffer)
        case .prompt(let prompt):
            let rect = dialogRect(lines: 4, title: prompt.title)
            drawDialogFrame(rect, title: prompt.title, into: &buffer)
            prompt.field.draw(into: &buffer, x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, role: .dialog, showCursor: true)
            if let error = prompt.error {
                buffer.write("✗ \(error)", x: rect.x + 2, y: rect.y + 2, role: .statusError, limit: rect.width - 4)
            }
            buffer.write("Enter accept · Esc cancel", x: rect.x + 2, y: rect.y + 3, role: .dim, limit: rect.width - 4)
        case .restore(let draft):
            let differences = ConfigDifferences.lines(from: config, to: draft)
            let room = max(1, height - 8)
            var lines: [StyledLine] = [
                [
                    StyledSpan(
                        "An earlier session ended with unsaved changes. Against \(savedConfig == nil ? "the config opened" : "the saved file"):",
                        .dialog)
                ]
            ]
            lines += differences.prefix(differences.count > room ? room - 1 : room).map { [StyledSpan("  • \($0)", .dialog)] }
            if differences.count > room { lines.append([StyledSpan("  … and \(differences.count - room + 1) more", .dim)]) }
            lines.append([
                StyledSpan("y", .helpKey), StyledSpan(" restore them   ", .dialog), StyledSpan("n", .helpKey), StyledSpan(" discard them", .dialog),
            ])
            dialog("Unsaved changes found", lines: lines, into: &buffer)
        }
    }

    /// The event picker's lines: the filter, then the matching names (current ones, then renamed
    /// and deprecated ones, marked); a window around the selection when the terminal is too short
    /// for all of them.
    private func eventPickerLines(_ picker: EventPicker) -> [StyledLine] {
        let filterLine: StyledLine = [
            StyledSpan("filter: ", .dim),
            StyledSpan(picker.filter.isEmpty ? "type to filter" : picker.filter + "▏", picker.filter.isEmpty ? .dim : .dialog),
        ]
        var lines: [StyledLine] = []
        var selectedLine = 0
        var previousGroup = 0
        let matches = picker.matches
        let selection = matches.indices.contains(picker.selection) ? matches[picker.selection] : -1
        if matches.isEmpty { lines.append([StyledSpan("  no TikTok event name contains \"\(picker.filter)\"", .statusWarning)]) }
        for index in matches {
            let entry = TikTokEventType.catalog[index]
            let group: Int
            let note: String
            switch entry.status {
            case .current: (group, note) = (index < TikTokEventType.leadingCount ? 0 : 1, "")
            case .renamed(let newName): (group, note) = (2, "renamed: TikTok now calls it \(newName)")
            case .deprecated: (group, note) = (3, "deprecated: sunset announced for 2027")
            }
            if group != previousGroup {
                let titles = ["", "─ other current events ─", "─ renamed by TikTok in 2025 ─", "─ deprecated by TikTok ─"]
                lines.append([StyledSpan("  \(titles[group])", .dim)])
                previousGroup = group
            }
            if index == selection { selectedLine = lines.count }
            let name = entry.name.padding(toLength: 22, withPad: " ", startingAt: 0)
            var line: StyledLine = [StyledSpan(index == selection ? "▶ \(name)" : "  \(name)", index == selection ? .selection : .dialog)]
            if !note.isEmpty { line.append(StyledSpan(note, group == 3 ? .statusWarning : .dim)) }
            lines.append(line)
        }
        let room = max(3, height - 6)
        if lines.count > room {
            let first = max(0, min(selectedLine - room / 2, lines.count - room))
            lines = Array(lines[first..<(first + room)])
        }
        lines.insert(filterLine, at: 0)
        lines.append([StyledSpan("type to filter · ↑/↓ choose · Enter pick · Esc cancel", .dim)])
        return lines
    }

    /// Where the source editor goes: over the mappings and the field table (wide) or the top pane
    /// (stacked), so the sample and the preview stay in view; the path list takes the whole
    /// column (wide) or the whole body (stacked).
    func chainPanelRect(picking: Bool) -> Rect {
        let layout = Layout(width: width, height: height, focus: focus)
        let body = height - 2
        if width >= Self.wideWidth {
            let left = layout.panes.first { $0.0 == .settings }?.1.width ?? 40
            return picking ? Rect(x: 0, y: 0, width: left, height: body) : Rect(x: 0, y: 7, width: left, height: body - 7)
        }
        let top = layout.panes.first?.1 ?? Rect(x: 0, y: 1, width: width, height: body - 1)
        return picking ? Rect(x: 0, y: 1, width: width, height: body - 1) : top
    }

    /// The source editor: the default for reference, the chain (the element being typed as a
    /// text field), what the typed template gives for the sample or what is wrong with it, and
    /// the keys; the path list over it while open.
    private func drawChainEditor(_ editor: ChainEditor, into buffer: inout CellBuffer) {
        let rect = chainPanelRect(picking: editor.picker != nil)
        let title = "Source of \(editor.field.rawValue)"
        drawDialogFrame(rect, title: title, into: &buffer)
        let inner = rect.inset(1)
        if let picker = editor.picker {
            drawPathPicker(picker, field: editor.field, in: inner, into: &buffer)
            return
        }
        let width = inner.width - 2
        var rows: [StyledLine] = [StyledSpan("default: \(DefaultFieldMapping.of(editor.field).source.summary)", .dim)].wrapped(
            width: width, indent: 2)
        var editingRow = 0
        for (index, element) in editor.elements.enumerated() {
            let selected = index == editor.selection
            let line = [
                StyledSpan(selected ? "▶ " : "  ", .borderFocused), StyledSpan("\(index + 1). ", .dim),
                StyledSpan(element, selected && editor.editing == nil ? .selection : .dialog),
            ]
            if selected, editor.editing != nil {
                editingRow = rows.count
                rows.append(Array(line.prefix(2)))
            } else {
                rows += line.wrapped(width: width, indent: 5)
            }
        }
        rows += editorStatusLine(editor).wrapped(width: width, indent: 2)
        let keys =
            editor.editing == nil
            ? "Enter edit · a add · d remove · K/J move · Esc close" : "Enter accept · Esc cancel · Tab pick a path from the sample"
        rows += [StyledSpan(keys, .dim)].wrapped(width: width, indent: 0)
        for (offset, line) in rows.prefix(inner.height).enumerated() {
            var x = inner.x + 1
            for span in line { x += buffer.write(span.text, x: x, y: inner.y + offset, role: span.role, limit: inner.x + 1 + width - x) }
        }
        if let field = editor.editing {
            let y = inner.y + editingRow
            guard y < inner.y + inner.height else { return }
            let x = inner.x + 1 + 2 + DisplayWidth.of("\(editor.selection + 1). ")
            field.draw(into: &buffer, x: x, y: y, width: inner.x + 1 + width - x, role: .dialog, showCursor: true)
        }
    }

    /// Under the chain: what is wrong with the typed template, or what the field now gives for the
    /// sample (and which paths of the typed template the sample does not have).
    private func editorStatusLine(_ editor: ChainEditor) -> StyledLine {
        if let error = editor.error { return [StyledSpan("✗ \(error)", .statusError)] }
        guard let document = sampleDocument, fieldValues.indices.contains(editor.field.ordinal) else {
            return [StyledSpan("no sample: paste an event to see what this gives", .dim)]
        }
        let value = fieldValues[editor.field.ordinal]
        let item = editor.field.isPerItem ? value.itemCount.flatMap { $0 > 0 ? ItemScope(index: 0, in: document) : nil } : nil
        let missing = editor.typedTemplate?.properties.filter { $0.resolve(in: document, item: item) == nil }.map(\.description) ?? []
        var line: StyledLine = []
        if let text = value.text {
            line.append(StyledSpan("= \(text.replacingLineBreaks())", .statusOK))
            if let element = value.element { line.append(StyledSpan("  (element \(element + 1))", .dim)) }
        } else {
            line.append(StyledSpan("= absent", .statusWarning))
        }
        if !missing.isEmpty { line.append(StyledSpan("  not in the sample: \(missing.joined(separator: ", "))", .statusWarning)) }
        return line
    }

    /// The sample's paths with their values, filtered, the highlighted one marked.
    private func drawPathPicker(_ picker: PathPicker, field: TikTokField, in rect: Rect, into buffer: inout CellBuffer) {
        let header = "filter: " + (picker.filter.isEmpty ? "type to filter" : picker.filter + "▏")
        buffer.write(header, x: rect.x + 1, y: rect.y, role: picker.filter.isEmpty ? .dim : .dialog, limit: rect.width - 2)
        let matches = picker.matches
        let room = max(1, rect.height - 2)
        let first = max(0, min(picker.selection - room / 2, matches.count - room))
        let pathWidth = min(max(12, rect.width - 12), matches.map { DisplayWidth.of(picker.entries[$0].path) }.max() ?? 12)
        if matches.isEmpty {
            buffer.write("no path contains \"\(picker.filter)\"", x: rect.x + 1, y: rect.y + 1, role: .statusWarning, limit: rect.width - 2)
        }
        for (row, index) in matches.dropFirst(first).prefix(room).enumerated() {
            let entry = picker.entries[index]
            let selected = first + row == picker.selection
            let y = rect.y + 1 + row
            buffer.write(selected ? "▶ " : "  ", x: rect.x + 1, y: y, role: .borderFocused)
            writeCut(entry.path, x: rect.x + 3, y: y, width: pathWidth, role: selected ? .selection : .dialog, into: &buffer)
            writeCut(entry.value, x: rect.x + 4 + pathWidth, y: y, width: rect.width - 5 - pathWidth, role: .dim, into: &buffer)
        }
        let keys = "\(matches.count) of \(picker.entries.count) paths · ↑/↓ choose · Enter insert {{path}} · Esc back"
        writeCut(keys, x: rect.x + 1, y: rect.y + rect.height - 1, width: rect.width - 2, role: .dim, into: &buffer)
    }

    private func dialog(_ title: String, lines: [StyledLine], into buffer: inout CellBuffer) {
        let rect = dialogRect(lines: lines.count, title: title, contentWidth: lines.map { $0.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0)
        drawDialogFrame(rect, title: title, into: &buffer)
        for (offset, line) in lines.prefix(rect.height - 2).enumerated() {
            var x = rect.x + 2
            for span in line { x += buffer.write(span.text, x: x, y: rect.y + 1 + offset, role: span.role, limit: rect.x + rect.width - 2 - x) }
        }
    }

    private func dialogRect(lines: Int, title: String, contentWidth: Int = 60) -> Rect {
        let dialogWidth = min(width - 4, max(contentWidth, DisplayWidth.of(title) + 4, 50) + 4)
        let dialogHeight = min(height - 2, lines + 2)
        return Rect(x: (width - dialogWidth) / 2, y: max(0, (height - 2 - dialogHeight) / 2), width: dialogWidth, height: dialogHeight)
    }

    private func drawDialogFrame(_ rect: Rect, title: String, into buffer: inout CellBuffer) {
        buffer.fill(rect, role: .dialog)
        buffer.box(rect, title: title, role: .borderFocused, titleRole: .dialogTitle, heavy: true)
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

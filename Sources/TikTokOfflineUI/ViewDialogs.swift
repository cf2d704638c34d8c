import TikTokOfflineCore

/// Drawing the dialogs and panels over the panes: help, questions, pickers, the source editor.
extension AppState {
    // MARK: Dialogs

    func drawModal(_ modal: Modal, into buffer: inout CellBuffer) {
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
            let notes = [
                "Sample editor: Home/End, Ctrl-Home/Ctrl-End; a whole event pasted over a whole event replaces it.",
                "Source editor: the preview follows every key; Tab picks a path from the sample; a add, d remove, K/J move, Esc close.",
                "Settings: ←/→/Space toggle the API format. Typing edits the focused field or the sample; a paste goes to the sample. Any key closes.",
            ]
            for note in notes { lines += [StyledSpan(note, .dim)].wrapped(width: wrapWidth, indent: 2) }
            dialog("Keys", lines: lines, into: &buffer)
        case .messages:
            let wrapWidth = min(width - 8, 100)
            var lines: [StyledLine] = []
            let (text, role) = statusText
            if status != nil { lines += [StyledSpan(text, role)].wrapped(width: wrapWidth, indent: 2) }
            if problems.isEmpty { lines.append([StyledSpan("✓ config valid", .statusOK)]) }
            for problem in problems {
                let (mark, role): (String, Role) =
                    switch problem.severity {
                    case .error: ("✗", .statusError)
                    case .warning: ("⚠", .statusWarning)
                    case .info: ("ℹ", .statusInfo)
                    }
                lines += [StyledSpan("\(mark) \(Self.describe(problem))", role)].wrapped(width: wrapWidth, indent: 2)
            }
            lines.append([StyledSpan("Any key closes.", .dim)])
            dialog("Messages", lines: lines, into: &buffer)
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
                            "Delete row \(row + 1): \(mapping.commandersActEvent.isEmpty ? "(no name)" : mapping.commandersActEvent) → \(mapping.tiktokEvent)?",
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
    func eventPickerLines(_ picker: EventPicker) -> [StyledLine] {
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
    func drawChainEditor(_ editor: ChainEditor, into buffer: inout CellBuffer) {
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
    func editorStatusLine(_ editor: ChainEditor) -> StyledLine {
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
    func drawPathPicker(_ picker: PathPicker, field: TikTokField, in rect: Rect, into buffer: inout CellBuffer) {
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

    func dialog(_ title: String, lines: [StyledLine], into buffer: inout CellBuffer) {
        let rect = dialogRect(lines: lines.count, title: title, contentWidth: lines.map { $0.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0)
        drawDialogFrame(rect, title: title, into: &buffer)
        for (offset, line) in lines.prefix(rect.height - 2).enumerated() {
            var x = rect.x + 2
            for span in line { x += buffer.write(span.text, x: x, y: rect.y + 1 + offset, role: span.role, limit: rect.x + rect.width - 2 - x) }
        }
    }

    func dialogRect(lines: Int, title: String, contentWidth: Int = 60) -> Rect {
        let dialogWidth = min(width - 4, max(contentWidth, DisplayWidth.of(title) + 4, 50) + 4)
        let dialogHeight = min(height - 2, lines + 2)
        return Rect(x: (width - dialogWidth) / 2, y: max(0, (height - 2 - dialogHeight) / 2), width: dialogWidth, height: dialogHeight)
    }

    func drawDialogFrame(_ rect: Rect, title: String, into buffer: inout CellBuffer) {
        buffer.fill(rect, role: .dialog)
        buffer.box(rect, title: title, role: .borderFocused, titleRole: .dialogTitle, heavy: true)
    }
}

import TikTokOfflineCore

/// Drawing the five panes' contents.
extension AppState {
    // MARK: Panes

    func drawSettings(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
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

    func drawMappings(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
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
    func drawFields(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
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
    /// gave it, "absent" with the paths the sample lacks, or, without a sample, its source.
    func fieldRowValue(_ field: TikTokField) -> (String, Role) {
        let isOverride = config.fieldSources[field] != nil
        guard fieldValues.indices.contains(field.ordinal) else {
            let source = config.fieldSources[field].map(FieldSource.summary(ofChain:)) ?? DefaultFieldMapping.of(field).source.summary
            return (source, isOverride ? .statusInfo : .dim)
        }
        let value = fieldValues[field.ordinal]
        guard let text = value.text else {
            if value.itemCount == 0 { return ("absent (no items)", .dim) }
            let missing = value.missingPaths.isEmpty ? "" : ": no \(value.missingPaths.joined(separator: ", "))"
            return ("absent" + missing, isOverride ? .statusWarning : .dim)
        }
        var shown = text.replacingLineBreaks()
        if let element = value.element, element > 0 { shown = "(fallback \(element + 1)) " + shown }
        return (shown, isOverride ? .statusInfo : .text)
    }

    /// Writes `text` in `width` columns, ending with `…` when it is cut.
    func writeCut(_ text: String, x: Int, y: Int, width: Int, role: Role, into buffer: inout CellBuffer) {
        guard width > 0 else { return }
        if DisplayWidth.of(text) > width {
            let shown = buffer.write(text, x: x, y: y, role: role, limit: width - 1)
            buffer.write("…", x: x + shown, y: y, role: .dim)
        } else {
            buffer.write(text, x: x, y: y, role: role, limit: width)
        }
    }

    func drawSample(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
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

    func drawPreview(in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
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
}

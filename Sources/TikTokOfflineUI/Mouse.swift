import TikTokOfflineCore

/// The mouse (with `--mouse`): a click focuses the pane under it and selects the row clicked;
/// the wheel scrolls the pane under it. Dialogs ignore the mouse.
extension AppState {
    /// How many rows one turn of the wheel scrolls.
    static let wheelStep = 3

    mutating func handleMouse(_ event: MouseEvent) {
        let layout = Layout(width: width, height: height, focus: focus)
        guard let (pane, rect) = layout.panes.first(where: { $0.1.contains(column: event.column, row: event.row) }) else { return }
        let inner = rect.inset(1)
        let row = event.row - inner.y
        switch event.kind {
        case .click:
            focus = pane
            guard inner.contains(column: event.column, row: event.row) else { return }
            click(pane, row: row, column: event.column - inner.x, inner: inner)
        case .wheelUp, .wheelDown:
            scroll(pane, by: event.kind == .wheelDown ? Self.wheelStep : -Self.wheelStep)
        }
    }

    /// Selects what was clicked at `row`, `column` of a pane's inside.
    private mutating func click(_ pane: Pane, row: Int, column: Int, inner: Rect) {
        switch pane {
        case .settings:
            let rows = [0, -1, 1, 2, 3]
            if rows.indices.contains(row), rows[row] >= 0 { settingsRow = rows[row] }
        case .mappings:
            let visible = inner.height - 1
            let first = max(0, min(mappingRow - visible + 1, config.mappings.count - visible))
            let index = first + row - 1
            if row >= 1, config.mappings.indices.contains(index) { mappingRow = index }
        case .fields:
            let window = fieldsWindow(height: inner.height)
            if row < window.count { fieldRow = window.lowerBound + row }
        case .sample:
            let gutter = String(sample.lines.count).count + 1
            sample.moveTo(line: sample.top + row, column: max(0, column - gutter))
            sample.scrollToCursor(height: sampleViewHeight)
            lastEdit = nil
        case .preview:
            break
        }
    }

    /// Scrolls a pane: the preview and the sample's view move; the lists move their selection.
    private mutating func scroll(_ pane: Pane, by step: Int) {
        switch pane {
        case .preview:
            preview.scroll += step
            clampPreviewScroll()
        case .sample:
            sample.top = max(0, min(sample.top + step, max(0, sample.lines.count - sampleViewHeight)))
        case .mappings:
            mappingRow = min(max(0, mappingRow + step), max(0, config.mappings.count - 1))
        case .fields:
            fieldRow = min(max(0, fieldRow + step), TikTokField.allCases.count - 1)
        case .settings:
            break
        }
    }
}

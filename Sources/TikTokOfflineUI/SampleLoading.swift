import TikTokOfflineCore

/// The sample event's life: loading it from a file (one event, or a line of an NDJSON file),
/// replacing it, stepping through an NDJSON file, completing a path, and keeping the editor and
/// the preview scrolled with the real pane sizes.
extension AppState {
    /// The title of the load prompt.
    static let loadTitle = "Load a sample event from file (Tab completes)"
    /// What Ctrl-N, Ctrl-P and Ctrl-G need.
    static let noSampleFileHint = "Ctrl-N, Ctrl-P and Ctrl-G step through the lines of an NDJSON file loaded with Ctrl-O"

    /// The height of the sample editor's text at the current size (the pane without its frame
    /// and its syntax-error line).
    var sampleViewHeight: Int {
        let layout = Layout(width: width, height: height, focus: focus == .preview ? .sample : focus)
        let rect = layout.panes.first { $0.0 == .sample }?.1 ?? Rect(x: 0, y: 0, width: width, height: max(3, height / 3))
        return max(1, rect.height - 2 - (preview.sampleError == nil ? 0 : 1))
    }

    /// Keeps the preview's first line inside what there is to show.
    mutating func clampPreviewScroll() {
        preview.scroll = min(max(0, preview.scroll), max(0, previewLineCount - 1))
    }

    /// Switches the API format.
    mutating func toggleFormat() {
        let format: Config.APIFormat = config.apiFormat == .legacy ? .events20 : .legacy
        editConfig { $0.apiFormat = format }
        status = StatusMessage(text: "API format: \(format.rawValue)", role: .statusInfo)
    }

    /// Takes a loaded file as the sample: a whole JSON text is one event; a file whose first
    /// non-blank line is a JSON value on its own is NDJSON, and `line` (from 1; default the first
    /// non-blank one) is shown, the others kept in memory for stepping.
    mutating func loadSample(_ bytes: [UInt8], from path: String, line: Int?) {
        lastLoadPath = path
        focus = .sample
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        if lines.last == "" { lines.removeLast() }
        let events = lines.indices.filter { !lines[$0].allSatisfy(\.isWhitespace) }
        // NDJSON: more than one non-blank line, the first a JSON value on its own (the first line
        // of a pretty-printed event never is). Nothing else is parsed here: the preview parses
        // the sample once.
        let isNDJSON = events.count > 1 && (try? JSONDocument(parsing: lines[events[0]])) != nil
        guard isNDJSON else {
            if let line, line > 1 {
                status = StatusMessage(text: "\(path) holds one event, not NDJSON lines: there is no line \(line) to pick", role: .statusError)
                return
            }
            sampleFile = nil
            replaceSample(with: text)
            status = StatusMessage(text: "Loaded \(path) (\(bytes.count) bytes) as the sample event", role: .statusOK)
            return
        }
        let target = line.map { $0 - 1 } ?? events.first ?? 0
        guard lines.indices.contains(target) else {
            status = StatusMessage(text: "\(path) has \(lines.count) line\(lines.count == 1 ? "" : "s"), no line \(target + 1)", role: .statusError)
            return
        }
        sampleFile = SampleFile(path: path, lines: lines, current: target)
        showSampleLine(target)
    }

    /// Shows line `index` of the NDJSON file as the sample.
    mutating func showSampleLine(_ index: Int) {
        guard var file = sampleFile, file.lines.indices.contains(index) else { return }
        file.current = index
        sampleFile = file
        replaceSample(with: file.lines[index])
        status = StatusMessage(
            text: "\(file.path): line \(index + 1) of \(file.lines.count) (Ctrl-N next, Ctrl-P previous, Ctrl-G go to line)", role: .statusInfo)
    }

    /// Moves to the next (`step` 1) or previous (-1) non-blank line of the NDJSON file.
    mutating func stepSampleLine(_ step: Int) {
        guard let file = sampleFile else {
            status = StatusMessage(text: Self.noSampleFileHint, role: .statusInfo)
            return
        }
        var index = file.current + step
        while file.lines.indices.contains(index), file.lines[index].allSatisfy(\.isWhitespace) { index += step }
        guard file.lines.indices.contains(index) else {
            status = StatusMessage(
                text: step > 0 ? "\(file.path): no line after this one" : "\(file.path): no line before this one", role: .statusInfo)
            return
        }
        showSampleLine(index)
    }

    /// Replaces the whole sample in one undo step, scrolling the editor and the preview back to
    /// the top.
    mutating func replaceSample(with text: String) {
        pushUndo()
        sample.setText(text)
        preview.scroll = 0
        preview.selectedDiagnostic = nil
        recompute()
    }

    /// Completes the load prompt's path from `candidates` (what the folder holds that starts with
    /// what was typed): one candidate is taken; several extend the path to what they share and are
    /// listed under it.
    mutating func completePath(_ typed: String, candidates: [String]) {
        guard case .prompt(var prompt) = modal, prompt.purpose == .loadFile, prompt.field.text == typed else { return }
        switch candidates.count {
        case 0:
            prompt.error = "nothing matches \(typed.isEmpty ? "here" : typed)"
        case 1:
            prompt.field = TextField(candidates[0])
            prompt.error = nil
        default:
            let shared = candidates.dropFirst().reduce(candidates[0]) { String($0.commonPrefix(with: $1)) }
            prompt.field = TextField(shared.count > typed.count ? shared : typed)
            let names = candidates.map { $0.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? $0 }
            prompt.error = "\(candidates.count) matches: " + names.prefix(8).joined(separator: "  ") + (names.count > 8 ? "  …" : "")
        }
        modal = .prompt(prompt)
    }
}

extension String {
    /// The longest start this string shares with `other`.
    func commonPrefix(with other: String) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[..<end]
    }
}

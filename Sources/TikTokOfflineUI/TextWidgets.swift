/// A single-line text field: its text and a cursor between characters.
package struct TextField: Sendable, Equatable {
    /// The text.
    package private(set) var text: String
    /// The cursor, in characters from the start (0...count).
    package private(set) var cursor: Int

    /// A field holding `text` with the cursor at its end.
    package init(_ text: String = "") {
        self.text = text
        self.cursor = text.count
    }

    /// Applies an editing key; returns whether the text changed (nil when the key is not an edit).
    package mutating func handle(_ key: Key) -> Bool? {
        switch key {
        case .character(let character):
            insert(String(character))
            return true
        case .backspace:
            guard cursor > 0 else { return false }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
            return true
        case .delete:
            guard cursor < text.count else { return false }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
            return true
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        default: return nil
        }
        return false
    }

    /// Inserts `string` (line breaks become spaces) at the cursor.
    package mutating func insert(_ string: String) {
        let clean = string.replacingLineBreaks()
        text.insert(contentsOf: clean, at: text.index(text.startIndex, offsetBy: cursor))
        cursor += clean.count
    }

    /// Draws the field in `width` columns of row `y` from column `x`, scrolled to show the cursor.
    package func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int, role: Role, showCursor: Bool) {
        guard width > 0 else { return }
        let characters = Array(text)
        var start = 0
        while DisplayWidth.of(String(characters[start..<cursor])) >= width { start += 1 }
        let visible = String(characters[start...])
        buffer.write(visible, x: x, y: y, role: role, limit: width)
        if start > 0, width > 1 { buffer.write("…", x: x, y: y, role: .dim) }
        if DisplayWidth.of(visible) > width, width > 1 { buffer.write("…", x: x + width - 1, y: y, role: .dim) }
        if showCursor {
            let column = x + DisplayWidth.of(String(characters[start..<cursor]))
            if column < x + width {
                let under = cursor < characters.count ? String(characters[cursor]) : " "
                buffer.write(under, x: column, y: y, role: .editorCursor, limit: 1)
            }
        }
    }
}

/// A multi-line text editor for the sample event: lines, a cursor and a scroll position.
///
/// Only the visible lines are drawn, so a 1 MB event costs no more to draw than a small one.
package struct TextEditor: Sendable, Equatable {
    /// The lines, without line breaks; never empty.
    package private(set) var lines: [String]
    /// The cursor line.
    package private(set) var line = 0
    /// The cursor column, in characters.
    package private(set) var column = 0
    /// The first visible line.
    package var top = 0

    /// An editor holding `text`, cursor at the start.
    package init(_ text: String = "") {
        lines = TextEditor.split(text)
    }

    /// The whole text, lines joined with `\n`.
    package var text: String { lines.joined(separator: "\n") }

    /// Whether the editor holds nothing.
    package var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    /// Replaces the text, cursor at the start.
    package mutating func setText(_ text: String) {
        lines = TextEditor.split(text)
        line = 0
        column = 0
        top = 0
    }

    /// Applies an editing or movement key; returns whether the text changed (nil: not an editor key).
    package mutating func handle(_ key: Key, pageHeight: Int) -> Bool? {
        switch key {
        case .character(let character):
            insert(String(character))
            return true
        case .enter:
            insert("\n")
            return true
        case .backspace:
            if column > 0 {
                var current = lines[line]
                current.remove(at: current.index(current.startIndex, offsetBy: column - 1))
                lines[line] = current
                column -= 1
                return true
            }
            guard line > 0 else { return false }
            let previousCount = lines[line - 1].count
            lines[line - 1] += lines[line]
            lines.remove(at: line)
            line -= 1
            column = previousCount
            return true
        case .delete:
            if column < lines[line].count {
                var current = lines[line]
                current.remove(at: current.index(current.startIndex, offsetBy: column))
                lines[line] = current
                return true
            }
            guard line + 1 < lines.count else { return false }
            lines[line] += lines[line + 1]
            lines.remove(at: line + 1)
            return true
        case .left:
            if column > 0 {
                column -= 1
            } else if line > 0 {
                line -= 1
                column = lines[line].count
            }
        case .right:
            if column < lines[line].count {
                column += 1
            } else if line + 1 < lines.count {
                line += 1
                column = 0
            }
        case .up: moveTo(line: line - 1)
        case .down: moveTo(line: line + 1)
        case .pageUp: moveTo(line: line - max(1, pageHeight))
        case .pageDown: moveTo(line: line + max(1, pageHeight))
        case .home: column = 0
        case .end: column = lines[line].count
        case .controlHome: moveTo(line: 0, column: 0)
        case .controlEnd: moveTo(line: lines.count - 1, column: lines[lines.count - 1].count)
        default: return nil
        }
        return false
    }

    /// Inserts text at the cursor as one edit: CRLF and CR become LF, tabs two spaces.
    package mutating func insert(_ text: String) {
        let normalized = text.replacingOccurrencesOfCRLF().replacingTabs()
        var pieces = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let current = lines[line]
        let split = current.index(current.startIndex, offsetBy: column)
        let before = String(current[..<split])
        let after = String(current[split...])
        if pieces.count == 1 {
            lines[line] = before + pieces[0] + after
            column += pieces[0].count
            return
        }
        let lastCount = pieces[pieces.count - 1].count
        pieces[0] = before + pieces[0]
        pieces[pieces.count - 1] += after
        lines.replaceSubrange(line...line, with: pieces)
        line += pieces.count - 1
        column = lastCount
    }

    /// Moves the cursor to `target` (clamped), keeping the column where the line allows.
    package mutating func moveTo(line target: Int, column wanted: Int? = nil) {
        line = min(max(0, target), lines.count - 1)
        column = min(wanted ?? column, lines[line].count)
    }

    /// Scrolls so the cursor is inside a window of `height` lines, moving the view only when
    /// the cursor has left it.
    package mutating func scrollToCursor(height: Int) {
        let height = max(1, height)
        if line < top { top = line }
        if line >= top + height { top = line - height + 1 }
        top = max(0, min(top, max(0, lines.count - height)))
    }

    /// Scrolls so `target` is shown with `context` lines around it where the text allows
    /// (a diagnostic's source line, not pinned to an edge).
    package mutating func show(line target: Int, height: Int, context: Int) {
        let height = max(1, height)
        let context = min(context, (height - 1) / 2)
        if target - context < top { top = target - context }
        if target + context >= top + height { top = target + context - height + 1 }
        top = max(0, min(top, max(0, lines.count - height)))
    }

    /// Draws the visible lines into `rect`, with line numbers, the cursor, and `highlight` (a
    /// line to mark, such as the source of a diagnostic or a syntax error).
    package func draw(into buffer: inout CellBuffer, rect: Rect, showCursor: Bool, highlight: Int?) {
        let gutter = String(lines.count).count + 1
        let textWidth = rect.width - gutter
        guard textWidth > 0 else { return }
        let horizontal = max(0, column - textWidth + 1)
        for row in 0..<rect.height {
            let number = top + row
            guard number < lines.count else { break }
            let label = String(number + 1)
            buffer.write(String(repeating: " ", count: gutter - 1 - label.count) + label, x: rect.x, y: rect.y + row, role: .dim)
            let role: Role = number == highlight ? .editorLineHighlight : .editorText
            let content = lines[number].dropFirst(number == line ? horizontal : 0)
            buffer.write(content, x: rect.x + gutter, y: rect.y + row, role: role, limit: textWidth)
            if showCursor, number == line {
                let prefix = lines[number].dropFirst(horizontal).prefix(column - horizontal)
                let cursorColumn = rect.x + gutter + DisplayWidth.of(prefix)
                if cursorColumn < rect.x + rect.width {
                    let index = lines[number].index(lines[number].startIndex, offsetBy: column, limitedBy: lines[number].endIndex)
                    let under = index.flatMap { $0 < lines[number].endIndex ? String(lines[number][$0]) : nil } ?? " "
                    buffer.write(under, x: cursorColumn, y: rect.y + row, role: .editorCursor, limit: 2)
                }
            }
        }
    }

    static func split(_ text: String) -> [String] {
        let lines = text.replacingOccurrencesOfCRLF().replacingTabs().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.isEmpty ? [""] : lines
    }
}

extension String {
    /// CRLF and lone CR become LF.
    func replacingOccurrencesOfCRLF() -> String {
        guard utf8.contains(13) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousWasCR = false
        for character in unicodeScalars {
            if character == "\r" {
                result.append("\n")
                previousWasCR = true
                continue
            }
            if character == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            result.unicodeScalars.append(character)
        }
        return result
    }

    /// Tabs become two spaces.
    func replacingTabs() -> String {
        guard utf8.contains(9) else { return self }
        return split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "  ")
    }

    /// Line breaks become spaces (for single-line fields).
    func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

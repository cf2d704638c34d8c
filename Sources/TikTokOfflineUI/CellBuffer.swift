/// A rectangle of terminal cells, in columns and rows from the top left.
package struct Rect: Sendable, Equatable {
    /// The left column.
    package var x: Int
    /// The top row.
    package var y: Int
    /// The width in columns.
    package var width: Int
    /// The height in rows.
    package var height: Int

    /// Creates a rectangle.
    package init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Whether the cell at column `column`, row `row` is inside.
    package func contains(column: Int, row: Int) -> Bool {
        column >= x && column < x + width && row >= y && row < y + height
    }

    /// The rectangle shrunk by `amount` on every side.
    package func inset(_ amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}

/// One terminal cell: the grapheme drawn there, its display width, and its semantic role.
///
/// A wide grapheme (CJK, most emoji) occupies two cells: the first holds it with width 2, the
/// second is a continuation with an empty text and width 0.
package struct Cell: Sendable, Equatable {
    /// The grapheme, or "" for the continuation of a wide one.
    package var text: String
    /// 1, 2, or 0 for a continuation.
    package var width: UInt8
    /// How it is styled, resolved by the theme at the backend.
    package var role: Role

    /// A blank cell in `role`.
    package static func blank(_ role: Role = .text) -> Cell { Cell(text: " ", width: 1, role: role) }
}

/// The screen as the UI draws it each frame: a grid of ``Cell``s the backend copies to the
/// terminal. Tests read it as text (``lines``) and as role letters (``roleLines``).
package struct CellBuffer: Sendable, Equatable {
    /// Columns.
    package let width: Int
    /// Rows.
    package let height: Int
    /// The cells, row by row.
    package private(set) var cells: [Cell]

    /// A buffer of blank cells.
    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(), count: self.width * self.height)
    }

    /// The cell at column `x`, row `y`.
    package subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills `rect` with blanks in `role`.
    package mutating func fill(_ rect: Rect, role: Role) {
        for row in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for column in max(0, rect.x)..<min(width, rect.x + rect.width) {
                self[column, row] = .blank(role)
            }
        }
    }

    /// Writes `text` from column `x` of row `y`, at most `limit` columns (to the edge when nil);
    /// returns the columns used. Control characters are drawn as `·`; a wide grapheme that would
    /// not fit is replaced by a space.
    @discardableResult
    package mutating func write(_ text: some StringProtocol, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            let (glyph, glyphWidth) = DisplayWidth.drawable(character)
            if column + glyphWidth > end {
                if column < end, glyphWidth == 2 { self[column, y] = .blank(role) }
                return end - x
            }
            if column >= 0 {
                self[column, y] = Cell(text: glyph, width: UInt8(glyphWidth), role: role)
                if glyphWidth == 2 { self[column + 1, y] = Cell(text: "", width: 0, role: role) }
            }
            column += glyphWidth
        }
        return column - x
    }

    /// Draws a box around `rect` with `title` in its top border.
    package mutating func box(_ rect: Rect, title: String, role: Role, titleRole: Role, heavy: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (horizontal, vertical, corners): (String, String, [String]) =
            heavy ? ("━", "┃", ["┏", "┓", "┗", "┛"]) : ("─", "│", ["┌", "┐", "└", "┘"])
        for column in rect.x..<(rect.x + rect.width) {
            write(horizontal, x: column, y: rect.y, role: role)
            write(horizontal, x: column, y: rect.y + rect.height - 1, role: role)
        }
        for row in rect.y..<(rect.y + rect.height) {
            write(vertical, x: rect.x, y: row, role: role)
            write(vertical, x: rect.x + rect.width - 1, y: row, role: role)
        }
        write(corners[0], x: rect.x, y: rect.y, role: role)
        write(corners[1], x: rect.x + rect.width - 1, y: rect.y, role: role)
        write(corners[2], x: rect.x, y: rect.y + rect.height - 1, role: role)
        write(corners[3], x: rect.x + rect.width - 1, y: rect.y + rect.height - 1, role: role)
        if !title.isEmpty, rect.width > 4 {
            write(" \(title) ", x: rect.x + 2, y: rect.y, role: titleRole, limit: rect.width - 4)
        }
    }

    /// The rows as text (continuation cells are skipped, so wide graphemes read naturally).
    package var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width where self[column, row].width > 0 { line += self[column, row].text }
            return line
        }
    }

    /// The rows as role letters, one per column (see ``Role/letter``).
    package var roleLines: [String] {
        (0..<height).map { row in String((0..<width).map { self[$0, row].role.letter }) }
    }
}

/// Display widths of graphemes in a terminal, without asking the C library.
package enum DisplayWidth {
    /// The grapheme to draw for `character` and its width: controls become `·`.
    package static func drawable(_ character: Character) -> (String, Int) {
        let width = of(character)
        if width < 0 { return ("·", 1) }
        if width == 0 { return ("\u{25CC}" + String(character), 1) }
        return (String(character), width)
    }

    /// The columns `character` takes: 2 for East Asian wide and emoji, 0 for a lone combining
    /// mark, -1 for control characters, else 1.
    package static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return -1 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if isWide(first.value) { return 2 }
        return 1
    }

    /// The width of a string.
    package static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + drawable($1).1 }
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
            0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
            0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
            0x1F250...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
            0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440,
            0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A, 0x1F595...0x1F596,
            0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
            0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
            0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

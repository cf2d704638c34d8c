extension [StyledSpan] {
    /// The line broken into rows of at most `width` cells, at spaces where it can and inside a
    /// word only when the word alone is wider than a row; rows after the first start with
    /// `indent` spaces, so a wrapped message reads as one block.
    func wrapped(width: Int, indent: Int) -> [StyledLine] {
        guard width > indent, DisplayWidth.of(map(\.text).joined()) > width else { return [self] }
        var wrapper = SpanWrapper(width: width, indent: indent)
        for span in self {
            for piece in span.text.wrapPieces() {
                wrapper.place(piece, role: span.role)
            }
        }
        return wrapper.rows
    }
}

/// Lays out pieces of styled text row by row for ``Swift/Array/wrapped(width:indent:)``.
private struct SpanWrapper {
    let width: Int
    let indent: Int
    private(set) var rows: [StyledLine] = [[]]
    private var column = 0
    private var rowStart = 0

    init(width: Int, indent: Int) {
        self.width = width
        self.indent = indent
    }

    /// Places one word with its trailing spaces, moving it to a new row when it does not fit.
    mutating func place(_ piece: Substring, role: Role) {
        var rest = piece
        if column > rowStart, column + DisplayWidth.of(rest.droppingTrailingSpaces) > width { newRow() }
        while column + DisplayWidth.of(rest.droppingTrailingSpaces) > width {
            var end = rest.startIndex
            var taken = 0
            while end < rest.endIndex, taken + DisplayWidth.drawable(rest[end]).1 <= width - column {
                taken += DisplayWidth.drawable(rest[end]).1
                end = rest.index(after: end)
            }
            if end == rest.startIndex { end = rest.index(after: end) }
            append(rest[..<end], role: role)
            rest = rest[end...]
            newRow()
        }
        append(rest, role: role)
    }

    private mutating func append(_ text: Substring, role: Role) {
        guard !text.isEmpty else { return }
        column += DisplayWidth.of(text)
        if let last = rows[rows.count - 1].last, last.role == role {
            rows[rows.count - 1][rows[rows.count - 1].count - 1].text += text
        } else {
            rows[rows.count - 1].append(StyledSpan(String(text), role))
        }
    }

    private mutating func newRow() {
        rows.append([StyledSpan(String(repeating: " ", count: indent), .text)])
        column = indent
        rowStart = indent
    }
}

extension StringProtocol {
    /// The text cut after each run of spaces: `"a b  c"` → `["a ", "b  ", "c"]`.
    func wrapPieces() -> [Substring] {
        var pieces: [Substring] = []
        let text = Substring(self)
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == " ", next == text.endIndex || text[next] != " " {
                pieces.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        return pieces
    }

    /// The text without its trailing spaces.
    var droppingTrailingSpaces: SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[startIndex..<end]
    }
}

import Testing

@testable import TikTokOfflineUI

@Suite("widgets and wide characters")
struct WidgetTests {
    @Test("display widths: ASCII, accented, CJK, emoji, combining marks, controls")
    func widths() {
        #expect(DisplayWidth.of(Character("A")) == 1)
        #expect(DisplayWidth.of(Character("é")) == 1)
        #expect(DisplayWidth.of(Character("e\u{301}")) == 1)
        #expect(DisplayWidth.of(Character("日")) == 2)
        #expect(DisplayWidth.of(Character("😀")) == 2)
        #expect(DisplayWidth.of(Character("❤\u{FE0F}")) == 2)
        #expect(DisplayWidth.of(Character("👩‍👩‍👧")) == 2)
        #expect(DisplayWidth.of(Character("\u{7}")) == -1)
        #expect(DisplayWidth.of("日本 ok") == 7)
    }

    @Test("wide characters take two cells and keep the following columns aligned")
    func alignment() {
        var buffer = CellBuffer(width: 12, height: 3)
        buffer.write("日本語|", x: 0, y: 0, role: .text)
        buffer.write("😀e\u{301}x|", x: 0, y: 1, role: .text)
        buffer.write("abcdef|", x: 0, y: 2, role: .text)
        #expect(buffer.lines == ["日本語|     ", "😀e\u{301}x|       ", "abcdef|     "])
        #expect(buffer[6, 0].text == "|")
        #expect(buffer[4, 1].text == "|")
        #expect(buffer[1, 0].width == 0)
    }

    @Test("a wide character that does not fit is replaced by a space; controls are drawn as ·")
    func clipping() {
        var buffer = CellBuffer(width: 5, height: 2)
        let used = buffer.write("ab日本", x: 0, y: 0, role: .text, limit: 3)
        #expect(used == 3)
        #expect(buffer.lines[0] == "ab   ")
        buffer.write("a\u{7}b", x: 0, y: 1, role: .text)
        #expect(buffer.lines[1] == "a·b  ")
    }

    @Test("long lines wrap at spaces with a hanging indent; a word wider than a row is cut")
    func wrapping() {
        let line = [StyledSpan("⚠ warning", .statusWarning), StyledSpan(" timestamp: event is 621 days old", .text)]
        let rows = line.wrapped(width: 16, indent: 4)
        #expect(rows.map { $0.map(\.text).joined() } == ["⚠ warning ", "    timestamp: ", "    event is 621 ", "    days old"])
        #expect(rows[0] == [StyledSpan("⚠ warning", .statusWarning), StyledSpan(" ", .text)])
        let hash = [StyledSpan("id 5c90285452dff6c6cfa9", .text)].wrapped(width: 10, indent: 2)
        #expect(hash.map { $0.map(\.text).joined() } == ["id ", "  5c902854", "  52dff6c6", "  cfa9"])
        let wide = [StyledSpan("日本語日本語", .text)].wrapped(width: 5, indent: 0)
        #expect(wide.map { $0.map(\.text).joined() } == ["日本", "語日", "本語"])
        #expect([StyledSpan("short", .text)].wrapped(width: 16, indent: 4) == [[StyledSpan("short", .text)]])
    }

    @Test("the sample editor keeps columns aligned with CJK, emoji and combining characters")
    func editorWithWideText() {
        var editor = TextEditor("{\"name\": \"日本の店\", \"e\": \"😀\", \"c\": \"e\u{301}\"}")
        editor.moveTo(line: 0, column: 10)
        var buffer = CellBuffer(width: 50, height: 1)
        editor.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 50, height: 1), showCursor: true, highlight: nil)
        #expect(buffer.lines[0].hasPrefix("1 {\"name\": \"日本の店\", \"e\": \"😀\", \"c\": \"e\u{301}\"}"))
        #expect(buffer[12, 0].text == "日")
        #expect(buffer[12, 0].role == .editorCursor)
        #expect(buffer[20, 0].text == "\"")
        #expect(buffer[29, 0].text == "😀")
        #expect(buffer[30, 0].width == 0)
        #expect(buffer[31, 0].text == "\"")
        #expect(buffer[40, 0].text == "e\u{301}")
        #expect(buffer[41, 0].text == "\"")
    }

    @Test("editing: insert, newline, backspace joining lines, delete, CRLF paste")
    func editing() {
        var editor = TextEditor("ab")
        _ = editor.handle(.end, pageHeight: 10)
        _ = editor.handle(.enter, pageHeight: 10)
        editor.insert("c\r\nd")
        #expect(editor.lines == ["ab", "c", "d"])
        _ = editor.handle(.home, pageHeight: 10)
        _ = editor.handle(.backspace, pageHeight: 10)
        #expect(editor.lines == ["ab", "cd"])
        _ = editor.handle(.up, pageHeight: 10)
        _ = editor.handle(.end, pageHeight: 10)
        _ = editor.handle(.delete, pageHeight: 10)
        #expect(editor.lines == ["abcd"])
        editor.insert("\tx")
        #expect(editor.text == "ab  xcd")
    }

    @Test("a text field scrolls to keep the cursor visible")
    func textField() {
        var field = TextField("7301234567890123456")
        #expect(field.handle(.backspace) == true)
        var buffer = CellBuffer(width: 10, height: 1)
        field.draw(into: &buffer, x: 0, y: 0, width: 10, role: .text, showCursor: true)
        #expect(buffer.lines[0] == "…89012345 ")
        #expect(buffer[9, 0].role == .editorCursor)
        field.insert("a\nb")
        #expect(field.text == "730123456789012345a b")
    }

    @Test("pretty preview JSON marks hashes")
    func previewJSON() {
        var lines: [StyledLine] = []
        PreviewRenderer.json(["a": ["848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f"], "b": 1, "c": [:]], into: &lines)
        let text = lines.map { $0.map(\.text).joined() }
        #expect(
            text == [
                "{", "  \"a\": [", "    \"848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f\" ‹#›", "  ],", "  \"b\": 1,",
                "  \"c\": {}",
                "}",
            ])
        #expect(lines[2][1].role == .previewHash)
    }
}

/// The byte and text helpers the core shares: ASCII digits and spaces, and trimming.
/// Whether `byte` is an ASCII digit.
@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

extension Character {
    /// Whether the character is one of the ASCII digits 0–9.
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Whether `byte` is a space, a tab, a line feed or a carriage return.
@inline(__always) func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (itself when there are none).
    func trimmingASCIISpaces() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last, isASCIISpace(first) || isASCIISpace(last) else { return self }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isASCIISpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isASCIISpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(self[start..<end])
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The indices of the buffer without leading and trailing spaces, tabs and newlines: the
    /// byte form of `String.trimmingASCIISpaces()`.
    func trimmingASCIISpaces() -> Range<Int> {
        var start = 0
        var end = count
        while start < end, isASCIISpace(self[start]) { start += 1 }
        while end > start, isASCIISpace(self[end - 1]) { end -= 1 }
        return start..<end
    }

    /// The indices of the buffer without leading and trailing ASCII whitespace and no-break spaces.
    func trimmingWhitespace() -> Range<Int> {
        var start = 0
        var end = count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        while start < end {
            if isSpace(self[start]) {
                start += 1
            } else if self[start] == 0xC2, start + 1 < end, self[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if isSpace(self[end - 1]) {
                end -= 1
            } else if end - 2 >= start, self[end - 2] == 0xC2, self[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        return start..<end
    }
}

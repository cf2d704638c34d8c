/// The byte and text helpers the core shares: ASCII digits, letters and spaces, case, trimming.
/// Whether `byte` is an ASCII digit.
@inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

/// Whether `byte` is an ASCII letter, small or capital.
@inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }

/// `byte` lower-cased when it is an ASCII capital letter, else `byte` itself.
@inline(__always) func lowercasedASCII(_ byte: UInt8) -> UInt8 { byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte }

extension Character {
    /// Whether the character is one of the ASCII digits 0–9.
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Whether `byte` is a space, a tab, a line feed or a carriage return.
@inline(__always) func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (itself when there are none).
    package func trimmingASCIISpaces() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last, isASCIISpace(first) || isASCIISpace(last) else { return self }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isASCIISpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isASCIISpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(self[start..<end])
    }

    /// The string lower-cased, as `lowercased()` gives it; ASCII text is mapped byte by byte (and
    /// returned as it is when it has no capital), without Unicode's tables.
    func lowercasedASCIIFirst() -> String {
        mappingASCIICase(from: UInt8(ascii: "A")...UInt8(ascii: "Z"), by: 32) ?? lowercased()
    }

    /// The string upper-cased, as `uppercased()` gives it; ASCII text is mapped byte by byte (and
    /// returned as it is when it has no small letter), without Unicode's tables.
    package func uppercasedASCIIFirst() -> String {
        mappingASCIICase(from: UInt8(ascii: "a")...UInt8(ascii: "z"), by: -32) ?? uppercased()
    }

    /// The ASCII string with the letters in `letters` moved by `offset`; nil when the string is
    /// not all ASCII.
    private func mappingASCIICase(from letters: ClosedRange<UInt8>, by offset: Int8) -> String? {
        var source = self
        return source.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.contains(where: letters.contains) else { return self }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                for (position, byte) in bytes.enumerated() {
                    output[position] = letters.contains(byte) ? UInt8(bitPattern: Int8(bitPattern: byte) &+ offset) : byte
                }
                return bytes.count
            }
        }
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

    /// The offset of the first byte a JSON string must escape (a quote, a backslash or a control
    /// character), or `count` when there is none; eight bytes are checked at a time.
    func firstByteToEscape() -> Int {
        guard let base = baseAddress else { return 0 }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroInQuote = (quote &- ones) & ~quote
            let zeroInBackslash = (backslash &- ones) & ~backslash
            let control = (word &- ones &* 0x20) & ~word
            let flagged = (zeroInQuote | zeroInBackslash | control) & highBits
            if flagged != 0 { return offset + flagged.littleEndian.trailingZeroBitCount / 8 }
            offset += 8
        }
        while offset < count, self[offset] >= 0x20, self[offset] != UInt8(ascii: "\""), self[offset] != UInt8(ascii: "\\") {
            offset += 1
        }
        return offset
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

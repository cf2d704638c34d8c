/// A syntax error in a JSON text, with the byte offset and line:column where it was found.
package struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words.
    package var message: String
    /// The byte offset of the offending input.
    package var offset: Int
    /// The line and column of the offending input.
    package var position: TextPosition

    /// `line L, column C: message`.
    package var description: String { "line \(position.line), column \(position.column): \(message)" }
}

/// The RFC 8259 parser behind ``JSONDocument``: one pass over UTF-8 bytes into a node tape.
///
/// It is iterative (an explicit stack, never recursion), so hostile nesting fails with an error
/// at ``maxDepth`` instead of overflowing the call stack.
package struct JSONParser {
    /// The nesting depth beyond which a document is refused.
    package static let defaultMaxDepth = 512

    private let bytes: [UInt8]
    private let maxDepth: Int

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func parse() throws(JSONSyntaxError) -> [JSONDocument.Node] {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONSyntaxError(message: "document larger than 4 GiB", offset: 0, position: TextPosition(line: 1, column: 1))
        }
        let failure: Failure
        do throws(Failure) {
            return try parse(tapeCapacity: min(bytes.count + 2, bytes.count / 4 + 16))
        } catch let first where first.tapeIsFull {
            do throws(Failure) {
                return try parse(tapeCapacity: bytes.count + 2)
            } catch {
                failure = error
            }
        } catch {
            failure = error
        }
        throw JSONSyntaxError(message: failure.message, offset: failure.offset, position: TextPosition(of: failure.offset, in: bytes))
    }

    /// Parses into a tape of at most `tapeCapacity` nodes, failing with ``Failure/tapeIsFull``
    /// when the document has more. Every node starts at its own byte, so `bytes.count + 2` always
    /// suffices; the first try guesses a quarter of that, which fits typical JSON.
    private func parse(tapeCapacity: Int) throws(Failure) -> [JSONDocument.Node] {
        var failure: Failure?
        let nodes = [JSONDocument.Node](unsafeUninitializedCapacity: tapeCapacity) { tape, initializedCount in
            bytes.withUnsafeBufferPointer { input in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: maxDepth + 1) { stack in
                    var cursor = Cursor(input: input, tape: tape, stack: stack, maxDepth: maxDepth)
                    do throws(Failure) {
                        try cursor.parseDocument()
                    } catch {
                        failure = error
                    }
                    initializedCount = cursor.nodeCount
                }
            }
        }
        if let failure { throw failure }
        return nodes
    }

    struct Failure: Error {
        var message: String
        var offset: Int
        /// The tape ran out of room: not an error in the text, a reason to parse again with more.
        var tapeIsFull = false
    }

    /// The parser's position in the input, writing nodes straight into the tape's memory.
    private struct Cursor {
        let input: UnsafeBufferPointer<UInt8>
        let tape: UnsafeMutableBufferPointer<JSONDocument.Node>
        /// The tape index of each open container, innermost last.
        let stack: UnsafeMutableBufferPointer<Int32>
        let maxDepth: Int
        var index = 0
        var nodeCount = 0
        var depth = 0

        init(
            input: UnsafeBufferPointer<UInt8>, tape: UnsafeMutableBufferPointer<JSONDocument.Node>,
            stack: UnsafeMutableBufferPointer<Int32>, maxDepth: Int
        ) {
            self.input = input
            self.tape = tape
            self.stack = stack
            self.maxDepth = maxDepth
        }

        /// The innermost open container, or nil at the top level.
        var openContainer: Int? { depth > 0 ? Int(stack[depth - 1]) : nil }

        mutating func parseDocument() throws(Failure) {
            if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { index = 3 }
            skipWhitespace()
            var expectingValue = true
            while true {
                if expectingValue {
                    expectingValue = try parseValueStart()
                    continue
                }
                guard let container = openContainer else {
                    skipWhitespace()
                    if index < input.count {
                        throw fail("unexpected \(describe(index)) after the JSON value")
                    }
                    return
                }
                skipWhitespace()
                guard index < input.count else {
                    throw fail(
                        tape[container].kind == .array
                            ? "unexpected end of input: array is not closed with ']'" : "unexpected end of input: object is not closed with '}'")
                }
                let byte = input[index]
                let isArray = tape[container].kind == .array
                if byte == UInt8(ascii: ",") {
                    let comma = index
                    index += 1
                    skipWhitespace()
                    if isArray {
                        if index < input.count, input[index] == UInt8(ascii: "]") {
                            throw Failure(message: "trailing comma before ']'", offset: comma)
                        }
                    } else {
                        if index < input.count, input[index] == UInt8(ascii: "}") {
                            throw Failure(message: "trailing comma before '}'", offset: comma)
                        }
                        try parseMemberKey()
                    }
                    expectingValue = true
                } else if byte == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    index += 1
                    close(container)
                } else {
                    throw fail("expected ',' or '\(isArray ? "]" : "}")' but found \(describe(index))")
                }
            }
        }

        /// Parses the value starting at `index`; returns whether another value is expected next.
        @inline(__always)
        mutating func parseValueStart() throws(Failure) -> Bool {
            guard index < input.count else { throw fail("unexpected end of input, expected a value") }
            switch input[index] {
            case UInt8(ascii: "{"):
                try open(.object)
                skipWhitespace()
                if index < input.count, input[index] == UInt8(ascii: "}") {
                    index += 1
                    close(Int(stack[depth - 1]))
                    return false
                }
                try parseMemberKey()
                return true
            case UInt8(ascii: "["):
                try open(.array)
                skipWhitespace()
                if index < input.count, input[index] == UInt8(ascii: "]") {
                    index += 1
                    close(Int(stack[depth - 1]))
                    return false
                }
                return true
            case UInt8(ascii: "\""):
                try parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try parseNumber()
            case UInt8(ascii: "t"):
                try parseLiteral("true", kind: .bool, value: true)
            case UInt8(ascii: "f"):
                try parseLiteral("false", kind: .bool, value: false)
            case UInt8(ascii: "n"):
                try parseLiteral("null", kind: .null, value: false)
            default:
                throw fail("unexpected \(describe(index)), expected a value")
            }
            return false
        }

        @inline(__always)
        mutating func parseMemberKey() throws(Failure) {
            guard index < input.count else { throw fail("unexpected end of input, expected an object key") }
            guard input[index] == UInt8(ascii: "\"") else {
                throw fail("expected a string key in double quotes but found \(describe(index))")
            }
            try parseString()
            skipWhitespace()
            guard index < input.count else { throw fail("unexpected end of input, expected ':'") }
            guard input[index] == UInt8(ascii: ":") else { throw fail("expected ':' after the object key but found \(describe(index))") }
            index += 1
            skipWhitespace()
        }

        mutating func open(_ kind: JSONDocument.Kind) throws(Failure) {
            guard depth < maxDepth else {
                throw fail("nesting deeper than \(maxDepth) levels")
            }
            stack[depth] = Int32(nodeCount)
            depth += 1
            try append(JSONDocument.Node(kind: kind, flag: false, start: UInt32(index), length: 0, end: 0))
            index += 1
        }

        mutating func close(_ container: Int) {
            depth -= 1
            tape[container].length = UInt32(index) - tape[container].start
            tape[container].end = UInt32(nodeCount)
        }

        @inline(__always)
        mutating func appendLeaf(_ kind: JSONDocument.Kind, flag: Bool, start: Int, length: Int) throws(Failure) {
            // The input is under 4 GiB (checked before parsing), so every offset fits.
            try append(
                JSONDocument.Node(
                    kind: kind, flag: flag, start: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: length),
                    end: UInt32(truncatingIfNeeded: nodeCount &+ 1)))
        }

        @inline(__always)
        mutating func append(_ node: JSONDocument.Node) throws(Failure) {
            guard nodeCount < tape.count else { throw Failure(message: "", offset: index, tapeIsFull: true) }
            (tape.baseAddress! + nodeCount).initialize(to: node)
            nodeCount += 1
        }

        mutating func parseLiteral(_ word: StaticString, kind: JSONDocument.Kind, value: Bool) throws(Failure) {
            let start = index
            let length = word.utf8CodeUnitCount
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
            for offset in 0..<length {
                guard start + offset < input.count, input[start + offset] == expected[offset] else {
                    index = start
                    throw fail("unexpected \(describe(start)), expected a value (did you mean \(word)?)")
                }
            }
            index += length
            try appendLeaf(kind, flag: value, start: start, length: length)
        }

        mutating func parseNumber() throws(Failure) {
            let start = index
            var isInteger = true
            if input[index] == UInt8(ascii: "-") { index += 1 }
            guard index < input.count, isDigit(input[index]) else {
                throw fail("a number needs a digit after '-'")
            }
            if input[index] == UInt8(ascii: "0") {
                index += 1
                if index < input.count, isDigit(input[index]) {
                    throw fail("leading zeros are not allowed in numbers")
                }
            } else {
                while index < input.count, isDigit(input[index]) { index += 1 }
            }
            if index < input.count, input[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard index < input.count, isDigit(input[index]) else { throw fail("a number needs a digit after '.'") }
                while index < input.count, isDigit(input[index]) { index += 1 }
            }
            if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
                isInteger = false
                index += 1
                if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") { index += 1 }
                guard index < input.count, isDigit(input[index]) else { throw fail("a number needs a digit in its exponent") }
                while index < input.count, isDigit(input[index]) { index += 1 }
            }
            try appendLeaf(.number, flag: isInteger, start: start, length: index - start)
        }

        @inline(__always)
        mutating func parseString() throws(Failure) {
            let quote = index
            index += 1
            let start = index
            var hasEscapes = false
            while true {
                skipPlainASCII()
                guard index < input.count else {
                    index = quote
                    throw fail("unterminated string")
                }
                let byte = input[index]
                if byte == UInt8(ascii: "\"") {
                    break
                } else if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    try parseEscape()
                } else if byte < 0x20 {
                    throw fail("control character U+\(hex4(UInt32(byte))) must be escaped in a string")
                } else if byte < 0x80 {
                    index += 1
                } else {
                    try validateUTF8Sequence()
                }
            }
            try appendLeaf(.string, flag: hasEscapes, start: start, length: index - start)
            index += 1
        }

        /// Moves past string bytes that need no attention (printable ASCII other than `"` and
        /// `\\`), eight at a time.
        @inline(__always)
        mutating func skipPlainASCII() {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let base = UnsafeRawPointer(input.baseAddress!)
            while index + 8 <= input.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let zeroInQuote = (quote &- ones) & ~quote
                let zeroInBackslash = (backslash &- ones) & ~backslash
                let control = (word &- ones &* 0x20) & ~word
                let attention = (word | zeroInQuote | zeroInBackslash | control) & highBits
                if attention != 0 {
                    index += attention.littleEndian.trailingZeroBitCount / 8
                    return
                }
                index += 8
            }
        }

        mutating func parseEscape() throws(Failure) {
            let escapeStart = index
            index += 1
            guard index < input.count else { throw fail("unterminated escape sequence") }
            switch input[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 1
            case UInt8(ascii: "u"):
                index += 1
                let unit = try readHex4()
                if (0xDC00...0xDFFF).contains(unit) {
                    index = escapeStart
                    throw fail("lone low surrogate \\u\(hex4(unit)) in string")
                }
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 1 < input.count, input[index] == UInt8(ascii: "\\"), input[index + 1] == UInt8(ascii: "u") else {
                        index = escapeStart
                        throw fail("lone high surrogate \\u\(hex4(unit)) in string (no low surrogate follows)")
                    }
                    index += 2
                    let low = try readHex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        index = escapeStart
                        throw fail("high surrogate \\u\(hex4(unit)) is followed by \\u\(hex4(low)), not a low surrogate")
                    }
                }
            default:
                throw fail("invalid escape \\\(describeBare(index)) in string")
            }
        }

        mutating func readHex4() throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < input.count, let digit = hexValue(input[index]) else {
                    throw fail("\\u escape needs four hex digits")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func validateUTF8Sequence() throws(Failure) {
            guard let length = utf8SequenceLength(at: index) else {
                throw fail("invalid UTF-8 (byte 0x\(hex2(input[index])))")
            }
            index += length
        }

        /// The length of the well-formed UTF-8 sequence at `offset`, or nil (Unicode Table 3-7).
        func utf8SequenceLength(at offset: Int) -> Int? {
            let lead = input[offset]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return nil
            }
            guard offset + length <= input.count else { return nil }
            let second = input[offset + 1]
            guard second >= low, second <= high else { return nil }
            for continuation in 2..<length where input[offset + continuation] & 0xC0 != 0x80 {
                return nil
            }
            return length
        }

        @inline(__always)
        mutating func skipWhitespace() {
            while index < input.count {
                switch input[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        func fail(_ message: String) -> Failure {
            Failure(message: message, offset: index)
        }

        /// Names the input at `offset` for an error message: a quoted character or a byte.
        func describe(_ offset: Int) -> String {
            guard offset < input.count else { return "end of input" }
            return "'\(describeBare(offset))'"
        }

        func describeBare(_ offset: Int) -> String {
            let byte = input[offset]
            if byte >= 0x20, byte < 0x7F { return String(UnicodeScalar(byte)) }
            if byte < 0x80 { return "U+\(hex4(UInt32(byte)))" }
            guard let length = utf8SequenceLength(at: offset) else { return "byte 0x\(hex2(byte)) (invalid UTF-8)" }
            return String(decoding: UnsafeBufferPointer(rebasing: input[offset..<offset + length]), as: UTF8.self)
        }
    }
}

@inline(__always) func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

func hex4(_ value: UInt32) -> String {
    hex2(UInt8(value >> 8 & 0xFF)) + hex2(UInt8(value & 0xFF))
}

/// Decodes the escapes of a validated JSON string body.
enum JSONStringUnescaper {
    static func unescape(_ body: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escaped = body[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = readHex4(body, &index)
                if (0xD800...0xDBFF).contains(scalar) {
                    index += 2
                    let low = readHex4(body, &index)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(scalar, to: &output)
            default: output.append(escaped)
            }
        }
    }

    private static func readHex4(_ body: ArraySlice<UInt8>, _ index: inout Int) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            value = value << 4 | (hexValue(body[index]) ?? 0)
            index += 1
        }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

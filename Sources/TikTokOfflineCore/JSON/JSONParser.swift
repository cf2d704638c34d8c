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
        var spare: [JSONDocument.Node] = []
        return try parse(reusing: &spare)
    }

    /// Parses into `spare`'s memory when it has room for the first try (taking it, so that it is
    /// not shared while nodes are written), else into a new tape. A reused tape is as long as its
    /// capacity: the nodes past the document's are left over from earlier documents (or blank),
    /// and no index of this document reaches them.
    func parse(reusing spare: inout [JSONDocument.Node]) throws(JSONSyntaxError) -> [JSONDocument.Node] {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONSyntaxError(message: "document larger than 4 GiB", offset: 0, position: TextPosition(line: 1, column: 1))
        }
        guard !bytes.isEmpty else {
            throw JSONSyntaxError(message: "unexpected end of input, expected a value", offset: 0, position: TextPosition(line: 1, column: 1))
        }
        // The first try guesses a tape a quarter of the largest, which fits typical JSON, and a
        // stack small enough to live on the call stack; a document that needs more is parsed
        // again with room for any document (at most once for each).
        var tapeCapacity = min(bytes.count + 2, bytes.count / 4 + 16)
        var depthLimit = min(maxDepth, Self.depthOnCallStack)
        var failure = Failure(message: "", offset: 0)
        for _ in 0..<3 {
            do throws(Failure) {
                return try parse(tapeCapacity: tapeCapacity, depthLimit: depthLimit, reusing: &spare)
            } catch {
                failure = error
                guard error.tapeIsFull || error.stackIsFull else { break }
                if error.tapeIsFull { tapeCapacity = bytes.count + 2 }
                if error.stackIsFull { depthLimit = maxDepth }
            }
        }
        throw JSONSyntaxError(message: failure.message, offset: failure.offset, position: TextPosition(of: failure.offset, in: bytes))
    }

    /// The deepest nesting whose stack of container positions (4 bytes a level) fits the 1 KiB
    /// that `withUnsafeTemporaryAllocation` keeps on the call stack; a deeper stack would be a
    /// heap allocation on every parse.
    static let depthOnCallStack = 255

    /// Parses into `spare`'s tape when it has room for `tapeCapacity` nodes (handing it back when
    /// the parse fails, for the next try), else into a new tape of that size.
    private func parse(tapeCapacity: Int, depthLimit: Int, reusing spare: inout [JSONDocument.Node]) throws(Failure)
        -> [JSONDocument.Node]
    {
        guard spare.capacity >= tapeCapacity else { return try parse(tapeCapacity: tapeCapacity, depthLimit: depthLimit) }
        var nodes: [JSONDocument.Node] = []
        swap(&nodes, &spare)
        if nodes.count < nodes.capacity {
            // Once per tape: its length grows to its capacity, and stays there from then on.
            let filler = JSONDocument.Node(kind: .null, flag: false, start: 0, length: 0, end: 0)
            nodes.append(contentsOf: repeatElement(filler, count: nodes.capacity - nodes.count))
        }
        let outcome = nodes.withUnsafeMutableBufferPointer { tape in
            Result { () throws(Failure) in try run(on: tape, depthLimit: depthLimit) }
        }
        if case .failure(let failure) = outcome {
            swap(&nodes, &spare)
            throw failure
        }
        return nodes
    }

    /// Parses into a new tape of at most `tapeCapacity` nodes and a stack of `depthLimit` levels,
    /// failing with ``Failure/tapeIsFull`` or ``Failure/stackIsFull`` when the document needs
    /// more. Every node starts at its own byte, so `bytes.count + 2` nodes always suffice.
    private func parse(tapeCapacity: Int, depthLimit: Int) throws(Failure) -> [JSONDocument.Node] {
        var failure: Failure?
        let nodes = [JSONDocument.Node](unsafeUninitializedCapacity: tapeCapacity) { tape, initializedCount in
            initializedCount = 0
            do throws(Failure) {
                initializedCount = try run(on: tape, depthLimit: depthLimit)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return nodes
    }

    /// Parses the input into `tape` with a stack of `depthLimit` levels; the number of nodes.
    @inline(__always)
    private func run(on tape: UnsafeMutableBufferPointer<JSONDocument.Node>, depthLimit: Int) throws(Failure) -> Int {
        try bytes.withUnsafeBufferPointer { (input) throws(Failure) -> Int in
            try withUnsafeTemporaryAllocation(of: Int32.self, capacity: depthLimit + 1) { (stack) throws(Failure) -> Int in
                try Cursor(input: input, tape: tape, stack: stack, depthLimit: depthLimit, maxDepth: maxDepth).parseDocument()
            }
        }
    }

    struct Failure: Error {
        var message: String
        var offset: Int
        /// The tape ran out of room: not an error in the text, a reason to parse again with more.
        var tapeIsFull = false
        /// The stack ran out of levels below the depth limit: a reason to parse again with more.
        var stackIsFull = false
    }

    /// One pass over the input, writing nodes straight into the tape's memory.
    ///
    /// The position, the node count and the depth are locals of ``parseDocument()``, so the
    /// usual path keeps them in registers; the helpers take a position and return the next one.
    /// Rare cases (escapes, non-ASCII text, errors) are calls out of the loop.
    private struct Cursor {
        let input: UnsafeBufferPointer<UInt8>
        let tape: UnsafeMutableBufferPointer<JSONDocument.Node>
        /// The tape index of each open container, innermost last.
        let stack: UnsafeMutableBufferPointer<Int32>
        /// How many levels `stack` holds.
        let depthLimit: Int
        /// The depth past which a document is refused.
        let maxDepth: Int
        /// Where the tape's first node goes.
        let tapeStart: UnsafeMutablePointer<JSONDocument.Node>
        /// The input's first byte (the input is never empty).
        let text: UnsafeRawPointer

        init(
            input: UnsafeBufferPointer<UInt8>, tape: UnsafeMutableBufferPointer<JSONDocument.Node>,
            stack: UnsafeMutableBufferPointer<Int32>, depthLimit: Int, maxDepth: Int
        ) {
            self.input = input
            self.tape = tape
            self.stack = stack
            self.depthLimit = depthLimit
            self.maxDepth = maxDepth
            tapeStart = tape.baseAddress!
            text = UnsafeRawPointer(input.baseAddress!)
        }

        /// The failure for a container opening at `index` with the stack full: the document is too
        /// deep, or the stack was the small first try's.
        @inline(never)
        func tooDeep(at index: Int) -> Failure {
            guard depthLimit >= maxDepth else { return Failure(message: "", offset: 0, stackIsFull: true) }
            return Failure(message: "nesting deeper than \(maxDepth) levels", offset: index)
        }

        /// Parses the whole input and returns the number of nodes written.
        func parseDocument() throws(Failure) -> Int {
            let count = input.count
            var index = 0
            var nodeCount = 0
            var depth = 0
            var inArray = false
            if count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { index = 3 }
            index = skipWhitespace(from: index)
            var expectingValue = true
            while true {
                if expectingValue {
                    guard index < count else { throw Failure(message: "unexpected end of input, expected a value", offset: index) }
                    let byte = input[index]
                    expectingValue = false
                    switch byte {
                    case UInt8(ascii: "\""):
                        index = try appendString(openingAt: index, nodeCount: &nodeCount)
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        index = try appendNumber(at: index, nodeCount: &nodeCount)
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        guard depth < depthLimit else { throw tooDeep(at: index) }
                        let isArray = byte == UInt8(ascii: "[")
                        stack[depth] = Int32(truncatingIfNeeded: nodeCount)
                        depth += 1
                        try append(
                            JSONDocument.Node(
                                kind: isArray ? .array : .object, flag: false, start: UInt32(truncatingIfNeeded: index), length: 0, end: 0),
                            nodeCount: &nodeCount)
                        index = skipWhitespace(from: index &+ 1)
                        if index < count, input[index] == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                            index += 1
                            depth -= 1
                            close(Int(stack[depth]), endingBefore: index, nodeCount: nodeCount)
                        } else {
                            inArray = isArray
                            if !isArray { index = try appendMemberKey(at: index, nodeCount: &nodeCount) }
                            expectingValue = true
                        }
                    case UInt8(ascii: "t"):
                        index = try appendLiteral("true", kind: .bool, value: true, at: index, nodeCount: &nodeCount)
                    case UInt8(ascii: "f"):
                        index = try appendLiteral("false", kind: .bool, value: false, at: index, nodeCount: &nodeCount)
                    case UInt8(ascii: "n"):
                        index = try appendLiteral("null", kind: .null, value: false, at: index, nodeCount: &nodeCount)
                    default:
                        throw Failure(message: "unexpected \(describe(index)), expected a value", offset: index)
                    }
                    continue
                }
                guard depth > 0 else {
                    index = skipWhitespace(from: index)
                    if index < count {
                        throw Failure(message: "unexpected \(describe(index)) after the JSON value", offset: index)
                    }
                    return nodeCount
                }
                index = skipWhitespace(from: index)
                guard index < count else {
                    throw Failure(
                        message: inArray
                            ? "unexpected end of input: array is not closed with ']'" : "unexpected end of input: object is not closed with '}'",
                        offset: index)
                }
                let byte = input[index]
                if byte == UInt8(ascii: ",") {
                    let comma = index
                    index = skipWhitespace(from: index &+ 1)
                    if inArray {
                        if index < count, input[index] == UInt8(ascii: "]") {
                            throw Failure(message: "trailing comma before ']'", offset: comma)
                        }
                    } else {
                        if index < count, input[index] == UInt8(ascii: "}") {
                            throw Failure(message: "trailing comma before '}'", offset: comma)
                        }
                        index = try appendMemberKey(at: index, nodeCount: &nodeCount)
                    }
                    expectingValue = true
                } else if byte == (inArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    index += 1
                    depth -= 1
                    close(Int(stack[depth]), endingBefore: index, nodeCount: nodeCount)
                    if depth > 0 { inArray = tape[Int(stack[depth - 1])].kind == .array }
                } else {
                    throw Failure(message: "expected ',' or '\(inArray ? "]" : "}")' but found \(describe(index))", offset: index)
                }
            }
        }

        /// Reads an object member's key at `index` and the `:` after it; returns the position of
        /// the member's value. Written into the loop at both of its places, so that a key costs
        /// no call.
        @inline(__always)
        func appendMemberKey(at index: Int, nodeCount: inout Int) throws(Failure) -> Int {
            guard index < input.count, input[index] == UInt8(ascii: "\"") else { throw keyFailure(at: index) }
            let colon = try appendString(openingAt: index, nodeCount: &nodeCount)
            if colon < input.count, input[colon] == UInt8(ascii: ":") { return skipWhitespace(from: colon &+ 1) }
            return try valueAfterSpacedColon(from: colon)
        }

        /// The failure for an object key expected at `index`.
        @inline(never)
        func keyFailure(at index: Int) -> Failure {
            guard index < input.count else { return Failure(message: "unexpected end of input, expected an object key", offset: index) }
            return Failure(message: "expected a string key in double quotes but found \(describe(index))", offset: index)
        }

        /// Finds the `:` after a key when whitespace comes first; returns the position of the
        /// member's value.
        @inline(never)
        func valueAfterSpacedColon(from start: Int) throws(Failure) -> Int {
            let colon = skipWhitespace(from: start)
            guard colon < input.count else { throw Failure(message: "unexpected end of input, expected ':'", offset: colon) }
            guard input[colon] == UInt8(ascii: ":") else {
                throw Failure(message: "expected ':' after the object key but found \(describe(colon))", offset: colon)
            }
            return skipWhitespace(from: colon &+ 1)
        }

        /// Records where the container at tape index `container` ends: its closing byte is just
        /// before `index`, and its subtree just before `nodeCount`.
        @inline(__always)
        func close(_ container: Int, endingBefore index: Int, nodeCount: Int) {
            tape[container].length = UInt32(truncatingIfNeeded: index) &- tape[container].start
            tape[container].end = UInt32(truncatingIfNeeded: nodeCount)
        }

        @inline(__always)
        func appendLeaf(_ kind: JSONDocument.Kind, flag: Bool, start: Int, length: Int, nodeCount: inout Int) throws(Failure) {
            // The input is under 4 GiB (checked before parsing), so every offset fits.
            try append(
                JSONDocument.Node(
                    kind: kind, flag: flag, start: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: length),
                    end: UInt32(truncatingIfNeeded: nodeCount &+ 1)),
                nodeCount: &nodeCount)
        }

        @inline(__always)
        func append(_ node: JSONDocument.Node, nodeCount: inout Int) throws(Failure) {
            guard nodeCount < tape.count else { throw Failure(message: "", offset: 0, tapeIsFull: true) }
            (tapeStart + nodeCount).initialize(to: node)
            nodeCount &+= 1
        }

        func appendLiteral(
            _ word: StaticString, kind: JSONDocument.Kind, value: Bool, at start: Int, nodeCount: inout Int
        ) throws(Failure) -> Int {
            let length = word.utf8CodeUnitCount
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
            for offset in 0..<length {
                guard start + offset < input.count, input[start + offset] == expected[offset] else {
                    throw Failure(message: "unexpected \(describe(start)), expected a value (did you mean \(word)?)", offset: start)
                }
            }
            try appendLeaf(kind, flag: value, start: start, length: length, nodeCount: &nodeCount)
            return start + length
        }

        /// Reads the number at `start`; returns the position after it.
        @inline(__always)
        func appendNumber(at start: Int, nodeCount: inout Int) throws(Failure) -> Int {
            var index = start
            var isInteger = true
            if input[index] == UInt8(ascii: "-") { index &+= 1 }
            guard index < input.count, isDigit(input[index]) else {
                throw Failure(message: "a number needs a digit after '-'", offset: index)
            }
            if input[index] == UInt8(ascii: "0") {
                index &+= 1
                if index < input.count, isDigit(input[index]) {
                    throw Failure(message: "leading zeros are not allowed in numbers", offset: index)
                }
            } else {
                index = skipDigits(from: index)
            }
            if index < input.count, input[index] == UInt8(ascii: ".") || input[index] | 0x20 == UInt8(ascii: "e") {
                (index, isInteger) = try readFractionAndExponent(at: index)
            }
            try appendLeaf(.number, flag: isInteger, start: start, length: index &- start, nodeCount: &nodeCount)
            return index
        }

        @inline(__always)
        func skipDigits(from start: Int) -> Int {
            var index = start
            while index < input.count, isDigit(input[index]) { index &+= 1 }
            return index
        }

        /// Reads a number's fraction and exponent, whichever are present, at `start`; returns the
        /// position after them and whether the number is still an integer literal (never).
        func readFractionAndExponent(at start: Int) throws(Failure) -> (Int, Bool) {
            var index = start
            if input[index] == UInt8(ascii: ".") {
                index += 1
                guard index < input.count, isDigit(input[index]) else { throw Failure(message: "a number needs a digit after '.'", offset: index) }
                index = skipDigits(from: index)
            }
            if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") { index += 1 }
                guard index < input.count, isDigit(input[index]) else {
                    throw Failure(message: "a number needs a digit in its exponent", offset: index)
                }
                index = skipDigits(from: index)
            }
            return (index, false)
        }

        /// Reads the string whose opening quote is at `quote`; returns the position after its
        /// closing quote.
        @inline(__always)
        func appendString(openingAt quote: Int, nodeCount: inout Int) throws(Failure) -> Int {
            let start = quote &+ 1
            var index = skipPlainASCII(from: start)
            var hasEscapes = false
            if index >= input.count || input[index] != UInt8(ascii: "\"") {
                (index, hasEscapes) = try finishString(openingAt: quote, from: index)
            }
            try appendLeaf(.string, flag: hasEscapes, start: start, length: index &- start, nodeCount: &nodeCount)
            return index &+ 1
        }

        /// Reads the rest of a string that needs attention at `resume` (an escape, non-ASCII text,
        /// a control character or the end of input); returns the position of the closing quote
        /// and whether the string has escapes.
        func finishString(openingAt quote: Int, from resume: Int) throws(Failure) -> (Int, Bool) {
            var index = resume
            var hasEscapes = false
            while true {
                guard index < input.count else { throw Failure(message: "unterminated string", offset: quote) }
                let byte = input[index]
                if byte == UInt8(ascii: "\"") {
                    return (index, hasEscapes)
                } else if byte == UInt8(ascii: "\\") {
                    hasEscapes = true
                    index = try skipEscape(at: index)
                } else if byte < 0x20 {
                    throw Failure(message: "control character U+\(hex4(UInt32(byte))) must be escaped in a string", offset: index)
                } else if byte < 0x80 {
                    index += 1
                } else {
                    guard let length = utf8SequenceLength(at: index) else {
                        throw Failure(message: "invalid UTF-8 (byte 0x\(hex2(input[index])))", offset: index)
                    }
                    index += length
                }
                index = skipPlainASCII(from: index)
            }
        }

        /// Returns the first position from `start` on that holds a string byte needing attention
        /// (anything but printable ASCII other than `"` and `\\`), reading eight bytes at a time.
        @inline(__always)
        func skipPlainASCII(from start: Int) -> Int {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            var index = start
            while index &+ 8 <= input.count {
                let word = text.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let zeroInQuote = (quote &- ones) & ~quote
                let zeroInBackslash = (backslash &- ones) & ~backslash
                let control = (word &- ones &* 0x20) & ~word
                let attention = (word | zeroInQuote | zeroInBackslash | control) & highBits
                if attention != 0 {
                    return index &+ attention.littleEndian.trailingZeroBitCount / 8
                }
                index &+= 8
            }
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return index }
                index &+= 1
            }
            return index
        }

        /// Checks the escape at `escapeStart` (a backslash); returns the position after it.
        func skipEscape(at escapeStart: Int) throws(Failure) -> Int {
            var index = escapeStart + 1
            guard index < input.count else { throw Failure(message: "unterminated escape sequence", offset: index) }
            switch input[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                return index + 1
            case UInt8(ascii: "u"):
                let unit = try readHex4(at: index + 1)
                index += 5
                if (0xDC00...0xDFFF).contains(unit) {
                    throw Failure(message: "lone low surrogate \\u\(hex4(unit)) in string", offset: escapeStart)
                }
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 1 < input.count, input[index] == UInt8(ascii: "\\"), input[index + 1] == UInt8(ascii: "u") else {
                        throw Failure(message: "lone high surrogate \\u\(hex4(unit)) in string (no low surrogate follows)", offset: escapeStart)
                    }
                    let low = try readHex4(at: index + 2)
                    index += 6
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw Failure(
                            message: "high surrogate \\u\(hex4(unit)) is followed by \\u\(hex4(low)), not a low surrogate", offset: escapeStart)
                    }
                }
                return index
            default:
                throw Failure(message: "invalid escape \\\(describeBare(index)) in string", offset: index)
            }
        }

        func readHex4(at start: Int) throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for index in start..<start + 4 {
                guard index < input.count, let digit = hexValue(input[index]) else {
                    throw Failure(message: "\\u escape needs four hex digits", offset: index)
                }
                value = value << 4 | digit
            }
            return value
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

        /// The first position from `start` on that is not JSON whitespace.
        @inline(__always)
        func skipWhitespace(from start: Int) -> Int {
            var index = start
            while index < input.count {
                switch input[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index &+= 1
                default: return index
                }
            }
            return index
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

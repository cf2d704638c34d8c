#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed JSON text kept as its UTF-8 bytes plus a flat "tape" of nodes.
///
/// Parsing allocates one array of fixed-size nodes instead of a tree of values, so reading a
/// 2 KB event costs one pass over its bytes. Strings and numbers are decoded only when asked for.
/// Nodes are addressed by ``JSONDocument/Index``; the root is ``root``.
package struct JSONDocument: Sendable {
    /// The position of one node in the tape.
    package typealias Index = Int

    /// The kind of JSON value a node holds.
    package enum Kind: UInt8, Sendable {
        case null, bool, number, string, array, object
    }

    struct Node: Sendable {
        var kind: Kind
        /// For strings: the text has escapes. For bools: the value. For numbers: it is an integer literal.
        var flag: Bool
        /// Byte offset of the value (for strings, of the first byte after the opening quote).
        var start: UInt32
        /// Byte length of the value (for strings, of the content between the quotes).
        var length: UInt32
        /// The tape index just past this node's subtree.
        var end: UInt32
    }

    /// The UTF-8 text that was parsed.
    package let bytes: [UInt8]
    var nodes: [Node]

    /// The index of the top-level value.
    package var root: Index { 0 }

    /// Parses `bytes` as one JSON text (RFC 8259), rejecting anything the RFC rejects.
    package init(parsing bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONSyntaxError) {
        self.bytes = bytes
        self.nodes = try JSONParser(bytes: bytes, maxDepth: maxDepth).parse()
    }

    /// Parses `bytes` into the memory of `tape`, a tape taken from an earlier document
    /// (``takeTape()``) when it is large enough, so that the bulk transform allocates no tape per
    /// event; `tape` is left empty when its memory was used.
    init(parsing bytes: [UInt8], reusingTape tape: inout [Node], maxDepth: Int = JSONParser.defaultMaxDepth)
        throws(JSONSyntaxError)
    {
        self.bytes = bytes
        self.nodes = try JSONParser(bytes: bytes, maxDepth: maxDepth).parse(reusing: &tape)
    }

    /// Hands the document's tape over for a later parse to reuse, leaving the document empty:
    /// call it last, once nothing else holds a copy of the document.
    mutating func takeTape() -> [Node] {
        var tape: [Node] = []
        swap(&tape, &nodes)
        return tape
    }

    /// Parses the UTF-8 form of `text`.
    package init(parsing text: String) throws(JSONSyntaxError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// The kind of value at `index`.
    package func kind(_ index: Index) -> Kind { nodes[index].kind }

    /// The value of a boolean node, or nil for any other kind.
    package func bool(_ index: Index) -> Bool? {
        nodes[index].kind == .bool ? nodes[index].flag : nil
    }

    /// The kind of value at `index` in words, for messages: `null`, `a boolean`, `a number`,
    /// `a string`, `an array`, `an object`.
    package func kindDescription(_ index: Index) -> String {
        switch nodes[index].kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The byte offset where the value at `index` starts in ``bytes``.
    package func offset(_ index: Index) -> Int {
        let node = nodes[index]
        return node.kind == .string ? Int(node.start) - 1 : Int(node.start)
    }

    /// The line and column (both from 1) where the value at `index` starts.
    package func position(_ index: Index) -> TextPosition {
        TextPosition(of: offset(index), in: bytes)
    }

    /// The exact source bytes of the value at `index` (strings include their quotes).
    package func rawBytes(_ index: Index) -> ArraySlice<UInt8> {
        bytes[rawRange(index)]
    }

    /// Where ``rawBytes(_:)`` of the value at `index` lie in ``bytes``.
    package func rawRange(_ index: Index) -> Range<Int> {
        let node = nodes[index]
        let range = Int(node.start)..<Int(node.start + node.length)
        return node.kind == .string ? range.lowerBound - 1..<range.upperBound + 1 : range
    }

    // MARK: Strings

    /// The decoded text of a string node, or nil for any other kind.
    package func string(_ index: Index) -> String? {
        let node = nodes[index]
        guard node.kind == .string else { return nil }
        let range = Int(node.start)..<Int(node.start + node.length)
        if !node.flag {
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count)
        JSONStringUnescaper.unescape(bytes[range], into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// The byte range of a string node's content when it holds no escapes (so its bytes are its
    /// text), or nil.
    package func plainStringContent(_ index: Index) -> Range<Int>? {
        let node = nodes[index]
        guard node.kind == .string, !node.flag else { return nil }
        return Int(node.start)..<Int(node.start + node.length)
    }

    /// Whether the node at `index` is the empty string `""` (an escape always stands for at least
    /// one character, so only an empty body is empty).
    package func isEmptyString(_ index: Index) -> Bool {
        let node = nodes[index]
        return node.kind == .string && node.length == 0
    }

    /// Whether the string node at `index` is exactly `utf8` (compared without decoding when possible).
    package func stringEquals(_ index: Index, _ utf8: [UInt8]) -> Bool {
        let node = nodes[index]
        guard node.kind == .string else { return false }
        if node.flag { return string(index).map { Array($0.utf8) == utf8 } ?? false }
        guard Int(node.length) == utf8.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            utf8.withUnsafeBufferPointer { key in
                var offset = Int(node.start)
                for byte in key {
                    if buffer[offset] != byte { return false }
                    offset += 1
                }
                return true
            }
        }
    }

    // MARK: Numbers

    /// The literal text of a number node, or nil for any other kind.
    package func numberLiteral(_ index: Index) -> String? {
        let node = nodes[index]
        guard node.kind == .number else { return nil }
        return String(decoding: rawBytes(index), as: UTF8.self)
    }

    /// Whether a number node was written as an integer (no fraction, no exponent).
    package func isIntegerLiteral(_ index: Index) -> Bool {
        nodes[index].kind == .number && nodes[index].flag
    }

    /// The value of a number node as a Double (infinite when out of range), or nil for other kinds.
    package func double(_ index: Index) -> Double? {
        guard nodes[index].kind == .number else { return nil }
        let literal = rawRange(index)
        return bytes.withUnsafeBufferPointer { JSONNumberText.parseDouble(UnsafeBufferPointer(rebasing: $0[literal])) }
    }

    // MARK: Containers

    /// The number of elements of an array or members of an object.
    package func count(_ index: Index) -> Int {
        var total = 0
        forEachChild(index) { _ in total += 1 }
        return nodes[index].kind == .object ? total / 2 : total
    }

    /// The indices of an array's elements, in order (empty for other kinds).
    package func elements(_ index: Index) -> [Index] {
        guard nodes[index].kind == .array else { return [] }
        var result: [Index] = []
        result.reserveCapacity(8)
        forEachChild(index) { result.append($0) }
        return result
    }

    /// The first element of the array at `index`, or nil when it is empty or not an array;
    /// with ``nextElement(after:in:)``, a walk over the elements that makes no array.
    package func firstElement(_ index: Index) -> Index? {
        guard nodes[index].kind == .array, index + 1 < Int(nodes[index].end) else { return nil }
        return index + 1
    }

    /// The element after `element` in the array at `index`, or nil after the last one.
    package func nextElement(after element: Index, in index: Index) -> Index? {
        let next = Int(nodes[element].end)
        return next < Int(nodes[index].end) ? next : nil
    }

    /// The element at position `position` of an array, or nil.
    package func element(_ index: Index, at position: Int) -> Index? {
        guard nodes[index].kind == .array, position >= 0 else { return nil }
        var child = index + 1
        let end = Int(nodes[index].end)
        var remaining = position
        while child < end {
            if remaining == 0 { return child }
            remaining -= 1
            child = Int(nodes[child].end)
        }
        return nil
    }

    /// The members of an object as (key index, value index) pairs, in document order.
    package func members(_ index: Index) -> [(key: Index, value: Index)] {
        guard nodes[index].kind == .object else { return [] }
        var result: [(key: Index, value: Index)] = []
        var child = index + 1
        let end = Int(nodes[index].end)
        while child < end {
            let value = child + 1
            result.append((child, value))
            child = Int(nodes[value].end)
        }
        return result
    }

    /// The value of the member named `key` (UTF-8 bytes); when a key repeats, the last one wins.
    package func member(_ index: Index, _ key: [UInt8]) -> Index? {
        key.withUnsafeBufferPointer { member(index, $0) }
    }

    /// The value of the member named by the UTF-8 bytes `wanted`; when a key repeats, the last one wins.
    package func member(_ index: Index, _ wanted: UnsafeBufferPointer<UInt8>) -> Index? {
        guard nodes[index].kind == .object else { return nil }
        return nodes.withUnsafeBufferPointer { nodes in
            bytes.withUnsafeBufferPointer { text in
                var found: Index?
                var child = index + 1
                let end = Int(nodes[index].end)
                while child < end {
                    let keyNode = nodes[child]
                    let value = child + 1
                    if Int(keyNode.length) == wanted.count {
                        if keyNode.flag {
                            if stringEquals(child, Array(wanted)) { found = value }
                        } else if wanted.isEmpty
                            || (text[Int(keyNode.start)] == wanted[0]
                                && memcmp(text.baseAddress! + Int(keyNode.start), wanted.baseAddress!, wanted.count) == 0)
                        {
                            found = value
                        }
                    } else if keyNode.flag, stringEquals(child, Array(wanted)) {
                        found = value
                    }
                    child = Int(nodes[value].end)
                }
                return found
            }
        }
    }

    /// The value of the member named `key`.
    package func member(_ index: Index, _ key: String) -> Index? {
        member(index, Array(key.utf8))
    }

    private func forEachChild(_ index: Index, _ body: (Index) -> Void) {
        let node = nodes[index]
        guard node.kind == .array || node.kind == .object else { return }
        var child = index + 1
        let end = Int(node.end)
        while child < end {
            body(child)
            child = Int(nodes[child].end)
        }
    }

    // MARK: Values

    /// The subtree at `index` as a ``JSONValue``.
    package func value(_ index: Index) -> JSONValue {
        let node = nodes[index]
        switch node.kind {
        case .null: return .null
        case .bool: return .bool(node.flag)
        case .number: return .number(JSONNumber(literal: numberLiteral(index)!))
        case .string: return .string(string(index)!)
        case .array: return .array(elements(index).map { value($0) })
        case .object:
            return .object(JSONObject(members(index).map { JSONObject.Member(key: string($0.key)!, value: value($0.value)) }))
        }
    }
}

/// A line and column in a text, both counted from 1; columns count Unicode scalars.
public struct TextPosition: Sendable, Equatable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode scalars.
    public var column: Int

    /// Creates a position from its line and column.
    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of byte `offset` in the UTF-8 text `bytes`.
    package init(of offset: Int, in bytes: [UInt8]) {
        var line = 1
        var column = 1
        var index = 0
        let limit = min(offset, bytes.count)
        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        self.init(line: line, column: column)
    }

    /// The position as `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// A builder of JSON text into a UTF-8 byte buffer, compact or pretty.
///
/// Strings are escaped per RFC 8259 (quote, backslash and control characters; everything else is
/// written as UTF-8); numbers are written in shortest round-trip form.
package struct JSONWriter: Sendable {
    /// The text written so far in its first ``count`` bytes, then room to write into: bytes are
    /// copied straight into place, with no per-append bookkeeping of the array.
    private var storage: [UInt8]
    /// How many bytes are written.
    package private(set) var count = 0

    /// The text written so far.
    package var bytes: [UInt8] { count == storage.count ? storage : Array(storage[..<count]) }

    /// Creates an empty writer, with room for `capacity` bytes.
    package init(capacity: Int = 256) {
        storage = [UInt8](repeating: 0, count: Swift.max(capacity, 16))
    }

    /// An empty writer that writes into `buffer`'s memory, its contents discarded: a buffer kept
    /// from an earlier writer (``takeStorage()``), so that no memory is allocated again.
    package init(reusing buffer: [UInt8]) {
        storage = buffer
    }

    /// Hands the writer's memory over (its contents are not meaningful) for a later writer to
    /// reuse, leaving this writer empty; the memory is not copied.
    package mutating func takeStorage() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &storage)
        count = 0
        return taken
    }

    /// Calls `body` with the text written so far.
    package func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let count = count
        return try storage.withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in
            try body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Lends the writer's memory to `body` as a cursor, so that a run of appends costs one check
    /// that the memory is not shared instead of one per append; grows the memory and calls `body`
    /// again from the same place when it did not fit. `body` must therefore do nothing but
    /// append: whatever it returns from a call that did not fit is discarded.
    @inline(__always)
    package mutating func withCursor<Result>(_ body: (inout JSONCursor) -> Result) -> Result {
        while true {
            if storage.count == count { makeRoom(for: 1) }
            let start = count
            let (result, end) = storage.withUnsafeMutableBufferPointer { buffer in
                var cursor = JSONCursor(base: buffer.baseAddress!, capacity: buffer.count, count: start)
                let result = body(&cursor)
                return (result, cursor.count)
            }
            if end <= storage.count {
                count = end
                return result
            }
            makeRoom(for: end - count)
        }
    }

    /// Grows the room at the end to at least `byteCount` bytes: first up to the array's capacity,
    /// then by doubling.
    @inline(never)
    private mutating func makeRoom(for byteCount: Int) {
        let spare = storage.capacity - storage.count
        let needed = byteCount - (storage.count - count)
        let growth = spare >= needed ? spare : Swift.max(needed, storage.count, 256)
        storage.append(contentsOf: repeatElement(0, count: growth))
    }

    /// Appends `byteCount` bytes that `fill` writes, given where the first goes.
    @inline(__always)
    package mutating func appendBytes(count byteCount: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        withCursor { $0.appendBytes(count: byteCount, fill) }
    }

    /// Appends one byte.
    @inline(__always)
    package mutating func append(byte: UInt8) { withCursor { $0.append(byte: byte) } }

    /// Appends bytes verbatim.
    @inline(__always)
    package mutating func append(_ raw: UnsafeBufferPointer<UInt8>) { withCursor { $0.append(raw) } }

    /// Appends ASCII text verbatim (punctuation, literals).
    @inline(__always)
    package mutating func appendRaw(_ text: StaticString) { withCursor { $0.appendRaw(text) } }

    /// Appends bytes verbatim.
    package mutating func appendRaw(_ raw: [UInt8]) { withCursor { $0.appendRaw(raw) } }

    /// Appends the UTF-8 of `text` verbatim.
    package mutating func appendUTF8(_ text: String) { withCursor { $0.appendUTF8(text) } }

    /// Appends `text` as a quoted, escaped JSON string.
    package mutating func appendString(_ text: String) { withCursor { $0.appendString(text) } }

    /// Appends `source[range]`, bytes that need no escaping, between quotes.
    package mutating func appendQuoted(_ source: [UInt8], _ range: Range<Int>) { withCursor { $0.appendQuoted(source, range) } }

    /// Appends UTF-8 bytes as a quoted, escaped JSON string.
    package mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) { withCursor { $0.appendEscaped(utf8) } }

    /// Appends a finite number in shortest round-trip form.
    package mutating func appendNumber(_ value: Double) { withCursor { $0.appendNumber(value) } }

    /// Appends an integer.
    package mutating func appendInteger(_ value: Int64) { withCursor { $0.appendInteger(value) } }

    /// Appends `value` as compact JSON.
    package mutating func append(_ value: JSONValue) { withCursor { $0.append(value) } }

    /// Appends `value` as pretty JSON, nested lines indented by two spaces per level.
    package mutating func appendPretty(_ value: JSONValue, depth: Int = 0) { withCursor { $0.appendPretty(value, depth: depth) } }

    /// The compact JSON text of `value`.
    package static func compact(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.append(value)
        return writer.bytes
    }

    /// The pretty JSON text of `value`, without a trailing newline.
    package static func pretty(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.appendPretty(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// A writer of JSON text into memory a ``JSONWriter`` lends it for a run of appends
/// (``JSONWriter/withCursor(_:)``): each append is a bounds check and a copy, with no check that
/// the memory is shared. Appends past the capacity write nothing and only count, and the lender
/// then grows its memory and runs the appends again.
package struct JSONCursor {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// The position of the next byte in the lender's text (past the capacity after a run that did
    /// not fit).
    package private(set) var count: Int

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int, count: Int) {
        self.base = base
        self.capacity = capacity
        self.count = count
    }

    /// Appends `byteCount` bytes that `fill` writes, given where the first goes.
    /// Past the capacity, `fill` is not called and only the count moves on, so that the lender
    /// learns how much room the whole run needs.
    @inline(__always)
    package mutating func appendBytes(count byteCount: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        let end = count &+ byteCount
        if end <= capacity { fill(base + count) }
        count = end
    }

    /// Appends one byte.
    @inline(__always)
    package mutating func append(byte: UInt8) {
        appendBytes(count: 1) { $0.pointee = byte }
    }

    /// Appends bytes verbatim.
    @inline(__always)
    package mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress, !raw.isEmpty else { return }
        appendBytes(count: raw.count) { $0.update(from: source, count: raw.count) }
    }

    /// Appends ASCII text verbatim (punctuation, literals).
    @inline(__always)
    package mutating func appendRaw(_ text: StaticString) {
        if text.utf8CodeUnitCount == 1 {
            append(byte: text.utf8Start.pointee)
        } else {
            append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// Appends bytes verbatim.
    package mutating func appendRaw(_ raw: [UInt8]) {
        raw.withUnsafeBufferPointer { append($0) }
    }

    /// Appends the UTF-8 of `text` verbatim.
    package mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends `text` as a quoted, escaped JSON string.
    package mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { appendEscaped($0) }
    }

    /// Appends `source[range]`, bytes that need no escaping (a plain string's content from a parsed
    /// document), between quotes.
    package mutating func appendQuoted(_ source: [UInt8], _ range: Range<Int>) {
        let contentCount = range.count
        source.withUnsafeBufferPointer { source in
            appendBytes(count: contentCount + 2) { target in
                target[0] = UInt8(ascii: "\"")
                (target + 1).update(from: source.baseAddress! + range.lowerBound, count: contentCount)
                target[contentCount + 1] = UInt8(ascii: "\"")
            }
        }
    }

    /// Appends UTF-8 bytes as a quoted, escaped JSON string.
    package mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let firstToEscape = utf8.firstByteToEscape()
        if firstToEscape == utf8.count {
            let contentCount = utf8.count
            appendBytes(count: contentCount + 2) { target in
                target[0] = UInt8(ascii: "\"")
                if let source = utf8.baseAddress { (target + 1).update(from: source, count: contentCount) }
                target[contentCount + 1] = UInt8(ascii: "\"")
            }
            return
        }
        append(byte: UInt8(ascii: "\""))
        var runStart = 0
        for offset in firstToEscape..<utf8.count {
            let byte = utf8[offset]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            append(UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
            appendEscape(for: byte)
            runStart = offset + 1
        }
        append(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        append(byte: UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): appendRaw("\\\"")
        case UInt8(ascii: "\\"): appendRaw("\\\\")
        case 0x0A: appendRaw("\\n")
        case 0x0D: appendRaw("\\r")
        case 0x09: appendRaw("\\t")
        case 0x08: appendRaw("\\b")
        case 0x0C: appendRaw("\\f")
        default:
            appendRaw("\\u00")
            let digits: StaticString = "0123456789abcdef"
            append(byte: digits.utf8Start[Int(byte >> 4)])
            append(byte: digits.utf8Start[Int(byte & 0xF)])
        }
    }

    /// Appends a finite number in shortest round-trip form.
    package mutating func appendNumber(_ value: Double) {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            appendInteger(Int64(value))
        } else {
            appendUTF8(JSONNumberText.shortest(value))
        }
    }

    /// Appends an integer.
    package mutating func appendInteger(_ value: Int64) {
        if value >= 0, value < 10 {
            append(byte: UInt8(ascii: "0") + UInt8(value))
            return
        }
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var digitCount = 1
        var power: UInt64 = 10
        while digitCount < 20, magnitude >= power {
            digitCount += 1
            power = power &* 10
        }
        appendBytes(count: digitCount) { target in
            var rest = magnitude
            for position in stride(from: digitCount - 1, through: 0, by: -1) {
                target[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
    }

    /// Appends `value` as compact JSON.
    package mutating func append(_ value: JSONValue) {
        switch value {
        case .null: appendRaw("null")
        case .bool(let flag): flag ? appendRaw("true") : appendRaw("false")
        case .number(let number): appendUTF8(number.literal)
        case .string(let text): appendString(text)
        case .array(let elements):
            append(byte: UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { append(byte: UInt8(ascii: ",")) }
                append(element)
            }
            append(byte: UInt8(ascii: "]"))
        case .object(let object):
            append(byte: UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { append(byte: UInt8(ascii: ",")) }
                appendString(member.key)
                append(byte: UInt8(ascii: ":"))
                append(member.value)
            }
            append(byte: UInt8(ascii: "}"))
        }
    }

    /// Appends `value` as pretty JSON, nested lines indented by two spaces per level.
    package mutating func appendPretty(_ value: JSONValue, depth: Int = 0) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            append(byte: UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { append(byte: UInt8(ascii: ",")) }
                newline(depth + 1)
                appendPretty(element, depth: depth + 1)
            }
            newline(depth)
            append(byte: UInt8(ascii: "]"))
        case .object(let object) where !object.members.isEmpty:
            append(byte: UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { append(byte: UInt8(ascii: ",")) }
                newline(depth + 1)
                appendString(member.key)
                appendRaw(": ")
                appendPretty(member.value, depth: depth + 1)
            }
            newline(depth)
            append(byte: UInt8(ascii: "}"))
        default:
            append(value)
        }
    }

    private mutating func newline(_ depth: Int) {
        append(byte: UInt8(ascii: "\n"))
        appendBytes(count: depth * 2) { $0.update(repeating: UInt8(ascii: " "), count: depth * 2) }
    }

}

/// A builder of JSON text into a UTF-8 byte buffer, compact or pretty.
///
/// Strings are escaped per RFC 8259 (quote, backslash and control characters; everything else is
/// written as UTF-8); numbers are written in shortest round-trip form.
package struct JSONWriter: Sendable {
    /// The text written so far.
    package var bytes: [UInt8] = []

    /// Creates an empty writer, reserving `capacity` bytes.
    package init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// A writer that appends to `buffer`, taking its storage without copying; give it back with
    /// ``release(into:)``.
    package init(adopting buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
    }

    /// Gives the written bytes back to `buffer` (the one it adopted), without copying.
    package mutating func release(into buffer: inout [UInt8]) {
        swap(&bytes, &buffer)
    }

    /// Appends ASCII text verbatim (punctuation, literals).
    @inline(__always)
    package mutating func appendRaw(_ text: StaticString) {
        if text.utf8CodeUnitCount == 1 {
            bytes.append(text.utf8Start.pointee)
        } else {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// Appends bytes verbatim.
    @inline(__always)
    package mutating func appendRaw<Bytes: Sequence>(_ raw: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    /// Appends `text` as a quoted, escaped JSON string.
    package mutating func appendString(_ text: String) {
        var text = text
        text.withUTF8 { appendEscaped($0) }
    }

    /// Appends `source[range]`, bytes that need no escaping (a plain string's content from a parsed
    /// document), between quotes.
    package mutating func appendQuoted(_ source: [UInt8], _ range: Range<Int>) {
        bytes.append(UInt8(ascii: "\""))
        source.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 bytes as a quoted, escaped JSON string.
    package mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        var runStart = 0
        for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
            appendEscape(for: byte)
            runStart = offset + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        bytes.append(UInt8(ascii: "\""))
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
            bytes.append(digits.utf8Start[Int(byte >> 4)])
            bytes.append(digits.utf8Start[Int(byte & 0xF)])
        }
    }

    /// Appends a finite number in shortest round-trip form.
    package mutating func appendNumber(_ value: Double) {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            appendInteger(Int64(value))
        } else {
            bytes.append(contentsOf: JSONNumberText.shortest(value).utf8)
        }
    }

    /// Appends an integer.
    package mutating func appendInteger(_ value: Int64) {
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
        }
    }

    /// Appends `value` as compact JSON.
    package mutating func append(_ value: JSONValue) {
        switch value {
        case .null: appendRaw("null")
        case .bool(let flag): flag ? appendRaw("true") : appendRaw("false")
        case .number(let number): bytes.append(contentsOf: number.literal.utf8)
        case .string(let text): appendString(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                append(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(member.key)
                bytes.append(UInt8(ascii: ":"))
                append(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `value` as pretty JSON, nested lines indented by two spaces per level.
    package mutating func appendPretty(_ value: JSONValue, depth: Int = 0) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                appendPretty(element, depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "]"))
        case .object(let object) where !object.members.isEmpty:
            bytes.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                appendString(member.key)
                appendRaw(": ")
                appendPretty(member.value, depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        default:
            append(value)
        }
    }

    private mutating func newline(_ depth: Int) {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

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

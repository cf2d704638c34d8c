/// A JSON value as a tree: the form used for configs, previews and tests.
///
/// Objects keep their members in document order. Numbers keep their literal text, so a value read
/// and written again is unchanged (a 19-digit integer id is never rounded through a Double).
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parses one JSON text.
    package init(parsing text: String) throws(JSONSyntaxError) {
        let document = try JSONDocument(parsing: text)
        self = document.value(document.root)
    }

    /// Parses one JSON text from UTF-8 bytes.
    package init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        let document = try JSONDocument(parsing: bytes)
        self = document.value(document.root)
    }

    /// The member named `key` when this is an object.
    package subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` when this is an array.
    package subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The text when this is a string.
    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The compact JSON text of this value.
    package var compactText: String { String(decoding: JSONWriter.compact(self), as: UTF8.self) }

    /// The pretty JSON text of this value (two-space indent, no trailing newline).
    package var prettyText: String { JSONWriter.pretty(self) }
}

/// A JSON number, kept as the literal text it was written with.
package struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The number's JSON text.
    package let literal: String

    /// Wraps a literal that is already valid JSON number text.
    package init(literal: String) {
        self.literal = literal
    }

    /// The shortest round-trip JSON text of `value`, which must be finite.
    package init(_ value: Double) {
        self.literal = JSONNumberText.shortest(value)
    }

    /// An integer.
    package init(_ value: Int) {
        self.literal = String(value)
    }

    /// The value as a Double (infinite when out of range).
    package var double: Double { JSONNumberText.parseDouble(Array(literal.utf8)[...]) }

    /// The value as an Int when the literal is an integer that fits.
    package var int: Int? { Int(literal) }

    /// The literal text.
    package var description: String { literal }

    /// Two numbers are equal when their values are equal (`1.0` equals `1`).
    package static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.literal == rhs.literal || lhs.double == rhs.double
    }
}

/// A JSON object's members in document order.
package struct JSONObject: Sendable, Equatable {
    /// One key and its value.
    package struct Member: Sendable, Equatable {
        /// The member's name.
        package var key: String
        /// The member's value.
        package var value: JSONValue

        /// Creates a member.
        package init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in order.
    package var members: [Member]

    /// Creates an object from its members.
    package init(_ members: [Member] = []) {
        self.members = members
    }

    /// The value of the last member named `key`.
    package subscript(key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }

    /// The keys, in order.
    package var keys: [String] { members.map(\.key) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A string value.
    package init(stringLiteral value: String) { self = .string(value) }
    /// An integer value.
    package init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    /// A number value in shortest form.
    package init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    /// A boolean value.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array value.
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object value, members in the literal's order.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
    /// The null value.
    package init(nilLiteral: ()) { self = .null }
}

/// Conversions between JSON number text and Double.
package enum JSONNumberText {
    /// The shortest text that reads back as `value`, without a trailing `.0` (`35`, `19.9`, `1e-07`).
    package static func shortest(_ value: Double) -> String {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// Whether `literal`, the text of a JSON number, is exactly what ``shortest(_:)`` writes for
    /// its value, so that it can be copied instead of formatted: a fraction of at most 15
    /// significant digits (so no shorter text reads back as the same value) with no trailing zero
    /// and no exponent, whose integer part starts with a nonzero digit or is `0` followed by a
    /// nonzero first decimal (`19.9`, `-0.25`; not `35.0`, `0.05`, `1e2` or `007.5`).
    package static func isShortestForm(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if index < literal.count, literal[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        while index < literal.count, isDigit(literal[index]) { index += 1 }
        let integerDigits = index - integerStart
        guard integerDigits > 0, index < literal.count, literal[index] == UInt8(ascii: ".") else { return false }
        let startsWithZero = literal[integerStart] == UInt8(ascii: "0")
        guard !startsWithZero || integerDigits == 1 else { return false }
        index += 1
        let fractionStart = index
        while index < literal.count, isDigit(literal[index]) { index += 1 }
        let fractionDigits = index - fractionStart
        guard index == literal.count, fractionDigits > 0, literal[index - 1] != UInt8(ascii: "0") else { return false }
        if startsWithZero { return literal[fractionStart] != UInt8(ascii: "0") && fractionDigits <= 15 }
        return integerDigits + fractionDigits <= 15
    }

    /// Reads JSON number text; out-of-range values become infinite.
    package static func parseDouble(_ text: ArraySlice<UInt8>) -> Double {
        text.withUnsafeBufferPointer { parseDouble($0) }
    }

    /// Reads JSON number text the caller holds; out-of-range values become infinite.
    package static func parseDouble(_ text: UnsafeBufferPointer<UInt8>) -> Double {
        exactDouble(bytes: text) ?? Double(String(decoding: text, as: UTF8.self)) ?? .nan
    }

    /// The value of `-?digits(.digits)?` with at most 15 digits, computed exactly (the mantissa and
    /// the power of ten are both exact, so one IEEE division rounds correctly, the same result as
    /// `strtod`); nil for any other text, which takes the general path.
    package static func exactDouble<Bytes: Collection<UInt8>>(_ text: Bytes) -> Double? {
        text.withContiguousStorageIfAvailable { exactDouble(bytes: $0) } ?? exactDouble(bytes: Array(text))
    }

    private static func exactDouble(bytes text: [UInt8]) -> Double? {
        text.withUnsafeBufferPointer { exactDouble(bytes: $0) }
    }

    private static func exactDouble(bytes text: UnsafeBufferPointer<UInt8>) -> Double? {
        let isNegative = !text.isEmpty && text[0] == UInt8(ascii: "-")
        var index = isNegative ? 1 : 0
        // Digits past the fifteenth wrap the mantissa around, but the text is refused then anyway.
        var mantissa: UInt64 = 0
        let integerStart = index
        while index < text.count, isDigit(text[index]) {
            mantissa = mantissa &* 10 &+ UInt64(text[index] &- UInt8(ascii: "0"))
            index &+= 1
        }
        let integerDigits = index &- integerStart
        guard integerDigits > 0 else { return nil }
        var fractionDigits = 0
        if index < text.count {
            guard text[index] == UInt8(ascii: ".") else { return nil }
            index &+= 1
            let fractionStart = index
            while index < text.count {
                guard isDigit(text[index]) else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(text[index] &- UInt8(ascii: "0"))
                index &+= 1
            }
            fractionDigits = index &- fractionStart
            guard fractionDigits > 0 else { return nil }
        }
        guard integerDigits &+ fractionDigits <= 15 else { return nil }
        let value = Double(mantissa) / exactPowerOfTen(fractionDigits)
        return isNegative ? -value : value
    }

    /// 10 to the power `exponent` (0 to 15), which a Double holds exactly.
    @inline(__always)
    private static func exactPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }
}

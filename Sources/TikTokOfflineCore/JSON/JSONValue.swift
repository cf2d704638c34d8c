/// A JSON value as a tree: the form used for configs, previews and tests.
///
/// Objects keep their members in document order. Numbers keep their literal text, so a value read
/// and written again is unchanged (a 19-digit integer id is never rounded through a Double).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parses one JSON text.
    public init(parsing text: String) throws(JSONSyntaxError) {
        let document = try JSONDocument(parsing: text)
        self = document.value(document.root)
    }

    /// Parses one JSON text from UTF-8 bytes.
    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        let document = try JSONDocument(parsing: bytes)
        self = document.value(document.root)
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` when this is an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The text when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The compact JSON text of this value.
    public var compactText: String { String(decoding: JSONWriter.compact(self), as: UTF8.self) }

    /// The pretty JSON text of this value (two-space indent, no trailing newline).
    public var prettyText: String { JSONWriter.pretty(self) }
}

/// A JSON number, kept as the literal text it was written with.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The number's JSON text.
    public let literal: String

    /// Wraps a literal that is already valid JSON number text.
    public init(literal: String) {
        self.literal = literal
    }

    /// The shortest round-trip JSON text of `value`, which must be finite.
    public init(_ value: Double) {
        self.literal = JSONNumberText.shortest(value)
    }

    /// An integer.
    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// The value as a Double (infinite when out of range).
    public var double: Double { JSONNumberText.parseDouble(Array(literal.utf8)[...]) }

    /// The value as an Int when the literal is an integer that fits.
    public var int: Int? { Int(literal) }

    /// The literal text.
    public var description: String { literal }

    /// Two numbers are equal when their values are equal (`1.0` equals `1`).
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.literal == rhs.literal || lhs.double == rhs.double
    }
}

/// A JSON object's members in document order.
public struct JSONObject: Sendable, Equatable {
    /// One key and its value.
    public struct Member: Sendable, Equatable {
        /// The member's name.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in order.
    public var members: [Member]

    /// Creates an object from its members.
    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// The value of the last member named `key`.
    public subscript(key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value.
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    /// A number value in shortest form.
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    /// A boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array value.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object value, members in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
    /// The null value.
    public init(nilLiteral: ()) { self = .null }
}

/// Conversions between JSON number text and Double.
public enum JSONNumberText {
    /// The shortest text that reads back as `value`, without a trailing `.0` (`35`, `19.9`, `1e-07`).
    public static func shortest(_ value: Double) -> String {
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// Reads JSON number text; out-of-range values become infinite.
    public static func parseDouble(_ text: ArraySlice<UInt8>) -> Double {
        Double(String(decoding: text, as: UTF8.self)) ?? .nan
    }
}

/// Text forms of identifiers: TikTok wants `event_id`, `order_id`, `shop_id` and `content_id` as
/// strings, so JSON numbers become their shortest decimal text (`123`, never `123.0`).
package enum IdentifierText {
    /// The identifier text of a number node: integer literals verbatim (no rounding of long ids),
    /// others in shortest round-trip form.
    package static func fromNumber(_ document: JSONDocument, _ node: JSONDocument.Index) -> String {
        let literal = document.numberLiteral(node)!
        if document.isIntegerLiteral(node) { return literal == "-0" ? "0" : literal }
        let value = document.double(node)!
        return value.isFinite ? JSONNumberText.shortest(value) : literal
    }
}

/// Readers of numeric fields: `price` and `value` (decimals) and `quantity` (integers).
package enum NumberReader {
    /// A decimal from a JSON number or a numeric string with a `.` decimal point.
    package static func decimal(_ document: JSONDocument, _ node: JSONDocument.Index) -> Result<Double, NumberProblem> {
        switch document.kind(node) {
        case .number:
            let value = document.double(node)!
            return value.isFinite ? .success(value) : .failure(.outOfRange)
        case .string:
            let text = document.string(node)!.trimmingASCIISpaces()
            guard isDecimalText(text) else { return .failure(.notNumeric(text)) }
            let value = JSONNumberText.exactDouble(text.utf8) ?? Double(text) ?? .infinity
            return value.isFinite ? .success(value) : .failure(.outOfRange)
        default:
            return .failure(.wrongType)
        }
    }

    /// An integer from a JSON number or numeric string with an integral value (`2`, `"2"`, `2.0`).
    package static func integer(_ document: JSONDocument, _ node: JSONDocument.Index) -> Result<Int64, NumberProblem> {
        switch decimal(document, node) {
        case .success(let value):
            guard value == value.rounded(), abs(value) < 9.0e15 else { return .failure(.notIntegral) }
            return .success(Int64(value))
        case .failure(let problem):
            return .failure(problem)
        }
    }

    /// Whether `text` is `-`? digits, optionally `.` digits: the only numeric strings accepted.
    static func isDecimalText(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        let parts = utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return false }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].allSatisfy(isDigit) }
        return true
    }
}

/// Why a numeric field was left out.
package enum NumberProblem: Error, Sendable, Equatable {
    /// A string that is not a plain decimal number (`"12,30"`, `"101.99 USD"`).
    case notNumeric(String)
    /// Neither a number nor a string.
    case wrongType
    /// A number too large to represent.
    case outOfRange
    /// A number with a fractional part where an integer is required.
    case notIntegral

    /// The problem in words.
    package var message: String {
        switch self {
        case .notNumeric(let text): return "\"\(text)\" is not a number (use digits and a '.' decimal point, no currency or thousands separator)"
        case .wrongType: return "is neither a number nor a numeric string"
        case .outOfRange: return "is out of range"
        case .notIntegral: return "is not a whole number"
        }
    }
}

/// SPEC §5: numbers: prices and the value as decimals, quantities as whole numbers, from JSON
/// numbers or plain numeric strings.
extension EventReader {
    /// Reads a price or the value: a decimal.
    mutating func readDecimal(_ field: TikTokField, item: ItemScope?) -> Double? {
        readNumber(field, item: item, fromNode: NumberReader.decimal, fromText: NumberReader.decimal(text:))
    }

    /// Reads an item's quantity: a whole number.
    mutating func readQuantity(item: ItemScope) -> Int64? {
        readNumber(.quantity, item: item, fromNode: NumberReader.integer, fromText: NumberReader.integer(text:))
    }

    /// Reads a numeric field with the reader for nodes or for template text; a value that is not
    /// a number is left out with a warning.
    private mutating func readNumber<Value>(
        _ field: TikTokField, item: ItemScope?,
        fromNode: (JSONDocument, JSONDocument.Index) -> Result<Value, NumberProblem>,
        fromText: (String) -> Result<Value, NumberProblem>
    ) -> Value? {
        guard let (found, origin) = find(field, item: item) else { return nil }
        let result: Result<Value, NumberProblem>
        switch found {
        case .node(let node): result = fromNode(document, node)
        case .text(let text): result = fromText(text)
        }
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            report(.warning, .field(field, item: item?.index), from: origin, "left out: \(problem.message)")
            return nil
        }
    }
}

extension NumberReader {
    /// A decimal from template text.
    static func decimal(text: String) -> Result<Double, NumberProblem> {
        let trimmed = text.trimmingASCIISpaces()
        guard isDecimalText(trimmed) else { return .failure(.notNumeric(trimmed)) }
        let value = JSONNumberText.exactDouble(trimmed.utf8) ?? Double(trimmed) ?? .infinity
        return value.isFinite ? .success(value) : .failure(.outOfRange)
    }

    /// An integer from template text.
    static func integer(text: String) -> Result<Int64, NumberProblem> {
        decimal(text: text).flatMap { value in
            value == value.rounded() && abs(value) < 9.0e15 ? .success(Int64(value)) : .failure(.notIntegral)
        }
    }
}

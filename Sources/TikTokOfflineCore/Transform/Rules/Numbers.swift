/// SPEC §5: numbers: prices and the value as decimals, quantities as whole numbers, from JSON
/// numbers or plain numeric strings.
extension EventReader {
    mutating func readDecimal(_ field: TikTokField, item: ItemScope?) -> Double? {
        guard let (found, origin) = find(field, item: item) else { return nil }
        let result: Result<Double, NumberProblem>
        switch found {
        case .node(let node): result = NumberReader.decimal(document, node)
        case .text(let text): result = NumberReader.decimal(text: text)
        }
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            report(.warning, .field(field, item: item?.index), from: origin, "left out: \(problem.message)")
            return nil
        }
    }

    mutating func readQuantity(item: ItemScope) -> Int64? {
        let field = TikTokField.quantity
        guard let (found, origin) = find(field, item: item) else { return nil }
        let result: Result<Int64, NumberProblem>
        switch found {
        case .node(let node): result = NumberReader.integer(document, node)
        case .text(let text): result = NumberReader.integer(text: text)
        }
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            report(.warning, .field(field, item: item.index), from: origin, "left out: \(problem.message)")
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

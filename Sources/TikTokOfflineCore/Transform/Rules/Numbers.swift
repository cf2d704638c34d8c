/// SPEC §5: numbers: prices and the value as decimals, quantities as whole numbers, from JSON
/// numbers or plain numeric strings.
extension EventReader {
    /// Reads a price or the value: a decimal, keeping its literal when the writer may copy it.
    mutating func readDecimal(_ field: TikTokField, item: ItemScope?) -> EventNumber? {
        if let node = slotNode(field, item: item), document.kind(node) == .number, case .success(let value) = NumberReader.decimal(document, node) {
            return EventNumber(value: value, literal: shortestLiteral(node))
        }
        guard let (value, found) = readNumber(field, item: item, fromNode: NumberReader.decimal, fromText: NumberReader.decimal(text:))
        else { return nil }
        guard case .node(let node) = found, document.kind(node) == .number else { return EventNumber(value: value, literal: nil) }
        return EventNumber(value: value, literal: shortestLiteral(node))
    }

    /// The bytes of the number literal at `node` when they are the writer's shortest form.
    private func shortestLiteral(_ node: JSONDocument.Index) -> Range<Int>? {
        let literal = document.rawRange(node)
        let isShortest = document.bytes.withUnsafeBufferPointer { JSONNumberText.isShortestForm(UnsafeBufferPointer(rebasing: $0[literal])) }
        return isShortest ? literal : nil
    }

    /// Reads an item's quantity: a whole number.
    mutating func readQuantity(item: ItemScope) -> Int64? {
        if let node = slotNode(.quantity, item: item), document.kind(node) == .number, case .success(let value) = NumberReader.integer(document, node)
        {
            return value
        }
        return readNumber(.quantity, item: item, fromNode: NumberReader.integer, fromText: NumberReader.integer(text:))?.value
    }

    /// Reads a numeric field with the reader for nodes or for template text, returning the value
    /// and what the source found; a value that is not a number is left out with a warning.
    private mutating func readNumber<Value>(
        _ field: TikTokField, item: ItemScope?,
        fromNode: (JSONDocument, JSONDocument.Index) -> Result<Value, NumberProblem>,
        fromText: (String) -> Result<Value, NumberProblem>
    ) -> (value: Value, found: Found)? {
        guard let (found, origin) = find(field, item: item) else { return nil }
        let result: Result<Value, NumberProblem>
        switch found {
        case .node(let node): result = fromNode(document, node)
        case .text(let text): result = fromText(text)
        }
        switch result {
        case .success(let value): return (value, found)
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

/// SPEC §5: identifiers and names (event, order, shop and content ids, names, types): strings as
/// they are, numbers as their shortest text, anything else left out with a warning.
extension EventReader {
    /// Reads a string field that is written out as it is: a plain string of the event stays a
    /// range of its bytes; anything else as ``readIdentifier(_:item:)`` reads it.
    mutating func readText(_ field: TikTokField, item: ItemScope? = nil) -> FieldText? {
        if let node = slotNode(field, item: item), let range = document.plainStringContent(node) { return .event(range) }
        switch joinPlainParts(of: field, item: item) {
        case .joined(let text): return text
        case .absent: return nil
        case .notPlain: break
        }
        guard let (found, origin) = find(field, item: item) else { return nil }
        if case .node(let node) = found, let range = document.plainStringContent(node) { return .event(range) }
        return identifier(found, origin: origin, field: field, item: item).map(FieldText.text)
    }

    /// Reads a string field (identifiers and names): strings as they are, numbers as shortest
    /// text; with where the value came from, for the rules that check it further.
    mutating func readIdentifierAndOrigin(_ field: TikTokField) -> (text: String, origin: Origin)? {
        guard let (found, origin) = find(field, item: nil), let text = identifier(found, origin: origin, field: field, item: nil) else {
            return nil
        }
        return (text, origin)
    }

    /// The identifier text of a found value, or nil with a warning when it is neither a string
    /// nor a number.
    private mutating func identifier(_ found: Found, origin: Origin, field: TikTokField, item: ItemScope?) -> String? {
        switch found {
        case .text(let text):
            return text
        case .node(let node):
            switch document.kind(node) {
            case .string: return document.string(node)
            case .number: return IdentifierText.fromNumber(document, node)
            default:
                report(
                    .warning, .field(field, item: item?.index), from: origin,
                    "left out: \(document.kindDescription(node)) where a string was expected")
                return nil
            }
        }
    }
}

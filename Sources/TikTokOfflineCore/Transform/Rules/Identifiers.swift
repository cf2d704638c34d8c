/// SPEC §5: identifiers and names (event, order, shop and content ids, names, types): strings as
/// they are, numbers as their shortest text, anything else left out with a warning.
extension EventReader {
    /// Reads a string field (identifiers and names): strings as they are, numbers as shortest text.
    mutating func readIdentifier(_ field: TikTokField, item: ItemScope? = nil) -> String? {
        guard let (found, origin) = find(field, item: item) else { return nil }
        switch found {
        case .text(let text):
            return text
        case .node(let node):
            switch document.kind(node) {
            case .string: return document.string(node)
            case .number: return IdentifierText.fromNumber(document, node)
            default:
                report(
                    .warning, field.path(itemIndex: item?.index), describe(origin), "left out: \(kindDescription(node)) where a string was expected"
                )
                return nil
            }
        }
    }
}

/// SPEC §5: items: one content per object of `items`, its fields read inside the item (`X`);
/// category levels are joined by the field table's `joinNonEmpty` source.
extension EventReader {
    mutating func readContents() -> [NormalizedEvent.Content] {
        guard let items = slots.rootNode(config.plan.itemsSlot), document.kind(items) != .null else { return [] }
        guard document.kind(items) == .array else {
            report(.warning, .contents, path: "items", node: items, "left out: items is \(document.kindDescription(items)), not an array")
            return []
        }
        var contents: [NormalizedEvent.Content] = []
        contents.reserveCapacity(document.count(items))
        var index = 0
        var next = document.firstElement(items)
        while let item = next {
            defer {
                index += 1
                next = document.nextElement(after: item, in: items)
            }
            guard document.kind(item) == .object else {
                report(.warning, .item(index), path: "items.\(index)", node: item, "item skipped: \(document.kindDescription(item)), not an object")
                continue
            }
            let scope = ItemScope(index: index, node: item)
            slots.enter(scope, plan: config.plan, document: document)
            // Appended in place, then dropped when empty: the content is never copied.
            contents.append(readContent(scope))
            if contents[contents.count - 1].isEmpty { contents.removeLast() }
        }
        return contents
    }

    /// The content of the item `scope` names, its slots already filled.
    private mutating func readContent(_ scope: ItemScope) -> NormalizedEvent.Content {
        NormalizedEvent.Content(
            id: readText(.contentID, item: scope), name: readText(.contentName, item: scope), price: readDecimal(.price, item: scope),
            quantity: readQuantity(item: scope), type: readText(.contentType, item: scope), category: readText(.contentCategory, item: scope))
    }
}

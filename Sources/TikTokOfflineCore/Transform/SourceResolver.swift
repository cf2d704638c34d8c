/// Finding a field's value: its source's templates evaluated from the plan's slots, in chain order
/// or joined, and where the value came from, put in words only when a diagnostic needs it.
extension EventReader {
    /// What a field's source yielded: a node of the event, or text from a mixed template.
    enum Found {
        case node(JSONDocument.Index)
        case text(String)
    }

    /// Where a found value came from, as plain data (no template is copied per value);
    /// ``describe(_:)`` puts it in words only when a diagnostic needs it.
    struct Origin {
        let field: TikTokField
        let templateIndex: Int
        let itemIndex: Int?
        let isJoined: Bool
        let element: Int?
        /// The value's node in the event, when the value is one node.
        let node: JSONDocument.Index?

        /// The origin of element `position` (at `node`) of an array value.
        func element(_ position: Int, node: JSONDocument.Index) -> Origin {
            Origin(field: field, templateIndex: templateIndex, itemIndex: itemIndex, isJoined: isJoined, element: position, node: node)
        }
    }

    /// The source path (or template) an origin names, for a diagnostic.
    func describe(_ origin: Origin) -> String {
        let source = config.source(of: origin.field)
        if origin.isJoined, let name = source.joinedName { return TikTokField.path(name, itemIndex: origin.itemIndex) }
        let path = source.templates[origin.templateIndex].sourceDescription(itemIndex: origin.itemIndex)
        return origin.element.map { "\(path).\($0)" } ?? path
    }

    /// An origin as data: the template, its place in the chain, and the value's bytes.
    func valueOrigin(_ origin: Origin) -> ValueOrigin {
        let source = config.source(of: origin.field)
        let template = origin.isJoined ? source.summary : source.templates[origin.templateIndex].source
        let bytes = origin.node.map { node in document.offset(node)..<document.offset(node) + document.rawBytes(node).count }
        return ValueOrigin(template: template, chainIndex: origin.templateIndex, bytes: bytes)
    }

    /// Evaluates a field's source; absent, null and empty strings count as missing.
    func find(_ field: TikTokField, item: ItemScope?) -> (found: Found, origin: Origin)? {
        let planned = config.plan.fields[field.ordinal]
        guard let separator = config.plan.joinSeparators[field.ordinal] else {
            for index in planned.indices {
                if let found = evaluate(planned[index], item: item) {
                    let node: JSONDocument.Index? = if case .node(let node) = found { node } else { nil }
                    return (found, Origin(field: field, templateIndex: index, itemIndex: item?.index, isJoined: false, element: nil, node: node))
                }
            }
            return nil
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(96)
        for index in planned.indices {
            guard let found = evaluate(planned[index], item: item) else { continue }
            if case .node(let node) = found, let range = document.plainStringContent(node) {
                document.bytes.withUnsafeBufferPointer { joined.appendPart(UnsafeBufferPointer(rebasing: $0[range]), separator: separator) }
            } else if var text = text(of: found) {
                text.withUTF8 { joined.appendPart($0, separator: separator) }
            }
        }
        guard !joined.isEmpty else { return nil }
        let origin = Origin(field: field, templateIndex: 0, itemIndex: item?.index, isJoined: planned.count > 1, element: nil, node: nil)
        return (.text(String(decoding: joined, as: UTF8.self)), origin)
    }

    private func evaluate(_ template: PlannedTemplate, item: ItemScope?) -> Found? {
        switch template.evaluate(in: document, slots: slots, item: item) {
        case .absent:
            return nil
        case .text(let text):
            return text.isEmpty ? nil : .text(text)
        case .node(let node):
            if document.kind(node) == .string, document.stringEquals(node, []) { return nil }
            return .node(node)
        }
    }

    func text(of found: Found) -> String? {
        switch found {
        case .text(let text): return text
        case .node(let node): return TemplateValue.node(node).text(in: document)
        }
    }
}

extension [UInt8] {
    /// Appends `part` without its leading and trailing ASCII spaces, after `separator` when
    /// something precedes it; a part that is only spaces adds nothing.
    fileprivate mutating func appendPart(_ part: UnsafeBufferPointer<UInt8>, separator: String) {
        let trimmed = part.trimmingASCIISpaces()
        guard !trimmed.isEmpty else { return }
        if !isEmpty { append(contentsOf: separator.utf8) }
        append(contentsOf: UnsafeBufferPointer(rebasing: part[trimmed]))
    }
}

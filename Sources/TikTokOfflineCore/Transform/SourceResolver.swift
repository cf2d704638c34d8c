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

    /// The node `find` would give for `field` when its source reads only slots (every template one
    /// `{{path}}`, the usual source), with no origin made: for the readers' fast paths, which fall
    /// back to `find` for anything they cannot take as it is. Nil when no value is present or a
    /// template needs evaluating.
    func slotNode(_ field: TikTokField, item: ItemScope?) -> JSONDocument.Index? {
        let ordinal = field.ordinal
        guard config.plan.joinSeparators[ordinal] == nil else { return nil }
        for index in config.plan.chainStarts[ordinal]..<config.plan.chainStarts[ordinal + 1] {
            let reference = config.plan.chainSlots[index]
            let slot: Int32
            switch reference.kind {
            case .root: slot = slots.root(Int(reference.slot))
            case .item: slot = slots.item(Int(reference.slot))
            case .template: return nil
            }
            guard slot != PathTrie.absent else { continue }
            let node = Int(slot)
            switch document.kind(node) {
            case .null: continue
            case .string where document.isEmptyString(node): continue
            default: return node
            }
        }
        return nil
    }

    /// Evaluates a field's source; absent, null and empty strings count as missing.
    func find(_ field: TikTokField, item: ItemScope?) -> (found: Found, origin: Origin)? {
        let ordinal = field.ordinal
        let chainLength = config.plan.chainStarts[ordinal + 1] - config.plan.chainStarts[ordinal]
        guard let separator = config.plan.joinSeparators[ordinal] else {
            for index in 0..<chainLength {
                if let found = value(of: ordinal, template: index, item: item) {
                    let node: JSONDocument.Index? = if case .node(let node) = found { node } else { nil }
                    return (found, Origin(field: field, templateIndex: index, itemIndex: item?.index, isJoined: false, element: nil, node: node))
                }
            }
            return nil
        }
        let origin = Origin(field: field, templateIndex: 0, itemIndex: item?.index, isJoined: chainLength > 1, element: nil, node: nil)
        var joined: [UInt8] = []
        joined.reserveCapacity(96)
        for index in 0..<chainLength {
            guard let found = value(of: ordinal, template: index, item: item) else { continue }
            if case .node(let node) = found, let range = document.plainStringContent(node) {
                document.bytes.withUnsafeBufferPointer { joined.appendPart(UnsafeBufferPointer(rebasing: $0[range]), separator: separator) }
            } else if var text = text(of: found) {
                text.withUTF8 { joined.appendPart($0, separator: separator) }
            }
        }
        guard !joined.isEmpty else { return nil }
        return (.text(String(decoding: joined, as: UTF8.self)), origin)
    }

    /// What joining a source's values gives when they are all plain strings of the event.
    enum PlainJoin {
        case joined(FieldText)
        case absent
        /// A value is not a plain string (a number, an escaped string, mixed text).
        case notPlain
    }

    /// Joins a joined field's values (the usual category levels) when every present value is a
    /// plain string of the event: their trimmed byte ranges are appended to ``joinedParts``, and
    /// the writer copies them from the event with the separator between them; no text is made.
    /// `find` gives the same text in every case this does not take.
    mutating func joinPlainParts(of field: TikTokField, item: ItemScope?) -> PlainJoin {
        let ordinal = field.ordinal
        guard config.plan.plainJoinSeparators[ordinal] != nil else { return .notPlain }
        let firstPart = joinedParts.count
        if joinedParts.capacity == 0 { joinedParts.reserveCapacity(32) }
        let chain = config.plan.chainStarts[ordinal]..<config.plan.chainStarts[ordinal + 1]
        let joined = document.bytes.withUnsafeBufferPointer { text in
            for index in chain {
                let node: JSONDocument.Index
                let reference = config.plan.chainSlots[index]
                switch reference.kind {
                case .root, .item:
                    // A slot read in place: what `value(of:template:item:)` gives, without a `Found`.
                    let slot = reference.kind == .root ? slots.root(Int(reference.slot)) : slots.item(Int(reference.slot))
                    guard slot != PathTrie.absent, document.kind(Int(slot)) != .null, !document.isEmptyString(Int(slot)) else { continue }
                    node = Int(slot)
                case .template:
                    guard let found = value(of: ordinal, template: index - chain.lowerBound, item: item) else { continue }
                    guard case .node(let foundNode) = found else { return false }
                    node = foundNode
                }
                guard let range = document.plainStringContent(node) else { return false }
                let trimmed = UnsafeBufferPointer(rebasing: text[range]).trimmingASCIISpaces()
                guard !trimmed.isEmpty else { continue }
                joinedParts.append(range.lowerBound + trimmed.lowerBound..<range.lowerBound + trimmed.upperBound)
            }
            return true
        }
        guard joined else {
            joinedParts.removeSubrange(firstPart...)
            return .notPlain
        }
        guard joinedParts.count > firstPart else { return .absent }
        return .joined(.joined(parts: Int32(firstPart)..<Int32(joinedParts.count), field: Int32(ordinal)))
    }

    /// The value of template `index` of field `ordinal`'s chain: read from its slot when the
    /// template is one property, else evaluated.
    private func value(of ordinal: Int, template index: Int, item: ItemScope?) -> Found? {
        let reference = config.plan.chainSlots[config.plan.chainStarts[ordinal] + index]
        let slot: Int32
        switch reference.kind {
        case .root: slot = slots.root(Int(reference.slot))
        case .item: slot = slots.item(Int(reference.slot))
        case .template: return evaluate(config.plan.fields[ordinal][index], item: item)
        }
        guard slot != PathTrie.absent else { return nil }
        let node = Int(slot)
        switch document.kind(node) {
        case .null: return nil
        case .string where document.isEmptyString(node): return nil
        default: return .node(node)
        }
    }

    private func evaluate(_ template: PlannedTemplate, item: ItemScope?) -> Found? {
        switch template.evaluate(in: document, slots: slots, item: item) {
        case .absent:
            return nil
        case .text(let text):
            return text.isEmpty ? nil : .text(text)
        case .node(let node):
            if document.isEmptyString(node) { return nil }
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

/// Where every value the config reads lives in an event: the config's property paths compiled into
/// two tries, one walked from the event's root and one from each item of `items`, and each
/// template rewritten to read the slots those walks fill instead of looking paths up.
///
/// ``Template/evaluate(in:item:)`` stays the reference: ``PlannedTemplate/evaluate(in:slots:item:)``
/// must agree with it on every input (the fuzz harness checks this).
///
/// A class, so that reading an event borrows the plan instead of copying its tables.
package final class TransformPlan: Sendable {
    /// Paths read from the event's root: root-level fields, item fields' paths outside `items.X`,
    /// the event set id, and the event's name, items and `user.country`.
    let rootTrie: PathTrie
    /// Paths read from each item: the rest of every `items.X.…` path of an item field.
    let itemTrie: PathTrie
    /// The planned templates of each field, in field and chain order.
    let fields: [[PlannedTemplate]]
    /// Every field's chain as slot references, field after field: a template that is one property
    /// is read straight from its slot, with no template touched.
    let chainSlots: [SlotReference]
    /// Where each field's chain starts in ``chainSlots``, and one more entry: where the last ends.
    let chainStarts: [Int]
    /// For each field, the separator when its templates' values are joined (category levels),
    /// nil when the first present one wins.
    let joinSeparators: [String?]
    /// ``joinSeparators``, each only when it needs no escaping in a JSON string, so that joined
    /// parts can be written with it as they are.
    let plainJoinSeparators: [String?]
    /// The event set id's template.
    let eventSetID: PlannedTemplate
    /// The root slots of `event_name`, `items` and `user.country`.
    let eventNameSlot: Int
    let itemsSlot: Int
    let countrySlot: Int

    /// Plans the reading of `sources` (one per ``TikTokField``, in order) and `eventSetID`.
    init(sources: [FieldSource], eventSetID: Template) {
        var rootPaths: [[String]] = [["event_name"], ["items"], ["user", "country"]]
        var itemPaths: [[String]] = []
        enum Placement {
            case root(Int)
            case item(Int)
        }
        func place(_ path: PropertyPath, perItem: Bool) -> Placement? {
            let segments = path.segmentNames
            if perItem, path.startsAtItem {
                itemPaths.append(Array(segments.dropFirst(2)))
                return .item(itemPaths.count - 1)
            }
            if perItem, path.usesItemIndex { return nil }
            rootPaths.append(segments)
            return .root(rootPaths.count - 1)
        }
        func plan(_ template: Template, perItem: Bool) -> (template: Template, parts: [Placement?]) {
            (
                template,
                template.parts.map { part in
                    if case .property(let path) = part { return place(path, perItem: perItem) }
                    return nil
                }
            )
        }
        let plannedSources = zip(TikTokField.allCases, sources).map { field, source in
            source.templates.map { plan($0, perItem: field.isPerItem) }
        }
        let plannedEventSetID = plan(eventSetID, perItem: false)
        let rootTrie = PathTrie(paths: rootPaths)
        let itemTrie = PathTrie(paths: itemPaths)
        func finish(_ planned: (template: Template, parts: [Placement?])) -> PlannedTemplate {
            var parts: [PlannedTemplate.Part] = []
            for (part, placement) in zip(planned.template.parts, planned.parts) {
                switch (part, placement) {
                case (.literal(let text), _): parts.append(.literal(text))
                case (.property, .root(let path)?): parts.append(.rootSlot(rootTrie.slots[path]))
                case (.property, .item(let path)?): parts.append(.itemSlot(itemTrie.slots[path]))
                case (.property, nil): return PlannedTemplate(template: planned.template, parts: nil)
                }
            }
            return PlannedTemplate(template: planned.template, parts: parts)
        }
        self.rootTrie = rootTrie
        self.itemTrie = itemTrie
        let fields = plannedSources.map { $0.map(finish) }
        self.fields = fields
        self.chainStarts = (0...fields.count).map { field in fields[..<field].reduce(0) { $0 + $1.count } }
        self.chainSlots = fields.flatMap { $0.map(SlotReference.init) }
        let joinSeparators: [String?] = sources.map { source in
            if case .joinNonEmpty(let separator) = source.combination { return separator }
            return nil
        }
        self.joinSeparators = joinSeparators
        self.plainJoinSeparators = joinSeparators.map { separator in
            separator.flatMap { separator in
                Array(separator.utf8).withUnsafeBufferPointer { $0.firstByteToEscape() == $0.count } ? separator : nil
            }
        }
        self.eventSetID = finish(plannedEventSetID)
        self.eventNameSlot = rootTrie.slots[0]
        self.itemsSlot = rootTrie.slots[1]
        self.countrySlot = rootTrie.slots[2]
    }
}

/// How one template of a chain is read: from a root or item slot when it is one property, else by
/// evaluating it.
struct SlotReference: Sendable {
    enum Kind: UInt8, Sendable {
        case root
        case item
        case template
    }
    let kind: Kind
    let slot: Int32

    /// The reference that reads `planned`.
    init(_ planned: PlannedTemplate) {
        switch planned.parts.flatMap({ $0.count == 1 ? $0[0] : nil }) {
        case .rootSlot(let slot)?: (kind, self.slot) = (.root, Int32(slot))
        case .itemSlot(let slot)?: (kind, self.slot) = (.item, Int32(slot))
        default: (kind, slot) = (.template, 0)
        }
    }
}

/// The slots of one event: filled once from the root, and once per item as items are read.
struct PlanSlots {
    /// The root slots, then the item slots: one buffer per event, which the bulk transform reuses
    /// from one event to the next.
    private var storage: [Int32]
    private let rootCount: Int

    /// Walks `document` from its root with the plan's root trie, into the memory of `reusing` (slots
    /// of an earlier event, ``takeStorage()``) when it has room.
    init(plan: TransformPlan, document: JSONDocument, reusing storage: consuming [Int32] = []) {
        let rootCount = plan.rootTrie.slotCount
        self.rootCount = rootCount
        // Reserved, then filled: `Array(repeating:count:)` of `Int32` goes through a standard
        // library entry point that is not specialized for it and looks the storage type up in the
        // runtime's shared metadata cache on every call (an atomic reader count that the threads
        // of a several-job run share).
        self.storage = consume storage
        self.storage.removeAll(keepingCapacity: true)
        self.storage.reserveCapacity(rootCount + plan.itemTrie.slotCount)
        self.storage.append(contentsOf: repeatElement(PathTrie.absent, count: rootCount + plan.itemTrie.slotCount))
        self.storage.withUnsafeMutableBufferPointer { slots in
            document.fill(UnsafeMutableBufferPointer(rebasing: slots[..<rootCount]), with: plan.rootTrie, from: document.root, itemIndex: nil)
        }
    }

    /// Hands the slots' memory over for a later event to reuse, leaving these slots empty.
    mutating func takeStorage() -> [Int32] {
        var taken: [Int32] = []
        swap(&taken, &storage)
        return taken
    }

    /// Walks one item with the plan's item trie, replacing the previous item's slots.
    mutating func enter(_ scope: ItemScope, plan: TransformPlan, document: JSONDocument) {
        guard let node = scope.node else { return }
        let rootCount = rootCount
        storage.withUnsafeMutableBufferPointer { slots in
            document.fill(UnsafeMutableBufferPointer(rebasing: slots[rootCount...]), with: plan.itemTrie, from: node, itemIndex: scope.index)
        }
    }

    /// The value of root slot `slot`: a node, or ``PathTrie/absent``.
    func root(_ slot: Int) -> Int32 { storage[slot] }

    /// The value of item slot `slot` for the item last entered: a node, or ``PathTrie/absent``.
    func item(_ slot: Int) -> Int32 { storage[rootCount + slot] }

    /// The node in root slot `slot`, or nil.
    func rootNode(_ slot: Int) -> JSONDocument.Index? {
        storage[slot] >= 0 ? Int(storage[slot]) : nil
    }
}

/// A template that reads slots instead of paths; one whose path uses `X` outside `items.X` in an
/// item field keeps the reference evaluator.
struct PlannedTemplate: Sendable {
    /// One piece: literal text, or the node in a slot.
    enum Part: Sendable {
        case literal(String)
        case rootSlot(Int)
        case itemSlot(Int)
    }

    /// The template planned.
    let template: Template
    /// The parts reading slots, or nil when the template is evaluated as written.
    let parts: [Part]?

    /// The template's value in `document`, from `slots`: the same as
    /// ``Template/evaluate(in:item:)``.
    func evaluate(in document: JSONDocument, slots: PlanSlots, item: ItemScope?) -> TemplateValue {
        guard let parts else { return template.evaluate(in: document, item: item) }
        if parts.count == 1, let node = node(parts[0], slots) {
            guard node != PathTrie.absent, document.kind(Int(node)) != .null else { return .absent }
            return .node(Int(node))
        }
        var text = ""
        for part in parts {
            if case .literal(let literal) = part {
                text += literal
                continue
            }
            guard let node = node(part, slots), node != PathTrie.absent,
                let rendered = TemplateValue.node(Int(node)).text(in: document)
            else { return .absent }
            text += rendered
        }
        return .text(text)
    }

    /// The slot value a property part reads, or nil for a literal.
    private func node(_ part: Part, _ slots: PlanSlots) -> Int32? {
        switch part {
        case .literal: return nil
        case .rootSlot(let slot): return slots.root(slot)
        case .itemSlot(let slot): return slots.item(slot)
        }
    }
}

extension TransformPlan {
    /// A plan that reads `templates` for every field, root-level and per item alike: the shape the
    /// plan-against-evaluator property checks.
    package convenience init(checking templates: [Template]) {
        let source = FieldSource(templates: templates, combination: .firstPresent)
        self.init(sources: TikTokField.allCases.map { _ in source }, eventSetID: templates.first ?? (try! Template(parsing: "")))
    }

    /// Where the plan and the reference evaluator disagree on `document`: for every field's
    /// templates, at the root (root-level fields) and inside every element of `items` (item
    /// fields). Empty when the plan is right.
    package func disagreements(in document: JSONDocument) -> [String] {
        var problems: [String] = []
        var slots = PlanSlots(plan: self, document: document)
        for field in TikTokField.allCases where !field.isPerItem {
            for planned in fields[field.ordinal] {
                let expected = planned.template.evaluate(in: document, item: nil)
                if planned.evaluate(in: document, slots: slots, item: nil) != expected {
                    problems.append("\(planned.template.source) at the root: the plan disagrees with the evaluator (\(expected))")
                }
            }
        }
        guard let items = slots.rootNode(itemsSlot) else { return problems }
        for (index, item) in document.elements(items).enumerated() {
            let scope = ItemScope(index: index, node: item)
            slots.enter(scope, plan: self, document: document)
            for field in TikTokField.allCases where field.isPerItem {
                for planned in fields[field.ordinal] {
                    let expected = planned.template.evaluate(in: document, item: scope)
                    if planned.evaluate(in: document, slots: slots, item: scope) != expected {
                        problems.append("\(planned.template.source) in item \(index): the plan disagrees with the evaluator (\(expected))")
                    }
                }
            }
        }
        return problems
    }
}

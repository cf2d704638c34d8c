import TikTokOfflineCore

/// The dialog that edits one field's source as a fallback chain (SPEC §3): its templates in
/// order, the one selected, and the template being typed, if any.
///
/// Every completed change (an element accepted, added, removed or moved) is applied to the config
/// at once, so the preview behind the dialog follows it and each change is one undo step.
package struct ChainEditor: Sendable, Equatable {
    /// The field whose source is edited.
    package let field: TikTokField
    /// The chain's templates, in the order they are tried.
    package private(set) var elements: [String]
    /// The selected element.
    package private(set) var selection: Int
    /// The text of the element being typed, or nil while choosing.
    package private(set) var editing: TextField?
    /// Why the last typed element was refused.
    package private(set) var error: String?
    private var isNewElement = false

    /// What a key did to the chain.
    package enum Outcome: Equatable {
        /// Nothing the config needs to know.
        case none
        /// The chain changed; the config takes `chain` (nil: back to the default source).
        case changed(chain: [String]?)
        /// The dialog closes.
        case close
    }

    /// An editor of `field`'s source: the operator's chain, or the default's templates when the
    /// default is itself a chain. It starts typing the first element.
    package init(field: TikTokField, override: [String]?) {
        self.field = field
        let fallback = Self.defaultChain(of: field)
        elements = override ?? fallback ?? []
        selection = 0
        if elements.isEmpty {
            startNewElement()
        } else {
            editing = TextField(elements[0])
        }
    }

    /// Adds an empty element after the selected one (first when there is none) and types it.
    private mutating func startNewElement() {
        selection = elements.isEmpty ? 0 : selection + 1
        elements.insert("", at: selection)
        isNewElement = true
        editing = TextField()
    }

    /// The default source as a chain, or nil when it is not one (the category levels are joined).
    static func defaultChain(of field: TikTokField) -> [String]? {
        let source = DefaultFieldMapping.of(field).source
        guard source.combination == .firstPresent else { return nil }
        return source.templates.map(\.source)
    }

    /// Applies a key.
    package mutating func handle(_ key: Key) -> Outcome {
        if editing != nil { return handleTyping(key) }
        switch key {
        case .up, .character("k"):
            selection = max(0, selection - 1)
        case .down, .character("j"):
            selection = min(elements.count - 1, selection + 1)
        case .enter:
            editing = TextField(elements[selection])
        case .character("a"):
            startNewElement()
        case .character("d"), .delete:
            elements.remove(at: selection)
            selection = max(0, min(selection, elements.count - 1))
            // With the last element gone the field is back on its default; typing a new one
            // overrides it again, Esc closes.
            if elements.isEmpty { startNewElement() }
            return .changed(chain: chain)
        case .character("K"), .character("J"):
            let target = selection + (key == .character("J") ? 1 : -1)
            guard elements.indices.contains(target) else { return .none }
            elements.swapAt(selection, target)
            selection = target
            return .changed(chain: chain)
        case .escape, .character("q"):
            return .close
        default:
            break
        }
        return .none
    }

    /// Inserts pasted text into the element being typed.
    package mutating func paste(_ text: String) {
        editing?.insert(text.filter { !$0.isNewline })
        error = nil
    }

    private mutating func handleTyping(_ key: Key) -> Outcome {
        switch key {
        case .enter:
            let text = editing?.text ?? ""
            if let problem = problem(with: text) {
                error = problem
                return .none
            }
            elements[selection] = text
            editing = nil
            isNewElement = false
            error = nil
            return .changed(chain: chain)
        case .escape:
            if isNewElement {
                elements.remove(at: selection)
                selection = max(0, min(selection, elements.count - 1))
                isNewElement = false
            }
            editing = nil
            error = nil
            return elements.isEmpty ? .close : .none
        default:
            _ = editing?.handle(key)
            error = nil
            return .none
        }
    }

    private func problem(with text: String) -> String? {
        guard !text.isEmpty else { return "type a template such as {{store.code}}, or Esc" }
        do {
            _ = try Template(parsing: text)
        } catch {
            return "\(error)"
        }
        if let other = elements.indices.first(where: { $0 != selection && elements[$0] == text }) {
            return "already element \(other + 1) of the chain"
        }
        return nil
    }

    /// The chain the config takes: nil when it is empty or the same as the default.
    package var chain: [String]? {
        let complete = elements.filter { !$0.isEmpty }
        guard !complete.isEmpty, complete != Self.defaultChain(of: field) else { return nil }
        return complete
    }
}

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
    /// What is wrong with the text being typed (checked on every key), or why the last one was
    /// refused.
    package private(set) var error: String?
    /// The list of the sample's paths to insert from, while it is open.
    package private(set) var picker: PathPicker?
    private var isNewElement = false

    /// What a key did to the chain.
    package enum Outcome: Equatable {
        /// Nothing the config needs to know.
        case none
        /// The chain changed; the config takes `chain` (nil: back to the default source).
        case changed(chain: [String]?)
        /// The dialog closes.
        case close
        /// The operator asks for the sample's paths (Tab while typing): open ``picker`` with them.
        case pickPath
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
        if picker != nil { return handlePicker(key) }
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
        let typed = editing?.text ?? ""
        error = typed.isEmpty ? nil : problem(with: typed)
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
        case .tab:
            return .pickPath
        default:
            _ = editing?.handle(key)
            let text = editing?.text ?? ""
            error = text.isEmpty ? nil : problem(with: text)
            return .none
        }
    }

    /// Opens the path list (while typing an element).
    package mutating func openPicker(_ entries: [PathPicker.Entry]) {
        guard editing != nil else { return }
        picker = PathPicker(entries: entries)
    }

    private mutating func handlePicker(_ key: Key) -> Outcome {
        guard var list = picker else { return .none }
        switch key {
        case .escape, .tab:
            picker = nil
            return .none
        case .enter:
            if let path = list.selectedPath {
                editing?.insert("{{\(path)}}")
                let text = editing?.text ?? ""
                error = problem(with: text)
            }
            picker = nil
            return .none
        case .up: list.selection = max(0, list.selection - 1)
        case .down: list.selection = min(max(0, list.matches.count - 1), list.selection + 1)
        case .backspace:
            if !list.filter.isEmpty { list.filter.removeLast() }
            list.selection = 0
        case .character(let character):
            list.filter.append(character)
            list.selection = 0
        default:
            break
        }
        picker = list
        return .none
    }

    /// The chain the config takes right now: with the text being typed in place when it is a
    /// template the chain would accept (so the preview follows every key), else the chain as it
    /// was before this edit. Nil means the field's default source.
    package var effectiveChain: [String]? {
        guard let text = editing?.text, !text.isEmpty, problem(with: text) == nil else { return chain }
        var typed = elements
        typed[selection] = text
        return Self.chain(of: typed, field: field)
    }

    /// The template being typed, when it parses.
    package var typedTemplate: Template? {
        guard let text = editing?.text, !text.isEmpty else { return nil }
        return try? Template(parsing: text)
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
        Self.chain(of: elements, field: field)
    }

    private static func chain(of elements: [String], field: TikTokField) -> [String]? {
        let complete = elements.filter { !$0.isEmpty }
        guard !complete.isEmpty, complete != defaultChain(of: field) else { return nil }
        return complete
    }
}

/// The sample's paths with their values, to insert one into a template: filtered as the operator
/// types.
package struct PathPicker: Sendable, Equatable {
    /// One path of the sample and its value, shortened.
    package struct Entry: Sendable, Equatable {
        /// The dotted path (`items.X.…` for an item field).
        package var path: String
        /// The value as the sample has it.
        package var value: String
    }

    /// Every path offered.
    package var entries: [Entry]
    /// The text typed so far; paths containing it (any case) are listed.
    package var filter = ""
    /// The highlighted entry, a position in ``matches``.
    package var selection = 0

    /// The positions in ``entries`` of the paths containing ``filter``.
    package var matches: [Int] {
        let wanted = filter.lowercased()
        return entries.indices.filter { wanted.isEmpty || entries[$0].path.lowercased().contains(wanted) }
    }

    /// The highlighted path, if any matches.
    package var selectedPath: String? {
        let matches = matches
        return matches.indices.contains(selection) ? entries[matches[selection]].path : nil
    }
}

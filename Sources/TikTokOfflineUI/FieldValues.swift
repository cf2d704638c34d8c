import TikTokOfflineCore

/// What a field's source gives for the current sample, shown on its row of the Field mapping pane:
/// the value before normalisation and hashing, which chain element gave it, or that it is absent.
package struct FieldValue: Sendable, Equatable {
    /// The value as text, or nil when the source gives nothing for the sample.
    package var text: String?
    /// The chain element that gave the value (from 0), when the source has several.
    package var element: Int?
    /// The source's paths that are not in the sample (in the item for item fields).
    package var missingPaths: [String]
    /// For an item field, how many items the sample has (the value is the first item's).
    package var itemCount: Int?
}

extension AppState {
    /// Every field's source, in field order, parsed from `config` for a draft that does not
    /// compile yet (a compiled config has them already); nil for an override that does not parse.
    static func sources(of config: Config) -> [FieldSource?] {
        TikTokField.allCases.map { field in
            guard let chain = config.fieldSources[field] else { return DefaultFieldMapping.of(field).source }
            return (try? chain.map { try Template(parsing: $0) }).map { FieldSource(templates: $0, combination: .firstPresent) }
        }
    }

    /// Resolves every field's source (in field order) against `document`: root fields at the
    /// root, item fields in the first element of `items`.
    static func fieldValues(sources: [FieldSource?], document: JSONDocument) -> [FieldValue] {
        let items = document.kind(document.root) == .object ? document.member(document.root, "items") : nil
        let elements = items.flatMap { document.kind($0) == .array ? document.elements($0) : nil } ?? []
        let firstItem = elements.first.map { ItemScope(index: 0, node: $0) }
        return zip(TikTokField.allCases, sources).map { field, source in
            guard let source else { return FieldValue(text: nil, missingPaths: []) }
            let scope = field.isPerItem ? firstItem : nil
            var value = resolve(source, in: document, item: scope)
            if field.isPerItem { value.itemCount = elements.count }
            return value
        }
    }

    /// The value of one source, following its combination, and the paths it reads that are absent.
    static func resolve(_ source: FieldSource, in document: JSONDocument, item: ItemScope?) -> FieldValue {
        let texts = source.templates.map { template -> String? in
            guard let text = template.evaluate(in: document, item: item).text(in: document), !text.isEmpty else { return nil }
            return text
        }
        let missing = source.templates.flatMap(\.properties).filter { $0.resolve(in: document, item: item) == nil }.map(\.description)
        switch source.combination {
        case .firstPresent:
            guard let index = texts.firstIndex(where: { $0 != nil }) else { return FieldValue(text: nil, missingPaths: missing) }
            return FieldValue(text: texts[index], element: source.templates.count > 1 ? index : nil, missingPaths: missing)
        case .joinNonEmpty(let separator):
            let parts = texts.compactMap { $0?.trimmingCharacters() }.filter { !$0.isEmpty }
            return FieldValue(text: parts.isEmpty ? nil : parts.joined(separator: separator), missingPaths: missing)
        }
    }

    /// Every leaf path of `document` with its value, for the path picker: inside `items`, only
    /// the first item's paths, written `items.X.…` for an item field (`items.0.…` otherwise).
    static func samplePaths(in document: JSONDocument, forItemField isItemField: Bool, limit: Int = 2_000) -> [PathPicker.Entry] {
        var entries: [PathPicker.Entry] = []
        func visit(_ node: JSONDocument.Index, path: String) {
            guard entries.count < limit else { return }
            switch document.kind(node) {
            case .object:
                for (key, value) in document.members(node) {
                    let name = document.string(key) ?? ""
                    visit(value, path: path.isEmpty ? name : "\(path).\(name)")
                }
            case .array:
                let elements = document.elements(node)
                let isItems = path == "items"
                for (index, element) in elements.enumerated() {
                    if isItems, index > 0 { break }
                    let segment = isItems && isItemField ? "X" : String(index)
                    visit(element, path: "\(path).\(segment)")
                }
            default:
                let raw = String(decoding: document.rawBytes(node), as: UTF8.self)
                entries.append(PathPicker.Entry(path: path, value: raw.count > 40 ? String(raw.prefix(39)) + "…" : raw))
            }
        }
        visit(document.root, path: "")
        return entries
    }
}

/// A Commanders Act dynamic value: literal text with `{{path}}` placeholders that read event properties.
///
/// `{{user.email}}` alone yields the property's JSON value unchanged; literal text around
/// placeholders makes the result a string. Inside per-item fields, the segment `X` stands for the
/// current item's index (`items.X.product.name`).
///
/// A class, not a struct: the transform hands templates around for every field of every event,
/// and sharing one immutable instance costs one reference count instead of one per stored array.
package final class Template: Sendable, Equatable, CustomStringConvertible {
    /// One piece of a template.
    enum Part: Sendable, Equatable {
        case literal(String)
        case property(PropertyPath)
    }

    /// The template as written.
    package let source: String
    let parts: [Part]

    /// Parses `source`, reporting the first malformed placeholder with its column.
    package init(parsing source: String) throws(TemplateError) {
        self.source = source
        self.parts = try TemplateParser.parse(source)
        if parts.count == 1, case .property(let path) = parts[0] {
            singleProperty = path
        } else {
            singleProperty = nil
        }
    }

    /// The template as written.
    package var description: String { source }

    /// Templates are equal when they are written the same way.
    package static func == (lhs: Template, rhs: Template) -> Bool { lhs.source == rhs.source }

    /// The path when the template is exactly one placeholder (its value keeps its JSON type).
    package let singleProperty: PropertyPath?

    /// The paths the template reads, in order.
    package var properties: [PropertyPath] {
        parts.compactMap { part in
            if case .property(let path) = part { return path }
            return nil
        }
    }

    /// Whether the template reads nothing from the event.
    package var isLiteral: Bool { properties.isEmpty }

    /// Evaluates the template against `document`, with `itemIndex` standing for `X`.
    package func evaluate(in document: JSONDocument, itemIndex: Int? = nil) -> TemplateValue {
        evaluate(in: document, item: itemIndex.map { ItemScope(index: $0, in: document) })
    }

    /// Evaluates the template against `document` inside one item of `items`.
    package func evaluate(in document: JSONDocument, item: ItemScope?) -> TemplateValue {
        if let path = singleProperty {
            guard let node = path.resolve(in: document, item: item), document.kind(node) != .null else {
                return .absent
            }
            return .node(node)
        }
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .property(let path):
                guard let node = path.resolve(in: document, item: item),
                    let rendered = TemplateValue.node(node).text(in: document)
                else { return .absent }
                text += rendered
            }
        }
        return .text(text)
    }

    /// Names where the value comes from, for diagnostics: the path (with `X` resolved) or the template.
    package func sourceDescription(itemIndex: Int?) -> String {
        guard let path = singleProperty else { return source }
        return path.description(itemIndex: itemIndex)
    }
}

/// The result of evaluating a ``Template`` against an event.
package enum TemplateValue: Sendable, Equatable {
    /// The property is missing or null (a mixed template with a missing property is absent as a whole).
    case absent
    /// A single placeholder's JSON value, as a node of the event document.
    case node(JSONDocument.Index)
    /// The text of a template with literal parts.
    case text(String)

    /// The value rendered as text: strings as themselves, numbers in shortest form, booleans as
    /// `true`/`false`, arrays and objects as compact JSON; nil when absent or null.
    package func text(in document: JSONDocument) -> String? {
        switch self {
        case .absent: return nil
        case .text(let text): return text
        case .node(let node):
            switch document.kind(node) {
            case .null: return nil
            case .string: return document.string(node)
            case .number: return IdentifierText.fromNumber(document, node)
            case .bool: return document.bool(node)! ? "true" : "false"
            case .array, .object: return String(decoding: document.rawBytes(node), as: UTF8.self)
            }
        }
    }
}

/// A dotted property path such as `items.X.product.name`.
package struct PropertyPath: Sendable, Equatable, CustomStringConvertible {
    /// One step of the path: a key (a range of ``keyBytes``), also usable as an array index.
    /// Plain data, so walking a path copies no references.
    struct Segment: Sendable, Equatable {
        var keyStart: Int
        var keyCount: Int
        var arrayIndex: Int?
        var isItemIndex: Bool
    }

    /// Every segment's key, one after the other.
    let keyBytes: [UInt8]
    let segments: [Segment]
    /// The path starts with `items.X`, so inside an item it can start from the item's node.
    let startsAtItem: Bool

    /// The path as written, segments joined by dots.
    package let description: String

    /// Creates a path from its dotted form; the caller has checked that no segment is empty.
    init(dotted: String) {
        let names = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        self.description = names.joined(separator: ".")
        var keyBytes: [UInt8] = []
        self.segments = names.map { name in
            let start = keyBytes.count
            keyBytes += name.utf8
            return Segment(
                keyStart: start, keyCount: keyBytes.count - start, arrayIndex: name.allSatisfy(\.isASCIIDigit) ? Int(name) : nil,
                isItemIndex: name == "X")
        }
        self.keyBytes = keyBytes
        self.startsAtItem = names.count >= 2 && names[0] == "items" && names[1] == "X"
    }

    /// The path's segments as written.
    var segmentNames: [String] {
        segments.map { String(decoding: keyBytes[$0.keyStart..<$0.keyStart + $0.keyCount], as: UTF8.self) }
    }

    /// Whether the path uses the item index `X`.
    package var usesItemIndex: Bool { segments.contains { $0.isItemIndex } }

    /// The path with `X` replaced by `itemIndex`.
    package func description(itemIndex: Int?) -> String {
        guard let itemIndex, usesItemIndex else { return description }
        return segments.map { segment in
            segment.isItemIndex
                ? String(itemIndex) : String(decoding: keyBytes[segment.keyStart..<segment.keyStart + segment.keyCount], as: UTF8.self)
        }.joined(separator: ".")
    }

    /// The node this path names in `document`, or nil when any step is missing.
    package func resolve(in document: JSONDocument, itemIndex: Int? = nil) -> JSONDocument.Index? {
        resolve(in: document, item: itemIndex.map { ItemScope(index: $0, in: document) })
    }

    /// The node this path names, starting from the item's node when the path begins `items.X`.
    package func resolve(in document: JSONDocument, item: ItemScope?) -> JSONDocument.Index? {
        var node = document.root
        var first = 0
        if startsAtItem, let item {
            guard let itemNode = item.node else { return nil }
            node = itemNode
            first = 2
        }
        let itemIndex = item?.index
        return keyBytes.withUnsafeBufferPointer { keys in
            segments.withUnsafeBufferPointer { segments in
                for segment in segments[first...] {
                    switch document.kind(node) {
                    case .object:
                        let key = UnsafeBufferPointer(rebasing: keys[segment.keyStart..<segment.keyStart + segment.keyCount])
                        guard let next = document.member(node, key) else { return nil }
                        node = next
                    case .array:
                        let position = segment.isItemIndex ? itemIndex : segment.arrayIndex
                        guard let position, let next = document.element(node, at: position) else { return nil }
                        node = next
                    default:
                        return nil
                    }
                }
                return node
            }
        }
    }
}

/// The item of `items` that `X` stands for: its index and, when `items` holds it, its node.
package struct ItemScope: Sendable, Equatable {
    /// The item's position in `items`.
    package var index: Int
    /// The item's node in the event, or nil when `items` has no such element.
    package var node: JSONDocument.Index?

    /// A scope whose node is already known.
    package init(index: Int, node: JSONDocument.Index?) {
        self.index = index
        self.node = node
    }

    /// The scope of item `index`, looking its node up in the event's `items`.
    package init(index: Int, in document: JSONDocument) {
        self.index = index
        self.node = document.member(document.root, "items").flatMap { document.element($0, at: index) }
    }
}

/// A malformed template, with the column (from 1, in characters) where the problem starts.
package struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    package var message: String
    /// The column in the template text.
    package var column: Int

    /// `column C: message`.
    package var description: String { "column \(column): \(message)" }
}

enum TemplateParser {
    static func parse(_ source: String) throws(TemplateError) -> [Template.Part] {
        let characters = Array(source)
        var parts: [Template.Part] = []
        var literal = ""
        var index = 0
        func startsWith(_ pair: Character, at position: Int) -> Bool {
            position + 1 < characters.count && characters[position] == pair && characters[position + 1] == pair
        }
        while index < characters.count {
            if startsWith("{", at: index) {
                let open = index
                var close = index + 2
                while close < characters.count, !startsWith("}", at: close) {
                    if startsWith("{", at: close) {
                        throw TemplateError(message: "'{{' is opened again before the '{{' at column \(open + 1) is closed", column: close + 1)
                    }
                    close += 1
                }
                guard close < characters.count else {
                    throw TemplateError(message: "'{{' has no matching '}}'", column: open + 1)
                }
                let inner = String(characters[(open + 2)..<close]).trimmingASCIISpaces()
                parts.appendLiteral(&literal)
                parts.append(.property(try path(inner, column: open + 1)))
                index = close + 2
            } else if startsWith("}", at: index) {
                throw TemplateError(message: "'}}' has no matching '{{'", column: index + 1)
            } else {
                literal.append(characters[index])
                index += 1
            }
        }
        parts.appendLiteral(&literal)
        return parts
    }

    private static func path(_ inner: String, column: Int) throws(TemplateError) -> PropertyPath {
        guard !inner.isEmpty else {
            throw TemplateError(message: "empty property path in '{{}}'", column: column)
        }
        let segments = inner.split(separator: ".", omittingEmptySubsequences: false)
        if segments.contains(where: \.isEmpty) {
            throw TemplateError(message: "property path '\(inner)' has an empty segment", column: column)
        }
        if inner.contains(where: \.isWhitespace) {
            throw TemplateError(message: "property path '\(inner)' contains spaces", column: column)
        }
        return PropertyPath(dotted: inner)
    }
}

extension [Template.Part] {
    fileprivate mutating func appendLiteral(_ literal: inout String) {
        guard !literal.isEmpty else { return }
        append(.literal(literal))
        literal = ""
    }
}

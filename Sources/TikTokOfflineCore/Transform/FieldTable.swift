/// A TikTok field whose source the operator may override ("smart mapping"), keyed by its path in
/// the legacy format (`properties.contents.X.price`).
///
/// The cases are in the order of the destination's field table, which is also the order of the
/// keys in the payload and of `field_sources` in a canonical config.
public enum TikTokField: String, CaseIterable, Sendable, Codable {
    /// The event's id, which TikTok uses to deduplicate events sent twice.
    case eventID = "event_id"
    /// When the event happened.
    case timestamp = "timestamp"
    /// The customer's phone numbers, normalised to E.164 and hashed.
    case phoneNumbers = "context.user.phone_numbers"
    /// The customer's email addresses, trimmed, lower-cased and hashed.
    case emails = "context.user.emails"
    /// The order's id.
    case orderID = "properties.order_id"
    /// The store's id.
    case shopID = "properties.shop_id"
    /// An item's product id (SKU).
    case contentID = "properties.contents.X.content_id"
    /// An item's name.
    case contentName = "properties.contents.X.content_name"
    /// An item's unit price.
    case price = "properties.contents.X.price"
    /// An item's quantity.
    case quantity = "properties.contents.X.quantity"
    /// An item's content type (`product` or `product_group`).
    case contentType = "properties.contents.X.content_type"
    /// An item's category, its levels joined.
    case contentCategory = "properties.contents.X.content_category"
    /// The ISO 4217 currency of the prices and the value.
    case currency = "properties.currency"
    /// The total value of the event.
    case value = "properties.value"
    /// The channel the event happened in (`in_store`, `phone_call`, …).
    case eventChannel = "properties.event_channel"

    /// The field's path with `X` replaced by an item index, as diagnostics name it.
    package func path(itemIndex: Int?) -> String {
        Self.path(rawValue, itemIndex: itemIndex)
    }

    /// `path` with its `X` segments replaced by `itemIndex` (unchanged when nil).
    package static func path(_ path: String, itemIndex: Int?) -> String {
        guard let itemIndex else { return path }
        return path.split(separator: ".").map { $0 == "X" ? String(itemIndex) : String($0) }.joined(separator: ".")
    }

    /// The field's position in the table (and in ``allCases``), for array lookups without hashing.
    package var ordinal: Int {
        switch self {
        case .eventID: return 0
        case .timestamp: return 1
        case .phoneNumbers: return 2
        case .emails: return 3
        case .orderID: return 4
        case .shopID: return 5
        case .contentID: return 6
        case .contentName: return 7
        case .price: return 8
        case .quantity: return 9
        case .contentType: return 10
        case .contentCategory: return 11
        case .currency: return 12
        case .value: return 13
        case .eventChannel: return 14
        }
    }

    /// Whether the field is read once per item of `items`.
    package var isPerItem: Bool { rawValue.contains(".X.") }
}

/// How the templates of a field's source combine into one value.
package enum SourceCombination: Sendable, Equatable {
    /// The first template that yields a value wins (a fallback chain).
    case firstPresent
    /// Every non-empty value is joined with the separator (category levels).
    case joinNonEmpty(separator: String)
}

/// Where a field's value comes from: one or more templates and how they combine.
package struct FieldSource: Sendable, Equatable {
    /// The templates, in order.
    package let templates: [Template]
    /// How their values combine.
    package let combination: SourceCombination
    /// What diagnostics call a joined source (`items.X.product.category_1…5`), nil for a chain.
    package let joinedName: String?

    /// A source made of one template (what an override is).
    package init(_ template: Template) {
        self.templates = [template]
        self.combination = .firstPresent
        self.joinedName = nil
    }

    /// A source made of several templates.
    package init(templates: [Template], combination: SourceCombination, joinedName: String? = nil) {
        self.templates = templates
        self.combination = combination
        self.joinedName = joinedName
    }

    /// A fallback chain of template texts on one line: `a | fallback b`.
    package static func summary(ofChain chain: [String]) -> String {
        chain.joined(separator: " | fallback ")
    }

    /// The source as the configurator shows it: templates joined by ` | fallback ` or ` > `.
    package var summary: String {
        switch combination {
        case .firstPresent: return Self.summary(ofChain: templates.map(\.source))
        case .joinNonEmpty(let separator): return templates.map(\.source).joined(separator: " \(separator) ")
        }
    }
}

/// One row of the destination's prebuilt field mapping.
package struct DefaultFieldMapping: Sendable {
    /// The TikTok field.
    package let field: TikTokField
    /// Where its value comes from unless the operator overrides it.
    package let source: FieldSource
    /// What the value becomes, in a few words.
    package let note: String

    /// The prebuilt mapping of the TikTok Offline Events destination, in field order.
    package static let table: [DefaultFieldMapping] = [
        row(.eventID, ["{{id}}", "{{context.event_id}}"], "string; falls back to context.event_id"),
        row(.timestamp, ["{{context.event_timestamp}}"], "epoch ms or ISO-8601 → UTC time"),
        row(.phoneNumbers, ["{{user.phone}}", "{{user.phone_sha256}}"], "E.164, SHA-256; falls back to user.phone_sha256"),
        row(.emails, ["{{user.email}}", "{{user.email_sha256}}"], "trim, lower-case, SHA-256; falls back to user.email_sha256"),
        row(.orderID, ["{{id}}"], "string"),
        row(.shopID, ["{{shop_id}}"], "string"),
        row(.contentID, ["{{items.X.id}}"], "string"),
        row(.contentName, ["{{items.X.product.name}}"], "string"),
        row(.price, ["{{items.X.product.price}}"], "number"),
        row(.quantity, ["{{items.X.quantity}}"], "integer"),
        row(.contentType, ["{{items.X.type}}"], "string"),
        DefaultFieldMapping(
            field: .contentCategory,
            source: FieldSource(
                templates: (1...5).map { try! Template(parsing: "{{items.X.product.category_\($0)}}") },
                combination: .joinNonEmpty(separator: ">"),
                joinedName: "items.X.product.category_1…5"
            ),
            note: "non-empty levels joined by '>'"
        ),
        row(.currency, ["{{currency}}"], "upper-cased ISO 4217"),
        row(.value, ["{{value}}"], "number; 0 is kept"),
        row(.eventChannel, ["{{type}}"], "through the channel table"),
    ]

    /// The default mapping of `field`.
    package static func of(_ field: TikTokField) -> DefaultFieldMapping {
        table.first { $0.field == field }!
    }

    private static func row(_ field: TikTokField, _ templates: [String], _ note: String) -> DefaultFieldMapping {
        DefaultFieldMapping(
            field: field,
            source: FieldSource(templates: templates.map { try! Template(parsing: $0) }, combination: .firstPresent),
            note: note
        )
    }
}

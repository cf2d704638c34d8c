/// An event's values after the §5 rules: resolved, normalised, hashed; nil or empty means
/// "leave the field out".
package struct NormalizedEvent {
    /// One entry of `contents`.
    struct Content {
        var id: FieldText?
        var name: FieldText?
        var price: EventNumber?
        var quantity: Int64?
        var type: FieldText?
        var category: FieldText?

        var isEmpty: Bool { id == nil && name == nil && price == nil && quantity == nil && type == nil && category == nil }
    }

    var eventSetID: String?
    var eventID: FieldText?
    var milliseconds: Int64?
    var phones = DigestList()
    var emails = DigestList()
    var orderID: FieldText?
    var shopID: FieldText?
    var contents: [Content] = []
    /// The byte ranges of every ``FieldText/joined(parts:field:)`` value's parts.
    var joinedParts: [Range<Int>] = []
    var currency: String?
    var value: EventNumber?
    var channel: String?
}

/// A decimal of a normalised event: its value, and the bytes of its JSON literal when they are
/// exactly what the writer would write for it (see ``JSONNumberText/isShortestForm(_:)``), so
/// they are copied instead of formatted again.
struct EventNumber: Equatable {
    var value: Double
    var literal: Range<Int>?
}

/// A text value of a normalised event: the bytes of a string of the event that holds no escapes
/// (written out as they are, no `String` made), such strings joined, or text the rules made.
package enum FieldText: Sendable, Equatable {
    /// The content of a plain string of the event, as a range of its bytes.
    case event(Range<Int>)
    /// Contents of plain strings of the event joined by the separator of the field whose
    /// ordinal is `field` (a text that needs no escaping): their byte ranges are
    /// ``FieldTextSource/joinedParts``[`parts`]. Small, so that the enum stays two words.
    case joined(parts: Range<Int32>, field: Int32)
    /// Text made by the rules (an unescaped string, a number's text, a mixed template's result).
    case text(String)

    /// The text, reading event bytes from `source`.
    func string(in source: FieldTextSource) -> String {
        switch self {
        case .event(let range):
            return String(decoding: source.document.bytes[range], as: UTF8.self)
        case .joined(let parts, let field):
            return source.joinedParts[Int(parts.lowerBound)..<Int(parts.upperBound)].map {
                String(decoding: source.document.bytes[$0], as: UTF8.self)
            }
            .joined(separator: source.separator(field))
        case .text(let text):
            return text
        }
    }
}

/// Where the bytes of an event's ``FieldText`` values are: the event itself, and the ranges of
/// the parts that joined values are made of.
struct FieldTextSource {
    let document: JSONDocument
    let joinedParts: [Range<Int>]
    /// The separator of each field whose values are joined as parts, by field ordinal.
    let joinSeparators: [String?]

    /// The separator of the joined field with ordinal `field`.
    func separator(_ field: Int32) -> String { joinSeparators[Int(field)] ?? "" }
}

/// Reads one event field by field, applying the transform rules and collecting diagnostics.
package struct EventReader {
    let document: JSONDocument
    let config: CompiledConfig
    let now: Int64
    /// The nodes of every path the config reads, from one walk of the event (and one per item).
    var slots: PlanSlots
    package var diagnostics: [Diagnostic] = []
    /// The parts of the joined values read so far, moved into the event by ``read()``
    /// (``NormalizedEvent/joinedParts``).
    var joinedParts: [Range<Int>] = []

    package init(document: JSONDocument, config: CompiledConfig, now: Int64) {
        self.init(document: document, config: config, now: now, reusingSlots: [])
    }

    /// A reader whose slots use the memory of `slotStorage`, an earlier reader's
    /// (``PlanSlots/takeStorage()``).
    init(document: JSONDocument, config: CompiledConfig, now: Int64, reusingSlots slotStorage: consuming [Int32]) {
        self.document = document
        self.config = config
        self.now = now
        self.slots = PlanSlots(plan: config.plan, document: document, reusing: consume slotStorage)
    }

    /// Reports about `subject`, naming `source` (a path or template) when there is one.
    mutating func report(_ severity: Severity, _ subject: DiagnosticSubject, source: String? = nil, _ message: String) {
        diagnostics.append(Diagnostic(severity, subject, source: source, message))
    }

    /// Reports about the value at `path` (its node `node`) of the event.
    mutating func report(_ severity: Severity, _ subject: DiagnosticSubject, path: String, node: JSONDocument.Index, _ message: String) {
        let bytes = document.offset(node)..<document.offset(node) + document.rawBytes(node).count
        let origin = ValueOrigin(template: "{{\(path)}}", chainIndex: 0, bytes: bytes)
        diagnostics.append(Diagnostic(severity, subject, source: path, origin: origin, message))
    }

    /// Reports about a value found in the event: its source in words and where it lies.
    mutating func report(_ severity: Severity, _ subject: DiagnosticSubject, from origin: Origin, _ message: String) {
        diagnostics.append(Diagnostic(severity, subject, source: describe(origin), origin: valueOrigin(origin), message))
    }

    /// Applies every §5 rule, in field order. The values are built as locals and the event made
    /// once at the end, so it is never copied on the way out.
    package mutating func read() -> NormalizedEvent {
        let eventSetID = readEventSetID()
        let eventID = readText(.eventID)
        if eventID == nil {
            let source = config.source(of: .eventID).templates.map(\.source).joined(separator: ", ")
            report(.warning, .field(.eventID, item: nil), source: source, "no event id: TikTok cannot deduplicate this event")
        }
        let milliseconds = readTime()
        let phones = readPhones()
        let emails = readEmails()
        if phones.isEmpty, emails.isEmpty {
            report(
                .warning, .userData, source: "user.email, user.phone",
                "no email and no phone after normalisation: TikTok cannot match this event to a person")
        }
        let orderID = readText(.orderID)
        let shopID = readText(.shopID)
        let contents = readContents()
        let currency = readCurrency()
        let value = readDecimal(.value, item: nil)
        if value != nil, currency == nil {
            report(.warning, .field(.value, item: nil), "value without currency: TikTok cannot report revenue without properties.currency")
        } else if currency != nil, value == nil {
            report(.warning, .field(.currency, item: nil), "currency without value: add properties.value to report revenue")
        }
        let channel = readChannel()
        var parts: [Range<Int>] = []
        swap(&parts, &joinedParts)
        return NormalizedEvent(
            eventSetID: eventSetID, eventID: eventID, milliseconds: milliseconds, phones: phones, emails: emails, orderID: orderID,
            shopID: shopID, contents: contents, joinedParts: parts, currency: currency, value: value, channel: channel)
    }

}

/// An event's values after the §5 rules: resolved, normalised, hashed; nil or empty means
/// "leave the field out".
struct NormalizedEvent {
    /// One entry of `contents`.
    struct Content {
        var id: String?
        var name: String?
        var price: Double?
        var quantity: Int64?
        var type: String?
        var category: String?

        var isEmpty: Bool { id == nil && name == nil && price == nil && quantity == nil && type == nil && category == nil }
    }

    var eventSetID: String?
    var eventID: String?
    var milliseconds: Int64?
    var phones: [SHA256Digest] = []
    var emails: [SHA256Digest] = []
    var orderID: String?
    var shopID: String?
    var contents: [Content] = []
    var currency: String?
    var value: Double?
    var channel: String?
}

/// Reads one event field by field, applying the transform rules and collecting diagnostics.
struct EventReader {
    let document: JSONDocument
    let config: CompiledConfig
    let now: Int64
    var diagnostics: [Diagnostic] = []

    /// What a field's source yielded: a node of the event, or text from a mixed template.
    enum Found {
        case node(JSONDocument.Index)
        case text(String)
    }

    init(document: JSONDocument, config: CompiledConfig, now: Int64) {
        self.document = document
        self.config = config
        self.now = now
    }

    mutating func report(_ severity: Severity, _ field: String, _ source: String?, _ message: String) {
        diagnostics.append(Diagnostic(severity, field: field, source: source, message))
    }

    mutating func read() -> NormalizedEvent {
        var event = NormalizedEvent()
        event.eventSetID = readEventSetID()
        event.eventID = readIdentifier(.eventID)
        if event.eventID == nil {
            let source = config.source(of: .eventID).templates.map(\.source).joined(separator: ", ")
            report(.warning, TikTokField.eventID.rawValue, source, "no event id: TikTok cannot deduplicate this event")
        }
        event.milliseconds = readTime()
        event.phones = readPhones()
        event.emails = readEmails()
        if event.phones.isEmpty, event.emails.isEmpty {
            report(
                .warning, "context.user", "user.email, user.phone",
                "no email and no phone after normalisation: TikTok cannot match this event to a person")
        }
        event.orderID = readIdentifier(.orderID)
        event.shopID = readIdentifier(.shopID)
        event.contents = readContents()
        event.currency = readCurrency()
        event.value = readDecimal(.value, item: nil)
        if event.value != nil, event.currency == nil {
            report(.warning, TikTokField.value.rawValue, nil, "value without currency: TikTok cannot report revenue without properties.currency")
        } else if event.currency != nil, event.value == nil {
            report(.warning, TikTokField.currency.rawValue, nil, "currency without value: add properties.value to report revenue")
        }
        event.channel = readChannel()
        return event
    }

    // MARK: Sources

    /// Where a found value came from, as plain data (no template is copied per value);
    /// ``describe(_:)`` puts it in words only when a diagnostic needs it.
    struct Origin {
        let field: TikTokField
        let templateIndex: Int
        let itemIndex: Int?
        let isJoined: Bool
        let element: Int?

        func element(_ position: Int) -> Origin {
            Origin(field: field, templateIndex: templateIndex, itemIndex: itemIndex, isJoined: isJoined, element: position)
        }
    }

    /// The source path (or template) an origin names, for a diagnostic.
    func describe(_ origin: Origin) -> String {
        let path = config.source(of: origin.field).templates[origin.templateIndex].sourceDescription(itemIndex: origin.itemIndex)
        if origin.isJoined { return path.replacingSuffix("_1", with: "_1…5") }
        return origin.element.map { "\(path).\($0)" } ?? path
    }

    /// Evaluates a field's source; absent, null and empty strings count as missing.
    func find(_ field: TikTokField, item: ItemScope?) -> (found: Found, origin: Origin)? {
        let source = config.source(of: field)
        switch source.combination {
        case .firstPresent:
            for index in source.templates.indices {
                if let found = evaluate(source.templates[index], item: item) {
                    return (found, Origin(field: field, templateIndex: index, itemIndex: item?.index, isJoined: false, element: nil))
                }
            }
            return nil
        case .joinNonEmpty(let separator):
            var joined = ""
            for index in source.templates.indices {
                guard let found = evaluate(source.templates[index], item: item), let text = text(of: found) else { continue }
                let trimmed = text.trimmingASCIISpaces()
                guard !trimmed.isEmpty else { continue }
                if !joined.isEmpty { joined += separator }
                joined += trimmed
            }
            guard !joined.isEmpty else { return nil }
            let origin = Origin(field: field, templateIndex: 0, itemIndex: item?.index, isJoined: source.templates.count > 1, element: nil)
            return (.text(joined), origin)
        }
    }

    private func evaluate(_ template: Template, item: ItemScope?) -> Found? {
        switch template.evaluate(in: document, item: item) {
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

    // MARK: Fields

    mutating func readEventSetID() -> String? {
        let template = config.eventSetID
        let value = template.evaluate(in: document)
        guard let id = value.text(in: document)?.trimmingASCIISpaces(), !id.isEmpty else {
            report(
                .error, "event_set_id", template.isLiteral ? nil : template.source,
                "missing: the template \(template.source) found nothing in this event")
            return nil
        }
        if let warning = EventSetIDCheck.problem(with: id) {
            report(.warning, "event_set_id", template.isLiteral ? nil : template.source, warning)
        }
        return id
    }

    /// Reads a string field (identifiers and names): strings as they are, numbers as shortest text.
    mutating func readIdentifier(_ field: TikTokField, item: ItemScope? = nil) -> String? {
        guard let (found, origin) = find(field, item: item) else { return nil }
        switch found {
        case .text(let text):
            return text
        case .node(let node):
            switch document.kind(node) {
            case .string: return document.string(node)
            case .number: return IdentifierText.fromNumber(document, node)
            default:
                report(
                    .warning, field.path(itemIndex: item?.index), describe(origin), "left out: \(kindDescription(node)) where a string was expected"
                )
                return nil
            }
        }
    }

    mutating func readTime() -> Int64? {
        let field = TikTokField.timestamp.rawValue
        guard let (found, origin) = find(.timestamp, item: nil) else {
            report(
                .error, field, config.source(of: .timestamp).templates.map(\.source).joined(separator: ", "),
                "missing: the event time is required (epoch milliseconds or ISO-8601 with an offset)")
            return nil
        }
        let reading: EventTime.Reading?
        switch found {
        case .node(let node): reading = EventTime.read(document, node)
        case .text(let text): reading = EventTime.parseISO8601(text).map { EventTime.Reading(milliseconds: $0, wasSeconds: false) }
        }
        let source = describe(origin)
        guard let reading else {
            report(.error, field, source, "cannot read the time: expected epoch milliseconds or an ISO-8601 string with an offset or Z")
            return nil
        }
        if reading.wasSeconds {
            report(.warning, field, source, "number below 100000000000 read as epoch seconds, not milliseconds")
        }
        let age = now - reading.milliseconds
        if age > 28 * 86_400_000 {
            report(.warning, field, source, "event is \(age / 86_400_000) days old: TikTok does not attribute offline events older than 28 days")
        } else if age < -10 * 60_000 {
            report(.warning, field, source, "event is \(-age / 60_000) minutes in the future: check the clock or the time zone")
        }
        return reading.milliseconds
    }

    /// The string values of a user field that may be a string or an array of strings.
    mutating func userValues(_ field: TikTokField) -> [(value: String, origin: Origin)] {
        guard let (found, origin) = find(field, item: nil) else { return [] }
        switch found {
        case .text(let text):
            return [(text, origin)]
        case .node(let node):
            switch document.kind(node) {
            case .string:
                return [(document.string(node)!, origin)]
            case .array:
                var values: [(String, Origin)] = []
                for (position, element) in document.elements(node).enumerated() {
                    if let text = document.string(element) {
                        values.append((text, origin.element(position)))
                    } else if document.kind(element) != .null {
                        report(
                            .warning, field.rawValue, describe(origin.element(position)),
                            "left out: \(kindDescription(element)) where a string was expected")
                    }
                }
                return values
            default:
                report(
                    .warning, field.rawValue, describe(origin),
                    "left out: \(kindDescription(node)) where a string or an array of strings was expected")
                return []
            }
        }
    }

    mutating func readEmails() -> [SHA256Digest] {
        var digests = DistinctDigests()
        let values = userValues(.emails)
        for (position, (value, origin)) in values.enumerated() {
            guard !digests.isFull else {
                reportCap(.emails, left: values.count - position, origin: origin)
                break
            }
            switch EmailNormalizer.normalize(value) {
            case .empty:
                continue
            case .preHashed(let digest):
                digests.appendIfNew(digest)
            case .normalized(let address, let looksMalformed):
                if looksMalformed {
                    report(
                        .warning, TikTokField.emails.rawValue, describe(origin),
                        "does not look like an email address (needs exactly one '@' and a dot in the domain); hashed anyway")
                }
                digests.appendIfNew(SHA256Digest(hashing: address))
            }
        }
        return digests.values
    }

    /// Reports the values of `field` left out because an event holds more than
    /// ``DistinctDigests/limit`` distinct ones.
    mutating func reportCap(_ field: TikTokField, left: Int, origin: Origin) {
        report(
            .warning, field.rawValue, describe(origin),
            "left out the last \(left) value\(left == 1 ? "" : "s"): an event keeps at most \(DistinctDigests.limit) distinct \(field == .emails ? "emails" : "phone numbers")"
        )
    }

    mutating func readPhones() -> [SHA256Digest] {
        let values = userValues(.phoneNumbers)
        guard !values.isEmpty else { return [] }
        let region = eventRegion() ?? config.phoneRegion
        let normalizer = PhoneNormalizer()
        var digests = DistinctDigests()
        for (position, (value, origin)) in values.enumerated() {
            guard !digests.isFull else {
                reportCap(.phoneNumbers, left: values.count - position, origin: origin)
                break
            }
            switch normalizer.normalize(value, region: region) {
            case .empty:
                continue
            case .preHashed(let digest):
                digests.appendIfNew(digest)
            case .e164(let number):
                digests.appendIfNew(SHA256Digest(hashing: number))
            case .refused(let reason):
                report(.warning, TikTokField.phoneNumbers.rawValue, describe(origin), "left out: the phone number \(reason)")
            }
        }
        return digests.values
    }

    /// The region named by the event's `user.country`, when it is a known alpha-2 code.
    func eventRegion() -> PhoneRegionTable.Row? {
        guard let user = document.member(document.root, "user"), let country = document.member(user, "country"),
            let code = document.string(country), code.utf8.count == 2
        else { return nil }
        return PhoneRegionTable.shared.region(code.uppercased())
    }

    mutating func readDecimal(_ field: TikTokField, item: ItemScope?) -> Double? {
        guard let (found, origin) = find(field, item: item) else { return nil }
        let result: Result<Double, NumberProblem>
        switch found {
        case .node(let node): result = NumberReader.decimal(document, node)
        case .text(let text): result = NumberReader.decimal(text: text)
        }
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            report(.warning, field.path(itemIndex: item?.index), describe(origin), "left out: \(problem.message)")
            return nil
        }
    }

    mutating func readQuantity(item: ItemScope) -> Int64? {
        let field = TikTokField.quantity
        guard let (found, origin) = find(field, item: item) else { return nil }
        let result: Result<Int64, NumberProblem>
        switch found {
        case .node(let node): result = NumberReader.integer(document, node)
        case .text(let text): result = NumberReader.integer(text: text)
        }
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            report(.warning, field.path(itemIndex: item.index), describe(origin), "left out: \(problem.message)")
            return nil
        }
    }

    mutating func readContents() -> [NormalizedEvent.Content] {
        guard let items = document.member(document.root, "items"), document.kind(items) != .null else { return [] }
        guard document.kind(items) == .array else {
            report(.warning, "properties.contents", "items", "left out: items is \(kindDescription(items)), not an array")
            return []
        }
        var contents: [NormalizedEvent.Content] = []
        for (index, item) in document.elements(items).enumerated() {
            guard document.kind(item) == .object else {
                report(.warning, "properties.contents.\(index)", "items.\(index)", "item skipped: \(kindDescription(item)), not an object")
                continue
            }
            let scope = ItemScope(index: index, node: item)
            var content = NormalizedEvent.Content()
            content.id = readIdentifier(.contentID, item: scope)
            content.name = readIdentifier(.contentName, item: scope)
            content.price = readDecimal(.price, item: scope)
            content.quantity = readQuantity(item: scope)
            content.type = readIdentifier(.contentType, item: scope)
            content.category = readIdentifier(.contentCategory, item: scope)
            if !content.isEmpty { contents.append(content) }
        }
        return contents
    }

    mutating func readCurrency() -> String? {
        guard let code = readIdentifier(.currency)?.trimmingASCIISpaces().uppercased(), !code.isEmpty else { return nil }
        if !SupportedCurrency.codes.contains(code) {
            report(
                .warning, TikTokField.currency.rawValue, find(.currency, item: nil).map { describe($0.origin) },
                "\"\(code)\" is not in TikTok's list of supported currencies")
        }
        return code
    }

    mutating func readChannel() -> String? {
        guard let type = readIdentifier(.eventChannel)?.trimmingASCIISpaces(), !type.isEmpty else { return nil }
        guard let channel = config.channels.channel(for: type) else {
            let source = find(.eventChannel, item: nil).map { describe($0.origin) }
            report(
                .warning, TikTokField.eventChannel.rawValue, source,
                "left out: \"\(type)\" is not a TikTok channel and has no alias (add it to channel_aliases; TikTok accepts \(ChannelTable.tiktokChannels.joined(separator: ", ")))"
            )
            return nil
        }
        return channel
    }

    func kindDescription(_ node: JSONDocument.Index) -> String {
        switch document.kind(node) {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension NumberReader {
    /// A decimal from template text.
    static func decimal(text: String) -> Result<Double, NumberProblem> {
        let trimmed = text.trimmingASCIISpaces()
        guard isDecimalText(trimmed) else { return .failure(.notNumeric(trimmed)) }
        let value = Double(trimmed) ?? .infinity
        return value.isFinite ? .success(value) : .failure(.outOfRange)
    }

    /// An integer from template text.
    static func integer(text: String) -> Result<Int64, NumberProblem> {
        decimal(text: text).flatMap { value in
            value == value.rounded() && abs(value) < 9.0e15 ? .success(Int64(value)) : .failure(.notIntegral)
        }
    }
}

/// The distinct hashed values of one user field, in first-seen order: duplicates after
/// normalisation are sent once, found in linear time however many values an event holds.
struct DistinctDigests {
    /// The most distinct values one event keeps per field.
    static let limit = 1000
    /// Up to this many values a scan finds duplicates, so the usual event (one or two values)
    /// never allocates a set; past it, a set keeps the work linear.
    private static let scanLimit = 16
    private(set) var values: [SHA256Digest] = []
    private var seen: Set<SHA256Digest> = []

    /// Whether ``limit`` values are held.
    var isFull: Bool { values.count >= Self.limit }

    /// Appends `digest` unless it is already present.
    mutating func appendIfNew(_ digest: SHA256Digest) {
        if values.count < Self.scanLimit {
            if !values.contains(digest) { values.append(digest) }
            return
        }
        if seen.isEmpty { seen = Set(values) }
        if seen.insert(digest).inserted { values.append(digest) }
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}

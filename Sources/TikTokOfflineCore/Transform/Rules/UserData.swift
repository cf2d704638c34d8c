/// SPEC §5: user data: emails trimmed, lower-cased and hashed; phones normalised to E.164 in the
/// region of `user.country` (else the config's) and hashed; pre-hashed values passed through;
/// duplicates sent once, at most 1 000 values per field.
extension EventReader {
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
                        values.append((text, origin.element(position, node: element)))
                    } else if document.kind(element) != .null {
                        report(
                            .warning, .field(field, item: nil), from: origin.element(position, node: element),
                            "left out: \(document.kindDescription(element)) where a string was expected")
                    }
                }
                return values
            default:
                report(
                    .warning, .field(field, item: nil), from: origin,
                    "left out: \(document.kindDescription(node)) where a string or an array of strings was expected")
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
                        .warning, .field(.emails, item: nil), from: origin,
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
            .warning, .field(field, item: nil), from: origin,
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
                report(.warning, .field(.phoneNumbers, item: nil), from: origin, "left out: the phone number \(reason)")
            }
        }
        return digests.values
    }

    /// The region named by the event's `user.country`, when it is a known alpha-2 code.
    func eventRegion() -> PhoneRegionTable.Row? {
        guard let country = slots.rootNode(config.plan.countrySlot), let code = document.string(country), code.utf8.count == 2
        else { return nil }
        return PhoneRegionTable.shared.region(code.uppercased())
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
            if values.isEmpty { values.reserveCapacity(4) }
            if !values.contains(digest) { values.append(digest) }
            return
        }
        if seen.isEmpty { seen = Set(values) }
        if seen.insert(digest).inserted { values.append(digest) }
    }
}

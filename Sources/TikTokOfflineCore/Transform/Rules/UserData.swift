/// SPEC §5: user data: emails trimmed, lower-cased and hashed; phones normalised to E.164 in the
/// region of `user.country` (else the config's) and hashed; pre-hashed values passed through;
/// duplicates sent once, at most 1 000 values per field.
extension EventReader {
    /// The values of a user field (a string or an array of strings) as UTF-8, each handed to
    /// `use` with its origin and how many values are left counting it, until `use` returns false.
    /// Elements that are not strings are reported first. A plain string of the event, the usual
    /// value, is read straight from the event's bytes; no string is made.
    mutating func forEachUserValue(
        _ field: TikTokField, _ use: (inout EventReader, UnsafeBufferPointer<UInt8>, Origin, _ remaining: Int) -> Bool
    ) {
        guard let (found, origin) = find(field, item: nil) else { return }
        let bytes = document.bytes
        switch found {
        case .text(var text):
            _ = text.withUTF8 { use(&self, $0, origin, 1) }
        case .node(let node):
            switch document.kind(node) {
            case .string:
                _ = useString(node, origin, remaining: 1, bytes, use)
            case .array:
                let elements = document.elements(node)
                var stringCount = 0
                for (position, element) in elements.enumerated() {
                    if document.kind(element) == .string {
                        stringCount += 1
                    } else if document.kind(element) != .null {
                        report(
                            .warning, .field(field, item: nil), from: origin.element(position, node: element),
                            "left out: \(document.kindDescription(element)) where a string was expected")
                    }
                }
                var remaining = stringCount
                for (position, element) in elements.enumerated() where document.kind(element) == .string {
                    guard useString(element, origin.element(position, node: element), remaining: remaining, bytes, use) else { return }
                    remaining -= 1
                }
            default:
                report(
                    .warning, .field(field, item: nil), from: origin,
                    "left out: \(document.kindDescription(node)) where a string or an array of strings was expected")
            }
        }
    }

    /// Hands the string at `node` to `use`: its bytes in place when it has no escapes, else its
    /// decoded text.
    private mutating func useString(
        _ node: JSONDocument.Index, _ origin: Origin, remaining: Int, _ bytes: [UInt8],
        _ use: (inout EventReader, UnsafeBufferPointer<UInt8>, Origin, Int) -> Bool
    ) -> Bool {
        if let range = document.plainStringContent(node) {
            return bytes.withUnsafeBufferPointer { use(&self, UnsafeBufferPointer(rebasing: $0[range]), origin, remaining) }
        }
        var text = document.string(node)!
        return text.withUTF8 { use(&self, $0, origin, remaining) }
    }

    mutating func readEmails() -> DigestList {
        var digests = DistinctDigests()
        forEachUserValue(.emails) { reader, value, origin, remaining in
            guard !digests.isFull else {
                reader.reportCap(.emails, left: remaining, origin: origin)
                return false
            }
            switch EmailNormalizer.hash(utf8: value) {
            case .empty:
                break
            case .preHashed(let digest):
                digests.appendIfNew(digest)
            case .hashed(let digest, let looksMalformed):
                if looksMalformed {
                    reader.report(
                        .warning, .field(.emails, item: nil), from: origin,
                        "does not look like an email address (needs exactly one '@' and a dot in the domain); hashed anyway")
                }
                digests.appendIfNew(digest)
            }
            return true
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

    mutating func readPhones() -> DigestList {
        var region: PhoneRegionTable.Row??
        let normalizer = PhoneNormalizer()
        var digests = DistinctDigests()
        forEachUserValue(.phoneNumbers) { reader, value, origin, remaining in
            guard !digests.isFull else {
                reader.reportCap(.phoneNumbers, left: remaining, origin: origin)
                return false
            }
            if region == nil { region = .some(reader.eventRegion() ?? reader.config.phoneRegion) }
            switch normalizer.normalize(utf8: value, region: region!) {
            case .empty:
                break
            case .preHashed(let digest):
                digests.appendIfNew(digest)
            case .e164(let number):
                digests.appendIfNew(SHA256Digest(hashing: number))
            case .refused(let reason):
                reader.report(.warning, .field(.phoneNumbers, item: nil), from: origin, "left out: the phone number \(reason)")
            }
            return true
        }
        return digests.values
    }

    /// The region named by the event's `user.country`, when it is a known alpha-2 code.
    func eventRegion() -> PhoneRegionTable.Row? {
        guard let country = slots.rootNode(config.plan.countrySlot), let code = document.string(country), code.utf8.count == 2
        else { return nil }
        return PhoneRegionTable.shared.region(code.uppercasedASCIIFirst())
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
    private(set) var values = DigestList()
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

/// The digests of one user field, in order, the first held inline: the usual event, with one
/// email and one phone number, allocates no array for them.
struct DigestList: Sequence {
    private var first: SHA256Digest?
    private var rest: [SHA256Digest] = []

    /// Whether the list holds no digest.
    var isEmpty: Bool { first == nil }

    /// How many digests the list holds.
    var count: Int { first == nil ? 0 : 1 + rest.count }

    /// Appends `digest` at the end.
    mutating func append(_ digest: SHA256Digest) {
        if first == nil {
            first = digest
        } else {
            rest.append(digest)
        }
    }

    /// Calls `body` with each digest, first to last, without copying the list (as an iterator
    /// would, retaining its array).
    func forEachDigest(_ body: (SHA256Digest) -> Void) {
        guard let first else { return }
        body(first)
        for digest in rest { body(digest) }
    }

    func makeIterator() -> Iterator { Iterator(list: self) }

    /// The digests of a list, first to last.
    struct Iterator: IteratorProtocol {
        fileprivate let list: DigestList
        /// -1 for the inline first digest, then positions in `rest`.
        fileprivate var position = -1

        mutating func next() -> SHA256Digest? {
            defer { position += 1 }
            if position < 0 { return list.first }
            return position < list.rest.count ? list.rest[position] : nil
        }
    }
}

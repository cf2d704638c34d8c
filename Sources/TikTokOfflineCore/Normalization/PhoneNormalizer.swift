/// The normaliser of phone numbers to E.164 (`+` and 7–15 digits) before hashing.
///
/// International numbers (`+CC…` or the region's international call prefix) keep their calling
/// code; national numbers lose their region's trunk prefix and gain its calling code. Anything
/// that cannot be made E.164 is refused with a reason, never hashed as written.
public struct PhoneNormalizer: Sendable {
    /// What became of one phone value.
    public enum Outcome: Sendable, Equatable {
        /// The value is an E.164 number, ready to hash.
        case e164(String)
        /// The value was already a SHA-256 hex digest.
        case preHashed(SHA256Digest)
        /// The value was empty or blank.
        case empty
        /// The value cannot be made E.164; the reason does not quote the number.
        case refused(String)
    }

    private let table: PhoneRegionTable

    /// Creates a normaliser over `table`.
    public init(table: PhoneRegionTable = .shared) {
        self.table = table
    }

    /// Normalises `raw`, reading national numbers as numbers of `region`.
    public func normalize(_ raw: String, region: PhoneRegionTable.Row?) -> Outcome {
        var raw = raw
        return raw.withUTF8 { normalize(utf8: $0, region: region) }
    }

    private func normalize(utf8 input: UnsafeBufferPointer<UInt8>, region: PhoneRegionTable.Row?) -> Outcome {
        let trimmed = input.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .empty }
        if let digest = SHA256Digest(hex: UnsafeBufferPointer(rebasing: input[trimmed])) { return .preHashed(digest) }

        var digits: [UInt8] = []
        digits.reserveCapacity(trimmed.count)
        var international = false
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte)
            case UInt8(ascii: "+"):
                guard digits.isEmpty, !international else { return .refused("has a '+' that is not at its start") }
                international = true
            case UInt8(ascii: "("):
                // A trunk digit written as "(0)" after the country code: "+33 (0)6 …".
                if !digits.isEmpty, index + 2 < trimmed.endIndex, input[index + 1] == UInt8(ascii: "0"),
                    input[index + 2] == UInt8(ascii: ")")
                {
                    index += 2
                }
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ")"), 0x09:
                break
            case 0xC2 where index + 1 < trimmed.endIndex && input[index + 1] == 0xA0:
                index += 1  // no-break space
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                return .refused("contains letters")
            default:
                return .refused("contains a character that is not a digit or phone punctuation")
            }
            index += 1
        }
        guard !digits.isEmpty else { return .refused("contains no digits") }

        var nationalRegion: PhoneRegionTable.Row?
        if !international {
            let prefixes = region?.internationalPrefixes ?? ["00"]
            if let prefix = prefixes.first(where: {
                digits.starts(with: $0.utf8) && digits.count > $0.utf8.count && digits[$0.utf8.count] != UInt8(ascii: "0")
            }) {
                digits.removeFirst(prefix.utf8.count)
                international = true
            } else if let region {
                nationalRegion = region
            } else {
                return .refused("is written without a country code and no region is known (set phone_region in the config or send user.country)")
            }
        }

        if let region = nationalRegion {
            if !region.trunkPrefix.isEmpty, digits.starts(with: region.trunkPrefix.utf8) {
                digits.removeFirst(region.trunkPrefix.utf8.count)
            }
            digits.insert(contentsOf: String(region.callingCode).utf8, at: 0)
        } else if table.callingCodeLength(of: digits) == nil {
            return .refused("does not start with a valid country calling code")
        }

        guard digits.count >= 7 else { return .refused("is too short: \(digits.count) digits, E.164 needs 7 to 15") }
        guard digits.count <= 15 else { return .refused("is too long: \(digits.count) digits, E.164 allows at most 15") }
        return .e164("+" + String(decoding: digits, as: UTF8.self))
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The indices of the buffer without leading and trailing ASCII whitespace and no-break spaces.
    func trimmingWhitespace() -> Range<Int> {
        var start = 0
        var end = count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        while start < end {
            if isSpace(self[start]) {
                start += 1
            } else if self[start] == 0xC2, start + 1 < end, self[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if isSpace(self[end - 1]) {
                end -= 1
            } else if end - 2 >= start, self[end - 2] == 0xC2, self[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        return start..<end
    }
}

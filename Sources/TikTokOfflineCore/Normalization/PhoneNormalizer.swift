/// The normaliser of phone numbers to the E.164 text libphonenumber gives (SPEC §5.4).
///
/// It follows libphonenumber's parsing step by step over the generated metadata: the
/// international prefix (`+`, or the region's call prefix), the calling code, the national
/// prefix for parsing and its transform rule, and the possible lengths. The one addition is
/// that with no region known a leading `00` still reads as an international prefix. Anything
/// libphonenumber cannot parse, or whose length is not possible for its region, is refused
/// with a reason, never hashed as written.
package struct PhoneNormalizer: Sendable {
    /// What became of one phone value.
    package enum Outcome: Sendable, Equatable {
        /// The value is an E.164 number, ready to hash.
        case e164(String)
        /// The value was already a SHA-256 hex digest.
        case preHashed(SHA256Digest)
        /// The value was empty or blank.
        case empty
        /// The value cannot be made E.164; the reason does not quote the number.
        case refused(String)
    }

    /// The longest text libphonenumber agrees to parse.
    static let maximumTextLength = 250

    private let table: PhoneRegionTable

    /// Creates a normaliser over `table`.
    package init(table: PhoneRegionTable = .shared) {
        self.table = table
    }

    /// Normalises `raw`, reading national numbers as numbers of `region`.
    package func normalize(_ raw: String, region: PhoneRegionTable.Row?) -> Outcome {
        var raw = raw
        return raw.withUTF8 { normalize(utf8: $0, region: region) }
    }

    /// Normalises the UTF-8 text `input`, reading national numbers as numbers of `region`.
    package func normalize(utf8 input: UnsafeBufferPointer<UInt8>, region: PhoneRegionTable.Row?) -> Outcome {
        let trimmed = input.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .empty }
        if let digest = SHA256Digest(hex: UnsafeBufferPointer(rebasing: input[trimmed])) { return .preHashed(digest) }
        guard trimmed.count <= Self.maximumTextLength else {
            return .refused("is longer than \(Self.maximumTextLength) characters")
        }
        switch PhoneText.digits(of: UnsafeBufferPointer(rebasing: input[trimmed])) {
        case .failure(let refusal):
            return .refused(refusal.reason)
        case .success(let text):
            switch parse(text.digits[...], hasPlus: text.hasPlus, region: region) {
            case .success(let number): return .e164(number)
            case .failure(let refusal): return .refused(refusal.reason)
            }
        }
    }

    /// Why a value is not made E.164; the reason never quotes the number.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    /// libphonenumber's `parse` followed by its possible-number check, over the digits of a value.
    private func parse(_ digits: ArraySlice<UInt8>, hasPlus: Bool, region: PhoneRegionTable.Row?) -> Result<String, Refusal> {
        let extracted: CallingCodeSplit?
        do {
            if hasPlus {
                extracted = try afterPlus(digits, region: region)
            } else {
                extracted = try withoutPlus(digits, region: region)
            }
        } catch {
            return .failure(error)
        }

        // `metadata` strips the national prefix: the region the number was read in, or the main
        // region of the calling code found in it. `numbering` judges the length: always the main
        // region of the calling code (US for a Canadian number), as libphonenumber does.
        var national: ArraySlice<UInt8>
        let metadata: PhoneRegionTable.Row
        let numbering: PhoneRegionTable.Row
        if let extracted {
            guard let row = table.row(callingCode: extracted.callingCode) else { return .failure(Self.unknownCode) }
            (national, metadata, numbering) = (extracted.national, row, row)
        } else if let region {
            guard let main = table.row(callingCode: region.callingCode) else { return .failure(Self.unknownCode) }
            (national, metadata, numbering) = (digits, region, main)
        } else {
            return .failure(Self.noRegion)
        }

        guard national.count >= 2 else { return .failure(Refusal(reason: "is too short to be a phone number")) }
        let stripped = stripNationalPrefix(national, metadata: metadata)
        switch metadata.checkLength(stripped.count) {
        case .tooShort, .possibleLocally, .invalid: break
        case .possible, .tooLong: national = stripped
        }
        guard national.count <= 17 else { return .failure(Refusal(reason: "is too long to be a phone number")) }

        switch numbering.checkLength(national.count) {
        case .possible:
            let code = numbering.callingCodeDigits
            let number = String(unsafeUninitializedCapacity: 1 + code.count + national.count) { text in
                text[0] = UInt8(ascii: "+")
                _ = UnsafeMutableBufferPointer(rebasing: text[1...]).initialize(from: code)
                _ = UnsafeMutableBufferPointer(rebasing: text[(1 + code.count)...]).initialize(from: national)
                return 1 + code.count + national.count
            }
            return .success(number)
        case .possibleLocally:
            return .failure(Refusal(reason: "is a local number without its area code (\(lengthNote(national.count, numbering)))"))
        case .tooShort:
            return .failure(Refusal(reason: "is too short (\(lengthNote(national.count, numbering)))"))
        case .tooLong:
            return .failure(Refusal(reason: "is too long (\(lengthNote(national.count, numbering)))"))
        case .invalid:
            return .failure(Refusal(reason: "has a length no number has (\(lengthNote(national.count, numbering)))"))
        }
    }

    private static let noRegion = Refusal(
        reason: "is written without a country code and no region is known (set phone_region in the config or send user.country)")
    private static let unknownCode = Refusal(reason: "does not start with a valid country calling code")

    private func lengthNote(_ count: Int, _ row: PhoneRegionTable.Row) -> String {
        let lengths = row.lengths.map(String.init)
        let list = lengths.count <= 2 ? lengths.joined(separator: " or ") : lengths.dropLast().joined(separator: ", ") + " or " + lengths.last!
        return "\(count) digit\(count == 1 ? "" : "s") after +\(row.callingCode), where numbers have \(list)"
    }

    /// A calling code found in a value, and the national number after it.
    private struct CallingCodeSplit {
        let callingCode: Int
        let national: ArraySlice<UInt8>
    }

    /// The calling code after a leading `+`; libphonenumber reads the digits again without the
    /// `+` when they do not start with a known code.
    private func afterPlus(_ digits: ArraySlice<UInt8>, region: PhoneRegionTable.Row?) throws(Refusal) -> CallingCodeSplit? {
        guard digits.count > 2 else { throw Refusal(reason: "is too short after its international prefix") }
        if let (code, length) = table.callingCode(startOf: digits) {
            return CallingCodeSplit(callingCode: code, national: digits.dropFirst(length))
        }
        guard let split = try withoutPlus(digits, region: region) else { throw Self.unknownCode }
        return split
    }

    /// The calling code of a value written without `+`: after the region's international prefix,
    /// or the region's own code written without `+` (`33 6 12 34 56 78` in France); nil when the
    /// number is national.
    private func withoutPlus(_ digits: ArraySlice<UInt8>, region: PhoneRegionTable.Row?) throws(Refusal) -> CallingCodeSplit? {
        let prefix = region?.internationalPrefix ?? Self.fallbackInternationalPrefix
        if let match = prefix.matchPrefix(digits), digits.dropFirst(match.end).first != UInt8(ascii: "0") {
            let rest = digits.dropFirst(match.end)
            guard rest.count > 2 else { throw Refusal(reason: "is too short after its international prefix") }
            guard let (code, length) = table.callingCode(startOf: rest) else { throw Self.unknownCode }
            return CallingCodeSplit(callingCode: code, national: rest.dropFirst(length))
        }
        guard let region else { return nil }
        guard digits.starts(with: region.callingCodeDigits) else { return nil }
        let potential = stripNationalPrefix(digits.dropFirst(region.callingCodeDigits.count), metadata: region)
        if (!region.pattern.matches(digits) && region.pattern.matches(potential))
            || region.checkLength(digits.count) == .tooLong
        {
            return CallingCodeSplit(callingCode: region.callingCode, national: potential)
        }
        return nil
    }

    /// `00`, read as the international prefix when no region is known (SPEC §5.4).
    private static let fallbackInternationalPrefix = PhonePattern("00")!

    /// The national number without its national prefix, transformed by the region's rule, when
    /// libphonenumber would strip it; otherwise `number` unchanged.
    private func stripNationalPrefix(_ number: ArraySlice<UInt8>, metadata: PhoneRegionTable.Row) -> ArraySlice<UInt8> {
        guard !number.isEmpty, let prefix = metadata.nationalPrefix, let match = prefix.matchPrefix(number) else {
            return number
        }
        let viableAsWritten = metadata.pattern.matches(number)
        let lastGroupMatched = match.groups.last.map { $0 != nil } ?? false
        let candidate: ArraySlice<UInt8>
        if metadata.transformRule.isEmpty || !lastGroupMatched {
            candidate = number.dropFirst(match.end)
        } else {
            candidate = metadata.transformRule.apply(to: number, match: match)[...]
        }
        if viableAsWritten && !metadata.pattern.matches(candidate) { return number }
        return candidate
    }
}

/// The digits of a phone value and whether it starts with `+`, after checking its characters.
enum PhoneText {
    /// The digits of a value that passed the character check.
    struct Digits {
        let digits: [UInt8]
        let hasPlus: Bool
    }

    /// Reads `text`: digits, spaces, a leading `+`, `-`, `.`, `/`, `(` and `)` are allowed
    /// (SPEC §5.4); letters and anything else refuse the value.
    static func digits(of text: UnsafeBufferPointer<UInt8>) -> Result<Digits, PhoneNormalizer.Refusal> {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.count)
        var hasPlus = false
        var index = 0
        while index < text.count {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte)
            case UInt8(ascii: "+"):
                guard digits.isEmpty, !hasPlus else {
                    return .failure(PhoneNormalizer.Refusal(reason: "has a '+' that is not at its start"))
                }
                hasPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("),
                UInt8(ascii: ")"), 0x09:
                break
            case 0xC2 where index + 1 < text.count && text[index + 1] == 0xA0:
                index += 1  // no-break space
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                return .failure(PhoneNormalizer.Refusal(reason: "contains letters (letters are never read as digits, and extensions are not sent)"))
            case UInt8(ascii: "#"), UInt8(ascii: "*"):
                return .failure(PhoneNormalizer.Refusal(reason: "contains '#' or '*', which a number TikTok can match never has"))
            default:
                return .failure(PhoneNormalizer.Refusal(reason: "contains a character that is not a digit or phone punctuation"))
            }
            index += 1
        }
        guard !digits.isEmpty else { return .failure(PhoneNormalizer.Refusal(reason: "contains no digits")) }
        return .success(Digits(digits: digits, hasPlus: hasPlus))
    }
}

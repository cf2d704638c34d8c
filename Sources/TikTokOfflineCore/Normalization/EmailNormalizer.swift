/// The normaliser of email addresses before hashing: trim, lower-case.
package enum EmailNormalizer {
    /// What became of one email value.
    package enum Outcome: Sendable, Equatable {
        /// The normalised address, and whether it looks malformed (not exactly one `@`, or no dot
        /// in the domain); a malformed address is still hashed.
        case normalized(String, looksMalformed: Bool)
        /// The value was already a SHA-256 hex digest.
        case preHashed(SHA256Digest)
        /// The value was empty or blank.
        case empty
    }

    /// Normalises one email value.
    package static func normalize(_ raw: String) -> Outcome {
        var raw = raw
        return raw.withUTF8 { input in
            let trimmed = input.trimmingWhitespace()
            guard !trimmed.isEmpty else { return .empty }
            let body = UnsafeBufferPointer(rebasing: input[trimmed])
            if let digest = SHA256Digest(hex: body) { return .preHashed(digest) }
            let lowered: String
            if body.allSatisfy({ $0 < 0x80 }) {
                lowered = String(unsafeUninitializedCapacity: body.count) { output in
                    for (offset, byte) in body.enumerated() {
                        output[offset] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                    }
                    return body.count
                }
            } else {
                lowered = String(decoding: body, as: UTF8.self).lowercased()
            }
            return .normalized(lowered, looksMalformed: looksMalformed(lowered))
        }
    }

    /// Whether `address` lacks exactly one `@` with a local part before it and a dot inside the domain.
    private static func looksMalformed(_ address: String) -> Bool {
        var atSigns = 0
        var atOffset = -1
        var lastDot = -1
        var firstDomainDot = -1
        var count = 0
        for byte in address.utf8 {
            if byte == UInt8(ascii: "@") {
                atSigns += 1
                atOffset = count
            } else if byte == UInt8(ascii: "."), atSigns == 1 {
                if firstDomainDot < 0 { firstDomainDot = count }
                lastDot = count
            }
            count += 1
        }
        guard atSigns == 1, atOffset > 0, firstDomainDot > atOffset + 1, lastDot < count - 1 else { return true }
        return false
    }
}

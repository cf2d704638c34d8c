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

    /// What became of one email value, hashed: ``Outcome`` with the address's digest in place of
    /// its text.
    package enum Hashed: Sendable, Equatable {
        /// The digest of the normalised address, and whether the address looks malformed.
        case hashed(SHA256Digest, looksMalformed: Bool)
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
            var lowered =
                body.allSatisfy({ $0 < 0x80 })
                ? String(unsafeUninitializedCapacity: body.count) { lowerASCII(body, into: $0) }
                : String(decoding: body, as: UTF8.self).lowercased()
            return .normalized(lowered, looksMalformed: lowered.withUTF8 { looksMalformed($0) })
        }
    }

    /// Normalises one email value given as UTF-8 and hashes it; an ASCII address (the usual case)
    /// is lower-cased in scratch memory, no string made.
    package static func hash(utf8 input: UnsafeBufferPointer<UInt8>) -> Hashed {
        let trimmed = input.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .empty }
        let body = UnsafeBufferPointer(rebasing: input[trimmed])
        if let digest = SHA256Digest(hex: body) { return .preHashed(digest) }
        guard body.allSatisfy({ $0 < 0x80 }) else {
            var lowered = String(decoding: body, as: UTF8.self).lowercased()
            return lowered.withUTF8 { hashed($0) }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: body.count) { lowered in
            hashed(UnsafeBufferPointer(start: lowered.baseAddress!, count: lowerASCII(body, into: lowered)))
        }
    }

    private static func hashed(_ address: UnsafeBufferPointer<UInt8>) -> Hashed {
        .hashed(SHA256Digest(hashing: UnsafeRawBufferPointer(address)), looksMalformed: looksMalformed(address))
    }

    /// Writes `body` lower-cased (ASCII letters only) into `output`; returns the byte count.
    private static func lowerASCII(_ body: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        for (offset, byte) in body.enumerated() {
            output[offset] = lowercasedASCII(byte)
        }
        return body.count
    }

    /// Whether `address` lacks exactly one `@` with a local part before it and a dot inside the domain.
    private static func looksMalformed(_ address: UnsafeBufferPointer<UInt8>) -> Bool {
        var atSigns = 0
        var atOffset = -1
        var lastDot = -1
        var firstDomainDot = -1
        for (offset, byte) in address.enumerated() {
            if byte == UInt8(ascii: "@") {
                atSigns += 1
                atOffset = offset
            } else if byte == UInt8(ascii: "."), atSigns == 1 {
                if firstDomainDot < 0 { firstDomainDot = offset }
                lastDot = offset
            }
        }
        guard atSigns == 1, atOffset > 0, firstDomainDot > atOffset + 1, lastDot < address.count - 1 else { return true }
        return false
    }
}

internal import Crypto

/// A SHA-256 digest held in four words, written as 64 lowercase hex characters.
package struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The SHA-256 of `text`'s UTF-8 bytes.
    package init(hashing text: String) {
        var text = text
        self = text.withUTF8 { SHA256Digest(hashing: UnsafeRawBufferPointer($0)) }
    }

    /// The SHA-256 of `bytes`.
    package init(hashing bytes: UnsafeRawBufferPointer) {
        var hasher = SHA256()
        hasher.update(bufferPointer: bytes)
        let digest = hasher.finalize()
        words = digest.withUnsafeBytes { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
    }

    /// Reads exactly 64 hex characters (either case); nil for anything else.
    package init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64 else { return nil }
        var parsed: [UInt64] = [0, 0, 0, 0]
        for (offset, byte) in hex.enumerated() {
            guard let nibble = hexValue(byte) else { return nil }
            parsed[offset / 16] = parsed[offset / 16] << 4 | UInt64(nibble)
        }
        words = (parsed[0], parsed[1], parsed[2], parsed[3])
    }

    /// Reads exactly 64 hex characters (either case).
    package init?(hex: String) {
        var hex = hex
        guard let digest = hex.withUTF8({ SHA256Digest(hex: $0) }) else { return nil }
        self = digest
    }

    /// The two lowercase hex characters of every byte value, as one little-endian `UInt16` each.
    private static let hexPairs: [UInt16] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef".utf8)
        return UInt16(digits[byte >> 4]) | UInt16(digits[byte & 0xF]) << 8
    }

    /// Writes the 64 lowercase hex characters at `target`, two at a time.
    package func writeHex(to target: UnsafeMutablePointer<UInt8>) {
        Self.hexPairs.withUnsafeBufferPointer { pairs in
            let output = UnsafeMutableRawPointer(target)
            func write(_ word: UInt64, at position: Int) {
                for byte in 0..<8 {
                    let pair = pairs[Int(truncatingIfNeeded: word >> UInt64(56 - 8 * byte)) & 0xFF]
                    output.storeBytes(of: pair.littleEndian, toByteOffset: position * 16 + byte * 2, as: UInt16.self)
                }
            }
            write(words.0, at: 0)
            write(words.1, at: 1)
            write(words.2, at: 2)
            write(words.3, at: 3)
        }
    }

    /// The 64 lowercase hex characters.
    package var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(to: buffer.baseAddress!)
            return 64
        }
    }

    /// The lowercase hex form.
    package var description: String { hex }

    /// Digests are equal when all 256 bits are.
    package static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.words == rhs.words
    }

    /// Hashes all four words.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

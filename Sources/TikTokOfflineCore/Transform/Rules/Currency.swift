/// SPEC §5: the currency, trimmed and upper-cased, checked against TikTok's list.
extension EventReader {
    mutating func readCurrency() -> String? {
        // The usual value, a plain string naming a supported code, is checked on its bytes.
        if let node = slotNode(.currency, item: nil), let range = document.plainStringContent(node),
            let code = document.bytes.withUnsafeBufferPointer({ SupportedCurrency.code(UnsafeBufferPointer(rebasing: $0[range])) })
        {
            return code
        }
        guard let (text, origin) = readIdentifierAndOrigin(.currency) else { return nil }
        let code = text.trimmingASCIISpaces().uppercasedASCIIFirst()
        guard !code.isEmpty else { return nil }
        if !SupportedCurrency.codes.contains(code) {
            report(
                .warning, .field(.currency, item: nil), from: origin,
                "\"\(code)\" is not in TikTok's list of supported currencies")
        }
        return code
    }
}

/// The currencies TikTok documents as supported (ISO 4217).
package enum SupportedCurrency {
    /// The codes, upper case, in alphabetical order.
    package static let list: [String] = [
        "AED", "ARS", "AUD", "BDT", "BHD", "BIF", "BOB", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CRC", "CZK",
        "DKK", "DZD", "EGP", "EUR", "GBP", "GTQ", "HKD", "HNL", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KES",
        "KHR", "KRW", "KWD", "KZT", "MAD", "MOP", "MXN", "MYR", "NGN", "NIO", "NOK", "NZD", "OMR", "PEN", "PHP",
        "PKR", "PLN", "PYG", "QAR", "RON", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VES",
        "VND", "ZAR",
    ]

    /// The codes, upper case.
    package static let codes = Set(list)

    /// Each code of ``list`` as one number, its three letters big-endian, in the same order.
    private static let keys: [UInt32] = list.map { key(Array($0.utf8)[...]) }

    /// The supported code that `bytes`, trimmed and upper-cased, spell; nil for anything else.
    package static func code(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let trimmed = bytes[bytes.trimmingASCIISpaces()]
        guard trimmed.count == 3, trimmed.allSatisfy(isASCIILetter) else { return nil }
        let wanted = key(trimmed)
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < wanted { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == wanted ? list[low] : nil
    }

    /// Three ASCII letters as one number, upper-cased.
    private static func key<Letters: Collection<UInt8>>(_ letters: Letters) -> UInt32 {
        letters.reduce(0) { key, letter in key << 8 | UInt32(letter & 0xDF) }
    }
}

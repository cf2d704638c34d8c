/// SPEC §5: the currency, trimmed and upper-cased, checked against TikTok's list.
extension EventReader {
    mutating func readCurrency() -> String? {
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
    /// The codes, upper case.
    package static let codes: Set<String> = [
        "AED", "ARS", "AUD", "BDT", "BHD", "BIF", "BOB", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CRC", "CZK",
        "DKK", "DZD", "EGP", "EUR", "GBP", "GTQ", "HKD", "HNL", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KES",
        "KHR", "KRW", "KWD", "KZT", "MAD", "MOP", "MXN", "MYR", "NGN", "NIO", "NOK", "NZD", "OMR", "PEN", "PHP",
        "PKR", "PLN", "PYG", "QAR", "RON", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VES",
        "VND", "ZAR",
    ]
}

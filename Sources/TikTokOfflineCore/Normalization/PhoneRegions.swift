/// Calling codes, national trunk prefixes and international call prefixes for every region,
/// generated from libphonenumber's metadata (see `scripts/generate-phone-regions.py`).
public struct PhoneRegionTable: Sendable {
    /// What the phone normaliser needs to know about one region.
    public struct Row: Sendable, Equatable {
        /// The ISO 3166-1 alpha-2 region code (libphonenumber's, e.g. `FR`, `US`, `GB`).
        public let region: String
        /// The country calling code, e.g. 33.
        public let callingCode: Int
        /// The national trunk prefix removed from national numbers (`0` in France, `1` in the
        /// North American plan, `8` in Russia), or empty where the region keeps its leading digits.
        public let trunkPrefix: String
        /// The international call prefixes dialled in the region, longest first (`00`, `011`, `810`).
        public let internationalPrefixes: [String]

        init(_ region: String, _ callingCode: Int, trunk: String, international: String) {
            self.region = region
            self.callingCode = callingCode
            self.trunkPrefix = trunk
            self.internationalPrefixes = international.split(separator: "|").map(String.init)
        }
    }

    /// The table built from the generated data.
    public static let shared = PhoneRegionTable(rows: generatedRows, nonGeographicCodes: generatedNonGeographicCodes)

    private let rowsByRegion: [String: Row]
    private let callingCodes: Set<Int>

    /// Every region in the table, sorted by code.
    public var regions: [String] { rowsByRegion.keys.sorted() }

    init(rows: [Row], nonGeographicCodes: [Int]) {
        rowsByRegion = Dictionary(uniqueKeysWithValues: rows.map { ($0.region, $0) })
        callingCodes = Set(rows.map(\.callingCode) + nonGeographicCodes)
    }

    /// The row for an upper-case alpha-2 code, or nil when the region is unknown.
    public func region(_ code: String) -> Row? { rowsByRegion[code] }

    /// The length of the country calling code that `digits` starts with (1–3), or nil when none.
    ///
    /// Calling codes are prefix-free, so at most one length matches.
    public func callingCodeLength(of digits: [UInt8]) -> Int? {
        var code = 0
        for length in 1...3 where length <= digits.count {
            code = code * 10 + Int(digits[length - 1] - UInt8(ascii: "0"))
            if length == 1, code == 0 { return nil }
            if callingCodes.contains(code) { return length }
        }
        return nil
    }
}

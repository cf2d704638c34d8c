import Testing

@testable import TikTokOfflineCore

@Suite("Phone normalisation (§5.4)")
struct PhoneTests {
    let normalizer = PhoneNormalizer()

    func normalize(_ raw: String, _ region: String?) -> PhoneNormalizer.Outcome {
        normalizer.normalize(raw, region: region.flatMap { PhoneRegionTable.shared.region($0) })
    }

    @Test(
        "national and international numbers of many regions become E.164",
        arguments: [
            ("+33 (0)6-12-34-56-78", "FR", "+33612345678"),
            ("0033 6 12 34 56 78", "FR", "+33612345678"),
            ("06 12 34 56 78", "FR", "+33612345678"),
            ("06 1234 5678", "IT", "+390612345678"),
            ("1 (555) 555-0100", "US", "+15555550100"),
            ("(555) 555-0100", "US", "+15555550100"),
            ("011 44 20 7183 8750", "US", "+442071838750"),
            ("020 7183 8750", "GB", "+442071838750"),
            ("07911 123456", "GB", "+447911123456"),
            ("0151 23456789", "DE", "+4915123456789"),
            ("030 123456", "DE", "+4930123456"),
            ("8 (912) 345-67-89", "RU", "+79123456789"),
            ("810 33 6 12 34 56 78", "RU", "+33612345678"),
            ("090-1234-5678", "JP", "+819012345678"),
            ("010 33 6 12 34 56 78", "JP", "+33612345678"),
            ("(11) 91234-5678", "BR", "+5511912345678"),
            ("098765 43210", "IN", "+919876543210"),
            ("138 0013 8000", "CN", "+8613800138000"),
            ("0412 345 678", "AU", "+61412345678"),
            ("612 345 678", "ES", "+34612345678"),
            ("010-1234-5678", "KR", "+821012345678"),
            ("078 123 45 67", "CH", "+41781234567"),
            ("06 12345678", "NL", "+31612345678"),
            ("512 345 678", "PL", "+48512345678"),
            ("0803 123 4567", "NG", "+2348031234567"),
            ("(+1)2133734253", nil, "+12133734253"),
            ("+1555-555-5555", nil, "+15555555555"),
            ("0033 6 12 34 56 78", nil, "+33612345678"),
            ("+33.6.12.34.56.78", "US", "+33612345678"),
            (" +33 6 12 34 56 78\u{00A0}", nil, "+33612345678"),
        ])
    func normalises(raw: String, region: String?, expected: String) {
        #expect(normalize(raw, region) == .e164(expected))
    }

    @Test(
        "numbers that cannot be made E.164 are refused with the reason",
        arguments: [
            ("06 12 AB 56 78", "FR", "contains letters"),
            ("call me", "FR", "contains letters"),
            ("06 12", "FR", "is too short: 5 digits, E.164 needs 7 to 15"),
            ("+33 1234567890123456", nil, "is too long: 18 digits, E.164 allows at most 15"),
            ("06 12 34 56 78", nil, "is written without a country code and no region is known (set phone_region in the config or send user.country)"),
            ("+999 123 456 789", nil, "does not start with a valid country calling code"),
            ("+06 12 34 56 78", nil, "does not start with a valid country calling code"),
            ("06+12 34 56 78", "FR", "has a '+' that is not at its start"),
            ("06#12#34#56#78", "FR", "contains a character that is not a digit or phone punctuation"),
            ("()--", "FR", "contains no digits"),
        ])
    func refuses(raw: String, region: String?, reason: String) {
        #expect(normalize(raw, region) == .refused(reason))
    }

    @Test("blank values are empty and 64-hex values pass through lower-cased")
    func emptyAndPrehashed() {
        #expect(normalize("   ", "FR") == .empty)
        let upper = "42D573CFC315801D4CD8EDDD5416B416A0BF298B9B9E12D6B07442C91DB42BD8"
        guard case .preHashed(let digest) = normalize(upper, nil) else {
            Issue.record("expected a pre-hashed value")
            return
        }
        #expect(digest.hex == "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8")
    }

    @Test("the generated table covers every region with calling code, trunk and international prefixes")
    func table() throws {
        let table = PhoneRegionTable.shared
        #expect(table.regions.count == 245)
        let france = try #require(table.region("FR"))
        #expect(france.callingCode == 33 && france.trunkPrefix == "0" && france.internationalPrefixes == ["00"])
        let us = try #require(table.region("US"))
        #expect(us.callingCode == 1 && us.trunkPrefix == "1" && us.internationalPrefixes == ["011"])
        let russia = try #require(table.region("RU"))
        #expect(russia.callingCode == 7 && russia.trunkPrefix == "8" && russia.internationalPrefixes == ["810"])
        #expect(table.region("IT")?.trunkPrefix == "")
        #expect(table.region("JP")?.internationalPrefixes == ["010"])
        #expect(table.region("fr") == nil)
    }
}

@Suite("Email normalisation (§5.3)")
struct EmailTests {
    @Test("trims, lower-cases and flags malformed addresses")
    func normalises() {
        #expect(EmailNormalizer.normalize(" ALICE_abc@gmail.com ") == .normalized("alice_abc@gmail.com", looksMalformed: false))
        #expect(EmailNormalizer.normalize("\tÉlodie@Exemple.FR\n") == .normalized("élodie@exemple.fr", looksMalformed: false))
        #expect(EmailNormalizer.normalize("no-at-sign.example.com") == .normalized("no-at-sign.example.com", looksMalformed: true))
        #expect(EmailNormalizer.normalize("a@b@example.com") == .normalized("a@b@example.com", looksMalformed: true))
        #expect(EmailNormalizer.normalize("user@localhost") == .normalized("user@localhost", looksMalformed: true))
        #expect(EmailNormalizer.normalize("  ") == .empty)
    }

    @Test("published SHA-256 vectors (§12)")
    func vectors() {
        #expect(SHA256Digest(hashing: "alice_abc@gmail.com").hex == "848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f")
        #expect(SHA256Digest(hashing: "testsegmentintegration1@tiktok.com").hex == "522a233963af49ceac13a2f68719d86a0b4cfb306b9a7959db697e1d7a52676a")
        #expect(SHA256Digest(hashing: "+12133734253").hex == "9f7ec22d72092cd3c0b58726ed9c2d91b92e51a3f29837508fb2948bb22dd2fd")
        #expect(SHA256Digest(hashing: "+15555555555").hex == "910a625c4ba147b544e6bd2f267e130ae14c591b6ba9c25cb8573322dedbebd0")
        #expect(SHA256Digest(hashing: "+33612345678").hex == "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8")
    }
}

@Suite("Time (§5.2)")
struct TimeTests {
    @Test(
        "reads ISO-8601 with an offset or Z",
        arguments: [
            ("2025-03-14T13:45:12.345Z", 1_741_959_912_345 as Int64),
            ("2025-03-14T14:45:12.345+01:00", 1_741_959_912_345),
            ("2025-04-18T07:53:39.974+02:00", 1_744_955_619_974),
            ("2025-03-14T13:45:12Z", 1_741_959_912_000),
            ("2025-03-14 08:45:12-0500", 1_741_959_912_000),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ])
    func iso(text: String, milliseconds: Int64) {
        #expect(EventTime.parseISO8601(text) == milliseconds)
    }

    @Test(
        "refuses ISO-8601 without an offset and impossible dates",
        arguments: ["2025-03-14T13:45:12", "2025-02-30T00:00:00Z", "2025-03-14", "yesterday", "2025-13-01T00:00:00Z"])
    func isoRefused(text: String) {
        #expect(EventTime.parseISO8601(text) == nil)
    }

    @Test("writes legacy UTC with three decimals and Events 2.0 epoch seconds")
    func output() {
        #expect(EventTime.iso8601(milliseconds: 1_741_959_912_345) == "2025-03-14T13:45:12.345Z")
        #expect(EventTime.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(EventTime.iso8601(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(EventTime.epochSeconds(milliseconds: 1_741_959_912_999) == 1_741_959_912)
    }
}

import Testing

@testable import TikTokOfflineCore

@Suite("Phone normalisation (§5.4)")
struct PhoneTests {
    let normalizer = PhoneNormalizer()

    func normalize(_ raw: String, _ region: String?) -> PhoneNormalizer.Outcome {
        normalizer.normalize(raw, region: region.flatMap { PhoneRegionTable.shared.region($0) })
    }

    @Test(
        "the SPEC's examples and numbers of many regions become libphonenumber's E.164",
        arguments: [
            ("+33 (0)6-12-34-56-78", "FR", "+33612345678"),
            ("+33 06 12 34 56 78", "FR", "+33612345678"),
            ("+49 (0)30 1234567", "DE", "+49301234567"),
            ("06 12 34 56 78", "FR", "+33612345678"),
            ("33 6 12 34 56 78", "FR", "+33612345678"),
            ("0033 6 12 34 56 78", "FR", "+33612345678"),
            ("1 (555) 555-0100", "US", "+15555550100"),
            ("(555) 555-0100", "US", "+15555550100"),
            ("8 (912) 345-67-89", "RU", "+79123456789"),
            ("8 029 491-19-11", "BY", "+375294911911"),
            ("80 29 491-19-11", "BY", "+375294911911"),
            ("011 15-2345-6789", "AR", "+5491123456789"),
            ("06 1234 5678", "IT", "+390612345678"),
            ("+39 (0)6 1234 5678", "IT", "+390612345678"),
            ("+989601", nil, "+989601"),
            ("011 44 20 7183 8750", "US", "+442071838750"),
            ("020 7183 8750", "GB", "+442071838750"),
            ("0151 23456789", "DE", "+4915123456789"),
            ("810 33 6 12 34 56 78", "RU", "+33612345678"),
            ("010 33 6 12 34 56 78", "JP", "+33612345678"),
            ("(11) 91234-5678", "BR", "+5511912345678"),
            ("462-1234", "AG", "+12684621234"),
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
        "numbers libphonenumber cannot read or calls impossible are refused with the reason",
        arguments: [
            ("06 12 34", "FR", "is too short (6 digits after +33, where numbers have 9)"),
            ("06 12 34 56 78 9", "FR", "is too long (10 digits after +33, where numbers have 9)"),
            ("555-0100", "US", "is a local number without its area code (7 digits after +1, where numbers have 10)"),
            ("030 12345678901234", "DE", "is too long (16 digits after +49, where numbers have 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 or 15)"),
            ("030 123456789012345678", "DE", "is too long to be a phone number"),
            (
                "+49 12", "DE",
                "is a local number without its area code (2 digits after +49, where numbers have 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 or 15)"
            ),
            ("+44", nil, "is too short after its international prefix"),
            ("0044", "FR", "is too short after its international prefix"),
            ("0044 1", "FR", "is too short to be a phone number"),
            ("1-800-FLOWERS", "US", "contains letters (letters are never read as digits, and extensions are not sent)"),
            ("+44 20 7183 8750 ext. 12", "GB", "contains letters (letters are never read as digits, and extensions are not sent)"),
            ("06#12#34#56#78", "FR", "contains '#' or '*', which a number TikTok can match never has"),
            ("*06 12 34 56 78", "FR", "contains '#' or '*', which a number TikTok can match never has"),
            ("06 12 34 56 78", nil, "is written without a country code and no region is known (set phone_region in the config or send user.country)"),
            ("+999 123 456 789", nil, "does not start with a valid country calling code"),
            ("+06 12 34 56 78", nil, "does not start with a valid country calling code"),
            ("06+12 34 56 78", "FR", "has a '+' that is not at its start"),
            ("06_12_34_56_78", "FR", "contains a character that is not a digit or phone punctuation"),
            ("()--", "FR", "contains no digits"),
        ])
    func refuses(raw: String, region: String?, reason: String) {
        #expect(normalize(raw, region) == .refused(reason))
    }

    @Test("text longer than libphonenumber parses is refused, not scanned")
    func overlong() {
        let long = String(repeating: "1 ", count: 126)
        #expect(normalize(long, "US") == .refused("is longer than 250 characters"))
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

    @Test("agrees with libphonenumber on every row of the generated conformance corpus")
    func conformance() throws {
        let text = String(decoding: try FileIO.readAll(Fixtures.path("phone-conformance.tsv")), as: UTF8.self)
        var rows = 0
        var disagreements: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 4, "malformed corpus line: \(line)")
            let (region, raw, expected) = (fields[0], fields[1], fields[2])
            rows += 1
            let outcome = normalize(raw, region.isEmpty ? nil : region)
            let agrees: Bool
            switch outcome {
            case .e164(let number): agrees = number == expected
            case .refused, .empty: agrees = expected == "-"
            case .preHashed: agrees = false
            }
            if !agrees { disagreements.append("\(region) \(raw): libphonenumber \(expected), ours \(outcome) (\(fields[3]))") }
        }
        #expect(rows == 7852)
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(rows) rows disagree:\n\(disagreements.prefix(40).joined(separator: "\n"))")
    }

    @Test("the generated table carries libphonenumber's parsing data for every region")
    func table() throws {
        let table = PhoneRegionTable.shared
        #expect(table.regions.count == 245)
        let france = try #require(table.region("FR"))
        #expect(france.callingCode == 33 && france.internationalPrefix.source == "00")
        #expect(france.nationalPrefix?.source == "0" && france.lengths == [9])
        #expect(france.pattern.matches(Array("612345678".utf8)[...]))
        #expect(!france.pattern.matches(Array("0612345678".utf8)[...]))
        let us = try #require(table.region("US"))
        #expect(us.callingCode == 1 && us.internationalPrefix.source == "011" && us.checkLength(7) == .possibleLocally)
        #expect(table.region("RU")?.internationalPrefix.source == "810")
        #expect(table.region("IT")?.nationalPrefix == nil)
        #expect(table.region("BY")?.nationalPrefix?.source == "0|80?")
        #expect(table.row(callingCode: 1)?.region == "US" && table.row(callingCode: 44)?.region == "GB")
        #expect(table.row(callingCode: 800)?.region == "001")
        #expect(table.region("001") == nil && table.region("fr") == nil)
    }

    @Test("metadata patterns match with Python's priorities, groups and end anchor")
    func patterns() throws {
        let argentina = try #require(PhonePattern("0?(?:(11|2(?:2(?:02?|[13]))|3)15)?"))
        let match = try #require(argentina.matchPrefix(Array("0111523456789".utf8)[...]))
        #expect(match.end == 5 && match.groups == [1..<3])
        let empty = try #require(argentina.matchPrefix(Array("91234".utf8)[...]))
        #expect(empty.end == 0 && empty.groups == [nil])
        let anchored = try #require(PhonePattern("([457]\\d{6})$|1"))
        #expect(anchored.matchPrefix(Array("4621234".utf8)[...])?.groups == [0..<7])
        #expect(anchored.matchPrefix(Array("14621234".utf8)[...]) == PhonePattern.Match(end: 1, groups: [nil]))
        #expect(anchored.matchPrefix(Array("46212345".utf8)[...]) == nil)
        #expect(PhonePattern("0(?=1)") == nil)
        #expect(PhonePattern("[a-z]") == nil)
        let rule = try #require(PhoneTransformRule("9\\1"))
        #expect(rule.apply(to: Array("0111523456789".utf8)[...], match: match) == Array("91123456789".utf8))
        let literal = try #require(PhonePattern("011"))
        #expect(literal.groupCount == 0 && literal.matchPrefix(Array("0114412".utf8)[...]) == PhonePattern.Match(end: 3, groups: []))
        #expect(literal.matchPrefix(Array("0104412".utf8)[...]) == nil && literal.matchPrefix(Array("01".utf8)[...]) == nil)
    }

    @Test("the generated automaton form decodes, and a malformed one is refused")
    func automata() throws {
        // State 0 reads 1 or 2 to state 1, which reads any digit to itself; state 1 accepts.
        let automaton = try #require(DigitAutomaton(moves: ".11......." + "1111111111", accepting: "1"))
        #expect(automaton.matches(Array("1".utf8)[...]) && automaton.matches(Array("2907".utf8)[...]))
        #expect(!automaton.matches(Array("3".utf8)[...]) && !automaton.matches(Array("".utf8)[...]))
        #expect(DigitAutomaton(moves: ".11......." + "111111111", accepting: "1") == nil, "not ten moves per state")
        #expect(DigitAutomaton(moves: ".12......." + "1111111111", accepting: "1") == nil, "a move to a state that does not exist")
        #expect(DigitAutomaton(moves: ".1,......." + "1111111111", accepting: "1") == nil, "a byte outside the alphabet")
        #expect(DigitAutomaton(moves: ".11......." + "1111111111", accepting: "2") == nil, "an accepting state that does not exist")
        #expect(DigitAutomaton(moves: ".11......." + "1111111111", accepting: ".") == nil, "no state named")
        #expect(DigitAutomaton(moves: "", accepting: "") == nil, "no state at all")
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

    @Test("hashing from bytes gives the digest of the normalised address, ASCII or not")
    func hashesFromBytes() {
        func hash(_ text: String) -> EmailNormalizer.Hashed {
            var text = text
            return text.withUTF8 { EmailNormalizer.hash(utf8: $0) }
        }
        func digest(_ hex: String) -> SHA256Digest { SHA256Digest(hex: hex)! }
        #expect(
            hash(" ALICE_abc@gmail.com ")
                == .hashed(digest("848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f"), looksMalformed: false))
        #expect(
            hash("\tÉlodie@Exemple.FR\n")
                == .hashed(digest("f34116fa1fa2ab3840367c97ac2fc11e9e811bc3c424a1361abfc3d719c18e8c"), looksMalformed: false))
        #expect(hash("User@Localhost") == .hashed(digest("2627500e1490dfc29f33716febdab8cddfa16a51d113cd4c2ad24eb796b751f6"), looksMalformed: true))
        #expect(
            hash(" 848A771458438FC2EC420560D769FB9B9B86851EE338EC56517BAABD79D3BB4F")
                == .preHashed(digest("848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f")))
        #expect(hash("\u{A0} ") == .empty)
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

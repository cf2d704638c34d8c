import Testing

@testable import TikTokOfflineCore

@Suite("Transform: output formats (§6)")
struct OutputFormatTests {
    static let legacyPurchase =
        #"{"event_set_id":"7301234567890123456","event":"CompletePayment","event_id":"O_2025_000123","timestamp":"2025-03-14T13:45:12.345Z","context":{"user":{"phone_numbers":["42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8"],"emails":["5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918"]}},"properties":{"order_id":"O_2025_000123","shop_id":"STORE_PARIS_011","contents":[{"content_id":"SKU_TSHIRT_RED_M","content_name":"Trex tshirt","price":19.9,"quantity":2,"content_type":"product","content_category":"Clothing>Men>Tops>T-shirts>Short sleeves"},{"content_id":"SKU_JEANS_32","content_name":"Slim jeans","price":59.9,"quantity":1,"content_type":"product","content_category":"Clothing>Men>Bottoms>Jeans>Slim fit"},{"content_id":"SKU_BELT_BLK","content_name":"Leather belt","price":35,"quantity":1,"content_type":"product","content_category":"Accessories>Men>Belts>Leather>Black"}],"currency":"EUR","value":184.7,"event_channel":"in_store"}}"#

    static let events20Purchase =
        #"{"event_source":"offline","event_source_id":"7301234567890123456","test_event_code":"TEST12345","data":[{"event":"CompletePayment","event_time":1741959912,"event_id":"O_2025_000123","user":{"phone":["42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8"],"email":["5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918"]},"properties":{"order_id":"O_2025_000123","shop_id":"STORE_PARIS_011","content_type":"product","contents":[{"content_id":"SKU_TSHIRT_RED_M","content_name":"Trex tshirt","price":19.9,"quantity":2,"content_category":"Clothing>Men>Tops>T-shirts>Short sleeves"},{"content_id":"SKU_JEANS_32","content_name":"Slim jeans","price":59.9,"quantity":1,"content_category":"Clothing>Men>Bottoms>Jeans>Slim fit"},{"content_id":"SKU_BELT_BLK","content_name":"Leather belt","price":35,"quantity":1,"content_category":"Accessories>Men>Belts>Leather>Black"}],"currency":"EUR","value":184.7}}]}"#

    @Test("legacy: the exact /offline/track/ body for purchase-3-items")
    func legacy() throws {
        let result = try Transformer(config: makeConfig()).transform(Fixtures.sample("purchase-3-items"), now: Fixtures.now)
        #expect(result.outcome == .sendable)
        #expect(result.diagnostics.isEmpty)
        #expect(result.payloads.map(\.bodyText) == [Self.legacyPurchase])
    }

    @Test("Events 2.0: the exact /event/track/ body for the same event")
    func events20() throws {
        let config = makeConfig(format: .events20, testCode: "TEST12345")
        let result = try Transformer(config: config).transform(Fixtures.sample("purchase-3-items"), now: Fixtures.now)
        #expect(result.payloads.map(\.bodyText) == [Self.events20Purchase])
    }

    @Test("legacy puts test_event_code last at the top level and keeps empty context and properties")
    func legacyMinimal() throws {
        let result = try transform(#"{"event_name":"purchase","context":{"event_timestamp":1742428000000}}"#, makeConfig(testCode: "TEST1"))
        #expect(
            result.payloads.first?.bodyText
                == #"{"event_set_id":"7301234567890123456","event":"CompletePayment","timestamp":"2025-03-19T23:46:40.000Z","context":{},"properties":{},"test_event_code":"TEST1"}"#
        )
    }

    @Test("Events 2.0 leaves out empty user and properties, and never sends event_channel")
    func events20Minimal() throws {
        let result = try transform(
            #"{"event_name":"purchase","type":"store","context":{"event_timestamp":1742428000000}}"#, makeConfig(format: .events20))
        #expect(
            result.payloads.first?.bodyText
                == #"{"event_source":"offline","event_source_id":"7301234567890123456","data":[{"event":"CompletePayment","event_time":1742428000}]}"#
        )
    }

    @Test("every shipped sample transforms with the example config")
    func everySample() throws {
        let transformer = try Transformer(config: BuiltInExample.config)
        let expected: [String: (TransformResult.Outcome, Int)] = [
            "purchase-3-items": (.sendable, 1), "purchase-missing-fields": (.sendable, 1), "purchase-messy-phone": (.sendable, 1),
            "purchase-prehashed": (.sendable, 1), "generate-lead-call": (.sendable, 1), "sign-up": (.sendable, 1),
        ]
        for (name, (outcome, count)) in expected {
            let result = transformer.transform(try Fixtures.sample(name), now: Fixtures.now)
            #expect(result.outcome == outcome, "\(name)")
            #expect(result.payloads.count == count, "\(name)")
        }
    }

    @Test("a payload's pretty text is its body's value pretty-printed, in both formats, for every sample")
    func prettyPayloads() throws {
        let names = ["purchase-3-items", "purchase-missing-fields", "purchase-messy-phone", "purchase-prehashed", "generate-lead-call", "sign-up"]
        for format in [Config.APIFormat.legacy, .events20] {
            var config = BuiltInExample.config
            config.apiFormat = format
            let transformer = try Transformer(config: config)
            for name in names {
                for payload in transformer.transform(try Fixtures.sample(name), now: Fixtures.now).payloads {
                    #expect(payload.prettyText == payload.json.prettyText, "\(name), \(format)")
                    #expect(try JSONValue(parsing: payload.prettyText) == payload.json, "\(name), \(format)")
                }
            }
        }
    }
}

@Suite("Transform: event selection (§5.1)")
struct EventSelectionTests {
    let config = makeConfig([("purchase", "CompletePayment"), ("purchase", "PlaceAnOrder"), ("*", "Contact")])

    @Test("several rows with one name fan out, one payload per TikTok event")
    func fanOut() throws {
        let result = try transform(#"{"event_name":" purchase ","id":"1","context":{"event_timestamp":1742428000000}}"#, config)
        #expect(result.payloads.map(\.tiktokEvent) == ["CompletePayment", "PlaceAnOrder"])
        #expect(try result.payloads.map { try #require($0.json["event"]) } == ["CompletePayment", "PlaceAnOrder"])
    }

    @Test("an event without its own row takes the * row; names are case-sensitive")
    func wildcard() throws {
        let result = try transform(#"{"event_name":"Purchase","id":"1","context":{"event_timestamp":1742428000000}}"#, config)
        #expect(result.payloads.map(\.tiktokEvent) == ["Contact"])
    }

    @Test("names select rows as strings do: escaped, canonically equal and non-ASCII names, and configs with many rows")
    func nameEquality() throws {
        func events(_ name: String, _ config: Config) throws -> [String] {
            try transform(#"{"event_name":"\#(name)","id":"1","context":{"event_timestamp":1742428000000}}"#, config).payloads.map(\.tiktokEvent)
        }
        let config = makeConfig([("K1", "Contact"), ("caf\u{E9}", "Search"), ("*", "ViewContent")])
        #expect(try events("K1", config) == ["Contact"])
        #expect(try events(#"\u004B1"#, config) == ["Contact"])
        #expect(try events("\u{212A}1", config) == ["Contact"])
        #expect(try events("cafe\u{301}", config) == ["Search"])
        #expect(try events(" caf\u{E9} ", config) == ["Search"])
        #expect(try events("k1", config) == ["ViewContent"])
        let many = makeConfig((0..<40).map { ("event_\($0)", "Contact") } + [("*", "ViewContent")])
        #expect(try events(" event_39 ", many) == ["Contact"])
        #expect(try events("event_40", many) == ["ViewContent"])
    }

    @Test("an event no row selects is skipped with an info diagnostic")
    func skipped() throws {
        let result = try transform(#"{"event_name":"page_view"}"#)
        #expect(result.outcome == .skipped)
        #expect(result.payloads.isEmpty)
        #expect(messages(result, field: "event") == [#"info: no mapping row for event "page_view" and no "*" row; event skipped"#])
    }

    @Test("an event without a string event_name, or not an object, is an error")
    func invalid() throws {
        let noName = try transform(#"{"event_name":42}"#)
        #expect(noName.outcome == .invalid)
        #expect(messages(noName, field: "event") == ["error: the event has no string event_name, so no mapping row can select it"])
        let array = try transform("[1,2]")
        #expect(messages(array, field: "event") == ["error: the event must be a JSON object"])
        let broken = try transform("{\"event_name\":")
        #expect(messages(broken, field: "event") == ["error: invalid JSON at line 1, column 15: unexpected end of input, expected a value"])
    }
}

@Suite("Transform: time (§5.2)")
struct TransformTimeTests {
    func timestamp(_ value: String) throws -> (String?, [String]) {
        let result = try transform(#"{"event_name":"purchase","id":"1","user":{"email":"a@b.fr"},"context":{"event_timestamp":\#(value)}}"#)
        return (result.payloads.first?.json["timestamp"]?.stringValue, messages(result, field: "timestamp"))
    }

    @Test("epoch milliseconds as a number or a numeric string, and ISO-8601 with offset")
    func accepted() throws {
        #expect(try timestamp("1742428000000") == ("2025-03-19T23:46:40.000Z", []))
        #expect(try timestamp("\"1742428000123\"") == ("2025-03-19T23:46:40.123Z", []))
        #expect(try timestamp("\"2025-03-19T23:46:40.5+01:00\"") == ("2025-03-19T22:46:40.500Z", []))
    }

    @Test("a number below 100 000 000 000 is read as seconds, with a warning")
    func seconds() throws {
        #expect(
            try timestamp("1742428000") == (
                "2025-03-19T23:46:40.000Z", ["warning: number below 100000000000 read as epoch seconds, not milliseconds"]
            ))
    }

    @Test("missing or unparseable time is an error")
    func errors() throws {
        let missing = try transform(#"{"event_name":"purchase","id":"1"}"#)
        #expect(missing.outcome == .invalid)
        #expect(
            messages(missing, field: "timestamp") == ["error: missing: the event time is required (epoch milliseconds or ISO-8601 with an offset)"])
        #expect(
            try timestamp("\"2025-03-19T23:46:40\"").1 == [
                "error: cannot read the time: expected epoch milliseconds or an ISO-8601 string with an offset or Z"
            ])
        #expect(try timestamp("true").1 == ["error: cannot read the time: expected epoch milliseconds or an ISO-8601 string with an offset or Z"])
    }

    @Test("older than 28 days or more than 10 minutes ahead is a warning")
    func window() throws {
        #expect(try timestamp("1739000000000").1 == ["warning: event is 39 days old: TikTok does not attribute offline events older than 28 days"])
        #expect(try timestamp("1742430000000").1 == ["warning: event is 20 minutes in the future: check the clock or the time zone"])
        #expect(try timestamp("1742429100000").1 == [])
    }
}

@Suite("Transform: user data (§5.3, §5.4)")
struct UserDataTests {
    func user(_ json: String, region: String? = "FR") throws -> TransformResult {
        try transform(#"{"event_name":"purchase","id":"1","context":{"event_timestamp":1742428000000},"user":\#(json)}"#, makeConfig(region: region))
    }

    func hashes(_ result: TransformResult, _ key: String) throws -> [String] {
        guard case .array(let values) = try firstBody(result)["context"]?["user"]?[key] else { return [] }
        return values.compactMap(\.stringValue)
    }

    @Test("emails are trimmed, lower-cased, hashed; duplicates sent once; arrays accepted")
    func emails() throws {
        let result = try user(#"{"email":[" ALICE_abc@gmail.com ","alice_abc@GMAIL.com","","testsegmentintegration1@tiktok.com"]}"#)
        #expect(
            try hashes(result, "emails") == [
                "848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f",
                "522a233963af49ceac13a2f68719d86a0b4cfb306b9a7959db697e1d7a52676a",
            ])
        #expect(messages(result, field: "context.user.emails").isEmpty)
    }

    @Test("a digest list keeps its first digest inline and the rest in order")
    func digestList() {
        var list = DigestList()
        #expect(list.isEmpty && list.count == 0 && Array(list).isEmpty)
        let digests = ["a", "b", "c"].map { SHA256Digest(hashing: $0) }
        for digest in digests { list.append(digest) }
        #expect(!list.isEmpty && list.count == 3)
        #expect(list.map(\.hex) == digests.map(\.hex))
        #expect(list.contains(digests[2]) && !list.contains(SHA256Digest(hashing: "d")))
    }

    @Test("a 64-hex email passes through lower-cased, never re-hashed")
    func prehashedEmail() throws {
        let result = try user(#"{"email":"848A771458438FC2EC420560D769FB9B9B86851EE338EC56517BAABD79D3BB4F"}"#)
        #expect(try hashes(result, "emails") == ["848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f"])
    }

    @Test("a malformed email is hashed with a warning that does not quote it")
    func malformedEmail() throws {
        let result = try user(#"{"email":"marie.example.fr"}"#)
        #expect(try hashes(result, "emails") == [SHA256Digest(hashing: "marie.example.fr").hex])
        #expect(
            messages(result, field: "context.user.emails") == [
                "warning: does not look like an email address (needs exactly one '@' and a dot in the domain); hashed anyway"
            ])
        #expect(!result.diagnostics.contains { $0.message.contains("marie") })
    }

    @Test("phones: E.164 with '+' hashed; region from user.country, else the config")
    func phones() throws {
        #expect(
            try hashes(user(#"{"phone":"(+1)2133734253"}"#), "phone_numbers") == ["9f7ec22d72092cd3c0b58726ed9c2d91b92e51a3f29837508fb2948bb22dd2fd"])
        #expect(
            try hashes(user(#"{"phone":"06 12 34 56 78"}"#), "phone_numbers") == ["42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8"])
        #expect(
            try hashes(user(#"{"phone":"(555) 555-0100","country":"us"}"#), "phone_numbers") == [
                "0cbf019479241f66c9c60d39e69e06989f108bc47da5b938a87045a615cad4a4"
            ])
        #expect(
            try hashes(user(#"{"phone":"020 7183 8750","country":"ZZ"}"#, region: "GB"), "phone_numbers") == [
                "e631c2534428c6c9b48c2167604a8983046085e43a2c00ed748733c544c0bb4d"
            ])
    }

    @Test("unusable phones are dropped with a warning; blanks silently; duplicates once")
    func phoneProblems() throws {
        let result = try user(#"{"phone":["06 12 34 56 78","+33 6 12 34 56 78"," ","0800 CALL ME"],"email":"a@b.fr"}"#)
        #expect(try hashes(result, "phone_numbers") == ["42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8"])
        #expect(
            messages(result, field: "context.user.phone_numbers") == [
                "warning: left out: the phone number contains letters (letters are never read as digits, and extensions are not sent)"
            ])
        #expect(result.diagnostics.first { $0.field == "context.user.phone_numbers" }?.source == "user.phone.3")
        let noRegion = try user(#"{"phone":"06 12 34 56 78","email":"a@b.fr"}"#, region: nil)
        #expect(
            messages(noRegion, field: "context.user.phone_numbers") == [
                "warning: left out: the phone number is written without a country code and no region is known (set phone_region in the config or send user.country)"
            ])
    }

    @Test("with neither email nor phone, a warning says TikTok cannot match the event")
    func noIdentity() throws {
        let result = try user(#"{"phone":"12"}"#)
        #expect(
            messages(result, field: "context.user") == [
                "warning: no email and no phone after normalisation: TikTok cannot match this event to a person"
            ])
        #expect(result.outcome == .sendable)
        #expect(try firstBody(result)["context"] == [:])
    }

    @Test("falls back to user.email_sha256 and user.phone_sha256")
    func fallbacks() throws {
        let result = try user(
            #"{"email_sha256":"836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f","phone_sha256":"42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8"}"#
        )
        #expect(try hashes(result, "emails") == ["836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f"])
        #expect(try hashes(result, "phone_numbers") == ["42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8"])
    }
}

@Suite("Transform: numbers, identifiers, currency (§5.5)")
struct NumbersTests {
    func event(_ fields: String) throws -> TransformResult {
        try transform(
            #"{"event_name":"purchase","user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000,"event_id":"ctx-1"},\#(fields)}"#)
    }

    @Test("price and value accept numbers and '.' decimal strings; 0 is kept")
    func decimals() throws {
        let result = try event(#""id":"1","currency":"eur","value":"184.70","items":[{"id":"A","product":{"price":"19.90"},"quantity":"2"}]"#)
        let body = try firstBody(result)
        #expect(body["properties"]?["value"] == 184.7)
        #expect(body["properties"]?["currency"] == "EUR")
        #expect(body["properties"]?["contents"] == [["content_id": "A", "price": 19.9, "quantity": 2]])
        #expect(try firstBody(event(#""id":"1","currency":"EUR","value":0"#))["properties"]?["value"] == 0)
    }

    @Test("numbers that are not plain decimals are left out with a warning")
    func badNumbers() throws {
        let result = try event(#""id":"1","currency":"EUR","value":"101.99 USD","items":[{"id":"A","product":{"price":"12,30"},"quantity":1.5}]"#)
        let body = try firstBody(result)
        #expect(body["properties"]?["value"] == nil)
        #expect(body["properties"]?["contents"] == [["content_id": "A"]])
        #expect(
            messages(result, field: "properties.value") == [
                #"warning: left out: "101.99 USD" is not a number (use digits and a '.' decimal point, no currency or thousands separator)"#
            ])
        #expect(
            messages(result, field: "properties.contents.0.price") == [
                #"warning: left out: "12,30" is not a number (use digits and a '.' decimal point, no currency or thousands separator)"#
            ])
        #expect(messages(result, field: "properties.contents.0.quantity") == ["warning: left out: is not a whole number"])
        #expect(messages(result, field: "properties.currency") == ["warning: currency without value: add properties.value to report revenue"])
    }

    @Test("identifiers are strings: numbers become their shortest text, long ids are not rounded")
    func identifiers() throws {
        let body = try firstBody(event(#""id":202503140000000123,"shop_id":42.0,"items":[{"id":1077218}]"#))
        #expect(body["event_id"] == "202503140000000123")
        #expect(body["properties"]?["order_id"] == "202503140000000123")
        #expect(body["properties"]?["shop_id"] == "42")
        #expect(body["properties"]?["contents"]?[0]?["content_id"] == "1077218")
    }

    @Test("event_id falls back to context.event_id; a missing id is a warning")
    func eventIDFallback() throws {
        let result = try event(#""shop_id":"S""#)
        #expect(try firstBody(result)["event_id"] == "ctx-1")
        #expect(try firstBody(result)["properties"]?["order_id"] == nil)
        let none = try transform(#"{"event_name":"purchase","user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000}}"#)
        #expect(messages(none, field: "event_id") == ["warning: no event id: TikTok cannot deduplicate this event"])
    }

    @Test("an unsupported currency is a warning and still sent; value without currency is a warning")
    func currency() throws {
        let odd = try event(#""id":"1","currency":"xyz","value":10"#)
        #expect(try firstBody(odd)["properties"]?["currency"] == "XYZ")
        #expect(messages(odd, field: "properties.currency") == [#"warning: "XYZ" is not in TikTok's list of supported currencies"#])
        let noCurrency = try event(#""id":"1","value":10"#)
        #expect(
            messages(noCurrency, field: "properties.value") == [
                "warning: value without currency: TikTok cannot report revenue without properties.currency"
            ])
    }

    @Test(
        "a currency is trimmed and upper-cased whether read from the event's bytes or decoded from escapes",
        arguments: [
            (#"" eur ""#, "EUR", false), (#""uSd""#, "USD", false), (#""\u0045UR""#, "EUR", false), (#"" gbp\t""#, "GBP", false),
            (#""ZAR""#, "ZAR", false), (#""AED""#, "AED", false), (#""EU""#, "EU", true), (#""EURO""#, "EURO", true),
            (#""E1R""#, "E1R", true), (#""\u00e9ur""#, "ÉUR", true), (#""   ""#, nil, false),
        ])
    func currencyForms(literal: String, expected: String?, warns: Bool) throws {
        let result = try event(#""id":"1","value":10,"currency":\#(literal)"#)
        #expect(try firstBody(result)["properties"]?["currency"] == expected.map(JSONValue.string))
        let warning = expected.map { #"warning: "\#($0)" is not in TikTok's list of supported currencies"# }
        #expect(messages(result, field: "properties.currency") == (warns ? [warning!] : []))
    }

    @Test("the supported currencies are listed in order, as the byte path's binary search needs")
    func currencyListIsSorted() {
        #expect(SupportedCurrency.list == SupportedCurrency.list.sorted())
        #expect(SupportedCurrency.list.count == 62)
        #expect(Set(SupportedCurrency.list).count == SupportedCurrency.list.count)
    }

    @Test("absent, null and empty-string values are left out")
    func leftOut() throws {
        let body = try firstBody(event(#""id":"1","shop_id":"","currency":null,"type":"","items":[]"#))
        #expect(body["properties"] == ["order_id": "1"])
    }
}

@Suite("Transform: channel (§5.6)")
struct ChannelTests {
    func channel(_ type: String, aliases: [Config.ChannelAlias] = []) throws -> (JSONValue?, [String]) {
        let result = try transform(
            #"{"event_name":"purchase","id":"1","type":"\#(type)","user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000}}"#,
            makeConfig(aliases: aliases))
        return (try firstBody(result)["properties"]?["event_channel"], messages(result, field: "properties.event_channel"))
    }

    @Test(
        "TikTok's values pass through and built-in aliases map case-insensitively",
        arguments: [
            ("email", "email"), ("website", "website"), ("phone_call", "phone_call"), ("in_store", "in_store"), ("crm", "crm"),
            ("other", "other"), ("Offline", "in_store"), ("STORE", "in_store"), ("shop", "in_store"), ("instore", "in_store"),
            ("in-store", "in_store"), ("online", "website"), ("web", "website"), ("site", "website"), ("call", "phone_call"),
            ("phone", "phone_call"), ("callcenter", "phone_call"), ("call_center", "phone_call"), ("mail", "email"), ("e-mail", "email"),
        ])
    func builtIn(type: String, expected: String) throws {
        #expect(try channel(type) == (.string(expected), []))
    }

    @Test("config aliases add and override entries; unknown values are left out with a warning")
    func aliases() throws {
        let aliases = [Config.ChannelAlias(alias: "Boutique", channel: "in_store"), Config.ChannelAlias(alias: "online", channel: "crm")]
        #expect(try channel("boutique", aliases: aliases) == ("in_store", []))
        #expect(try channel("online", aliases: aliases) == ("crm", []))
        #expect(try channel(" BOUTIQUE\\t", aliases: aliases) == ("in_store", []))
        #expect(try channel("\\u0042outique", aliases: aliases) == ("in_store", []))
        let accented = [Config.ChannelAlias(alias: "Magasín", channel: "in_store")]
        #expect(try channel("magasín", aliases: accented) == ("in_store", []))
        #expect(try channel("MAGASÍN", aliases: accented) == ("in_store", []))
        // The Kelvin sign lower-cases to an ASCII "k": the alias then matches a plain "K".
        #expect(try channel("K", aliases: [Config.ChannelAlias(alias: "\u{212A}", channel: "crm")]) == ("crm", []))
        let unknown = try channel("kiosk")
        #expect(unknown.0 == nil)
        #expect(
            unknown.1 == [
                #"warning: left out: "kiosk" is not a TikTok channel and has no alias (add it to channel_aliases; TikTok accepts email, website, phone_call, in_store, crm, other)"#
            ])
    }
}

@Suite("Transform: items (§5.7)")
struct ItemsTests {
    func contents(_ items: String) throws -> (JSONValue?, TransformResult) {
        let result = try transform(
            #"{"event_name":"purchase","id":"1","user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000},"items":\#(items)}"#)
        return (try firstBody(result)["properties"]?["contents"], result)
    }

    @Test("category levels join non-empty values with '>' and skip gaps")
    func categoryJoin() throws {
        let (contents, _) = try contents(
            #"[{"product":{"category_1":"Kitchen","category_2":"","category_3":"Mugs","category_5":" Big "}},{"product":{"category_2":"Only"}},{"product":{"category_1":null}}]"#
        )
        #expect(contents == [["content_category": "Kitchen>Mugs>Big"], ["content_category": "Only"]])
    }

    @Test("category levels that are numbers or escaped strings join like plain ones; spaces-only levels are gaps")
    func categoryJoinOfOtherValues() throws {
        let (contents, _) = try contents(
            #"[{"product":{"category_1":"Tea & co","category_2":7,"category_3":"   ","category_4":"Gr\u00fcn"}},{"product":{"category_1":"  ","category_3":" A ","category_4":"B"}},{"product":{"category_2":"   "}}]"#
        )
        #expect(contents == [["content_category": "Tea & co>7>Grün"], ["content_category": "A>B"]])
    }

    @Test("non-object items are skipped with a warning; items that yield nothing are left out")
    func skipped() throws {
        let (contents, result) = try contents(#"[{"id":"A"}, "B", {"variant":"red"}, {"id":"C","quantity":3}]"#)
        #expect(contents == [["content_id": "A"], ["content_id": "C", "quantity": 3]])
        #expect(messages(result, field: "properties.contents.1") == ["warning: item skipped: a string, not an object"])
    }

    @Test("items that are not an array are a warning")
    func notArray() throws {
        let (contents, result) = try contents(#"{"id":"A"}"#)
        #expect(contents == nil)
        #expect(messages(result, field: "properties.contents") == ["warning: left out: items is an object, not an array"])
    }
}

@Suite("Transform: event set id (§5.8) and smart mapping")
struct EventSetAndOverrideTests {
    let event =
        #"{"event_name":"purchase","id":"1","user":{"email":"a@b.fr"},"store":{"code":"PAR-11","set":"7301234567890123999","pixel":"CABCDE12345FGHIJ67"},"context":{"event_timestamp":1742428000000}}"#

    @Test("the event set id is a template resolved per event")
    func template() throws {
        let result = try transform(event, makeConfig(eventSetID: "{{store.set}}"))
        #expect(try firstBody(result)["event_set_id"] == "7301234567890123999")
        #expect(result.payloads.first?.eventSetID == "7301234567890123999")
    }

    @Test("missing after resolution is an error")
    func missing() throws {
        let result = try transform(event, makeConfig(eventSetID: "{{store.nothing}}"))
        #expect(result.outcome == .invalid)
        #expect(result.sendablePayloads.isEmpty)
        #expect(messages(result, field: "event_set_id") == ["error: missing: the template {{store.nothing}} found nothing in this event"])
    }

    @Test("not all digits is a warning, and a Pixel code is named as such")
    func notDigits() throws {
        let pixel = try transform(event, makeConfig(eventSetID: "{{store.pixel}}"))
        #expect(
            messages(pixel, field: "event_set_id") == [
                #"warning: "CABCDE12345FGHIJ67" looks like a TikTok Pixel code, not an offline event set id; TikTok rejects Pixel codes for offline events. Use the numeric id of an Offline event set (Events Manager → Offline)"#
            ])
        let letters = try transform(event, makeConfig(eventSetID: "set-{{store.code}}"))
        #expect(
            messages(letters, field: "event_set_id") == [
                #"warning: "set-PAR-11" is not all digits; offline event set ids are numeric strings (typically 19 digits)"#
            ])
    }

    @Test("a literal id is checked once and reported on every event; a blank one is still missing")
    func literal() throws {
        let config = try CompiledConfig(makeConfig(eventSetID: " C1234567890ABCDEFG "))
        for _ in 0..<2 {
            let result = Transformer(config: config).transform(event, now: 0)
            #expect(result.payloads.first?.eventSetID == "C1234567890ABCDEFG")
            #expect(
                messages(result, field: "event_set_id") == [
                    #"warning: "C1234567890ABCDEFG" looks like a TikTok Pixel code, not an offline event set id; TikTok rejects Pixel codes for offline events. Use the numeric id of an Offline event set (Events Manager → Offline)"#
                ])
        }
        let blank = try transform(event, makeConfig(eventSetID: "  "))
        #expect(messages(blank, field: "event_set_id") == ["error: missing: the template    found nothing in this event"])
    }

    @Test("an override replaces the default source and goes through the same normalisation")
    func overrides() throws {
        let config = makeConfig(sources: [
            .shopID: ["{{store.code}}"], .emails: ["{{contact.mail}}"], .contentName: ["{{items.X.title}} ({{items.X.sku}})"],
            .eventID: ["evt-{{id}}"],
        ])
        let result = try transform(
            #"{"event_name":"purchase","id":7,"store":{"code":"PAR-11"},"contact":{"mail":" Bob@Example.COM"},"items":[{"title":"Mug","sku":"M1"}],"context":{"event_timestamp":1742428000000}}"#,
            config)
        let body = try firstBody(result)
        #expect(body["properties"]?["shop_id"] == "PAR-11")
        #expect(body["event_id"] == "evt-7")
        #expect(body["context"]?["user"]?["emails"] == [.string(SHA256Digest(hashing: "bob@example.com").hex)])
        #expect(body["properties"]?["contents"] == [["content_name": "Mug (M1)"]])
    }

    @Test("the default field mapping is one table, in §1 order")
    func defaultTable() {
        #expect(DefaultFieldMapping.table.map(\.field) == TikTokField.allCases)
        #expect(DefaultFieldMapping.of(.eventID).source.summary == "{{id}} | fallback {{context.event_id}}")
        #expect(DefaultFieldMapping.of(.contentCategory).source.templates.count == 5)
    }
}

@Suite("Text helpers")
struct TextHelperTests {
    @Test("a joined text reads as its parts with the field's separator between them")
    func joinedText() throws {
        let document = try JSONDocument(parsing: #"{"a":"Kitchen","b":"Mugs","c":"Big"}"#)
        let parts = ["Kitchen", "Mugs", "Big"].map { part in
            let start = document.bytes.firstRange(of: Array(part.utf8))!.lowerBound
            return start..<start + part.utf8.count
        }
        let field = TikTokField.contentCategory.ordinal
        var separators = [String?](repeating: nil, count: field + 1)
        separators[field] = ">"
        let source = FieldTextSource(document: document, joinedParts: [0..<1] + parts, joinSeparators: separators)
        #expect(FieldText.joined(parts: 1..<4, field: Int32(field)).string(in: source) == "Kitchen>Mugs>Big")
        #expect(FieldText.joined(parts: 2..<3, field: Int32(field)).string(in: source) == "Mugs")
    }

    @Test("ASCII-first case mapping gives what Unicode case mapping gives")
    func caseMapping() {
        #expect("In-Store".lowercasedASCIIFirst() == "in-store")
        #expect("offline".lowercasedASCIIFirst() == "offline")
        #expect("Étoile".lowercasedASCIIFirst() == "étoile")
        #expect("eur".uppercasedASCIIFirst() == "EUR")
        #expect("EUR".uppercasedASCIIFirst() == "EUR")
        #expect("straße".uppercasedASCIIFirst() == "STRASSE")
        for text in ["", "a1-Z_", "Ωmega", "ǅ", "İstanbul"] {
            #expect(text.lowercasedASCIIFirst() == text.lowercased())
            #expect(text.uppercasedASCIIFirst() == text.uppercased())
        }
    }
}

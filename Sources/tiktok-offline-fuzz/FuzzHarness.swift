import TikTokOfflineCore

/// The checks one fuzz input goes through: every parser of untrusted text, and the properties
/// their results must have. Crashes and hangs are found by running it; broken properties are
/// returned as messages.
public struct FuzzHarness {
    /// The example config every event is transformed with.
    static let transformer = try! Transformer(config: BuiltInExample.config)
    /// 2025-03-20T00:00:00Z, so age checks do not depend on the clock.
    static let now: Int64 = 1_742_428_800_000

    /// The properties that did not hold, in words.
    private(set) var problems: [String] = []

    /// Runs `bytes` through the JSON reader and writer, the config decoder, the transform,
    /// templates and the email and phone normalisers; returns the properties that did not hold.
    public static func check(_ bytes: [UInt8]) -> [String] {
        var harness = FuzzHarness()
        harness.checkJSON(bytes)
        harness.checkConfig(bytes)
        harness.checkTransform(bytes)
        harness.checkPlan(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        harness.checkTemplate(text)
        harness.checkNormalizers(text)
        harness.checkByteRules(bytes)
        return harness.problems
    }

    /// A syntax error points inside the input; an accepted text survives write → read unchanged,
    /// and pretty-printing it from the tape gives the text pretty-printing its value gives.
    mutating func checkJSON(_ bytes: [UInt8]) {
        do {
            let value = try JSONValue(parsing: bytes)
            let compact = JSONWriter.compact(value)
            require((try? JSONValue(parsing: compact)) == value, "compact JSON does not read back to the same value")
            let pretty = JSONWriter.pretty(value)
            require((try? JSONValue(parsing: pretty)) == value, "pretty JSON does not read back to the same value")
            if let document = try? JSONDocument(parsing: bytes) {
                require(JSONWriter.pretty(document, document.root) == pretty, "pretty text from the tape differs from the value's")
            } else {
                require(false, "the tape parser refuses what the value parser accepts")
            }
        } catch {
            require(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
            require(error.position.line >= 1 && error.position.column >= 1, "error position \(error.position) is not 1-based")
        }
    }

    /// A config the decoder accepts writes canonically, and the canonical text is a fixed point.
    mutating func checkConfig(_ bytes: [UInt8]) {
        guard let (config, _) = try? ConfigDecoder.decode(bytes) else { return }
        let canonical = ConfigWriter.canonicalBytes(config)
        guard let (again, _) = try? ConfigDecoder.decode(canonical) else {
            return require(false, "the canonical text of an accepted config is refused")
        }
        require(again == config, "the canonical text reads back to a different config")
        require(ConfigWriter.canonicalBytes(again) == canonical, "canonical writing is not a fixed point")
    }

    /// The memory the bulk transform keeps from one event to the next, here from one input to the
    /// next: each input is read into tapes and slots that earlier inputs of every size left.
    nonisolated(unsafe) static var scratch = Transformer.Scratch()

    /// Every payload is valid JSON; a sendable result has no error and a skipped one no payload;
    /// the bulk transform, with the memory earlier inputs left, writes what a fresh one writes.
    mutating func checkTransform(_ bytes: [UInt8]) {
        var reused = JSONWriter()
        var fresh = JSONWriter()
        let withScratch = Self.transformer.transform(bytes, now: Self.now, appendingLinesTo: &reused, scratch: &Self.scratch)
        let alone = Self.transformer.transform(bytes, now: Self.now, appendingLinesTo: &fresh)
        require(reused.bytes == fresh.bytes, "the bulk transform writes differently with memory kept from earlier inputs")
        require(withScratch.outcome == alone.outcome, "the bulk transform's outcome changes with memory kept from earlier inputs")
        let result = Self.transformer.transform(bytes, now: Self.now)
        for payload in result.payloads {
            require((try? JSONDocument(parsing: payload.body)) != nil, "a payload body is not valid JSON")
        }
        switch result.outcome {
        case .sendable: require(result.errors.isEmpty, "a sendable result carries an error")
        case .skipped: require(result.payloads.isEmpty, "a skipped event has payloads")
        case .invalid: require(!result.errors.isEmpty, "an invalid result names no error")
        }
    }

    /// Templates that reach every case of the plan: root and item paths, numeric segments, `X`
    /// inside and outside `items.X`, mixed text, and keys that an event may repeat or escape.
    static let planTemplates: [Template] = [
        "{{id}}", "{{user.email}}", "{{user.country}}", "{{items}}", "{{items.X}}", "{{items.X.id}}", "{{items.0.id}}",
        "{{items.X.product.name}} ({{items.X.variant}})", "{{items.X.tags.X}}", "{{user.phones.X}}", "{{a.b.c}}", "{{a.0}}",
        "{{a.X}}", "{{0}}", "{{X}}", "id-{{id}}-{{context.event_id}}", "{{context.event_timestamp}}",
    ].map { try! Template(parsing: $0) }
    static let plan = TransformPlan(checking: planTemplates)

    /// The plan's one walk finds what the reference evaluator finds, for every template, at the
    /// root and in every item; and the input itself, as a template, agrees on a fixed event.
    mutating func checkPlan(_ bytes: [UInt8]) {
        if let document = try? JSONDocument(parsing: bytes) {
            problems += Self.plan.disagreements(in: document)
        }
        if let template = try? Template(parsing: String(decoding: bytes, as: UTF8.self)) {
            let document = try! JSONDocument(
                parsing: #"{"a": {"b": [1, "x", null]}, "a": {"b": 2}, "i\u0064": 5, "items": [{"id": 7, "tags": ["t"]}, {"X": 1}]}"#)
            problems += TransformPlan(checking: [template]).disagreements(in: document)
        }
    }

    /// Any text either parses as a template or is refused; a parsed one evaluates without trapping.
    func checkTemplate(_ text: String) {
        guard let template = try? Template(parsing: text) else { return }
        let document = try! JSONDocument(parsing: #"{"a": {"b": [1, "x", null]}, "items": [{"id": 7}]}"#)
        _ = template.evaluate(in: document).text(in: document)
        _ = template.evaluate(in: document, itemIndex: 0).text(in: document)
    }

    /// A phone number that is accepted is `+`, a calling code and a national number of 2–17 digits
    /// (libphonenumber's bounds); an email hashed from its bytes gets the digest of its normalised
    /// text.
    mutating func checkNormalizers(_ text: String) {
        for region in [nil, PhoneRegionTable.shared.region("FR"), PhoneRegionTable.shared.region("US")] {
            if case .e164(let number) = PhoneNormalizer().normalize(text, region: region) {
                let digits = number.utf8.dropFirst()
                require(
                    number.utf8.first == UInt8(ascii: "+") && (3...20).contains(digits.count)
                        && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } && digits.first != UInt8(ascii: "0"),
                    "phone result \(number.utf8.count) bytes long is not E.164")
            }
        }
        var bytes = text
        let hashed = bytes.withUTF8 { EmailNormalizer.hash(utf8: $0) }
        switch EmailNormalizer.normalize(text) {
        case .normalized(let address, let looksMalformed):
            require(
                hashed == .hashed(SHA256Digest(hashing: address), looksMalformed: looksMalformed), "email hashed from bytes differs from its text")
        case .preHashed(let digest):
            require(hashed == .preHashed(digest), "pre-hashed email read differently from bytes")
        case .empty:
            require(hashed == .empty, "blank email read differently from bytes")
        }
    }

    /// Channel tables without and with aliases, among them the Kelvin sign, which lower-cases to
    /// an ASCII `k`, and an accented one.
    static let channelTables = [
        ChannelTable(),
        ChannelTable(aliases: ["Boutique": "in_store", "\u{212A}": "crm", "Magasín": "in_store", "online": "crm"]),
    ]

    /// The byte paths of the currency and channel rules agree with their text paths, and find
    /// every ASCII value the text paths find (libFuzzer tries short inputs often: codes and names).
    mutating func checkByteRules(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        let trimmed = text.trimmingASCIISpaces()
        let textCurrency = trimmed.uppercasedASCIIFirst()
        if let byteCurrency = bytes.withUnsafeBufferPointer({ SupportedCurrency.code($0) }) {
            require(byteCurrency == textCurrency, "the currency read from bytes differs from the text's")
        } else {
            require(!isASCII || !SupportedCurrency.codes.contains(textCurrency), "an ASCII supported currency is missed on its bytes")
        }
        for table in Self.channelTables {
            let textChannel = table.channel(for: trimmed)
            if let byteChannel = bytes.withUnsafeBufferPointer({ table.channel(forASCII: $0) }) {
                require(byteChannel == textChannel, "the channel read from bytes differs from the text's")
            } else {
                require(!isASCII || textChannel == nil, "an ASCII channel is missed on its bytes")
            }
        }
    }

    mutating func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { problems.append(message()) }
    }
}

/// The libFuzzer entry point: a broken property stops the process, so libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let problems = FuzzHarness.check(Array(UnsafeBufferPointer(start: data, count: size)))
    if !problems.isEmpty { fatalError("fuzz property broken: \(problems.joined(separator: "; "))") }
    return 0
}

#if FUZZING
    /// libFuzzer's driver, from the toolchain's fuzzer runtime.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
    ) -> Int32

    /// The program's entry point under libFuzzer (SwiftPM names an executable's entry this way).
    @_cdecl("tiktok_offline_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
    }
#endif

import Testing

@testable import TikTokOfflineCore

@Suite("One set of config rules: file, compile, configurator and recovery")
struct ConfigValidatorTests {
    /// A config with a problem in every key.
    let faulty = Config(
        eventSetID: "CABCDE12345FGHIJ67",
        mappings: [
            Config.MappingRow(tiktokEvent: "Nope", commandersActEvent: "x"),
            Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase"),
            Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase"),
        ],
        apiFormat: .events20, phoneRegion: "fr", fieldSources: [.shopID: ["{{a}}", "{{a}}"], .orderID: ["{{b"]],
        channelAliases: [Config.ChannelAlias(alias: "boutique", channel: "store")], testEventCode: "")

    @Test("the model's problems, in key order")
    func problemsOfTheModel() {
        let problems = ConfigValidator.problems(in: faulty).map { "\($0.severity.rawValue) \($0.path): \($0.message.prefix(40))" }
        #expect(
            problems == [
                #"warning event_set_id: "CABCDE12345FGHIJ67" looks like a TikTok"#,
                #"error mappings[0].tiktok_event: unknown TikTok event "Nope"; offline eve"#,
                #"info mappings[1].tiktok_event: TikTok renamed "CompletePayment" to "Pur"#,
                #"info mappings[2].tiktok_event: TikTok renamed "CompletePayment" to "Pur"#,
                #"error mappings[2]: duplicate of mappings[1] (purchase → Com"#,
                #"error phone_region: unknown region "fr" (did you mean "FR"?)"#,
                #"error field_sources["properties.order_id"]: invalid template at column 1: '{{' has n"#,
                #"error field_sources["properties.shop_id"][1]: repeats element [0] of the chain; a repe"#,
                #"error channel_aliases["boutique"]: "store" is not a TikTok channel; use one"#,
                #"error test_event_code: must not be empty (leave the key out ins"#,
            ])
    }

    @Test("a file is checked by the same rules: its problems are the model's, with positions")
    func decoderAgrees() {
        var decoded: [ConfigProblem] = []
        do {
            _ = try ConfigDecoder.decode(ConfigWriter.canonicalBytes(faulty))
        } catch {
            decoded = error.problems
        }
        let strip = { (problems: [ConfigProblem]) in Set(problems.map { "\($0.severity) \($0.path): \($0.message)" }) }
        let model = ConfigValidator.problems(in: faulty).filter { $0.severity != .info }
        #expect(strip(decoded) == strip(model))
        #expect(decoded.allSatisfy { $0.position != nil })
    }

    @Test("compiling checks only what stops a transform, with validate's wording")
    func compilableScope() {
        var config = faulty
        config.fieldSources = [:]
        #expect(ConfigValidator.problems(in: config, scope: .compilable).map(\.path) == ["phone_region"])
        #expect(throws: ConfigError.self) { try CompiledConfig(config) }
        do {
            _ = try CompiledConfig(config)
        } catch {
            #expect(
                error.problems.map(\.message) == [#"unknown region "fr" (did you mean "FR"?)"#])
        }
        config.phoneRegion = "FR"
        #expect((try? CompiledConfig(config)) != nil, "an unknown event name or a duplicate row does not stop a preview")
    }

    @Test("the recovery draft is read by the same reader, leniently")
    func lenientDraft() throws {
        let text =
            #"{"version": 1, "mappings": [{"tiktok_event": "Nope", "commanders_act_event": "x"}, {"tiktok_event": "Lead", "commanders_act_event": "lead"}], "phone_region": "FR", "field_sources": {"properties.shop_id": "{{store}}", "nope": 1}}"#
        let draft = try #require(ConfigDecoder.decodeDraft(Array(text.utf8)))
        #expect(draft.eventSetID == "")
        #expect(draft.mappings == [Config.MappingRow(tiktokEvent: "Lead", commandersActEvent: "lead")])
        #expect(draft.phoneRegion == "FR")
        #expect(draft.fieldSources == [.shopID: ["{{store}}"]])
        #expect(ConfigDecoder.decodeDraft(Array(#"{"mappings": []}"#.utf8)) == nil, "no version: not a draft")
        #expect(ConfigDecoder.decodeDraft(Array(#"{"version": 2}"#.utf8)) == nil, "a newer format is never half-read")
    }
}

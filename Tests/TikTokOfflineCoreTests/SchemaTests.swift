import Testing

@testable import TikTokOfflineCore

/// Keeps `docs/tiktok-offline.schema.json` in step with the decoder.
@Suite("Config JSON Schema")
struct SchemaTests {
    let schema: JSONValue = try! JSONValue(parsing: FileIO.readAll("\(Fixtures.repositoryRoot)/docs/tiktok-offline.schema.json"))

    @Test("every example config validates against the schema", arguments: ConfigTests.examples)
    func examplesValidate(name: String) throws {
        let config = try JSONValue(parsing: FileIO.readAll("\(Fixtures.repositoryRoot)/docs/examples/\(name).json"))
        #expect(SchemaValidator.problems(config, schema) == [])
    }

    @Test("configs the decoder refuses are refused by the schema too")
    func invalidConfigs() throws {
        let invalid = [
            #"{"version": 2, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": []}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Purchased", "commanders_act_event": "x"}]}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Lead", "commanders_act_event": "x"}], "field_sources": {"event_id": []}}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Lead", "commanders_act_event": "x"}], "field_sources": {"event_id": ["{{id}}", "{{id}}"]}}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Lead", "commanders_act_event": "x"}], "field_sources": {"event_id": ["{{id}}", 7]}}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}], "extra": 1}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}], "field_sources": {"event": "x"}}"#,
            #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}], "channel_aliases": {"a": "store"}}"#,
        ]
        for text in invalid {
            #expect(throws: ConfigError.self) { try ConfigDecoder.decode(text) }
            #expect(!SchemaValidator.problems(try JSONValue(parsing: text), schema).isEmpty, "\(text)")
        }
    }

    @Test("the schema lists exactly the decoder's keys, events, fields and channels")
    func inStep() throws {
        guard case .object(let properties) = schema["properties"] else {
            Issue.record("schema has no properties")
            return
        }
        #expect(properties.keys == Config.keys)
        #expect(
            schema["properties"]?["mappings"]?["items"]?["properties"]?["tiktok_event"]?["enum"] == .array(TikTokEventType.all.map(JSONValue.string)))
        #expect(schema["properties"]?["field_sources"]?["propertyNames"]?["enum"] == .array(TikTokField.allCases.map { .string($0.rawValue) }))
        #expect(schema["properties"]?["api_format"]?["enum"] == .array(Config.APIFormat.allCases.map { .string($0.rawValue) }))
        #expect(
            schema["properties"]?["channel_aliases"]?["additionalProperties"]?["enum"] == .array(ChannelTable.tiktokChannels.map(JSONValue.string)))
    }
}

/// The subset of JSON Schema (2020-12) the config schema uses: type, const, enum, required,
/// properties, additionalProperties, propertyNames, items, minItems, uniqueItems, minLength,
/// pattern, oneOf.
enum SchemaValidator {
    static func problems(_ value: JSONValue, _ schema: JSONValue, path: String = "$") -> [String] {
        var found: [String] = []
        if let type = schema["type"]?.stringValue, !matches(value, type: type) { found.append("\(path): not \(type)") }
        if let constant = schema["const"], constant != value { found.append("\(path): not \(constant.compactText)") }
        if case .array(let options) = schema["enum"], !options.contains(value) { found.append("\(path): not in enum") }
        if case .array(let choices) = schema["oneOf"], choices.filter({ problems(value, $0, path: path).isEmpty }).count != 1 {
            found.append("\(path): not exactly one of oneOf")
        }
        if case .string(let text) = value {
            if case .number(let minimum) = schema["minLength"], text.count < minimum.int! { found.append("\(path): too short") }
            if let pattern = schema["pattern"]?.stringValue, (try? Regex(pattern).wholeMatch(in: text)) == nil {
                found.append("\(path): does not match \(pattern)")
            }
        }
        if case .array(let elements) = value {
            if case .number(let minimum) = schema["minItems"], elements.count < minimum.int! { found.append("\(path): too few items") }
            if schema["uniqueItems"] == .bool(true), Set(elements.map(\.compactText)).count != elements.count {
                found.append("\(path): repeated items")
            }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() { found += problems(element, items, path: "\(path)[\(index)]") }
            }
        }
        if case .object(let object) = value {
            if case .array(let required) = schema["required"] {
                for key in required.compactMap(\.stringValue) where object[key] == nil { found.append("\(path): missing \(key)") }
            }
            for member in object.members {
                if let names = schema["propertyNames"] { found += problems(.string(member.key), names, path: "\(path) key \(member.key)") }
                if let property = schema["properties"]?[member.key] {
                    found += problems(member.value, property, path: "\(path).\(member.key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append("\(path): unexpected \(member.key)")
                    } else {
                        found += problems(member.value, additional, path: "\(path).\(member.key)")
                    }
                }
            }
        }
        return found
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("number", .number), ("boolean", .bool), ("null", .null): return true
        case ("integer", .number(let number)): return number.int != nil
        default: return false
        }
    }
}

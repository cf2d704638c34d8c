import Testing

@testable import TikTokOfflineCore

@Suite("The compiled plan: one walk finds every source path")
struct PlanTests {
    /// The node each path of `paths` names after one walk of `json`, as compact JSON ("absent" when none).
    func walk(_ json: String, _ paths: [String], itemIndex: Int? = nil) throws -> [String] {
        let document = try JSONDocument(parsing: json)
        let trie = PathTrie(paths: paths.map { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) })
        var slots = trie.emptySlots()
        document.fill(&slots, with: trie, from: document.root, itemIndex: itemIndex)
        return trie.slots.map { slot in
            slots[slot] == PathTrie.absent ? "absent" : String(decoding: document.rawBytes(Int(slots[slot])), as: UTF8.self)
        }
    }

    @Test("paths sharing a prefix are found in one walk, in any member order")
    func sharedPrefixes() throws {
        let found = try walk(
            #"{"user": {"phone": "+33612345678", "email": "a@b.fr"}, "id": 7, "context": {"event_id": "e1"}}"#,
            ["user.email", "user.phone", "id", "context.event_id", "user.country", "user"])
        #expect(found == [#""a@b.fr""#, #""+33612345678""#, "7", #""e1""#, "absent", #"{"phone": "+33612345678", "email": "a@b.fr"}"#])
    }

    @Test("the last duplicate key wins, also for the paths below it")
    func lastDuplicateWins() throws {
        let found = try walk(#"{"a": {"b": 1, "c": 2}, "a": {"b": 3}}"#, ["a.b", "a.c"])
        #expect(found == ["3", "absent"])
        let replacedByScalar = try walk(#"{"a": {"b": 1}, "a": "text"}"#, ["a.b", "a"])
        #expect(replacedByScalar == ["absent", #""text""#])
    }

    @Test("escaped keys compare decoded")
    func escapedKeys() throws {
        let found = try walk(#"{"i\u0064": "decoded", "caf\u00e9": 1, "longer_key_\u0031": 2}"#, ["id", "café", "longer_key_1"])
        #expect(found == [#""decoded""#, "1", "2"])
    }

    @Test("numeric segments index arrays and name object keys; X is the item index only in arrays")
    func arraysAndX() throws {
        let json = #"{"list": ["a", "b", "c"], "map": {"0": "zero", "X": "key X"}}"#
        #expect(
            try walk(json, ["list.1", "list.3", "map.0", "list.X", "map.X"], itemIndex: 2) == [#""b""#, "absent", #""zero""#, #""c""#, #""key X""#])
        #expect(try walk(json, ["list.X", "map.X"]) == ["absent", #""key X""#])
    }

    @Test("keys of every length: a shared eight-byte prefix is told apart by the rest")
    func longKeys() throws {
        let json = #"{"category_1": "A", "category_2": "B", "category_22": "C", "categor": "D"}"#
        #expect(
            try walk(json, ["category_2", "category_22", "category_1", "categor", "category"]) == [#""B""#, #""C""#, #""A""#, #""D""#, "absent"])
    }

    @Test("keys that share a key bit are all found; a key that only shares an edge's bit is not")
    func sharedKeyBits() throws {
        func bit(_ key: String) -> Int {
            let bytes = Array(key.utf8)
            let suffix = bytes.count > 8 ? KeyPrefix.of(Array(bytes.suffix(8))) : 0
            return KeyPrefix.bitIndex(prefix: KeyPrefix.of(bytes), suffix: suffix, count: bytes.count)
        }
        let keys = (0..<200).map { "key_\($0)" }
        let first = try #require(keys.first { key in keys.contains { $0 != key && bit($0) == bit(key) } })
        let second = try #require(keys.first { $0 != first && bit($0) == bit(first) })
        let lone = try #require(keys.first { key in bit(key) != bit(first) && keys.filter { bit($0) == bit(key) }.count >= 2 })
        let loneTwin = try #require(keys.first { $0 != lone && bit($0) == bit(lone) })
        let json = #"{"\#(first)": 1, "\#(second)": 2, "\#(loneTwin)": 3}"#
        #expect(try walk(json, [first, second, lone]) == ["1", "2", "absent"])
    }
    @Test("the plan agrees with the reference evaluator on every sample and on tricky events")
    func planAgreesWithEvaluator() throws {
        let templates = try [
            "{{id}}", "{{user.email}}", "{{items.X.id}}", "{{items.0.id}}", "{{items.X.product.name}} ({{items.X.variant}})",
            "{{items.X.tags.X}}", "{{user.phones.X}}", "{{a.X}}", "{{X}}", "{{items.X}}", "pre-{{a.b}}-{{items.1.id}}",
        ].map { try Template(parsing: $0) }
        let plan = TransformPlan(checking: templates)
        let sampleNames = [
            "purchase-3-items", "purchase-messy-phone", "purchase-missing-fields", "purchase-prehashed", "sign-up", "generate-lead-call",
        ]
        var events = try sampleNames.map { try Fixtures.sample($0) }
        events += [
            #"{"id": 1, "items": [{"id": "A", "tags": ["t0", "t1"], "product": {"name": "N"}, "variant": "v"}, {"id": "B", "tags": ["u0", "u1"]}]}"#,
            #"{"items": {"X": {"id": "object items"}, "0": {"id": "zero"}}, "a": ["a0", "a1"], "X": "root X"}"#,
            #"{"items": [{"id": 1}, {"id": 2}], "items": [{"i\u0064": "last"}], "user": {"phones": ["p0", "p1", "p2"]}}"#,
            #"{"items": [null, 5, {"id": "third"}], "a": {"b": {"c": 1}}, "a": {"b": "x"}}"#,
        ].map { Array($0.utf8) }
        for event in events {
            let document = try JSONDocument(parsing: event)
            #expect(plan.disagreements(in: document) == [], "\(String(decoding: event, as: UTF8.self))")
        }
    }

    @Test("the readers' slot-only lookup gives the node the general lookup finds, or nothing")
    func slotNodeAgreesWithFind() throws {
        let configs = [
            makeConfig(),
            makeConfig(sources: [
                .eventID: ["{{context.event_id}}", "{{id}}"], .orderID: ["{{missing}}", "{{id}}"], .contentID: ["{{items.X.sku}}", "{{items.X.id}}"],
                .price: ["{{items.X.product.price}}"], .shopID: ["shop-{{shop_id}}"], .quantity: ["{{items.X.qty}}", "{{items.X.quantity}}"],
            ]),
        ]
        var events = try ["purchase-3-items", "purchase-messy-phone", "purchase-missing-fields", "sign-up"].map { try Fixtures.sample($0) }
        events += [
            #"{"event_name": "purchase", "id": "", "context": {"event_id": null}, "items": [{"sku": "", "id": 7, "qty": null, "quantity": 2}]}"#,
            #"{"event_name": "purchase", "id": 5, "items": [{"id": "a", "product": {"price": "19.90"}}, null, {"sku": "s"}]}"#,
        ].map { Array($0.utf8) }
        var checked = 0
        for config in configs {
            let compiled = try CompiledConfig(config)
            for event in events {
                let document = try JSONDocument(parsing: event)
                var reader = EventReader(document: document, config: compiled, now: 0)
                func check(_ field: TikTokField, _ item: ItemScope?) {
                    guard let node = reader.slotNode(field, item: item) else { return }
                    checked += 1
                    let found = reader.find(field, item: item)
                    guard case .node(let foundNode)? = found?.found else {
                        Issue.record("\(field) found no node where the slot lookup gave \(node)")
                        return
                    }
                    #expect(foundNode == node, "\(field)")
                }
                for field in TikTokField.allCases where !field.isPerItem { check(field, nil) }
                if let items = reader.slots.rootNode(compiled.plan.itemsSlot), document.kind(items) == .array {
                    for (index, item) in document.elements(items).enumerated() where document.kind(item) == .object {
                        let scope = ItemScope(index: index, node: item)
                        reader.slots.enter(scope, plan: compiled.plan, document: document)
                        for field in TikTokField.allCases where field.isPerItem { check(field, scope) }
                    }
                }
            }
        }
        #expect(checked > 50)
    }

    @Test("a path that uses X outside items.X in an item field keeps the evaluator; elsewhere the plan reads slots")
    func placement() throws {
        let plan = TransformPlan(checking: [try Template(parsing: "{{a.X}}"), try Template(parsing: "{{items.X.id}}")])
        #expect(plan.fields[TikTokField.contentID.ordinal][0].parts == nil)
        #expect(plan.fields[TikTokField.contentID.ordinal][1].parts != nil)
        #expect(plan.fields[TikTokField.eventID.ordinal][0].parts != nil)
    }
}

@Suite("Memory kept from one event to the next")
struct ScratchReuseTests {
    /// Events whose tapes shrink and grow, with a line that is not JSON and one deeper than a
    /// first parse allows.
    static func events() throws -> [[UInt8]] {
        let samples = try ["purchase-3-items", "sign-up", "purchase-messy-phone", "purchase-missing-fields", "purchase-prehashed"]
            .map(Fixtures.sample)
        let items = (0..<400).map { #"{"id":"SKU_\#($0)","quantity":1,"product":{"name":"n\#($0)","price":1.5}}"# }
        let manyItems = Array(#"{"event_name":"purchase","id":"big","user":{"email":"a@b.fr"},"items":[\#(items.joined(separator: ","))]}"#.utf8)
        let deep = Array(
            (#"{"event_name":"purchase","user":{"email":"a@b.fr"},"x":"# + String(repeating: "[", count: 300) + "1"
                + String(repeating: "]", count: 300) + "}").utf8)
        return [samples[0], manyItems, samples[1], Array("{not json".utf8), samples[2], deep, samples[3], manyItems, samples[4], samples[0]]
    }

    @Test("one scratch for every event gives each event the payloads and outcome it gets alone", arguments: [Config.APIFormat.legacy, .events20])
    func sameAsAlone(format: Config.APIFormat) throws {
        let transformer = try Transformer(config: makeConfig([("purchase", "CompletePayment"), ("sign_up", "CompleteRegistration")], format: format))
        var scratch = Transformer.Scratch()
        var shared = JSONWriter()
        var alone = JSONWriter()
        for event in try Self.events() {
            let start = shared.count
            let reused = transformer.transform(event, now: Fixtures.now, appendingLinesTo: &shared, scratch: &scratch)
            var fresh = JSONWriter()
            let expected = transformer.transform(event, now: Fixtures.now, appendingLinesTo: &fresh)
            alone.appendRaw(fresh.bytes)
            #expect(reused.outcome == expected.outcome)
            #expect(reused.payloadCount == expected.payloadCount)
            #expect(reused.diagnostics.map(\.message) == expected.diagnostics.map(\.message))
            #expect(Array(shared.bytes[start...]) == fresh.bytes)
        }
        #expect(shared.bytes == alone.bytes)
        #expect(scratch.tape.capacity > 0 && scratch.slots.capacity > 0)
    }
}

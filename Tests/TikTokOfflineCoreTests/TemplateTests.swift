import Testing

@testable import TikTokOfflineCore

@Suite("Templates (§4)")
struct TemplateTests {
    let event = try! JSONDocument(
        parsing: """
            {"store": {"code": "PAR-11", "n": 7}, "price": 12.5, "items": [{"id": "A"}, {"id": 42}], "flag": true, "none": null, "empty": ""}
            """)

    func evaluate(_ template: String, item: Int? = nil) throws -> String? {
        try Template(parsing: template).evaluate(in: event, itemIndex: item).text(in: event)
    }

    @Test("a single placeholder keeps the JSON value's type")
    func singlePlaceholder() throws {
        let value = try Template(parsing: "{{price}}").evaluate(in: event)
        guard case .node(let node) = value else {
            Issue.record("expected a node, got \(value)")
            return
        }
        #expect(event.kind(node) == .number)
    }

    @Test("literal text makes a string; numbers render in shortest form")
    func mixed() throws {
        #expect(try evaluate("{{price}} excl.taxes") == "12.5 excl.taxes")
        #expect(try evaluate("store-{{store.code}}-{{store.n}}") == "store-PAR-11-7")
        #expect(try evaluate("plain text") == "plain text")
        #expect(try evaluate("{{flag}}!") == "true!")
    }

    @Test("whitespace inside braces is ignored")
    func whitespace() throws {
        #expect(try evaluate("{{ store.code }}") == "PAR-11")
        #expect(try evaluate("{{\tstore.code\t}}") == "PAR-11")
    }

    @Test("missing and null properties are absent, also inside mixed templates")
    func absent() throws {
        #expect(try Template(parsing: "{{missing.path}}").evaluate(in: event) == .absent)
        #expect(try Template(parsing: "{{none}}").evaluate(in: event) == .absent)
        #expect(try Template(parsing: "id-{{missing}}").evaluate(in: event) == .absent)
        #expect(try Template(parsing: "{{store.code.deeper}}").evaluate(in: event) == .absent)
    }

    @Test("numeric segments index arrays and X is the current item")
    func arrays() throws {
        #expect(try evaluate("{{items.0.id}}") == "A")
        #expect(try evaluate("{{items.1.id}}") == "42")
        #expect(try evaluate("{{items.2.id}}") == nil)
        #expect(try evaluate("{{items.X.id}}", item: 1) == "42")
        #expect(try Template(parsing: "{{items.X.id}}").sourceDescription(itemIndex: 1) == "items.1.id")
    }

    @Test(
        "malformed templates are errors with their column",
        arguments: [
            ("{{store.code", "column 1: '{{' has no matching '}}'"),
            ("abc}}", "column 4: '}}' has no matching '{{'"),
            ("x{{}}", "column 2: empty property path in '{{}}'"),
            ("{{  }}", "column 1: empty property path in '{{}}'"),
            ("{{a..b}}", "column 1: property path 'a..b' has an empty segment"),
            ("{{.a}}", "column 1: property path '.a' has an empty segment"),
            ("{{a b}}", "column 1: property path 'a b' contains spaces"),
            ("{{a{{b}}", "column 4: '{{' is opened again before the '{{' at column 1 is closed"),
        ])
    func malformed(template: String, message: String) {
        #expect(throws: TemplateError.self) { try Template(parsing: template) }
        do {
            _ = try Template(parsing: template)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("single braces are literal text")
    func singleBraces() throws {
        #expect(try evaluate("{x} {{store.code}}") == "{x} PAR-11")
    }
}

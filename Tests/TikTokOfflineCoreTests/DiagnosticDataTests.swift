import Testing

@testable import TikTokOfflineCore

@Suite("Diagnostics as data: what they are about and where the value came from")
struct DiagnosticDataTests {
    /// The event's bytes a diagnostic's origin points at, as text.
    func quoted(_ event: String, _ diagnostic: Diagnostic) throws -> String {
        let bytes = try #require(diagnostic.origin?.bytes)
        return String(decoding: Array(event.utf8)[bytes], as: UTF8.self)
    }

    let timestamp = #""context": {"event_timestamp": 1741959912345}"#

    @Test("an item field names its item, its template and the value's bytes")
    func itemField() throws {
        let event =
            #"{"event_name": "purchase", \#(timestamp), "user": {"email": "a@b.fr"}, "items": [{"id": "A"}, {"id": "B", "product": {"price": "12,30"}}]}"#
        let result = try transform(event)
        let diagnostic = try #require(result.diagnostics.first { $0.subject == .field(.price, item: 1) })
        #expect(diagnostic.field == "properties.contents.1.price")
        #expect(diagnostic.subject.fieldPath == "properties.contents.X.price")
        #expect(diagnostic.source == "items.1.product.price")
        #expect(diagnostic.origin?.template == "{{items.X.product.price}}")
        #expect(diagnostic.origin?.chainIndex == 0)
        #expect(try quoted(event, diagnostic) == #""12,30""#)
    }

    @Test("a fallback chain says which element won; an array element points at the element")
    func chainAndElements() throws {
        let event = #"{"event_name": "purchase", \#(timestamp), "user": {"email_sha256": ["no-at-sign", 42]}}"#
        let result = try transform(event)
        let emails = result.diagnostics.filter { $0.subject == .field(.emails, item: nil) }
        #expect(emails.map(\.source) == ["user.email_sha256.1", "user.email_sha256.0"])
        #expect(emails.map { $0.origin?.chainIndex } == [1, 1])
        #expect(emails.map { $0.origin?.template } == ["{{user.email_sha256}}", "{{user.email_sha256}}"])
        #expect(try emails.map { try quoted(event, $0) } == ["42", #""no-at-sign""#])
    }

    @Test("currency and channel name their source without evaluating it twice")
    func currencyAndChannel() throws {
        let event = #"{"event_name": "purchase", \#(timestamp), "user": {"email": "a@b.fr"}, "value": 5, "currency": "xyz", "type": "pigeon"}"#
        let result = try transform(event)
        let currency = try #require(result.diagnostics.first { $0.subject == .field(.currency, item: nil) })
        #expect(currency.source == "currency")
        #expect(try quoted(event, currency) == #""xyz""#)
        let channel = try #require(result.diagnostics.first { $0.subject == .field(.eventChannel, item: nil) })
        #expect(channel.source == "type")
        #expect(try quoted(event, channel) == #""pigeon""#)
    }

    @Test("the joined category source is named by the field table, not patched from its first level")
    func joinedName() throws {
        let source = DefaultFieldMapping.of(.contentCategory).source
        #expect(source.joinedName == "items.X.product.category_1…5")
        #expect(TikTokField.path(source.joinedName!, itemIndex: 3) == "items.3.product.category_1…5")
    }

    @Test("an item skipped and an event skipped point at their nodes; summaries count by field path")
    func wholeNodes() throws {
        let event = #"{"event_name": "purchase", \#(timestamp), "user": {"email": "a@b.fr"}, "items": [{"id": "A"}, 7]}"#
        let result = try transform(event)
        let skipped = try #require(result.diagnostics.first { $0.subject == .item(1) })
        #expect(skipped.field == "properties.contents.1")
        #expect(skipped.subject.fieldPath == "properties.contents.X")
        #expect(try quoted(event, skipped) == "7")
        let other = #"{"event_name": "page_view"}"#
        let unmapped = try #require(try transform(other).diagnostics.first)
        #expect(unmapped.subject == .event)
        #expect(try quoted(other, unmapped) == #""page_view""#)
        #expect(unmapped.origin?.template == "{{event_name}}")
    }
}

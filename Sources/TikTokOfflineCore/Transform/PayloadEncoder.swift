/// The writer of TikTok request bodies from a normalised event, in the config's API format.
///
/// Keys follow the destination's field table so a preview reads top-down like the table; absent
/// values, empty arrays and empty objects are left out (legacy `context` and `properties` stay).
package struct PayloadEncoder {
    let apiFormat: Config.APIFormat
    let testEventCode: String?
    let event: NormalizedEvent
    /// Where the event's text values are: its document, whose bytes ``FieldText/event(_:)`` values
    /// and number literals name, and the parts of joined values.
    let texts: FieldTextSource

    /// An encoder of `event`, read from `document` with `config`, in its format (only the format,
    /// the test code and the separators of joined fields are kept).
    @inline(__always)
    package init(config: CompiledConfig, event: NormalizedEvent, document: JSONDocument) {
        self.apiFormat = config.config.apiFormat
        self.testEventCode = config.config.testEventCode
        self.event = event
        self.texts = FieldTextSource(document: document, joinedParts: event.joinedParts, joinSeparators: config.plan.plainJoinSeparators)
    }

    /// The compact JSON body for one mapping row's TikTok event type and, for Events 2.0, the
    /// range of its `data` element.
    func body(for tiktokEvent: String) -> (body: [UInt8], dataElement: Range<Int>?) {
        var writer = JSONWriter(capacity: 1024)
        let element = write(tiktokEvent, to: &writer)
        return (writer.bytes, element)
    }

    /// Appends the compact JSON body for one TikTok event type to `writer`; for Events 2.0,
    /// returns the range of its `data` element in the writer's bytes.
    @discardableResult
    package func write(_ tiktokEvent: String, to writer: inout JSONWriter) -> Range<Int>? {
        writer.withCursor { write(tiktokEvent, to: &$0) }
    }

    /// Appends the compact JSON body through `writer`, a cursor another run of appends lent.
    @discardableResult
    package func write(_ tiktokEvent: String, to writer: inout JSONCursor) -> Range<Int>? {
        switch apiFormat {
        case .legacy:
            writeLegacy(tiktokEvent, to: &writer)
            return nil
        case .events20:
            return writeEvents20(tiktokEvent, to: &writer)
        }
    }

    /// `POST /open_api/v1.3/offline/track/`.
    private func writeLegacy(_ tiktokEvent: String, to writer: inout JSONCursor) {
        var object = ObjectWriter(&writer)
        object.string("event_set_id", event.eventSetID, into: &writer)
        object.string("event", tiktokEvent, into: &writer)
        object.text("event_id", event.eventID, from: texts, into: &writer)
        if let milliseconds = event.milliseconds {
            object.key("timestamp", into: &writer)
            writer.appendRaw("\"")
            EventTime.appendISO8601(milliseconds: milliseconds, to: &writer)
            writer.appendRaw("\"")
        }
        object.key("context", into: &writer)
        var context = ObjectWriter(&writer)
        if !event.phones.isEmpty || !event.emails.isEmpty {
            context.key("user", into: &writer)
            var user = ObjectWriter(&writer)
            user.digests("phone_numbers", event.phones, into: &writer)
            user.digests("emails", event.emails, into: &writer)
            user.close(&writer)
        }
        context.close(&writer)
        object.key("properties", into: &writer)
        var properties = ObjectWriter(&writer)
        properties.text("order_id", event.orderID, from: texts, into: &writer)
        properties.text("shop_id", event.shopID, from: texts, into: &writer)
        writeContents(to: &properties, writer: &writer, includeType: true)
        properties.string("currency", event.currency, into: &writer)
        properties.number("value", event.value, from: texts.document, into: &writer)
        properties.string("event_channel", event.channel, into: &writer)
        properties.close(&writer)
        object.string("test_event_code", testEventCode, into: &writer)
        object.close(&writer)
    }

    /// `POST /open_api/v1.3/event/track/` with one event in `data`; returns that event's range.
    private func writeEvents20(_ tiktokEvent: String, to writer: inout JSONCursor) -> Range<Int> {
        var envelope = ObjectWriter(&writer)
        envelope.string("event_source", "offline", into: &writer)
        envelope.string("event_source_id", event.eventSetID, into: &writer)
        envelope.string("test_event_code", testEventCode, into: &writer)
        envelope.key("data", into: &writer)
        writer.appendRaw("[")
        let elementStart = writer.count
        var data = ObjectWriter(&writer)
        data.string("event", tiktokEvent, into: &writer)
        if let milliseconds = event.milliseconds {
            data.key("event_time", into: &writer)
            writer.appendInteger(EventTime.epochSeconds(milliseconds: milliseconds))
        }
        data.text("event_id", event.eventID, from: texts, into: &writer)
        if !event.phones.isEmpty || !event.emails.isEmpty {
            data.key("user", into: &writer)
            var user = ObjectWriter(&writer)
            user.digests("phone", event.phones, into: &writer)
            user.digests("email", event.emails, into: &writer)
            user.close(&writer)
        }
        let contentType = sharedContentType
        if event.orderID != nil || event.shopID != nil || !event.contents.isEmpty || event.currency != nil || event.value != nil {
            data.key("properties", into: &writer)
            var properties = ObjectWriter(&writer)
            properties.text("order_id", event.orderID, from: texts, into: &writer)
            properties.text("shop_id", event.shopID, from: texts, into: &writer)
            properties.string("content_type", contentType, into: &writer)
            writeContents(to: &properties, writer: &writer, includeType: false)
            properties.string("currency", event.currency, into: &writer)
            properties.number("value", event.value, from: texts.document, into: &writer)
            properties.close(&writer)
        }
        data.close(&writer)
        let element = elementStart..<writer.count
        writer.appendRaw("]")
        envelope.close(&writer)
        return element
    }

    /// Events 2.0 carries `content_type` once, at `properties` level: sent when every content
    /// agrees on one of TikTok's two values.
    var sharedContentType: String? {
        let types = Set(event.contents.map { $0.type?.string(in: texts) })
        guard types.count == 1, let only = types.first, let type = only, type == "product" || type == "product_group" else {
            return nil
        }
        return type
    }

    private func writeContents(to object: inout ObjectWriter, writer: inout JSONCursor, includeType: Bool) {
        guard !event.contents.isEmpty else { return }
        object.key("contents", into: &writer)
        writer.appendRaw("[")
        // Each content is read in place, field by field, instead of being copied whole.
        event.contents.withUnsafeBufferPointer { contents in
            for position in contents.indices {
                if position > 0 { writer.appendRaw(",") }
                let content = contents.baseAddress! + position
                var item = ObjectWriter(&writer)
                item.text("content_id", content.pointee.id, from: texts, into: &writer)
                item.text("content_name", content.pointee.name, from: texts, into: &writer)
                item.number("price", content.pointee.price, from: texts.document, into: &writer)
                if let quantity = content.pointee.quantity {
                    item.key("quantity", into: &writer)
                    writer.appendInteger(quantity)
                }
                if includeType { item.text("content_type", content.pointee.type, from: texts, into: &writer) }
                item.text("content_category", content.pointee.category, from: texts, into: &writer)
                item.close(&writer)
            }
        }
        writer.appendRaw("]")
    }
}

/// Writes one JSON object's members, placing commas, skipping absent values.
struct ObjectWriter {
    private var isFirst = true

    init(_ writer: inout JSONCursor) {
        writer.appendRaw("{")
    }

    /// Writes `,"name":` (no comma before the first member) in one append.
    mutating func key(_ name: StaticString, into writer: inout JSONCursor) {
        let comma = isFirst ? 0 : 1
        isFirst = false
        let nameCount = name.utf8CodeUnitCount
        writer.appendBytes(count: comma + nameCount + 3) { target in
            target[0] = UInt8(ascii: ",")
            target[comma] = UInt8(ascii: "\"")
            (target + comma + 1).update(from: name.utf8Start, count: nameCount)
            target[comma + nameCount + 1] = UInt8(ascii: "\"")
            target[comma + nameCount + 2] = UInt8(ascii: ":")
        }
    }

    mutating func string(_ name: StaticString, _ value: String?, into writer: inout JSONCursor) {
        guard let value, !value.isEmpty else { return }
        key(name, into: &writer)
        writer.appendString(value)
    }

    /// Writes a text member: event bytes are copied as they are (a plain string needs no
    /// escaping), made text is escaped.
    mutating func text(_ name: StaticString, _ value: FieldText?, from source: FieldTextSource, into writer: inout JSONCursor) {
        switch value {
        case nil:
            return
        case .text(let text)?:
            string(name, text, into: &writer)
        case .event(let range)?:
            guard !range.isEmpty else { return }
            key(name, into: &writer)
            writer.appendQuoted(source.document.bytes, range)
        case .joined(let parts, let field)?:
            key(name, into: &writer)
            Self.writeJoined(parts, separator: source.separator(field), from: source, into: &writer)
        }
    }

    /// Writes joined parts between quotes, `separator` between them.
    @inline(never)
    private static func writeJoined(_ parts: Range<Int32>, separator: String, from source: FieldTextSource, into writer: inout JSONCursor) {
        var separator = separator
        let ranges = source.joinedParts[Int(parts.lowerBound)..<Int(parts.upperBound)]
        let separators = separator.utf8.count * (ranges.count - 1)
        let total = ranges.reduce(2 + separators) { $0 + $1.count }
        separator.withUTF8 { separator in
            source.document.bytes.withUnsafeBufferPointer { bytes in
                writer.appendBytes(count: total) { target in
                    var position = target
                    position.pointee = UInt8(ascii: "\"")
                    position += 1
                    for index in ranges.indices {
                        let range = ranges[index]
                        if index > ranges.startIndex, let separatorStart = separator.baseAddress {
                            position.update(from: separatorStart, count: separator.count)
                            position += separator.count
                        }
                        position.update(from: bytes.baseAddress! + range.lowerBound, count: range.count)
                        position += range.count
                    }
                    position.pointee = UInt8(ascii: "\"")
                }
            }
        }
    }

    /// Writes a number member: the event's literal when it is kept, else the value formatted.
    mutating func number(_ name: StaticString, _ number: EventNumber?, from document: JSONDocument, into writer: inout JSONCursor) {
        guard let number else { return }
        key(name, into: &writer)
        if let literal = number.literal {
            document.bytes.withUnsafeBufferPointer { writer.append(UnsafeBufferPointer(rebasing: $0[literal])) }
        } else {
            writer.appendNumber(number.value)
        }
    }

    mutating func digests(_ name: StaticString, _ values: DigestList, into writer: inout JSONCursor) {
        guard !values.isEmpty else { return }
        key(name, into: &writer)
        writer.appendRaw("[")
        var isFirst = true
        values.forEachDigest { digest in
            if !isFirst { writer.appendRaw(",") }
            isFirst = false
            writer.appendBytes(count: 66) { target in
                target[0] = UInt8(ascii: "\"")
                digest.writeHex(to: target + 1)
                target[65] = UInt8(ascii: "\"")
            }
        }
        writer.appendRaw("]")
    }

    func close(_ writer: inout JSONCursor) {
        writer.appendRaw("}")
    }
}

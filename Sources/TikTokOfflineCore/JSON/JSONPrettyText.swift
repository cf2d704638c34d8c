extension JSONWriter {
    /// Appends the value at `index` of `document` as pretty JSON: the same text as
    /// ``appendPretty(_:depth:)`` of ``JSONDocument/value(_:)``, written from the tape and the
    /// source bytes without building the value. Strings without escapes, numbers and literals
    /// are copied as they are; a string with escapes is decoded and escaped again.
    package mutating func appendPretty(_ document: JSONDocument, _ index: JSONDocument.Index, depth: Int = 0) {
        document.nodes.withUnsafeBufferPointer { tape in
            document.bytes.withUnsafeBufferPointer { text in
                withCursor { cursor in
                    PrettyPrinter(document: document, tape: tape, text: text).write(index, depth: depth, into: &cursor)
                }
            }
        }
    }

    /// The pretty JSON text of the value at `index` of `document`, without a trailing newline:
    /// the same as ``pretty(_:)`` of ``JSONDocument/value(_:)``.
    package static func pretty(_ document: JSONDocument, _ index: JSONDocument.Index) -> String {
        var writer = JSONWriter(capacity: document.bytes.count * 2)
        writer.appendPretty(document, index)
        return writer.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The pretty JSON text of the JSON text `bytes`, or nil when they are not JSON.
    package static func pretty(parsing bytes: [UInt8]) -> String? {
        guard let document = try? JSONDocument(parsing: bytes) else { return nil }
        return pretty(document, document.root)
    }
}

/// One pretty-printing walk over a document's tape: two-space indent, one member or element per
/// line, empty containers as `{}` and `[]`.
private struct PrettyPrinter {
    let document: JSONDocument
    let tape: UnsafeBufferPointer<JSONDocument.Node>
    let text: UnsafeBufferPointer<UInt8>

    /// Writes the value at `index`, whose lines are indented `depth` levels.
    func write(_ index: Int, depth: Int, into cursor: inout JSONCursor) {
        let node = tape[index]
        switch node.kind {
        case .string:
            writeString(index, into: &cursor)
        case .null, .bool, .number:
            cursor.append(UnsafeBufferPointer(rebasing: text[Int(node.start)..<Int(node.start + node.length)]))
        case .array, .object:
            let isObject = node.kind == .object
            let end = Int(node.end)
            var child = index + 1
            guard child < end else {
                cursor.appendRaw(isObject ? "{}" : "[]")
                return
            }
            cursor.append(byte: isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
            while child < end {
                if child > index + 1 { cursor.append(byte: UInt8(ascii: ",")) }
                newline(depth + 1, into: &cursor)
                if isObject {
                    writeString(child, into: &cursor)
                    cursor.appendRaw(": ")
                    child += 1
                }
                write(child, depth: depth + 1, into: &cursor)
                child = Int(tape[child].end)
            }
            newline(depth, into: &cursor)
            cursor.append(byte: isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Writes the string at `index` between quotes: its bytes as they are when it has no escapes
    /// (they then need none), else decoded and escaped again.
    private func writeString(_ index: Int, into cursor: inout JSONCursor) {
        let node = tape[index]
        guard node.flag else {
            let content = UnsafeBufferPointer(rebasing: text[Int(node.start)..<Int(node.start + node.length)])
            cursor.appendBytes(count: content.count + 2) { target in
                target[0] = UInt8(ascii: "\"")
                if let source = content.baseAddress { (target + 1).update(from: source, count: content.count) }
                target[content.count + 1] = UInt8(ascii: "\"")
            }
            return
        }
        cursor.appendString(document.string(index) ?? "")
    }

    private func newline(_ depth: Int, into cursor: inout JSONCursor) {
        cursor.appendBytes(count: 1 + depth * 2) { target in
            target[0] = UInt8(ascii: "\n")
            (target + 1).update(repeating: UInt8(ascii: " "), count: depth * 2)
        }
    }
}

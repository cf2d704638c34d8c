import Testing

@testable import TikTokOfflineCore

@Suite("JSON reader")
struct JSONReaderTests {
    @Test(
        "accepts what RFC 8259 accepts",
        arguments: [
            ("0", "0"), ("-0", "-0"), ("12.5e-3", "12.5e-3"), ("1E+2", "1E+2"), ("true", "true"), ("null", "null"),
            ("\"\"", "\"\""), (" [1, 2 ,3] ", "[1,2,3]"), ("{\"a\":{\"b\":[]}}", "{\"a\":{\"b\":[]}}"), ("\u{FEFF}{}", "{}"),
            ("\"\\u00e9\\n\\t\\\"\\\\\\/\"", "\"é\\n\\t\\\"\\\\/\""), ("\"\\ud83d\\ude00\"", "\"😀\""), ("\"日本語 ✓\"", "\"日本語 ✓\""),
        ])
    func accepts(input: String, compact: String) throws {
        let value = try JSONValue(parsing: input)
        #expect(value.compactText == compact)
    }

    @Test(
        "rejects what RFC 8259 rejects, naming the problem and its position",
        arguments: [
            ("[1,2,]", "line 1, column 5: trailing comma before ']'"),
            ("{\"a\":1,}", "line 1, column 7: trailing comma before '}'"),
            ("01", "line 1, column 2: leading zeros are not allowed in numbers"),
            ("-", "line 1, column 2: a number needs a digit after '-'"),
            ("1.", "line 1, column 3: a number needs a digit after '.'"),
            ("1e", "line 1, column 3: a number needs a digit in its exponent"),
            ("\"a\u{01}b\"", "line 1, column 3: control character U+0001 must be escaped in a string"),
            ("\"\\ud800\"", "line 1, column 2: lone high surrogate \\uD800 in string (no low surrogate follows)"),
            ("\"\\udc00\"", "line 1, column 2: lone low surrogate \\uDC00 in string"),
            ("\"\\ud800\\u0041\"", "line 1, column 2: high surrogate \\uD800 is followed by \\u0041, not a low surrogate"),
            ("\"\\x\"", "line 1, column 3: invalid escape \\x in string"),
            ("\"abc", "line 1, column 1: unterminated string"),
            ("", "line 1, column 1: unexpected end of input, expected a value"),
            ("{\n  \"a\": tru\n}", "line 2, column 8: unexpected 't', expected a value (did you mean true?)"),
            ("{\"a\" 1}", "line 1, column 6: expected ':' after the object key but found '1'"),
            ("{1:2}", "line 1, column 2: expected a string key in double quotes but found '1'"),
            ("[1 2]", "line 1, column 4: expected ',' or ']' but found '2'"),
            ("{} x", "line 1, column 4: unexpected 'x' after the JSON value"),
            ("[1,", "line 1, column 4: unexpected end of input, expected a value"),
            ("{\"a\":1", "line 1, column 7: unexpected end of input: object is not closed with '}'"),
            ("'a'", "line 1, column 1: unexpected ''', expected a value"),
            ("NaN", "line 1, column 1: unexpected 'N', expected a value"),
        ])
    func rejects(input: String, message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: input) }
        do {
            _ = try JSONDocument(parsing: input)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(
        "rejects invalid UTF-8 in strings",
        arguments: [
            [0x22, 0xC3, 0x22] as [UInt8],  // truncated two-byte sequence
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xFF, 0x22],
        ])
    func rejectsInvalidUTF8(bytes: [UInt8]) throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONDocument(parsing: bytes) }
        #expect(error.message.hasPrefix("invalid UTF-8 (byte 0x"))
        #expect(error.position == TextPosition(line: 1, column: 2))
    }

    @Test("names an invalid byte outside strings")
    func invalidByteOutsideString() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONDocument(parsing: [0x5B, 0xFE, 0x5D]) }
        #expect(error.message == "unexpected 'byte 0xFE (invalid UTF-8)', expected a value")
    }

    @Test("limits nesting depth with an error instead of overflowing the stack")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONDocument(parsing: deep) }
        #expect(error.message == "nesting deeper than 512 levels")
        #expect(error.offset == 512)
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONDocument(parsing: allowed) }
    }

    @Test("reads a document deeper than its first stack and denser than its first tape, parsing again with room for both")
    func deepAndDense() throws {
        let inner = "[" + Array(repeating: "1", count: 5_000).joined(separator: ",") + "]"
        let text = String(repeating: "[", count: 300) + inner + String(repeating: "]", count: 300)
        let document = try JSONDocument(parsing: text)
        var node = document.root
        for _ in 0..<300 {
            #expect(document.count(node) == 1)
            node = document.element(node, at: 0)!
        }
        #expect(document.count(node) == 5_000)
        #expect(document.value(document.root).compactText == text)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONDocument(parsing: "{\"a\":" + text + "x}") }
        #expect(error.message.hasPrefix("expected ',' or '}' but found"))
        #expect(error.offset == 5 + text.utf8.count)
    }

    @Test("reads documents denser than its first guess of the tape's size, and still places their errors")
    func denseDocuments() throws {
        let dense = "[" + Array(repeating: "1", count: 5_000).joined(separator: ",") + "]"
        let document = try JSONDocument(parsing: dense)
        #expect(document.count(document.root) == 5_000)
        #expect(document.numberLiteral(document.element(document.root, at: 4_999)!) == "1")
        #expect(document.value(document.root).compactText == dense)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONDocument(parsing: dense + " x") }
        #expect(error.description == "line 1, column 10003: unexpected 'x' after the JSON value")
        let keys = "{" + (0..<3_000).map { "\"\($0 % 10)\":[]" }.joined(separator: ",") + "}"
        #expect(try JSONDocument(parsing: keys).count(document.root) == 3_000)
    }
    @Test("keeps number literals exactly and reads huge numbers without trapping")
    func numbers() throws {
        let document = try JSONDocument(parsing: "[202503140000000123, 1e400, -1e400, 0.1, 35.0]")
        let elements = document.elements(document.root)
        #expect(document.numberLiteral(elements[0]) == "202503140000000123")
        #expect(IdentifierText.fromNumber(document, elements[0]) == "202503140000000123")
        #expect(document.double(elements[1]) == .infinity)
        #expect(document.double(elements[2]) == -.infinity)
        #expect(document.double(elements[3]) == 0.1)
        #expect(IdentifierText.fromNumber(document, elements[4]) == "35")
    }

    @Test("walks an array's elements one after another without making an array")
    func elementWalk() throws {
        let document = try JSONDocument(parsing: #"[1,[2,3],{"a":[]},[]]"#)
        var walked: [Int] = []
        var next = document.firstElement(document.root)
        while let element = next {
            walked.append(element)
            next = document.nextElement(after: element, in: document.root)
        }
        #expect(walked == [1, 2, 5, 8])
        #expect(walked == document.elements(document.root))
        #expect(document.firstElement(8) == nil)
        #expect(document.firstElement(5) == nil, "an object has members, not elements")
    }

    @Test("keeps key order and lets the last duplicate key win on lookup")
    func keyOrder() throws {
        let document = try JSONDocument(parsing: "{\"b\":1,\"a\":2,\"b\":3}")
        #expect(document.value(document.root).compactText == "{\"b\":1,\"a\":2,\"b\":3}")
        #expect(document.numberLiteral(document.member(document.root, "b")!) == "3")
        #expect(document.member(document.root, "c") == nil)
    }

    @Test("counts columns in characters, not bytes")
    func columnsInCharacters() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONDocument(parsing: "[\"é日\" x]") }
        #expect(error.position == TextPosition(line: 1, column: 7))
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test(
        "writes numbers in shortest round-trip form",
        arguments: [
            (19.9, "19.9"), (35.0, "35"), (184.7, "184.7"), (0.0, "0"), (-0.0, "0"), (1e-7, "1e-07"), (0.1 + 0.2, "0.30000000000000004"),
            (123_456_789_012.5, "123456789012.5"), (1e21, "1e+21"), (-42.0, "-42"),
        ])
    func shortestNumbers(value: Double, text: String) throws {
        #expect(JSONNumberText.shortest(value) == text)
        #expect(Double(text) == value)
    }

    @Test("escapes per RFC 8259 and writes other characters as UTF-8")
    func escaping() {
        let value = JSONValue.string("a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}/é😀")
        #expect(value.compactText == "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f/é😀\"")
    }

    @Test("round-trips what it writes")
    func roundTrip() throws {
        let value: JSONValue = ["z": [1, 2.5, "x", nil, true], "a": ["nested": [:]], "empty": []]
        let reread = try JSONValue(parsing: value.compactText)
        #expect(reread == value)
        #expect(try JSONValue(parsing: value.prettyText) == value)
    }

    @Test("finds the first byte to escape at any position, eight bytes at a time, past non-ASCII text")
    func firstByteToEscape() {
        func first(_ bytes: [UInt8]) -> Int { bytes.withUnsafeBufferPointer { $0.firstByteToEscape() } }
        #expect(first(Array("Clothing > Men > Tops".utf8)) == 21)
        #expect(first(Array("Clothing \"Men\"".utf8)) == 9)
        #expect(first(Array("é€\u{7F}ÿÿÿÿ\\".utf8)) == 14)
        let filler = Array("aé€~\u{7F}ÿ".utf8)
        var mismatches: [String] = []
        for length in 0..<40 {
            for position in 0...length {
                for special: UInt8 in [0x22, 0x5C, 0x00, 0x1F, 0x0A] {
                    var bytes = (0..<length).map { filler[$0 % filler.count] }
                    if position < length { bytes[position] = special }
                    let expected = bytes.firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? length
                    if first(bytes) != expected { mismatches.append("\(bytes): \(first(bytes)) instead of \(expected)") }
                }
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("pretty-prints with two-space indent")
    func pretty() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": []]
        #expect(value.prettyText == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}")
    }

    @Test("pretty-prints a parsed document from its bytes, strings with escapes escaped again")
    func prettyFromDocument() throws {
        let document = try JSONDocument(parsing: #"{"a":[1,-2.50e3],"b":{},"c":[],"d":"x\u0041\/y","é":[true,null,{"k":"v"}]}"#)
        #expect(
            JSONWriter.pretty(document, document.root)
                == "{\n  \"a\": [\n    1,\n    -2.50e3\n  ],\n  \"b\": {},\n  \"c\": [],\n  \"d\": \"xA/y\",\n  \"é\": [\n    true,\n    null,\n    {\n      \"k\": \"v\"\n    }\n  ]\n}"
        )
        #expect(JSONWriter.pretty(document, 2) == "[\n  1,\n  -2.50e3\n]")
    }

    @Test(
        "pretty-printing a document gives the text of pretty-printing its value",
        arguments: [
            #"  "plain"  "#, "0", "-0.0e-0", "true", "[]", "{}", "[[[]],{}]", #"{"a":1,"a":2,"a":{"a":[]}}"#,
            #"["\"\\\b\f\n\r\t\u0000\u001F\u007f\u00e9\ud83d\ude00", "é€😀", ""]"#,
            #"{"\u006b":"v","k\"":"\u2028"}"#, "[1e400, 123456789012345678901234567890, -0]",
        ])
    func prettyFromDocumentAgrees(_ text: String) throws {
        let document = try JSONDocument(parsing: text)
        #expect(JSONWriter.pretty(document, document.root) == document.value(document.root).prettyText)
    }

    @Test("a writer reusing a buffer writes only what it is given, and grows past the buffer's size")
    func reusedBufferGrows() {
        var writer = JSONWriter(reusing: [UInt8](repeating: UInt8(ascii: "#"), count: 8))
        #expect(writer.count == 0)
        #expect(writer.bytes.isEmpty)
        writer.appendRaw("[")
        writer.appendString("héllo \"there\"")
        writer.appendRaw(",")
        writer.appendInteger(-1_741_959_912_345)
        writer.appendRaw(",")
        writer.appendQuoted(Array("xx plain yy".utf8), 3..<8)
        writer.appendRaw("]")
        let expected = #"["héllo \"there\"",-1741959912345,"plain"]"#
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect(writer.count == expected.utf8.count)
        #expect(writer.withBytes { Array($0) } == Array(expected.utf8))

        let long = String(repeating: "0123456789", count: 1_000)
        writer.appendUTF8(long)
        #expect(writer.count == expected.utf8.count + 10_000)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected + long)

        let memory = writer.takeStorage()
        #expect(memory.count >= expected.utf8.count + 10_000)
        #expect(writer.count == 0 && writer.bytes.isEmpty)
        var next = JSONWriter(reusing: memory)
        next.appendRaw("{}")
        #expect(next.bytes == Array("{}".utf8))
    }

    @Test("a run of appends through a cursor that outgrows the memory is run again, whole, after it grows")
    func cursorRunThatDoesNotFit() {
        var writer = JSONWriter(capacity: 16)
        writer.appendRaw("[")
        var runs = 0
        let end = writer.withCursor { cursor in
            runs += 1
            cursor.appendString("a string longer than the room left")
            cursor.appendRaw(",")
            cursor.appendInteger(1_741_959_912_345)
            cursor.append(byte: UInt8(ascii: "]"))
            return cursor.count
        }
        let expected = #"["a string longer than the room left",1741959912345]"#
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect(end == expected.utf8.count)
        #expect(runs == 2)
        runs = 0
        writer.withCursor { cursor in
            runs += 1
            cursor.appendRaw("\n")
        }
        #expect(runs == 1)
        #expect(writer.count == expected.utf8.count + 1)
    }

    @Test("a copy of a writer keeps its text when the original appends through a cursor")
    func cursorKeepsCopiesApart() {
        var writer = JSONWriter(capacity: 64)
        writer.appendRaw("{}")
        let copy = writer
        writer.withCursor { $0.appendRaw("[]") }
        #expect(copy.bytes == Array("{}".utf8))
        #expect(writer.bytes == Array("{}[]".utf8))
    }

    @Test("timestamps and digests are written in place, as their String forms read")
    func timestampsAndDigests() {
        var writer = JSONWriter(capacity: 1)
        writer.withCursor { EventTime.appendISO8601(milliseconds: 1_741_959_912_345, to: &$0) }
        writer.withCursor { EventTime.appendISO8601(milliseconds: -1, to: &$0) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "2025-03-14T13:45:12.345Z1969-12-31T23:59:59.999Z")
        #expect(EventTime.iso8601(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(
            SHA256Digest(hashing: "abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite("Number fast paths agree with the general ones")
struct NumberFastPathTests {
    @Test("short decimal literals read exactly as strtod reads them, bit for bit")
    func exactDoubleMatchesStrtod() {
        var generator = SystemRandomNumberGenerator()
        var literals = ["0", "-0", "0.5", "19.9", "35.0", "184.7", "0.1", "0.3", "123456789012345", "-999999999999999", "1.000000000000001"]
        for _ in 0..<20_000 {
            let whole = String(UInt64.random(in: 0..<1_000_000_000, using: &generator))
            let fraction = String(UInt64.random(in: 0..<10_000_000, using: &generator))
            let digits = Int.random(in: 0...7, using: &generator)
            let literal = (Bool.random(using: &generator) ? "-" : "") + whole + (digits == 0 ? "" : "." + fraction.prefix(digits))
            literals.append(literal)
        }
        for literal in literals {
            let expected = Double(literal)!
            #expect(JSONNumberText.parseDouble(ArraySlice(literal.utf8)).bitPattern == expected.bitPattern, "\(literal)")
            if let fast = JSONNumberText.exactDouble(literal.utf8) {
                #expect(fast.bitPattern == expected.bitPattern, "\(literal)")
            }
        }
        #expect(JSONNumberText.exactDouble("0.1".utf8) == 0.1)
        #expect(JSONNumberText.exactDouble("1234567890123456".utf8) == nil, "16 digits take the general path")
        #expect(JSONNumberText.exactDouble("1e5".utf8) == nil)
        #expect(JSONNumberText.exactDouble("1.".utf8) == nil)
        for refused in ["", "-", ".5", "-.5", "1.2.3", "--1", "12a", "1.5e3", "0x10", "1 ", " 1", "+1", "1234567890123.456"] {
            #expect(JSONNumberText.exactDouble(refused.utf8) == nil, "\(refused)")
        }
        #expect(JSONNumberText.exactDouble("12345678901234.5".utf8) == 12345678901234.5, "15 digits with a fraction")
        #expect(JSONNumberText.exactDouble("-0".utf8)?.sign == .minus)
    }

    @Test("a literal said to be in shortest form is what the writer writes for its value")
    func shortestFormLiterals() {
        func isShortest(_ literal: String) -> Bool {
            Array(literal.utf8).withUnsafeBufferPointer { JSONNumberText.isShortestForm($0) }
        }
        for literal in ["19.9", "184.7", "-0.25", "0.5", "123456789012.345", "0.123456789012345", "-99999999999999.9"] {
            #expect(isShortest(literal), "\(literal)")
            #expect(JSONNumberText.shortest(Double(literal)!) == literal)
        }
        for literal in ["35", "35.0", "19.90", "0.05", "0.00001", "1e2", "1.5E3", "007.5", "-", "1.", "1234567890123.456", "0.1234567890123456"] {
            #expect(!isShortest(literal), "\(literal)")
        }
        var generator = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let wholeDigits = Int.random(in: 0...15, using: &generator)
            let whole =
                wholeDigits == 0
                ? "0"
                : String(UInt64.random(in: 1...9, using: &generator))
                    + (1..<wholeDigits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let fraction = (0..<Int.random(in: 1...15, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let literal = (Bool.random(using: &generator) ? "-" : "") + whole + "." + fraction
            if isShortest(literal), JSONNumberText.shortest(Double(literal)!) != literal { mismatches.append(literal) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("integers and integral numbers are written as String(Int64) writes them")
    func integersWriteLikeString() {
        var values: [Int64] = [0, 1, 9, 10, -1, -10, 99, 100, 1_741_959_912, Int64.max, Int64.min, -9_000_000_000_000_000]
        for _ in 0..<5_000 { values.append(Int64.random(in: Int64.min...Int64.max)) }
        for value in values {
            var writer = JSONWriter()
            writer.appendInteger(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
        }
        for value in [35.0, -2.0, 1e14, 19.9, 1e15, 1e21, -0.0, 0.0001, 1e-7] {
            var writer = JSONWriter()
            writer.appendNumber(value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == JSONNumberText.shortest(value))
        }
    }
}

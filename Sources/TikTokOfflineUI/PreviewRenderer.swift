import TikTokOfflineCore

/// Turns a transform result into the preview's styled lines: pretty JSON, hashed values marked.
package enum PreviewRenderer {
    /// The marker after a hashed value, so hashes are visible without colour.
    package static let hashMarker = " ‹#›"

    /// The lines for every payload of `result`.
    package static func lines(for result: TransformResult) -> [StyledLine] {
        switch result.outcome {
        case .skipped:
            return [[StyledSpan("No payload: no mapping row selects this event (add one in Mappings).", .statusInfo)]]
        case .invalid where result.payloads.isEmpty:
            return [[StyledSpan("No payload: the event has errors (below).", .statusError)]]
        default:
            break
        }
        var lines: [StyledLine] = []
        for (index, payload) in result.payloads.enumerated() {
            if result.outcome == .invalid {
                lines.append([StyledSpan("✗ not sendable: fix the errors below", .statusError)])
            }
            if result.payloads.count > 1 {
                lines.append([StyledSpan("payload \(index + 1) of \(result.payloads.count): \(payload.tiktokEvent)", .title)])
            }
            json(payload.json, into: &lines)
        }
        return lines
    }

    /// `1 payload · 2 warnings` and the like.
    package static func summary(of result: TransformResult) -> String {
        var parts: [String] = []
        switch result.outcome {
        case .skipped: parts.append("skipped")
        case .invalid: parts.append("not sendable")
        case .sendable: parts.append("\(result.payloads.count) payload\(result.payloads.count == 1 ? "" : "s")")
        }
        for severity in Severity.allCases {
            let count = result.diagnostics.filter { $0.severity == severity }.count
            if count > 0 { parts.append("\(count) \(severity.rawValue)\(count == 1 ? "" : "s")") }
        }
        return parts.joined(separator: " · ")
    }

    /// Pretty JSON as styled lines, two-space indent.
    package static func json(_ value: JSONValue, into lines: inout [StyledLine]) {
        lines += render(value, depth: 0, prefix: [], suffix: [])
    }

    /// The lines of `value`: `prefix` (indent and key) opens its first line, `suffix` (a comma)
    /// closes its last.
    private static func render(_ value: JSONValue, depth: Int, prefix: StyledLine, suffix: StyledLine) -> [StyledLine] {
        let inner = StyledSpan(String(repeating: "  ", count: depth + 1), .jsonPunctuation)
        let outer = StyledSpan(String(repeating: "  ", count: depth), .jsonPunctuation)
        let comma = [StyledSpan(",", .jsonPunctuation)]
        switch value {
        case .object(let object) where !object.members.isEmpty:
            var lines: [StyledLine] = [prefix + [StyledSpan("{", .jsonPunctuation)]]
            for (position, member) in object.members.enumerated() {
                let key = [inner, StyledSpan(JSONValue.string(member.key).compactText, .jsonKey), StyledSpan(": ", .jsonPunctuation)]
                lines += render(member.value, depth: depth + 1, prefix: key, suffix: position < object.members.count - 1 ? comma : [])
            }
            return lines + [[outer, StyledSpan("}", .jsonPunctuation)] + suffix]
        case .array(let elements) where !elements.isEmpty:
            var lines: [StyledLine] = [prefix + [StyledSpan("[", .jsonPunctuation)]]
            for (position, element) in elements.enumerated() {
                lines += render(element, depth: depth + 1, prefix: [inner], suffix: position < elements.count - 1 ? comma : [])
            }
            return lines + [[outer, StyledSpan("]", .jsonPunctuation)] + suffix]
        case .string(let text) where isHash(text):
            return [prefix + [StyledSpan(value.compactText, .previewHash)] + suffix + [StyledSpan(hashMarker, .dim)]]
        case .string:
            return [prefix + [StyledSpan(value.compactText, .jsonString)] + suffix]
        case .number:
            return [prefix + [StyledSpan(value.compactText, .jsonNumber)] + suffix]
        default:
            return [prefix + [StyledSpan(value.compactText, .jsonLiteral)] + suffix]
        }
    }

    /// Whether `text` is a SHA-256 digest in lowercase hex.
    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { isHexDigit($0) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }
}

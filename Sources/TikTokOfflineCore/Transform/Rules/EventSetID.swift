/// SPEC §5: the event set id, resolved per event from its template and checked to be numeric.
extension EventReader {
    mutating func readEventSetID() -> String? {
        if let literal = config.literalEventSetID {
            if let problem = literal.problem { report(.warning, .eventSetID, source: nil, problem) }
            return literal.id
        }
        let template = config.eventSetID
        let value = config.plan.eventSetID.evaluate(in: document, slots: slots, item: nil)
        guard let id = value.text(in: document)?.trimmingASCIISpaces(), !id.isEmpty else {
            report(
                .error, .eventSetID, source: template.isLiteral ? nil : template.source,
                "missing: the template \(template.source) found nothing in this event")
            return nil
        }
        if let warning = EventSetIDCheck.problem(with: id) {
            report(.warning, .eventSetID, source: template.isLiteral ? nil : template.source, warning)
        }
        return id
    }
}

/// Checks of a resolved Event Set Id.
package enum EventSetIDCheck {
    /// A warning when `id` is not all digits (mentioning Pixel codes when it looks like one), or nil.
    package static func problem(with id: String) -> String? {
        guard !id.utf8.allSatisfy(isDigit) else { return nil }
        let looksLikePixel = id.first == "C" && id.count >= 10 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        if looksLikePixel {
            return
                "\"\(id)\" looks like a TikTok Pixel code, not an offline event set id; TikTok rejects Pixel codes for offline events. Use the numeric id of an Offline event set (Events Manager → Offline)"
        }
        return "\"\(id)\" is not all digits; offline event set ids are numeric strings (typically 19 digits)"
    }
}

/// SPEC §5: the event time, epoch milliseconds (or seconds, with a warning) or ISO-8601 with an
/// offset, and the age checks against TikTok's 28-day attribution window.
extension EventReader {
    mutating func readTime() -> Int64? {
        let field = DiagnosticSubject.field(.timestamp, item: nil)
        guard let (found, origin) = find(.timestamp, item: nil) else {
            report(
                .error, field, source: config.source(of: .timestamp).templates.map(\.source).joined(separator: ", "),
                "missing: the event time is required (epoch milliseconds or ISO-8601 with an offset)")
            return nil
        }
        let reading: EventTime.Reading?
        switch found {
        case .node(let node): reading = EventTime.read(document, node)
        case .text(let text): reading = EventTime.parseISO8601(text).map { EventTime.Reading(milliseconds: $0, wasSeconds: false) }
        }
        guard let reading else {
            report(.error, field, from: origin, "cannot read the time: expected epoch milliseconds or an ISO-8601 string with an offset or Z")
            return nil
        }
        if reading.wasSeconds {
            report(.warning, field, from: origin, "number below 100000000000 read as epoch seconds, not milliseconds")
        }
        let age = now - reading.milliseconds
        if age > 28 * 86_400_000 {
            report(
                .warning, field, from: origin, "event is \(age / 86_400_000) days old: TikTok does not attribute offline events older than 28 days")
        } else if age < -10 * 60_000 {
            report(.warning, field, from: origin, "event is \(-age / 60_000) minutes in the future: check the clock or the time zone")
        }
        return reading.milliseconds
    }
}

/// Reading Commanders Act event times and writing them in TikTok's two forms.
package enum EventTime {
    /// A parsed time, in epoch milliseconds, and whether it had to be read as seconds.
    package struct Reading: Sendable, Equatable {
        /// Milliseconds since 1970-01-01T00:00:00Z.
        package var milliseconds: Int64
        /// The input was a number below 100 000 000 000, taken as seconds.
        package var wasSeconds: Bool
    }

    /// Numbers below this are taken as seconds, not milliseconds (100 000 000 000 ms is 1973-03-03).
    package static let secondsThreshold: Int64 = 100_000_000_000

    /// Reads an epoch-milliseconds number or numeric string, or an ISO-8601 string with an offset.
    package static func read(_ document: JSONDocument, _ node: JSONDocument.Index) -> Reading? {
        switch document.kind(node) {
        case .number:
            guard case .success(let value) = NumberReader.integer(document, node) else { return nil }
            return epoch(value)
        case .string:
            let text = document.string(node)!.trimmingASCIISpaces()
            if NumberReader.isDecimalText(text), !text.contains("."), let value = Int64(text) { return epoch(value) }
            return parseISO8601(text).map { Reading(milliseconds: $0, wasSeconds: false) }
        default:
            return nil
        }
    }

    private static func epoch(_ value: Int64) -> Reading {
        guard value < secondsThreshold else { return Reading(milliseconds: value, wasSeconds: false) }
        let (product, overflow) = value.multipliedReportingOverflow(by: 1000)
        return Reading(milliseconds: overflow ? value : product, wasSeconds: true)
    }

    /// Parses `YYYY-MM-DD[T ]hh:mm[:ss[.fraction]]` followed by `Z` or `±hh[:mm]`; nil without an offset.
    package static func parseISO8601(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            index < bytes.count, [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[index])
        else { return nil }
        index += 1
        guard let hour = number(2), hour < 24, expect(UInt8(ascii: ":")), let minute = number(2), minute < 60 else { return nil }
        var second = 0
        var millisecond = 0
        if expect(UInt8(ascii: ":")) {
            guard let parsed = number(2), parsed < 61 else { return nil }
            second = parsed
            if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
                var scale = 100
                let start = index
                while index < bytes.count, isDigit(bytes[index]) {
                    millisecond += Int(bytes[index] - UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), offsetHours < 24 else { return nil }
            var minutes = 0
            if index < bytes.count {
                _ = expect(UInt8(ascii: ":"))
                guard let parsed = number(2), parsed < 60 else { return nil }
                minutes = parsed
            }
            offsetMinutes = sign * (offsetHours * 60 + minutes)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute) - Int64(offsetMinutes)) * 60 + Int64(second)
        return seconds * 1000 + Int64(millisecond)
    }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ` in UTC, the legacy `timestamp` form.
    package static func iso8601(milliseconds: Int64) -> String {
        var writer = JSONWriter(capacity: 24)
        writer.withCursor { appendISO8601(milliseconds: milliseconds, to: &$0) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends the ``iso8601(milliseconds:)`` text to `writer`, digit by digit.
    package static func appendISO8601(milliseconds: Int64, to writer: inout JSONCursor) {
        let (seconds, millis) = floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else {
            writer.appendUTF8(paddedISO8601(year, month, day, secondOfDay, millis))
            return
        }
        writer.appendBytes(count: 24) { target in
            var position = 0
            func digits(_ value: Int64, _ width: Int, then separator: UInt8) {
                var rest = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    target[position + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                target[position + width] = separator
                position += width + 1
            }
            digits(year, 4, then: UInt8(ascii: "-"))
            digits(month, 2, then: UInt8(ascii: "-"))
            digits(day, 2, then: UInt8(ascii: "T"))
            digits(secondOfDay / 3600, 2, then: UInt8(ascii: ":"))
            digits(secondOfDay / 60 % 60, 2, then: UInt8(ascii: ":"))
            digits(secondOfDay % 60, 2, then: UInt8(ascii: "."))
            digits(millis, 3, then: UInt8(ascii: "Z"))
        }
    }

    /// The same text for years outside 0…9999, which only absurd inputs reach.
    private static func paddedISO8601(_ year: Int64, _ month: Int64, _ day: Int64, _ secondOfDay: Int64, _ millis: Int64) -> String {
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
    }

    /// Whole epoch seconds (rounded down), the Events 2.0 `event_time` form.
    package static func epochSeconds(milliseconds: Int64) -> Int64 {
        floorDivide(milliseconds, 1000).quotient
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

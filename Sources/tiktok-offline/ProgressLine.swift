#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one-line progress display of a long run on a terminal, redrawn at most five times a
/// second and erased at the end; silent when standard error is not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let start = ProgressLine.milliseconds()
    private var lastShown: UInt64 = 0
    private var shownAny = false

    init(enabled: Bool = isatty(2) == 1) {
        self.enabled = enabled
    }

    /// Shows the line `text` makes from the rate of `done` per second since the start.
    func show(done: Int, _ text: (_ ratePerSecond: Int) -> String) {
        guard enabled else { return }
        let now = Self.milliseconds()
        guard now - lastShown >= 200 else { return }
        lastShown = now
        shownAny = true
        let seconds = max(0.001, Double(now - start) / 1000.0)
        writeToStandardError("\r\u{1B}[K" + text(Int(Double(done) / seconds)))
    }

    /// Erases the line, so the summary that follows starts clean.
    func finish() {
        if enabled, shownAny { writeToStandardError("\r\u{1B}[K") }
    }

    private static func milliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }

    private func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}

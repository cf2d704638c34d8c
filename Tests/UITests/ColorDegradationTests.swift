import TerminalBackend
import Testing

@Suite("colour degradation")
struct ColorDegradationTests {
    @Test(
        "24-bit colours map to the nearest xterm-256 colour (expected values from a brute-force search)",
        arguments: [
            ((0, 0, 0), 16), ((255, 255, 255), 231), ((255, 0, 0), 196), ((0x61, 0xAF, 0xEF), 75), ((0x1E, 0x21, 0x27), 235),
            ((128, 128, 128), 244), ((0x98, 0xC3, 0x79), 108),
        ] as [((UInt8, UInt8, UInt8), Int)])
    func palette256(color: (UInt8, UInt8, UInt8), index: Int) {
        #expect(ColorDegradation.nearest256(color.0, color.1, color.2) == index)
    }

    @Test(
        "and to the nearest of 16 or 8 ANSI colours",
        arguments: [
            ((255, 0, 0), 16, 9), ((200, 10, 10), 16, 1), ((200, 10, 10), 8, 1), ((0x61, 0xAF, 0xEF), 16, 12), ((0x61, 0xAF, 0xEF), 8, 6),
            ((0xFA, 0xFA, 0xFA), 16, 15), ((0xFA, 0xFA, 0xFA), 8, 7),
        ] as [((UInt8, UInt8, UInt8), Int, Int)])
    func ansi(color: (UInt8, UInt8, UInt8), count: Int, index: Int) {
        #expect(ColorDegradation.nearestANSI(color.0, color.1, color.2, count: count) == index)
    }
}

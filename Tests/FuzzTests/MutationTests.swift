import Testing
import TikTokOfflineCore

@testable import tiktok_offline_fuzz

/// A fixed-seed mutation run of the fuzz harness, so every test run covers hostile input; the
/// open-ended search is `scripts/fuzz.sh` with libFuzzer.
@Suite("hostile input")
struct MutationTests {
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The shipped samples and configs: realistic inputs to mutate.
    static func seeds() throws -> [[UInt8]] {
        let samples = ["purchase-3-items", "purchase-messy-phone", "purchase-missing-fields", "purchase-prehashed", "generate-lead-call", "sign-up"]
        let configs = ["example", "full", "events-2-0"]
        return try samples.map { try FileIO.readAll("\(repositoryRoot)/Tests/TikTokOfflineCoreTests/Fixtures/samples/\($0).json") }
            + configs.map { try FileIO.readAll("\(repositoryRoot)/docs/examples/\($0).json") }
    }

    /// Inputs chosen by hand for the ways text goes wrong.
    static let hostile: [[UInt8]] = [
        Array(repeating: UInt8(ascii: "["), count: 100_000),
        Array(("{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}").utf8),
        Array(#"{"event_name":"purchase","value":1e400,"context":{"event_timestamp":-99999999999999999999}}"#.utf8),
        Array(#"{"event_name":"purchase","user":{"email":"\ud800","phone":"\udc00\ud800"}}"#.utf8),
        [0xEF, 0xBB, 0xBF] + Array(#"{"event_name":"purchase"}"#.utf8),
        Array(#"{"event_name":"purchase","id":"a"#.utf8) + [0x00, 0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
        Array(#"{"event_name":"*","items":[1,null,{"product":{"category_1":{},"price":[]}}],"type":{"x":1}}"#.utf8),
        Array(#"{"version":1,"event_set_id":"{{","mappings":[{"tiktok_event":"Contact","commanders_act_event":"}}"}]}"#.utf8),
        Array("{{ }}{{a..b}}{{items.X.}}{{".utf8),
        Array("+00 (0) 0000000000000000000000".utf8),
        Array("   \t ".utf8),
        Array(" eUr\t".utf8), Array("ısk".utf8), Array("ﬀr".utf8), Array("K".utf8), Array(" Magasín ".utf8),
        Array("MAGASÍN".utf8), Array("BOUTIQUE\n".utf8), Array("in-store".utf8),
        [],
    ]

    @Test("hand-picked hostile inputs keep every property of the harness")
    func handPicked() {
        for (index, input) in Self.hostile.enumerated() {
            #expect(FuzzHarness.check(input) == [], "hostile input #\(index)")
        }
    }

    @Test("4 000 seeded mutations of the samples and configs keep every property of the harness")
    func mutations() throws {
        var random = SplitMix64(seed: 0x5EED_7101)
        let seeds = try Self.seeds()
        for round in 0..<4_000 {
            var input = seeds[round % seeds.count]
            for _ in 0...random.next(below: 4) { Mutator.mutate(&input, using: &random) }
            let problems = FuzzHarness.check(input)
            #expect(problems == [], "mutation round \(round): \(String(decoding: input.prefix(300), as: UTF8.self))")
        }
    }

    @Test("the mutator changes its input and is reproducible from the seed")
    func mutatorIsDeterministic() throws {
        let seed = try Self.seeds()[0]
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        var a = seed
        var b = seed
        var changed = 0
        for _ in 0..<50 {
            Mutator.mutate(&a, using: &first)
            Mutator.mutate(&b, using: &second)
            if a != seed { changed += 1 }
        }
        #expect(a == b)
        #expect(changed > 40)
    }
}

/// A small deterministic random generator (SplitMix64), so a failing round can be replayed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0).
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Byte-level mutations that tend to reach the parsers' edge cases.
enum Mutator {
    /// Tokens that JSON, templates and phone numbers treat specially.
    static let tokens: [[UInt8]] =
        [
            "{", "}", "[", "]", "\"", "\\", ",", ":", "\\u", "\\ud83d\\ude00", "\\ud800", "\\u0000", "null", "true", "-0", "1e999",
            "0.1e-400", "00", "{{", "}}", "{{items.X.id}}", "+33 (0)6", "0033", "@", "items", "event_name", "\u{00A0}", "日本", "😀",
        ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x00], [0x0A], [0x0D], [0x09]]

    static func mutate(_ input: inout [UInt8], using random: inout SplitMix64) {
        let position = input.isEmpty ? 0 : random.next(below: input.count + 1)
        switch random.next(below: 6) {
        case 0 where !input.isEmpty:
            input[min(position, input.count - 1)] = UInt8(truncatingIfNeeded: random.next())
        case 1:
            input.insert(contentsOf: tokens[random.next(below: tokens.count)], at: position)
        case 2 where !input.isEmpty:
            let end = min(input.count, position + 1 + random.next(below: 16))
            input.removeSubrange(min(position, input.count - 1)..<end)
        case 3 where position < input.count:
            let end = min(input.count, position + 1 + random.next(below: 64))
            input.insert(contentsOf: input[position..<end], at: random.next(below: input.count + 1))
        case 4:
            input.removeSubrange(position..<input.count)
        default:
            let digits = Array(String(random.next()).utf8)
            input.insert(contentsOf: digits, at: position)
        }
    }
}

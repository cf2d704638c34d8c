/// A regular expression from libphonenumber's metadata, matched the way Python's `re.match` does.
///
/// The metadata's international prefixes and national prefixes for parsing use a small part of
/// the regular expression syntax: digits, `\d`, digit classes such as `[13-79]`, groups
/// (`(…)` capturing, `(?:…)` not), alternation, the quantifiers `?`, `*`, `+`, `{n}`, `{n,m}`,
/// and `$`. This type parses exactly that part once, when the table loads, and matches by
/// backtracking in the same order as Python, so the match end and the captured groups are
/// the ones libphonenumber sees. A pattern that is a plain digit string is compared directly.
struct PhonePattern: Sendable {
    /// One element of a parsed pattern.
    indirect enum Node: Sendable {
        /// One digit from a set (bit `d` set for digit `d`).
        case digit(UInt16)
        /// Elements one after another.
        case sequence([Node])
        /// The first alternative that lets the rest of the pattern match.
        case choice([Node])
        /// A greedy repetition.
        case repeating(Node, min: Int, max: Int)
        /// A capturing group, numbered from 1 as Python numbers them.
        case group(Int, Node)
        /// The end of the input (`$`).
        case end
    }

    /// A successful match at the start of the input.
    struct Match: Equatable {
        /// How many digits the match covers.
        let end: Int
        /// The range each capturing group covered, or nil where it did not take part.
        let groups: [Range<Int>?]
    }

    /// The pattern's text, as written in the metadata.
    let source: String
    /// How many capturing groups the pattern has.
    let groupCount: Int
    /// How the pattern matches: a plain digit string is compared directly and never parsed
    /// (most of the table's prefixes, such as `00` and `0`, are), anything else is a parsed tree.
    private enum Form: Sendable {
        case literal([UInt8])
        case tree(Node)
    }

    private let form: Form

    /// Parses `source`, or returns nil when it uses syntax outside the supported part.
    init?(_ source: String) {
        let bytes = Array(source.utf8)
        self.source = source
        if bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            form = .literal(bytes)
            groupCount = 0
            return
        }
        var parser = Parser(bytes: bytes)
        guard let root = parser.parseChoice(), parser.position == parser.bytes.count else { return nil }
        form = .tree(root)
        groupCount = parser.groupCount
    }

    /// Matches the pattern at the start of `digits` (ASCII digits), as `re.match` does.
    func matchPrefix(_ digits: ArraySlice<UInt8>) -> Match? {
        let root: Node
        switch form {
        case .literal(let literal): return digits.starts(with: literal) ? Match(end: literal.count, groups: []) : nil
        case .tree(let tree): root = tree
        }
        let input = Array(digits)
        let captures = Captures(count: groupCount)
        var end: Int?
        let matched = Self.match(root, input, 0, captures) { position in
            end = position
            return true
        }
        guard matched, let end else { return nil }
        return Match(end: end, groups: captures.ranges)
    }

    private final class Captures {
        var ranges: [Range<Int>?]
        init(count: Int) { ranges = Array(repeating: nil, count: count) }
    }

    private static func match(
        _ node: Node, _ input: [UInt8], _ position: Int, _ captures: Captures, _ next: (Int) -> Bool
    ) -> Bool {
        switch node {
        case .digit(let set):
            guard position < input.count else { return false }
            let value = Int(input[position]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(value), set & (1 << value) != 0 else { return false }
            return next(position + 1)
        case .end:
            return position == input.count && next(position)
        case .sequence(let nodes):
            return matchSequence(nodes[...], input, position, captures, next)
        case .choice(let options):
            for option in options where match(option, input, position, captures, next) {
                return true
            }
            return false
        case .group(let number, let body):
            let saved = captures.ranges[number - 1]
            let matched = match(body, input, position, captures) { end in
                let inner = captures.ranges[number - 1]
                captures.ranges[number - 1] = position..<end
                if next(end) { return true }
                captures.ranges[number - 1] = inner
                return false
            }
            if !matched { captures.ranges[number - 1] = saved }
            return matched
        case .repeating(let body, let min, let max):
            return matchRepeat(body, min: min, max: max, count: 0, input, position, captures, next)
        }
    }

    private static func matchSequence(
        _ nodes: ArraySlice<Node>, _ input: [UInt8], _ position: Int, _ captures: Captures, _ next: (Int) -> Bool
    ) -> Bool {
        guard let first = nodes.first else { return next(position) }
        return match(first, input, position, captures) { end in
            matchSequence(nodes.dropFirst(), input, end, captures, next)
        }
    }

    private static func matchRepeat(
        _ body: Node, min: Int, max: Int, count: Int, _ input: [UInt8], _ position: Int, _ captures: Captures,
        _ next: (Int) -> Bool
    ) -> Bool {
        if count < max,
            match(
                body, input, position, captures,
                { end in
                    end != position && matchRepeat(body, min: min, max: max, count: count + 1, input, end, captures, next)
                })
        {
            return true
        }
        return count >= min && next(position)
    }

    /// A recursive-descent parser of the supported syntax.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var groupCount = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard current == byte else { return false }
            position += 1
            return true
        }

        mutating func parseChoice() -> Node? {
            var options: [Node] = []
            repeat {
                guard let sequence = parseSequence() else { return nil }
                options.append(sequence)
            } while take(UInt8(ascii: "|"))
            return options.count == 1 ? options[0] : .choice(options)
        }

        private mutating func parseSequence() -> Node? {
            var nodes: [Node] = []
            while let byte = current, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let atom = parseAtom(), let quantified = parseQuantifier(on: atom) else { return nil }
                nodes.append(quantified)
            }
            return nodes.count == 1 ? nodes[0] : .sequence(nodes)
        }

        private mutating func parseAtom() -> Node? {
            guard let byte = current else { return nil }
            position += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .digit(1 << UInt16(byte - UInt8(ascii: "0")))
            case UInt8(ascii: "\\"):
                return take(UInt8(ascii: "d")) ? .digit(0x3FF) : nil
            case UInt8(ascii: "$"):
                return .end
            case UInt8(ascii: "["):
                return parseClass()
            case UInt8(ascii: "("):
                var number: Int?
                if take(UInt8(ascii: "?")) {
                    guard take(UInt8(ascii: ":")) else { return nil }
                } else {
                    groupCount += 1
                    number = groupCount
                }
                guard let body = parseChoice(), take(UInt8(ascii: ")")) else { return nil }
                return number.map { .group($0, body) } ?? body
            default:
                return nil
            }
        }

        private mutating func parseClass() -> Node? {
            var set: UInt16 = 0
            while let byte = current, byte != UInt8(ascii: "]") {
                position += 1
                if byte == UInt8(ascii: "\\") {
                    guard take(UInt8(ascii: "d")) else { return nil }
                    set |= 0x3FF
                    continue
                }
                guard let low = Self.digitValue(byte) else { return nil }
                var high = low
                if current == UInt8(ascii: "-"), position + 1 < bytes.count, let upper = Self.digitValue(bytes[position + 1]) {
                    position += 2
                    high = upper
                }
                guard low <= high else { return nil }
                for digit in low...high { set |= 1 << UInt16(digit) }
            }
            guard take(UInt8(ascii: "]")), set != 0 else { return nil }
            return .digit(set)
        }

        private mutating func parseQuantifier(on atom: Node) -> Node? {
            switch current {
            case UInt8(ascii: "?"):
                position += 1
                return .repeating(atom, min: 0, max: 1)
            case UInt8(ascii: "*"):
                position += 1
                return .repeating(atom, min: 0, max: Int.max)
            case UInt8(ascii: "+"):
                position += 1
                return .repeating(atom, min: 1, max: Int.max)
            case UInt8(ascii: "{"):
                position += 1
                guard let low = parseNumber() else { return nil }
                var high = low
                if take(UInt8(ascii: ",")) { high = parseNumber() ?? Int.max }
                guard take(UInt8(ascii: "}")), low <= high else { return nil }
                return .repeating(atom, min: low, max: high)
            default:
                return atom
            }
        }

        private mutating func parseNumber() -> Int? {
            var value: Int?
            while let byte = current, let digit = Self.digitValue(byte), (value ?? 0) < 1000 {
                value = (value ?? 0) * 10 + digit
                position += 1
            }
            return value
        }

        private static func digitValue(_ byte: UInt8) -> Int? {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
        }
    }
}

/// A national prefix transform rule (`9\1`): literal digits and references to captured groups.
struct PhoneTransformRule: Sendable {
    private enum Part: Sendable {
        case digits([UInt8])
        case group(Int)
    }

    private let parts: [Part]

    /// Whether the rule is empty (libphonenumber then only removes the prefix).
    var isEmpty: Bool { parts.isEmpty }

    /// Parses `source`, written with Python's `\1` group references.
    init?(_ source: String) {
        var parts: [Part] = []
        var bytes = Array(source.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "\\") {
                guard let digit = bytes.popFirst(), (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(digit) else { return nil }
                parts.append(.group(Int(digit - UInt8(ascii: "0"))))
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                if case .digits(let run)? = parts.last {
                    parts[parts.count - 1] = .digits(run + [byte])
                } else {
                    parts.append(.digits([byte]))
                }
            }
        }
        self.parts = parts
    }

    /// The digits `re.sub` writes for `match` of `input`, followed by the rest of `input`.
    func apply(to input: ArraySlice<UInt8>, match: PhonePattern.Match) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + 4)
        for part in parts {
            switch part {
            case .digits(let digits):
                output.append(contentsOf: digits)
            case .group(let number):
                if number <= match.groups.count, let range = match.groups[number - 1] {
                    output.append(contentsOf: input.dropFirst(range.lowerBound).prefix(range.count))
                }
            }
        }
        output.append(contentsOf: input.dropFirst(match.end))
        return output
    }
}

/// A deterministic automaton over the digits 0–9 that decides whether a national number matches
/// a region's general number pattern, generated from libphonenumber's regular expression.
struct DigitAutomaton: Sendable {
    private static let alphabet = Array(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&*+-/:;<=>?@^_|~".utf8)
    private static let dead: UInt8 = .max
    /// The state each byte of the generated form stands for (``dead`` for `.` and for bytes
    /// outside the alphabet), built once for every automaton.
    private static let stateOfSymbol: [UInt8] = {
        var states = [UInt8](repeating: dead, count: 256)
        for (position, symbol) in alphabet.enumerated() { states[Int(symbol)] = UInt8(position) }
        return states
    }()

    private let moves: [UInt8]
    private let accepting: [Bool]

    /// Decodes the generated form: ten targets per state (`.` for none), then the accepting states.
    init?(moves encoded: String, accepting encodedAccepting: String) {
        let symbols = Array(encoded.utf8)
        guard !symbols.isEmpty, symbols.count % 10 == 0 else { return nil }
        let stateCount = symbols.count / 10
        let states = Self.stateOfSymbol
        var moves = [UInt8](repeating: Self.dead, count: symbols.count)
        for (offset, symbol) in symbols.enumerated() {
            let state = states[Int(symbol)]
            if state == Self.dead {
                guard symbol == UInt8(ascii: ".") else { return nil }
            } else {
                guard Int(state) < stateCount else { return nil }
                moves[offset] = state
            }
        }
        var accepting = [Bool](repeating: false, count: stateCount)
        for symbol in encodedAccepting.utf8 {
            let state = states[Int(symbol)]
            guard state != Self.dead, Int(state) < stateCount else { return nil }
            accepting[Int(state)] = true
        }
        self.moves = moves
        self.accepting = accepting
    }

    /// Whether all of `digits` (ASCII digits) matches the pattern.
    func matches(_ digits: ArraySlice<UInt8>) -> Bool {
        var state = 0
        for byte in digits {
            let target = moves[state &* 10 &+ Int(byte &- UInt8(ascii: "0"))]
            if target == Self.dead { return false }
            state = Int(target)
        }
        return accepting[state]
    }
}

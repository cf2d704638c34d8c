// Measures the core in-process: the transform of one event stage by stage (parse, read,
// normalise + hash, write), one preview recompute (transform + pretty JSON) for a
// purchase-3-items sized event and for a 1 MB event, and the configurator's keystroke costs.
// Run with `swift run -c release tiktok-offline-bench [SAMPLE]`.
import TikTokOfflineCore
import TikTokOfflineUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Monotonic nanoseconds.
func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// The median over `rounds` of the mean time per call of `body`, each round `iterations` calls.
func measure(rounds: Int = 9, iterations: Int, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = nanoseconds()
        for _ in 0..<iterations { body() }
        samples.append(Double(nanoseconds() - start) / Double(iterations))
    }
    return samples.sorted()[rounds / 2]
}

/// A purchase with `count` items, each shaped like the sample's items.
func largeEvent(items count: Int) -> [UInt8] {
    var text =
        #"{"event_name":"purchase","id":"O_BIG","type":"offline","value":1234.5,"currency":"EUR","user":{"email":"marie.dupont@example.fr","phone":"+33612345678"},"context":{"event_timestamp":1741959912345},"items":["#
    for index in 0..<count {
        if index > 0 { text += "," }
        text +=
            #"{"id":"SKU_\#(index)","quantity":\#(index % 5 + 1),"type":"product","product":{"id":"P_\#(index)","name":"Product number \#(index) with a longer descriptive name","price":\#(Double(index % 100) + 0.99),"brand":"Brand","category_1":"Clothing","category_2":"Men","category_3":"Tops","category_4":"T-shirts","category_5":"Short sleeves"},"variant":"red"}"#
    }
    return Array((text + "]}").utf8)
}

let arguments = CommandLine.arguments
let samplePath = arguments.count > 1 ? arguments[1] : "Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json"
let sample: [UInt8]
do {
    sample = try FileIO.readAll(samplePath)
} catch {
    print("cannot read \(error)")
    exit(2)
}
let transformer = try Transformer(config: BuiltInExample.config)
let now: Int64 = 1_742_428_800_000

func preview(_ event: [UInt8]) -> Int {
    let result = transformer.transform(event, now: now)
    return result.payloads.reduce(0) { $0 + $1.prettyText.utf8.count }
}

var sink = 0
// The stages of one transform: parse the bytes, read the event (walk, §5 rules, including
// normalising and hashing), the normalising and hashing alone (the event's emails and phones),
// and writing the bodies.
let compiled = transformer.config
let parseTime = measure(iterations: 20_000) { sink &+= (try? JSONDocument(parsing: sample))?.root ?? 0 }
let document = try JSONDocument(parsing: sample)
let readTime = measure(iterations: 20_000) {
    var reader = EventReader(document: document, config: compiled, now: now)
    _ = reader.read()
    sink &+= reader.diagnostics.count
}
var reader = EventReader(document: document, config: compiled, now: now)
let normalized = reader.read()
let userValues: (emails: [String], phones: [String]) = {
    func strings(_ key: String) -> [String] {
        guard let user = document.member(document.root, "user"), let node = document.member(user, key) else { return [] }
        if let text = document.string(node) { return [text] }
        return document.elements(node).compactMap { document.string($0) }
    }
    return (strings("email"), strings("phone"))
}()
let region = PhoneRegionTable.shared.region(compiled.config.phoneRegion ?? "FR")
let normaliseAndHashTime = measure(iterations: 20_000) {
    for email in userValues.emails {
        if case .normalized(let address, _) = EmailNormalizer.normalize(email) { sink &+= Int(SHA256Digest(hashing: address).hashValue & 1) }
    }
    for phone in userValues.phones {
        if case .e164(let number) = PhoneNormalizer().normalize(phone, region: region) {
            sink &+= Int(SHA256Digest(hashing: number).hashValue & 1)
        }
    }
}
let tiktokEvents = compiled.tiktokEvents(forEventNamed: document.string(document.member(document.root, "event_name")!)!)
var output: [UInt8] = [UInt8](repeating: 0, count: 1 << 16)
let writeTime = measure(iterations: 20_000) {
    var writer = JSONWriter(reusing: output)
    output = []
    let encoder = PayloadEncoder(config: compiled, event: normalized, document: document)
    for tiktokEvent in tiktokEvents { encoder.write(tiktokEvent, to: &writer) }
    sink &+= writer.count
    output = writer.takeStorage()
}
let transformOnly = measure(iterations: 20_000) { sink &+= transformer.transform(sample, now: now).payloads.count }
let previewSmall = measure(iterations: 20_000) { sink &+= preview(sample) }
let big = largeEvent(items: 3_000)
let previewBig = measure(rounds: 5, iterations: 10) { sink &+= preview(big) }
let transformBig = measure(rounds: 5, iterations: 10) { sink &+= transformer.transform(big, now: now).payloads.count }

func format(_ nanoseconds: Double) -> String {
    nanoseconds >= 1_000_000 ? "\(Double(Int(nanoseconds / 1_000)) / 1_000) ms" : "\(Double(Int(nanoseconds / 10)) / 100) µs"
}

print("sample: \(samplePath) (\(sample.count) bytes)")
print(
    "stages of one transform: parse \(format(parseTime)), read \(format(readTime - normaliseAndHashTime)) + normalise and hash \(format(normaliseAndHashTime)), write \(format(writeTime))"
)
print("transform, one \(sample.count)-byte event:            \(format(transformOnly))  (\(Int(1e9 / transformOnly)) events/s on one core)")
print("preview recompute (transform + pretty JSON):     \(format(previewSmall))")
print("transform, one \(big.count / 1024) KB event (3000 items):     \(format(transformBig))")
print("preview recompute, same 1 MB-class event:        \(format(previewBig))")
// The configurator: one keystroke in the sample editor (update, which recomputes the preview,
// then view, which draws the cell buffer), and a paste of a whole 1 MB event.
let smallSample = String(decoding: sample, as: UTF8.self)
let bigSample = String(decoding: big, as: UTF8.self)
/// The built-in example at 120×40 with `text` as its sample: the state every configurator
/// benchmark starts from.
@MainActor func benchState(sample text: String) -> AppState {
    AppState(
        config: BuiltInExample.config, savedConfig: nil, path: "bench.json", sample: text, themeNames: ["Default"], width: 120, height: 40, now: now)
}
@MainActor func keystroke(sample text: String, iterations: Int) -> Double {
    var state = benchState(sample: text)
    state.focus = .sample
    _ = state.update(.key(.end))
    return measure(rounds: 5, iterations: iterations) {
        _ = state.update(.key(.character(" ")))
        sink &+= state.view().width
        _ = state.update(.key(.backspace))
        sink &+= state.view().width
    } / 2
}
@MainActor func idleRecompute(sample text: String) -> Double {
    var state = benchState(sample: text)
    state.focus = .sample
    _ = state.update(.key(.end))
    return measure(rounds: 5, iterations: 5) {
        _ = state.update(.key(.character(" ")))
        _ = state.update(.idle)
        sink &+= state.view().width
        _ = state.update(.key(.backspace))
        _ = state.update(.idle)
        sink &+= state.view().width
    } / 2
}
/// A keystroke in a field's source template (applied to the config at once), with the preview of
/// a large sample deferred to the next idle moment as for sample keystrokes.
@MainActor func templateKeystroke(sample text: String, iterations: Int) -> Double {
    var state = benchState(sample: text)
    state.focus = .fields
    state.fieldRow = TikTokField.shopID.ordinal
    _ = state.update(.key(.enter))
    return measure(rounds: 5, iterations: iterations) {
        _ = state.update(.key(.character("x")))
        sink &+= state.view().width
        _ = state.update(.key(.backspace))
        sink &+= state.view().width
    } / 2
}
let keySmall = keystroke(sample: smallSample, iterations: 2000)
let templateSmall = templateKeystroke(sample: smallSample, iterations: 500)
let templateBig = templateKeystroke(sample: bigSample, iterations: 5)
let idleBig = idleRecompute(sample: bigSample)
let keyBig = keystroke(sample: bigSample, iterations: 5)
let pasteBig = measure(rounds: 5, iterations: 1) {
    var state = benchState(sample: "")
    _ = state.update(.paste(bigSample))
    sink &+= state.view().width
}
let frame = measure(iterations: 200) {
    sink &+= benchState(sample: smallSample).view().width
}
print("configurator, keystroke in the sample (recompute + redraw), 1.7 KB sample: \(format(keySmall))")
print("configurator, keystroke in the sample (redraw; preview deferred), \(big.count / 1024) KB sample: \(format(keyBig))")
print("configurator, the deferred preview recompute + redraw, \(big.count / 1024) KB sample: \(format(idleBig))")
print("configurator, paste of the \(big.count / 1024) KB event until its preview is drawn: \(format(pasteBig))")
print("configurator, keystroke in a source template (live preview + redraw), 1.7 KB sample: \(format(templateSmall))")
print("configurator, keystroke in a source template (redraw; preview deferred), \(big.count / 1024) KB sample: \(format(templateBig))")
print("configurator, initial state + first frame (no terminal): \(format(frame))")
if sink == 42 { print("") }

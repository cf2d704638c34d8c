// Measures the core in-process: one preview recompute (transform + pretty JSON) for a
// purchase-3-items sized event and for a 1 MB event. Run with `swift run -c release tiktok-offline-bench`.
import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
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
    let result = transformer.transform(eventJSON: event, now: now)
    return result.payloads.reduce(0) { $0 + $1.json.prettyText.utf8.count }
}

var sink = 0
let transformOnly = measure(iterations: 20_000) { sink &+= transformer.transform(eventJSON: sample, now: now).payloads.count }
let previewSmall = measure(iterations: 20_000) { sink &+= preview(sample) }
let big = largeEvent(items: 3_000)
let previewBig = measure(rounds: 5, iterations: 10) { sink &+= preview(big) }
let transformBig = measure(rounds: 5, iterations: 10) { sink &+= transformer.transform(eventJSON: big, now: now).payloads.count }

func format(_ nanoseconds: Double) -> String {
    nanoseconds >= 1_000_000 ? "\(Double(Int(nanoseconds / 1_000)) / 1_000) ms" : "\(Double(Int(nanoseconds / 10)) / 100) µs"
}

print("sample: \(samplePath) (\(sample.count) bytes)")
print("transform, one \(sample.count)-byte event:            \(format(transformOnly))  (\(Int(1e9 / transformOnly)) events/s on one core)")
print("preview recompute (transform + pretty JSON):     \(format(previewSmall))")
print("transform, one \(big.count / 1024) KB event (3000 items):     \(format(transformBig))")
print("preview recompute, same 1 MB-class event:        \(format(previewBig))")
if sink == 42 { print("") }

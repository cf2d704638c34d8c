#if !FUZZING
    import Foundation
    import TikTokOfflineCore

    /// The harness without libFuzzer (a plain build): replays the files it is given, so an input
    /// the fuzzer kept can be reproduced and debugged (`swift run tiktok-offline-fuzz crash-…`).
    @main
    enum Replay {
        static func main() throws {
            var broken = false
            for path in CommandLine.arguments.dropFirst() {
                let problems = FuzzHarness.check(try FileIO.readAll(path))
                print(problems.isEmpty ? "ok: \(path)" : "broken: \(path): \(problems.joined(separator: "; "))")
                broken = broken || !problems.isEmpty
            }
            exit(broken ? 1 : 0)
        }
    }
#endif

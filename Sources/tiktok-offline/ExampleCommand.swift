import ArgumentParser
import TikTokOfflineCore

/// `tiktok-offline example`: print the built-in example config or event to start from.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Print the built-in example config or sample event.",
        discussion: "Example: tiktok-offline example config > tiktok-offline.json"
    )

    /// Which example to print.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case config, event
    }

    @Argument(help: "config or event.")
    var kind: Kind

    func run() {
        print(kind == .config ? BuiltInExample.configText : BuiltInExample.eventText, terminator: "")
    }
}

import ArgumentParser
import TikTokOfflineCore

/// `tiktok-offline [edit] [CONFIG]`: the configurator. Until it is built, shows the preview the
/// configurator would open on.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Open the configurator on CONFIG (default ./tiktok-offline.json).",
        discussion: "Example: tiktok-offline edit tiktok-offline.json"
    )

    @Argument(help: ArgumentHelp("The config file.", valueName: "config"))
    var config: String = "tiktok-offline.json"

    @OptionGroup var clock: ClockOptions

    func run() throws {
        Standard.error(
            "The ncurses configurator is not built yet. Meanwhile, here is the built-in example event transformed with the built-in example config:")
        Standard.error("(see `tiktok-offline example config` and `tiktok-offline preview --help`)\n")
        let transformer = try Transformer(config: BuiltInExample.config)
        let result = transformer.transform(eventJSON: Array(BuiltInExample.eventText.utf8), now: try clock.milliseconds())
        for diagnostic in result.diagnostics { Standard.error(diagnostic.lineForTerminal) }
        for payload in result.payloads { Standard.output(payload.json.prettyText) }
    }
}

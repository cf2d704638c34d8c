import ArgumentParser
import TikTokOfflineCore

/// `tiktok-offline validate`: check a config file and list every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a config file; print each problem with its key path and position.",
        discussion: "Example: tiktok-offline validate tiktok-offline.json"
    )

    @Argument(help: ArgumentHelp("The config file.", valueName: "config"))
    var config: String

    func run() throws {
        let transformer = try loadConfig(config, showingInfos: true)
        let settings = transformer.config.config
        let rows = settings.mappings.count
        Standard.output("\(config): valid (\(rows) mapping row\(rows == 1 ? "" : "s"), \(settings.apiFormat.rawValue) format)")
    }
}

import Foundation
import Testing

@testable import tiktok_offline

/// The command line as the binary describes it (`--experimental-dump-help`): what the man page
/// and the completion scripts must cover.
struct CommandInterface {
    /// One option or flag of one command.
    struct Option: Hashable, CustomStringConvertible {
        /// The subcommand's name, or nil for the root command.
        var command: String?
        /// `long` or `short`.
        var kind: String
        /// The name without dashes.
        var name: String

        var description: String { "\(command ?? "tiktok-offline") \(kind == "short" ? "-" : "--")\(name)" }
    }

    /// Every subcommand's name, in order (the synthesised `help` left out: it is ArgumentParser's).
    var subcommands: [String] = []
    /// Every displayed option and flag of the root command and of every subcommand.
    var options: [Option] = []

    /// Reads the interface from the built binary.
    static func ofBinary() throws -> CommandInterface {
        let outcome = try CLI.run(["--experimental-dump-help"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        var interface = CommandInterface()
        interface.add(command, name: nil)
        for subcommand in command["subcommands"] as? [[String: Any]] ?? [] {
            guard let name = subcommand["commandName"] as? String, name != "help" else { continue }
            interface.subcommands.append(name)
            interface.add(subcommand, name: name)
        }
        return interface
    }

    private mutating func add(_ command: [String: Any], name: String?) {
        for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool ?? true {
            for entry in argument["names"] as? [[String: String]] ?? [] {
                guard let kind = entry["kind"], let optionName = entry["name"], kind == "long" || kind == "short" else { continue }
                options.append(Option(command: name, kind: kind, name: optionName))
            }
        }
    }
}

@Suite("release artifacts: version, man page, completions")
struct ReleaseArtifactTests {
    @Test("the binary's interface is the one the checks below cover")
    func interfaceIsComplete() throws {
        let interface = try CommandInterface.ofBinary()
        #expect(interface.subcommands == ["edit", "preview", "validate", "transform", "send", "themes", "example"])
        #expect(interface.options.contains(.init(command: nil, kind: "long", name: "version")))
        #expect(interface.options.contains(.init(command: "send", kind: "long", name: "retry-delay-ms")))
        #expect(interface.options.count >= 40, "\(interface.options.count)")
    }

    @Test("--version prints the version constant, and the commit when built from a checkout")
    func version() throws {
        let outcome = try CLI.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == Version.line + "\n")
        #expect(Version.line.hasPrefix("tiktok-offline \(Version.number)"))
        #expect(Version.number.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?/) != nil, "\(Version.number) is not semver")
        if let head = Self.gitHead() {
            #expect(Version.line.hasPrefix("tiktok-offline \(Version.number) (commit \(head)"), "\(Version.line) vs HEAD \(head)")
        } else {
            #expect(Version.line == "tiktok-offline \(Version.number)")
        }
    }

    @Test("the committed man page names every subcommand and option")
    func manualPage() throws {
        let page = try String(contentsOfFile: "\(CLI.repositoryRoot)/docs/man/tiktok-offline.1", encoding: .utf8)
        let lines = page.split(separator: "\n").map(String.init)
        let interface = try CommandInterface.ofBinary()
        for subcommand in interface.subcommands {
            #expect(lines.contains(".It Em \(subcommand)"), "no entry for \(subcommand): run scripts/generate-manual.sh")
        }
        let items = Self.manualItems(lines)
        for option in interface.options {
            let entries = items[option.command] ?? []
            let mdoc = option.kind == "short" ? "Fl \(option.name)" : "Fl -\(option.name)"
            let alias = option.kind == "short" ? nil : ", -\(option.name)"
            #expect(
                entries.contains { $0.contains(mdoc) || (alias.map($0.contains) ?? false) },
                "the man page lacks \(option): run scripts/generate-manual.sh")
        }
    }

    @Test("the bash, zsh and fish completion scripts offer every subcommand and option", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) throws {
        let outcome = try CLI.run(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let script = outcome.stdout
        let interface = try CommandInterface.ofBinary()
        for subcommand in interface.subcommands {
            #expect(script.contains(subcommand), "\(shell) completion lacks \(subcommand)")
        }
        for option in interface.options {
            let forms: [String]
            switch (shell, option.kind) {
            case ("fish", "short"): forms = ["-s '\(option.name)'", "-s \(option.name)"]
            case ("fish", _): forms = ["-l '\(option.name)'", "-l \(option.name)"]
            case (_, "short"): forms = ["-\(option.name)"]
            default: forms = ["--\(option.name)"]
            }
            #expect(forms.contains { script.contains($0) }, "\(shell) completion lacks \(option)")
        }
    }

    @Test("unpacked in a tarball's layout, or reached through a symbolic link, the binary finds PREFIX/share/tiktok-offline/Themes")
    func themesFromTarballLayout() throws {
        let scratch = try Scratch()
        let manager = FileManager.default
        try manager.createDirectory(atPath: scratch.path + "/prefix/bin", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: scratch.path + "/prefix/share/tiktok-offline/Themes", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: scratch.path + "/links", withIntermediateDirectories: true)
        try manager.copyItem(atPath: CLI.binary, toPath: scratch.path + "/prefix/bin/tiktok-offline")
        try manager.createSymbolicLink(
            atPath: scratch.path + "/links/tiktok-offline", withDestinationPath: scratch.path + "/prefix/bin/tiktok-offline")
        _ = try scratch.file("prefix/share/tiktok-offline/Themes/mine.toml", "name = \"Mine\"\ninherits = \"default\"\n")
        for executable in ["prefix/bin/tiktok-offline", "links/tiktok-offline"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: scratch.path + "/" + executable)
            process.arguments = ["themes"]
            process.environment = ["PATH": "/usr/bin:/bin"]
            process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let lines = output.split(separator: "\n").map(String.init)
            #expect(process.terminationStatus == 0, "\(executable)")
            #expect(lines.first == "themes folder: \(scratch.path)/prefix/share/tiktok-offline/Themes", "\(executable)")
            #expect(lines.contains { $0.hasPrefix("mine ") && $0.hasSuffix("/prefix/share/tiktok-offline/Themes/mine.toml") }, "\(output)")
            #expect(lines.contains { $0.hasPrefix("dark ") && $0.hasSuffix(" built in") }, "\(output)")
        }
    }

    /// The man page's `.It` lines per command: nil for the root's options, then each subcommand's.
    static func manualItems(_ lines: [String]) -> [String?: [String]] {
        var items: [String?: [String]] = [:]
        var command: String? = nil
        for line in lines where line.hasPrefix(".It ") {
            if line.hasPrefix(".It Em ") {
                command = String(line.dropFirst(".It Em ".count))
            } else {
                items[command, default: []].append(line)
            }
        }
        return items
    }

    /// The repository's HEAD as the build plugin abbreviates it, or nil outside a git checkout.
    static func gitHead() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", CLI.repositoryRoot, "rev-parse", "--short=12", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

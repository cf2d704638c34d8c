import Foundation
import TerminalBackend
import Testing
import TikTokOfflineCore

@testable import TikTokOfflineUI

@Suite("themes")
struct ThemeTests {
    static let folder = "\(UIFixtures.repositoryRoot)/Themes"

    @Test("every shipped theme loads and styles every role")
    func shipped() {
        let (themes, errors) = ThemeFolder.loadAll(folder: Self.folder)
        #expect(errors.isEmpty, "\(errors)")
        #expect(themes.map(\.id) == ["default", "dark", "high-contrast", "light", "mono"])
        for theme in themes {
            #expect(theme.styles.count == Role.allCases.count, "\(theme.id)")
        }
    }

    @Test("every shipped theme is compiled in, with the text of its file")
    func builtIn() throws {
        let files = FolderListing.names(in: Self.folder).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(BuiltInThemes.texts.map { "\($0.id).toml" } == files)
        for (id, text) in BuiltInThemes.texts {
            let file = String(decoding: try FileIO.readAll("\(Self.folder)/\(id).toml"), as: UTF8.self)
            #expect(file == text, "\(id): run scripts/generate-builtin-themes.sh")
        }
        let (themes, errors) = ThemeFolder.loadAll(folder: "/nonexistent")
        #expect(errors.isEmpty)
        #expect(themes.map(\.id) == ["default", "dark", "high-contrast", "light", "mono"])
        #expect(Set(themes.map(\.origin)) == ["built in"])
        let fromFolder = ThemeFolder.loadAll(folder: Self.folder).themes
        #expect(themes.map(\.styles) == fromFolder.map(\.styles))
    }

    @Test("a theme file replaces the compiled-in theme of its id; a broken one leaves the compiled-in one")
    func fileOverridesBuiltIn() throws {
        let folder = NSTemporaryDirectory() + "themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "name = \"Mine\"\ninherits = \"default\"\n[roles]\n\"ui.border\" = \"red\"\n".write(
            toFile: folder + "/dark.toml", atomically: true, encoding: .utf8)
        try "[roles]\n\"ui.nope\" = \"red\"\n".write(toFile: folder + "/light.toml", atomically: true, encoding: .utf8)
        let (themes, errors) = ThemeFolder.loadAll(folder: folder)
        #expect(themes.map(\.id) == ["default", "dark", "high-contrast", "light", "mono"])
        #expect(themes.map(\.origin) == ["built in", "\(folder)/dark.toml", "built in", "built in", "built in"])
        #expect(themes[1].name == "Mine")
        #expect(themes[1].style(.border).foreground == .ansi(1))
        #expect(
            errors.map(\.description) == [
                "\(folder)/light.toml: roles.ui.nope: unknown role; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
            ])
        #expect(themes[3].name == "Light")
    }

    @Test("inheritance: unlisted roles come from the parent; prefixes fill in without a parent")
    func inheritance() throws {
        let parent = ThemeLoader.builtInDefault
        let child = try ThemeLoader.parse(
            text: "name = \"Child\"\ninherits = \"default\"\n[roles]\n\"ui.border\" = { fg = \"#ff0000\" }\n", id: "child", origin: "child.toml",
            parents: ["default": parent])
        #expect(child.style(.border).foreground == .rgb(255, 0, 0))
        #expect(child.style(.jsonKey) == parent.style(.jsonKey))
        let orphan = try ThemeLoader.parse(
            text: "[roles]\n\"ui.text\" = \"green\"\n\"ui.border\" = { fg = \"red\", modifiers = [\"bold\"] }\n", id: "orphan", origin: "orphan.toml",
            parents: [:])
        #expect(orphan.style(.borderFocused) == RoleStyle(foreground: .ansi(1), bold: true))
        #expect(orphan.style(.jsonKey) == RoleStyle(foreground: .ansi(2)))
    }

    @Test(
        "a theme that names an unknown role, colour, modifier or key is refused with the file and key",
        arguments: [
            ("[roles]\n\"ui.bordr\" = \"red\"\n", "bad.toml: roles.ui.bordr: unknown role; roles are"),
            ("[roles]\n\"ui.text\" = { fg = \"purple\" }\n", "bad.toml: roles.ui.text.fg: unknown colour \"purple\""),
            ("[roles]\n\"ui.text\" = { modifiers = [\"blink\"] }\n", "bad.toml: roles.ui.text.modifiers: unknown modifier \"blink\""),
            ("[palette]\nbg = \"#12\"\n", "bad.toml: palette.bg: not a colour"),
            ("colour = 1\n", "bad.toml: colour: unknown key"),
            ("[roles\n", "bad.toml: invalid TOML at line 1"),
        ])
    func refused(text: String, message: String) {
        do {
            _ = try ThemeLoader.parse(text: text, id: "bad", origin: "bad.toml", parents: [:])
            Issue.record("accepted a bad theme")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }

    @Test("a broken theme file is reported and skipped; the others still load")
    func brokenFileInFolder() throws {
        let folder = NSTemporaryDirectory() + "themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "[roles]\n\"ui.nope\" = \"red\"\n".write(toFile: folder + "/broken.toml", atomically: true, encoding: .utf8)
        try "inherits = \"missing\"\n".write(toFile: folder + "/orphan.toml", atomically: true, encoding: .utf8)
        let (themes, errors) = ThemeFolder.loadAll(folder: folder)
        #expect(themes.map(\.id) == ["default", "dark", "high-contrast", "light", "mono"])
        #expect(errors.map(\.key) == ["roles.ui.nope", "inherits"])
        #expect(errors[1].description == "\(folder)/orphan.toml: inherits: no theme named \"missing\"")
    }

    @Test("the themes folder is --themes-dir, then the environment, then ./Themes, then beside the executable, then the tarball's share folder")
    func lookupOrder() {
        let existing = Self.folder
        #expect(ThemeFolder.themesFolder(flag: existing, environment: [:], executableFolder: nil) == existing)
        #expect(ThemeFolder.themesFolder(flag: "/nope", environment: ["TIKTOK_OFFLINE_THEMES": existing], executableFolder: nil) == existing)
        #expect(ThemeFolder.themesFolder(flag: nil, environment: [:], executableFolder: UIFixtures.repositoryRoot) != nil)
        #expect(
            ThemeFolder.themesFolder(flag: "/nope", environment: ["TIKTOK_OFFLINE_THEMES": "/nope2"], executableFolder: "/nope3")
                == (FileManager.default.fileExists(atPath: "Themes") ? "Themes" : nil))
        #expect(
            ThemeFolder.themesFolderCandidates(flag: "a", environment: ["TIKTOK_OFFLINE_THEMES": "b"], executableFolder: "/opt/t/bin") == [
                "a", "b", "Themes", "/opt/t/bin/Themes", "/opt/t/share/tiktok-offline/Themes",
            ])
    }

    @Test("colour names: default, ANSI names and hex")
    func colorNames() {
        #expect(ThemeColor(name: "default") == .terminalDefault)
        #expect(ThemeColor(name: "bright-cyan") == .ansi(14))
        #expect(ThemeColor(name: "#61afef") == .rgb(0x61, 0xAF, 0xEF))
        #expect(ThemeColor(name: "#61afe") == nil)
    }
}

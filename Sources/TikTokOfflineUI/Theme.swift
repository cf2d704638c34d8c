import TOMLKit
import TikTokOfflineCore

/// A semantic role of something on screen; themes give roles their colours.
///
/// Roles are dotted (`ui.border.focused`); a theme that does not style a role falls back to the
/// longest styled prefix (`ui.border`), then to `ui.text`.
package enum Role: String, Sendable, CaseIterable {
    case text = "ui.text"
    case dim = "ui.dim"
    case border = "ui.border"
    case borderFocused = "ui.border.focused"
    case title = "ui.title"
    case titleFocused = "ui.title.focused"
    case selection = "ui.selection"
    case statusbar = "ui.statusbar"
    case statusbarDirty = "ui.statusbar.dirty"
    case help = "ui.help"
    case helpKey = "ui.help.key"
    case tableHeader = "table.header"
    case editorText = "editor.text"
    case editorCursor = "editor.cursor"
    case editorLineHighlight = "editor.highlight"
    case jsonKey = "json.key"
    case jsonString = "json.string"
    case jsonNumber = "json.number"
    case jsonLiteral = "json.literal"
    case jsonPunctuation = "json.punctuation"
    case previewHash = "preview.hash"
    case previewStale = "preview.stale"
    case statusError = "status.error"
    case statusWarning = "status.warning"
    case statusOK = "status.ok"
    case statusInfo = "status.info"
    case dialog = "dialog"
    case dialogTitle = "dialog.title"

    /// One letter per role for golden role maps.
    package var letter: Character {
        let letters: [Role: Character] = [
            .text: ".", .dim: "d", .border: "b", .borderFocused: "B", .title: "t", .titleFocused: "T", .selection: "S",
            .statusbar: "s", .statusbarDirty: "D", .help: "h", .helpKey: "k", .tableHeader: "H", .editorText: "e",
            .editorCursor: "C", .editorLineHighlight: "L", .jsonKey: "K", .jsonString: "q", .jsonNumber: "n", .jsonLiteral: "l",
            .jsonPunctuation: "p", .previewHash: "#", .previewStale: "~", .statusError: "E", .statusWarning: "W", .statusOK: "O",
            .statusInfo: "I", .dialog: "g", .dialogTitle: "G",
        ]
        return letters[self]!
    }
}

/// A colour as a theme names it.
package enum ThemeColor: Sendable, Equatable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(Int)
    /// A 24-bit colour, degraded by the backend to what the terminal has.
    case rgb(UInt8, UInt8, UInt8)

    /// The ANSI colour names, in index order.
    package static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Reads `default`, an ANSI name or `#rrggbb`; nil for anything else.
    package init?(name: String) {
        if name == "default" {
            self = .terminalDefault
        } else if let index = Self.ansiNames.firstIndex(of: name) {
            self = .ansi(index)
        } else if name.count == 7, name.first == "#", let value = UInt32(name.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        } else {
            return nil
        }
    }
}

/// How one role looks: colours and text attributes.
package struct RoleStyle: Sendable, Equatable {
    /// The foreground, or nil for the terminal's.
    package var foreground: ThemeColor?
    /// The background, or nil for the terminal's.
    package var background: ThemeColor?
    /// Bold text.
    package var bold = false
    /// Underlined text.
    package var underline = false
    /// Reversed colours.
    package var reverse = false
    /// Dim text.
    package var dim = false

    /// A style.
    package init(
        foreground: ThemeColor? = nil, background: ThemeColor? = nil, bold: Bool = false, underline: Bool = false, reverse: Bool = false,
        dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}

/// A loaded theme: every role resolved to a style.
package struct Theme: Sendable, Equatable {
    /// The file stem, e.g. `dark`.
    package var id: String
    /// The display name.
    package var name: String
    /// Where it was loaded from ("built in" for the compiled-in default).
    package var origin: String
    /// The resolved style of every role.
    package var styles: [Role: RoleStyle]

    /// The style of `role`.
    package func style(_ role: Role) -> RoleStyle { styles[role] ?? RoleStyle() }
}

/// A theme file that cannot be used, naming the file and the key.
package struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The theme file.
    package var file: String
    /// The offending key, when there is one.
    package var key: String?
    /// What is wrong.
    package var message: String

    /// A problem with `key` (nil: the whole file) of the theme file `file`.
    package init(file: String, key: String?, message: String) {
        self.file = file
        self.key = key
        self.message = message
    }

    /// `file: key: message`.
    package var description: String { "\(file): \(key.map { "\($0): " } ?? "")\(message)" }
}

/// Loads theme files: TOML with `name`, optional `inherits`, a `[palette]` of named colours and
/// `[roles]` of styles (`{ fg, bg, modifiers }`).
package enum ThemeLoader {
    /// The modifiers a role style may list.
    package static let modifiers = ["bold", "underline", "reverse", "dim"]

    /// The compiled-in default theme (the same text as `Themes/default.toml`).
    package static let builtInDefault: Theme = {
        // The texts are constants checked against Themes/*.toml by a test.
        builtIn("default")!
    }()

    /// The origin shown for a compiled-in theme.
    package static let builtInOrigin = "built in"

    /// A theme file's text, read by the caller (the UI reads no files): its id (the file name
    /// without `.toml`), its text, and where it came from.
    package struct ThemeFile: Sendable {
        /// The theme id.
        package var id: String
        /// The TOML text.
        package var text: String
        /// The file's path, shown by `tiktok-offline themes`.
        package var origin: String

        /// A theme file.
        package init(id: String, text: String, origin: String) {
            self.id = id
            self.text = text
            self.origin = origin
        }
    }

    /// The compiled-in themes, with every file in `files` taking the place of the compiled-in
    /// theme of the same id; "default" first, then by id. `errors` are the files that could not
    /// be read, and are returned with the problems found while loading.
    ///
    /// A theme file that fails to load is reported in `errors`, and the compiled-in theme of the
    /// same id, if there is one, is used instead.
    package static func load(files: [ThemeFile], errors readErrors: [ThemeError] = []) -> (themes: [Theme], errors: [ThemeError]) {
        var errors = readErrors
        var texts: [String: (text: String, origin: String)] = [:]
        for builtIn in BuiltInThemes.texts { texts[builtIn.id] = (builtIn.text, builtInOrigin) }
        for file in files { texts[file.id] = (file.text, file.origin) }
        var loaded: [String: Theme] = [:]
        func load(_ id: String, chain: [String]) -> Theme? {
            if let theme = loaded[id] { return theme }
            guard let (text, path) = texts[id] else { return nil }
            do {
                let parentID = try inheritedID(text: text, path: path)
                var parents: [String: Theme] = [:]
                if let parentID {
                    guard !chain.contains(parentID) else {
                        throw ThemeError(
                            file: path, key: "inherits", message: "inheritance loop: \((chain + [id, parentID]).joined(separator: " → "))")
                    }
                    guard let parent = load(parentID, chain: chain + [id]) else {
                        throw ThemeError(file: path, key: "inherits", message: "no theme named \"\(parentID)\"")
                    }
                    parents[parentID] = parent
                }
                let theme = try parse(text: text, id: id, origin: path, parents: parents)
                loaded[id] = theme
                return theme
            } catch {
                let problem = error as? ThemeError ?? ThemeError(file: path, key: nil, message: "\(error)")
                if !errors.contains(problem) { errors.append(problem) }
                return builtIn(id)
            }
        }
        // "default" is always among them: compiled in, and replaced only by a file that loads.
        var themes = texts.keys.sorted().compactMap { load($0, chain: []) }
        themes.sort { ($0.id == "default" ? 0 : 1, $0.id) < ($1.id == "default" ? 0 : 1, $1.id) }
        return (themes, errors)
    }

    /// The compiled-in theme `id`, parsed with its compiled-in parents, or nil when there is none.
    static func builtIn(_ id: String) -> Theme? {
        guard let text = BuiltInThemes.texts.first(where: { $0.id == id })?.text else { return nil }
        guard let parentID = try? inheritedID(text: text, path: builtInOrigin) else {
            return try? parse(text: text, id: id, origin: builtInOrigin, parents: [:])
        }
        guard let parent = builtIn(parentID) else { return nil }
        return try? parse(text: text, id: id, origin: builtInOrigin, parents: [parentID: parent])
    }

    /// Parses one theme file's text; `parents` holds the theme it inherits from, if any.
    package static func parse(text: String, id: String, origin: String, parents: [String: Theme]) throws -> Theme {
        let document = try jsonOfTOML(text, path: origin)
        guard case .object(let root) = document else { throw ThemeError(file: origin, key: nil, message: "not a TOML table") }
        for key in root.keys where !["name", "variant", "inherits", "palette", "roles"].contains(key) {
            throw ThemeError(file: origin, key: key, message: "unknown key; a theme has name, variant, inherits, palette and roles")
        }
        var palette: [String: ThemeColor] = [:]
        if case .object(let entries) = root["palette"] {
            for member in entries.members {
                guard let text = member.value.stringValue, let color = ThemeColor(name: text) else {
                    throw ThemeError(
                        file: origin, key: "palette.\(member.key)", message: "not a colour: use \"default\", an ANSI name or \"#rrggbb\"")
                }
                palette[member.key] = color
            }
        }
        let parent = root["inherits"]?.stringValue.flatMap { parents[$0] }
        var declared: [Role: RoleStyle] = [:]
        if case .object(let roles) = root["roles"] {
            for member in roles.members {
                guard let role = Role(rawValue: member.key) else {
                    throw ThemeError(
                        file: origin, key: "roles.\(member.key)",
                        message: "unknown role; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                declared[role] = try style(member.value, key: "roles.\(member.key)", palette: palette, file: origin)
            }
        }
        var styles: [Role: RoleStyle] = [:]
        for role in Role.allCases {
            styles[role] = resolve(role, declared: declared, parent: parent)
        }
        return Theme(id: id, name: root["name"]?.stringValue ?? id, origin: origin, styles: styles)
    }

    /// A role's style: declared here, else the parent's, else the longest declared prefix, else `ui.text`.
    static func resolve(_ role: Role, declared: [Role: RoleStyle], parent: Theme?) -> RoleStyle {
        if let own = declared[role] { return own }
        if let parent { return parent.style(role) }
        var parts = role.rawValue.split(separator: ".")
        while parts.count > 1 {
            parts.removeLast()
            if let prefix = Role(rawValue: parts.joined(separator: ".")), let style = declared[prefix] { return style }
        }
        return declared[.text] ?? RoleStyle()
    }

    private static func style(_ value: JSONValue, key: String, palette: [String: ThemeColor], file: String) throws -> RoleStyle {
        func color(_ name: String?, _ part: String) throws -> ThemeColor? {
            guard let name else { return nil }
            if let named = palette[name] { return named }
            guard let color = ThemeColor(name: name) else {
                throw ThemeError(
                    file: file, key: "\(key).\(part)",
                    message: "unknown colour \"\(name)\": use a palette name, \"default\", an ANSI name or \"#rrggbb\"")
            }
            return color
        }
        if let text = value.stringValue { return RoleStyle(foreground: try color(text, "fg")) }
        guard case .object(let object) = value else { throw ThemeError(file: file, key: key, message: "a role is a colour or { fg, bg, modifiers }") }
        for member in object.members where !["fg", "bg", "modifiers"].contains(member.key) {
            throw ThemeError(file: file, key: "\(key).\(member.key)", message: "unknown key; use fg, bg and modifiers")
        }
        var style = RoleStyle(foreground: try color(object["fg"]?.stringValue, "fg"), background: try color(object["bg"]?.stringValue, "bg"))
        if case .array(let list) = object["modifiers"] {
            for modifier in list {
                switch modifier.stringValue {
                case "bold": style.bold = true
                case "underline": style.underline = true
                case "reverse": style.reverse = true
                case "dim": style.dim = true
                default:
                    throw ThemeError(
                        file: file, key: "\(key).modifiers",
                        message: "unknown modifier \(modifier.compactText); use \(modifiers.joined(separator: ", "))")
                }
            }
        }
        return style
    }

    private static func inheritedID(text: String, path: String) throws -> String? {
        try jsonOfTOML(text, path: path)["inherits"]?.stringValue
    }

    private static func jsonOfTOML(_ text: String, path: String) throws -> JSONValue {
        do {
            let table = try TOMLTable(string: text)
            return try JSONValue(parsing: table.convert(to: .json))
        } catch let error as TOMLParseError {
            throw ThemeError(file: path, key: nil, message: "invalid TOML at \(error.source.begin.debugDescription): \(error.description)")
        }
    }
}

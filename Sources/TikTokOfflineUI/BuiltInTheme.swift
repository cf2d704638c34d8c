/// The compiled-in copy of `Themes/default.toml`, so the app runs from anywhere.
///
/// A test checks that it equals the shipped file.
enum BuiltInTheme {
    static let defaultText = #"""
        # The default theme: the terminal's own background and foreground, ANSI colours only, so it
        # reads on 16-colour terminals and inside tmux. Roles not listed fall back to their longest
        # listed prefix (ui.border.focused → ui.border), then to ui.text.
        name = "Default"
        variant = "any"

        [palette]
        accent = "cyan"
        error = "red"
        warning = "yellow"
        ok = "green"

        [roles]
        "ui.text" = { fg = "default" }
        "ui.dim" = { fg = "bright-black" }
        "ui.border" = { fg = "bright-black" }
        "ui.border.focused" = { fg = "accent", modifiers = ["bold"] }
        "ui.title" = { fg = "default", modifiers = ["bold"] }
        "ui.title.focused" = { fg = "accent", modifiers = ["bold", "reverse"] }
        "ui.selection" = { modifiers = ["reverse"] }
        "ui.statusbar" = { modifiers = ["reverse"] }
        "ui.statusbar.dirty" = { fg = "warning", modifiers = ["reverse", "bold"] }
        "ui.help" = { fg = "default" }
        "ui.help.key" = { fg = "accent", modifiers = ["bold"] }
        "table.header" = { fg = "accent", modifiers = ["bold", "underline"] }
        "editor.text" = { fg = "default" }
        "editor.cursor" = { modifiers = ["reverse"] }
        "editor.highlight" = { fg = "warning", modifiers = ["underline"] }
        "json.key" = { fg = "blue" }
        "json.string" = { fg = "green" }
        "json.number" = { fg = "magenta" }
        "json.literal" = { fg = "magenta" }
        "json.punctuation" = { fg = "default" }
        "preview.hash" = { fg = "yellow", modifiers = ["bold"] }
        "preview.stale" = { fg = "warning", modifiers = ["bold"] }
        "status.error" = { fg = "error", modifiers = ["bold"] }
        "status.warning" = { fg = "warning" }
        "status.ok" = { fg = "ok" }
        "status.info" = { fg = "accent" }
        "dialog" = { fg = "default" }
        "dialog.title" = { fg = "accent", modifiers = ["bold"] }

        """#
}

import CNcursesw
import TikTokOfflineUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal through ncursesw: the only code that talks to it. It decodes input into
/// ``Message``s and copies a ``CellBuffer`` to the screen.
///
/// All calls must come from one thread (ncurses is not thread-safe); the run loop owns it.
package final class Terminal {
    private static let pasteBegin = KEY_MAX + 1
    private static let pasteEnd = KEY_MAX + 2
    private static let controlHome = KEY_MAX + 3
    private static let controlEnd = KEY_MAX + 4

    private var isRunning = false
    private var colorMode: ColorMode = .none
    private var appliedTheme: String?
    private var attributes: [Role: Int32] = [:]

    /// How many colours the terminal can show.
    package enum ColorMode: Sendable, Equatable {
        /// Attributes only (NO_COLOR, --no-color, or no colour support).
        case none
        /// 8 or 16 ANSI colours.
        case ansi(Int)
        /// The xterm 256-colour palette.
        case palette256
    }

    /// Takes over the terminal: locale, raw keys, no echo, keypad, short Esc delay, colours,
    /// bracketed paste, and termination signal handlers. Call ``stop()`` on every exit path.
    ///
    /// Throws ``TerminalError/unknownType(_:)`` when ncurses cannot use `$TERM` (unset, or not in
    /// the terminfo database), instead of letting ncurses end the process.
    package init(noColor: Bool, mouse: Bool = false) throws {
        setlocale(LC_ALL, "")
        guard cn_newterm_stdio() != nil else {
            throw TerminalError.unknownType(getenv("TERM").map { String(cString: $0) })
        }
        raw()
        noecho()
        keypad(cn_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            let colors = Int(cn_colors())
            colorMode = colors >= 256 ? .palette256 : colors >= 8 ? .ansi(min(colors, 16)) : .none
        }
        _ = define_key("\u{1B}[200~", Self.pasteBegin)
        _ = define_key("\u{1B}[201~", Self.pasteEnd)
        if mouse {
            mousemask(cn_mouse_mask(), nil)
            mouseinterval(0)
        }
        _ = define_key("\u{1B}[1;5H", Self.controlHome)
        _ = define_key("\u{1B}[1;5F", Self.controlEnd)
        putp("\u{1B}[?2004h")
        fflushStandardOutput()
        TerminationSignals.install()
        isRunning = true
    }

    /// Gives the terminal back: bracketed paste off, cursor and modes restored. Safe to call twice.
    package func stop() {
        guard isRunning else { return }
        isRunning = false
        putp("\u{1B}[?2004l")
        curs_set(1)
        endwin()
        fflushStandardOutput()
    }

    deinit { stop() }

    /// The colour capability in use.
    package var colors: ColorMode { colorMode }

    /// The terminal size in columns and rows.
    package var size: (width: Int, height: Int) {
        (Int(getmaxx(cn_stdscr())), Int(getmaxy(cn_stdscr())))
    }

    /// Whether SIGTERM, SIGHUP or SIGINT arrived.
    package var terminationWasRequested: Bool { TerminationSignals.wereReceived }

    // MARK: Input

    /// Waits up to `timeout` milliseconds for input, then takes everything already waiting
    /// without blocking; a bracketed paste comes back as one ``Message/paste(_:)``.
    package func messages(timeout: Int32) -> [Message] {
        var result: [Message] = []
        wtimeout(cn_stdscr(), timeout)
        defer { wtimeout(cn_stdscr(), -1) }
        while let message = readOne() {
            result.append(message)
            wtimeout(cn_stdscr(), 0)
            if result.count > 4096 { break }
        }
        return result
    }

    private func readOne() -> Message? {
        var character: wint_t = 0
        let status = get_wch(&character)
        if status == ERR { return nil }
        if status == cn_key_code_yes() {
            let code = Int32(character)
            if code == Self.pasteBegin { return .paste(readPaste()) }
            if code == KEY_MOUSE {
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                let kinds: [Int32: MouseEvent.Kind] = [1: .click, 4: .wheelUp, 5: .wheelDown]
                guard let kind = kinds[cn_mouse_button(&event)] else { return nil }
                return .mouse(MouseEvent(column: Int(event.x), row: Int(event.y), kind: kind))
            }
            if code == KEY_RESIZE {
                let (width, height) = size
                return .resize(width: width, height: height)
            }
            return functionKey(code).map(Message.key)
        }
        return decode(scalar: UInt32(character)).map(Message.key)
    }

    /// Reads a paste up to its end marker as raw bytes, then decodes them once: bytes that are not
    /// valid UTF-8 become U+FFFD. (Reading it character by character with `get_wch` would stop at
    /// the first invalid byte and lose the rest.)
    private func readPaste() -> String {
        var bytes: [UInt8] = []
        wtimeout(cn_stdscr(), 500)
        while true {
            let code = wgetch(cn_stdscr())
            if code == ERR { break }  // no end marker within 500 ms: the paste is over
            if code == Self.pasteEnd { break }
            if code == KEY_ENTER {
                bytes.append(0x0A)
            } else if code >= 0, code < 256 {
                bytes.append(UInt8(code))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func decode(scalar: UInt32) -> Key? {
        switch scalar {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(UnicodeScalar(scalar + 96)!))
        default:
            guard let unicode = UnicodeScalar(scalar), scalar >= 32 else { return nil }
            return .character(Character(unicode))
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        case Self.controlHome: return .controlHome
        case Self.controlEnd: return .controlEnd
        default: return nil
        }
    }

    // MARK: Output

    /// Copies `buffer` to the screen in `theme`, in runs of one role, then refreshes once.
    package func draw(_ buffer: CellBuffer, theme: Theme) {
        if appliedTheme != theme.id {
            apply(theme)
        }
        werase(cn_stdscr())
        for row in 0..<buffer.height {
            var column = 0
            while column < buffer.width {
                let role = buffer[column, row].role
                let start = column
                var run = ""
                while column < buffer.width, buffer[column, row].role == role {
                    run += buffer[column, row].text
                    column += 1
                }
                attrset(attributes[role] ?? 0)
                _ = mvaddstr(Int32(row), Int32(start), run)
            }
        }
        attrset(0)
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    /// Forces a full repaint on the next draw (after Ctrl-L, or when another program wrote).
    package func invalidate() {
        clearok(cn_stdscr(), true)
    }

    private func apply(_ theme: Theme) {
        appliedTheme = theme.id
        attributes = [:]
        for (index, role) in Role.allCases.enumerated() {
            var style = theme.style(role)
            var value: UInt32 = 0
            if colorMode == .none {
                if style.background != nil, !style.reverse { style.reverse = true }
                if role == .statusError { style.underline = true }
            } else {
                let pair = Int16(index + 1)
                init_pair(pair, colorIndex(style.foreground), colorIndex(style.background))
                value |= UInt32(bitPattern: COLOR_PAIR(Int32(pair)))
            }
            if style.bold { value |= cn_a_bold() }
            if style.underline { value |= cn_a_underline() }
            if style.reverse { value |= cn_a_reverse() }
            if style.dim { value |= cn_a_dim() }
            attributes[role] = Int32(bitPattern: value)
        }
    }

    private func colorIndex(_ color: ThemeColor?) -> Int16 {
        guard let color else { return -1 }
        switch (color, colorMode) {
        case (.terminalDefault, _), (_, .none): return -1
        case (.ansi(let index), .ansi(let count)): return Int16(index % count)
        case (.ansi(let index), .palette256): return Int16(index)
        case (.rgb(let red, let green, let blue), .palette256): return Int16(ColorDegradation.nearest256(red, green, blue))
        case (.rgb(let red, let green, let blue), .ansi(let count)): return Int16(ColorDegradation.nearestANSI(red, green, blue, count: count))
        }
    }
}

/// Maps 24-bit colours to the palettes terminals actually have.
package enum ColorDegradation {
    /// The xterm colours 16–255: the 6×6×6 cube, then the grey ramp (0–15 are user-configurable).
    static let palette256: [(Int, Int, Int)] = {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        var colors: [(Int, Int, Int)] = []
        for index in 0..<216 {
            let red: Int = levels[index / 36]
            let green: Int = levels[index / 6 % 6]
            let blue: Int = levels[index % 6]
            colors.append((red, green, blue))
        }
        for step in 0..<24 {
            let grey: Int = 8 + 10 * step
            colors.append((grey, grey, grey))
        }
        return colors
    }()

    /// The nearest colour (by RGB distance) among xterm colours 16–255.
    package static func nearest256(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> Int {
        let target = (Int(red), Int(green), Int(blue))
        return 16 + palette256.indices.min { distance(palette256[$0], target) < distance(palette256[$1], target) }!
    }

    /// The nearest of the first `count` (8 or 16) ANSI colours, by their usual xterm values.
    package static func nearestANSI(_ red: UInt8, _ green: UInt8, _ blue: UInt8, count: Int) -> Int {
        let palette = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        let target = (Int(red), Int(green), Int(blue))
        return (0..<min(count, 16)).min { distance(palette[$0], target) < distance(palette[$1], target) }!
    }

    private static func distance(_ lhs: (Int, Int, Int), _ rhs: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (lhs.0 - rhs.0, lhs.1 - rhs.1, lhs.2 - rhs.2)
        return dr * dr + dg * dg + db * db
    }
}

private func fflushStandardOutput() {
    fflush(nil)
}

/// Why the terminal could not be taken over.
package enum TerminalError: Error, CustomStringConvertible {
    /// ncurses knows no terminal named `$TERM` (nil: TERM is not set).
    case unknownType(String?)

    package var description: String {
        switch self {
        case .unknownType(nil):
            return "TERM is not set, so the terminal's type is unknown; set it, e.g. TERM=xterm-256color"
        case .unknownType(let name?):
            return "the terminal type \"\(name)\" (TERM) is not in the terminfo database; install its entry or set TERM=xterm-256color"
        }
    }
}

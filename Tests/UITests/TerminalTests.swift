import Foundation
import Testing
import TikTokOfflineCore

/// A tmux server of its own running the built binary in a real terminal.
final class TmuxSession {
    let socket = "tiktok-offline-test-\(UUID().uuidString.prefix(8))"
    let folder: String

    static let binary: String = {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("tiktok-offline").path
    }()

    /// Whether tmux is installed; the tests fail (never skip) without it.
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Starts the binary with `arguments`. With `holdingOutput`, the shell waits after it exits,
    /// so its last lines stay on screen (tmux can drop what a dying pane wrote last). With
    /// `onlyEnvironment`, the binary (or `executable`) runs with those variables and no others.
    init(
        arguments: [String], width: Int = 120, height: Int = 40, holdingOutput: Bool = false, onlyEnvironment: [String]? = nil,
        executable: String = TmuxSession.binary
    ) throws {
        folder = NSTemporaryDirectory() + "tiktok-offline-tmux-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // NO_COLOR is cleared: the test runner may set it, and the app would rightly honour it.
        let environment = onlyEnvironment.map { ["env", "-i"] + $0 } ?? ["env", "-u", "NO_COLOR", "TERM=tmux-256color", "LANG=C.UTF-8"]
        var command = (environment + [executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        if holdingOutput { command += "; echo \"exited with $?\"; sleep 60" }
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-c", folder, command])
        try tmux(["set-option", "-t", "0", "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // tmux runs through posix_spawn and waitpid, its output through a file: new-session forks
        // a server that keeps what it inherits open, which Foundation's Process waits on forever.
        let outputPath = NSTemporaryDirectory() + "tmux-output-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([Self.tmuxPath ?? "/usr/bin/tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer {
            for argument in argv { free(argument) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0]!, &actions, &attributes, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    func keys(_ names: String...) throws { try tmux(["send-keys", "-t", "0"] + names) }
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "0", "-l", text]) }

    /// A real bracketed paste of a file's content.
    func paste(file: String) throws {
        try tmux(["load-buffer", file])
        try tmux(["paste-buffer", "-p", "-t", "0"])
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", "0"])) ?? "" }

    func format(_ name: String) -> String {
        ((try? tmux(["display-message", "-p", "-t", "0", name])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the screen contains `text`; records the last screen on timeout.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if screen.contains(text) { return true }
            usleep(20_000)
        } while Date() < deadline
        Issue.record("timed out waiting for \"\(text)\"; the screen was:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// Waits until the program has exited.
    func waitForExit(timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if format("#{pane_dead}") == "1" { return true }
            usleep(20_000)
        } while Date() < deadline
        return false
    }
}

@Suite("configurator in a real terminal (tmux)", .serialized)
struct TerminalTests {
    static let sample = "\(UIFixtures.repositoryRoot)/Tests/TikTokOfflineCoreTests/Fixtures/samples/purchase-3-items.json"

    init() {
        if TmuxSession.tmuxPath == nil {
            Issue.record("tmux is not installed: these tests need it (.ci/run installs it with apt-get)")
        }
    }

    /// Types the Event Set Id, adds `purchase → Purchase` (the picker's first name), and pastes the sample event.
    static func enterIDAddPurchaseRowAndPasteSample(_ session: TmuxSession) throws {
        try session.type("7301234567890123456")
        session.waitFor("numeric event set id")
        try session.keys("Tab", "a")
        session.waitFor("TikTok event type")
        try session.keys("Enter")
        session.waitFor("Commanders Act event name for Purchase")
        try session.type("purchase")
        try session.keys("Enter")
        try session.paste(file: sample)
    }

    @Test("transform shows a progress line on a terminal and erases it before the summary")
    func transformProgress() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let input = NSTemporaryDirectory() + "tiktok-offline-progress-\(UUID().uuidString).ndjson"
        defer { try? FileManager.default.removeItem(atPath: input) }
        let event = String(decoding: JSONWriter.compact(try JSONValue(parsing: try FileIO.readAll(Self.sample))), as: UTF8.self)
        try (Array(repeating: event, count: 4_000).joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let session = try TmuxSession(
            arguments: [
                "transform", "--config", "\(UIFixtures.repositoryRoot)/docs/examples/example.json", "--input", input, "--output", "out.ndjson",
                "--rejects", "rejects.ndjson", "--jobs", "1", "--now", "2025-03-20T00:00:00Z",
            ], holdingOutput: true)
        session.waitFor("lines/s")
        session.waitFor("transform: 4000 events read: 4000 → 4000 payloads, 0 rejected", timeout: 60)
        #expect(!session.screen.contains("lines/s"))
    }

    @Test("Ctrl-C during transform on a terminal replaces the progress line with one notice and leaves no file behind")
    func transformInterruptedOnATerminal() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let input = NSTemporaryDirectory() + "tiktok-offline-interrupt-\(UUID().uuidString).ndjson"
        defer { try? FileManager.default.removeItem(atPath: input) }
        let event = String(decoding: JSONWriter.compact(try JSONValue(parsing: try FileIO.readAll(Self.sample))), as: UTF8.self)
        try (Array(repeating: event, count: 4_000).joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        // The input's writer stays open after the events, so the run waits with its progress
        // line shown; the shell keeps a handler (not "ignore", which transform would inherit)
        // for Ctrl-C, so it lives on to report the run's status.
        let script = """
            trap : INT; (cat \(input); sleep 60) | \(TmuxSession.binary) transform \
            --config \(UIFixtures.repositoryRoot)/docs/examples/example.json --output out.ndjson --rejects rejects.ndjson \
            --jobs 1 --now 2025-03-20T00:00:00Z; echo "exited with $?"; sleep 60
            """
        let session = try TmuxSession(arguments: ["-c", script], executable: "/bin/sh")
        session.waitFor("lines/s")
        try session.keys("C-c")
        session.waitFor("exited with 130")
        #expect(session.screen.contains("transform: stopped by SIGINT; its unfinished files were removed. Run it again for the whole output."))
        #expect(!session.screen.contains("lines/s"), "the progress line was not erased")
        #expect(try FileManager.default.contentsOfDirectory(atPath: session.folder).isEmpty)
    }

    @Test("new config: type the id, add purchase → Purchase, paste an event, see the hash, save, quit (Events API 2.0)")
    func fullScenario() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "new.json"])
        session.waitFor("New config: new.json is created on the first save")
        try Self.enterIDAddPurchaseRowAndPasteSample(session)
        session.waitFor("5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918")
        let previewOnScreen = session.screen
        try session.keys("C-s")
        session.waitFor("Saved new.json")
        try session.keys("C-q")
        #expect(session.waitForExit())

        let saved = try String(contentsOfFile: session.folder + "/new.json", encoding: .utf8)
        #expect(
            saved == """
                {
                  "version": 1,
                  "event_set_id": "7301234567890123456",
                  "mappings": [
                    {
                      "tiktok_event": "Purchase",
                      "commanders_act_event": "purchase"
                    }
                  ],
                  "api_format": "events_2_0"
                }

                """)
        #expect(!FileManager.default.fileExists(atPath: session.folder + "/.new.json.recovery"))

        let preview = try Process.output(TmuxSession.binary, ["preview", "--config", session.folder + "/new.json", "--event", Self.sample])
        let payloadLines = Set(preview.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let shownJSON = previewOnScreen.split(separator: "\n").compactMap { row -> String? in
            let columns = row.split(separator: "│", omittingEmptySubsequences: false)
            guard columns.count >= 3 else { return nil }
            var text = columns[columns.count - 2]
            if let marker = text.range(of: " ‹") { text = text[..<marker.lowerBound] }  // the hash marker, whole or cut at the edge
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("\"") ? trimmed : nil
        }
        #expect(shownJSON.count >= 10)
        for line in shownJSON { #expect(payloadLines.contains(line), "shown on screen but not in preview: \(line)") }
    }

    @Test("resizing while editing switches between side-by-side and stacked layouts; the untouched example quits without asking")
    func resize() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: [])
        session.waitFor("Built-in example")
        try session.type("x")
        try session.tmux(["resize-window", "-t", "0", "-x", "80", "-y", "24"])
        session.waitFor("[Sample event]")
        #expect(session.screen.contains("✗ line 1, column 1: unexpected 'x', expected a value"))
        try session.tmux(["resize-window", "-t", "0", "-x", "130", "-y", "40"])
        session.waitFor("┌─ Settings")
        try session.keys("BSpace")
        session.waitFor("1 payload")
        try session.keys("C-q")
        #expect(session.waitForExit())
    }

    @Test("pasting invalid JSON shows where it is wrong")
    func invalidPaste() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "x.json"])
        session.waitFor("New config")
        let bad = session.folder + "/bad.json"
        try "{\n  \"event_name\": \"purchase\",\n  \"id\": \"A1\",\n}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try session.paste(file: bad)
        session.waitFor("✗ line 3, column 13: trailing comma before '}'")
        try session.keys("C-q")
        #expect(session.waitForExit(), "an untouched new config quits without asking: the sample is not part of it")
    }

    @Test("a paste with invalid UTF-8 arrives whole, the bad bytes shown as U+FFFD")
    func invalidUTF8Paste() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "x.json"])
        session.waitFor("New config")
        let bad = session.folder + "/latin1.json"
        let bytes: [UInt8] =
            Array(#"{"event_name": "purchase", "note": "caf"#.utf8) + [0xE9, 0x20, 0xFF] + Array(#" ok", "id": "A1"}"#.utf8) + [0x0A]
        #expect(FileManager.default.createFile(atPath: bad, contents: Data(bytes)))
        try session.paste(file: bad)
        session.waitFor(#""note": "caf\#u{FFFD} \#u{FFFD} ok", "id": "A1"}"#)
        #expect(session.screen.contains("Pasted into the sample event"))
        try session.keys("C-q")
        #expect(session.waitForExit())
    }

    @Test("SIGTERM with unsaved changes restores the terminal and leaves a recovery file")
    func sigterm() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json"])
        session.waitFor("New config")
        try Self.enterIDAddPurchaseRowAndPasteSample(session)
        session.waitFor("5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918")
        #expect(session.format("#{alternate_on}") == "1")
        let pid = Int32(session.format("#{pane_pid}"))!
        kill(pid, SIGTERM)
        #expect(session.waitForExit())
        #expect(session.format("#{alternate_on}") == "0")
        #expect(!session.screen.contains("Settings"))
        let recovery = try String(contentsOfFile: session.folder + "/.store.json.recovery", encoding: .utf8)
        #expect(recovery.contains("\"event_set_id\": \"7301234567890123456\""))
        #expect(!recovery.contains("Marie") && !recovery.contains("O_2025_000123"))
        var status = stat()
        stat(session.folder + "/.store.json.recovery", &status)
        #expect(status.st_mode & 0o777 == 0o600)

        let next = try TmuxSession(arguments: ["edit", session.folder + "/store.json"])
        next.waitFor("An earlier session ended with unsaved changes")
        try next.keys("y")
        next.waitFor("Restored the unsaved changes")
        #expect(next.screen.contains("7301234567890123456"))
        try next.keys("C-q", "d")
        #expect(next.waitForExit())
    }

    @Test("a recovery file that cannot be written is shown, and SIGHUP then exits 2 with the terminal restored")
    func recoveryWriteFailure() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json"], holdingOutput: true)
        try FileManager.default.createDirectory(atPath: session.folder + "/.store.json.recovery", withIntermediateDirectories: true)
        session.waitFor("New config")
        try session.type("7301234567890123456")
        session.waitFor("Cannot write the recovery file")
        // The pane runs a shell that reports the exit code; the configurator is its child.
        let shell = session.format("#{pane_pid}")
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let configurator = try #require(children.split(separator: " ").first.flatMap { Int32($0) })
        kill(configurator, SIGHUP)
        session.waitFor("exited with 2")
        #expect(session.screen.contains("error: the unsaved edits could not be kept"))
        #expect(session.format("#{alternate_on}") == "0")
    }

    @Test("Ctrl-O on /dev/zero is refused with one line; the configurator goes on and quits cleanly")
    func loadDevZero() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json"])
        session.waitFor("New config")
        try session.keys("Tab", "Tab", "Tab", "C-o")
        session.waitFor("Load a sample event from file")
        try session.type("/dev/zero")
        try session.keys("Enter")
        session.waitFor("✗ cannot load: is not a regular file")
        #expect(session.screen.contains("/dev/zero"), "the path stays in the prompt to be corrected")
        try session.keys("C-q")
        #expect(session.waitForExit())
        #expect(session.format("#{alternate_on}") == "0")
    }

    @Test("saving through a symbolic link writes the file it names; a file changed on disk is not overwritten without asking")
    func saveThroughLinkAndChangedOnDisk() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "link.json"])
        let real = session.folder + "/real.json"
        try String(decoding: try FileIO.readAll(UIFixtures.repositoryRoot + "/docs/examples/example.json"), as: UTF8.self).write(
            toFile: real, atomically: true, encoding: .utf8)
        chmod(real, 0o640)
        try FileManager.default.createSymbolicLink(atPath: session.folder + "/link.json", withDestinationPath: "real.json")
        try tmux(session, ["respawn-pane", "-k", "-t", "0"])
        session.waitFor("Event Set Id")
        try session.type("9")
        session.waitFor("[+] unsaved")
        let touched = try String(contentsOfFile: real, encoding: .utf8) + "\n"
        try touched.write(toFile: real, atomically: false, encoding: .utf8)
        try session.keys("C-s")
        session.waitFor("was changed by another program")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == touched)
        try session.keys("C-s")
        session.waitFor("Saved link.json")
        try session.keys("C-q")
        #expect(session.waitForExit())
        let attributes = try FileManager.default.attributesOfItem(atPath: session.folder + "/link.json")
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("73012345678901234569"))
        var status = stat()
        stat(real, &status)
        #expect(status.st_mode & 0o777 == 0o640)
    }

    private func tmux(_ session: TmuxSession, _ arguments: [String]) throws {
        try session.tmux(arguments)
    }

    @Test("a 24-bit theme degrades to 256 colours; NO_COLOR keeps only attributes; an unknown theme is named")
    func colours() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let themes = UIFixtures.repositoryRoot + "/Themes"
        let colored = try TmuxSession(arguments: ["--themes-dir", themes, "--theme", "dark"])
        colored.waitFor("Built-in example")
        let codes = try colored.tmux(["capture-pane", "-e", "-p", "-t", "0"])
        #expect(codes.contains("\u{1B}[38;5;"))
        #expect(codes.contains("\u{1B}[48;5;"))

        let plain = try TmuxSession(arguments: ["--themes-dir", themes, "--theme", "dark", "--no-color"])
        plain.waitFor("Built-in example")
        let attributes = try plain.tmux(["capture-pane", "-e", "-p", "-t", "0"])
        #expect(attributes.range(of: "\u{1B}\\[[0-9;]*7m", options: .regularExpression) != nil)
        #expect(attributes.range(of: "\u{1B}\\[(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]", options: .regularExpression) == nil)

        let unknown = try TmuxSession(arguments: ["--themes-dir", themes, "--theme", "nord"])
        unknown.waitFor("no theme \"nord\" (found: default, dark, high-contrast, light, mono)")
        for session in [colored, plain, unknown] {
            try session.keys("C-q", "d")
            #expect(session.waitForExit())
        }
    }

    @Test("in an empty environment: without TERM a clear message and exit 2; with PATH and TERM only, every theme from anywhere")
    func emptyEnvironment() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let noTerm = try TmuxSession(arguments: [], holdingOutput: true, onlyEnvironment: ["PATH=/usr/bin:/bin"])
        noTerm.waitFor("exited with 2")
        #expect(noTerm.screen.contains("error: TERM is not set, so the terminal's type is unknown; set it, e.g. TERM=xterm-256color"))

        // The binary alone in a folder with no themes anywhere near: the compiled-in ones serve.
        let installed = NSTemporaryDirectory() + "tiktok-offline-bin-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: installed, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: installed) }
        try FileManager.default.copyItem(atPath: TmuxSession.binary, toPath: installed + "/tiktok-offline")
        let session = try TmuxSession(
            arguments: [], onlyEnvironment: ["PATH=/usr/bin:/bin", "TERM=xterm-256color"], executable: installed + "/tiktok-offline")
        #expect(session.waitFor("theme: Default"))
        var seen = ["Default"]
        for name in ["Dark", "High contrast", "Light", "Mono"] {
            try session.keys("C-t")
            if session.waitFor("theme: \(name)") { seen.append(name) }
        }
        #expect(seen == ["Default", "Dark", "High contrast", "Light", "Mono"])
        try session.keys("C-q")
        #expect(session.waitForExit())
    }

    @Test("a second pasted event replaces the first and is previewed; Ctrl-Z brings the first back")
    func secondPasteReplaces() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json"])
        session.waitFor("New config")
        try Self.enterIDAddPurchaseRowAndPasteSample(session)
        session.waitFor("5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918")
        try session.keys("Up", "Up", "End")
        let second = session.folder + "/second.json"
        try #"{"event_name": "purchase", "id": "SECOND-1", "context": {"event_timestamp": 1742428000000}, "user": {"email": "b@example.com"}}"#
            .write(toFile: second, atomically: true, encoding: .utf8)
        try session.paste(file: second)
        session.waitFor("Replaced the sample event with the pasted one")
        session.waitFor(#""event_id": "SECOND-1""#)
        #expect(!session.screen.contains("✗ line"), "no syntax error: the first event was replaced, not added to")
        try session.keys("C-z")
        session.waitFor(#""event_id": "O_2025_000123""#)
        try session.keys("C-q")
        session.waitFor("Unsaved changes")
        try session.keys("d")
        #expect(session.waitForExit())
    }

    @Test("moving the cursor up inside a scrolled editor leaves the view where it is")
    func editorViewStays() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json", "--sample", Self.sample], width: 120, height: 40)
        session.waitFor("Sample event (")
        try session.keys("C-End")
        session.waitFor(#"   ]"#)
        let before = session.screen.split(separator: "\n").map(String.init)
        try session.keys("Up", "Up", "Up")
        Thread.sleep(forTimeInterval: 0.5)
        let after = session.screen.split(separator: "\n").map(String.init)
        #expect(before.prefix(12).map { $0.suffix(80) } == after.prefix(12).map { $0.suffix(80) }, "the sample pane's lines did not move")
        try session.keys("C-Home")
        session.waitFor("┃ 1 {")
        try session.keys("C-q")
        #expect(session.waitForExit())
    }

    @Test("--sample FILE:LINE opens on that line of an NDJSON file; Ctrl-N steps to the next")
    func sampleFileLine() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json", "--sample", "sales.ndjson:2"])
        let lines = [
            #"{"event_name":"purchase","id":"LINE-1"}"#, #"{"event_name":"purchase","id":"LINE-2"}"#, #"{"event_name":"purchase","id":"LINE-3"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: session.folder + "/sales.ndjson", atomically: true, encoding: .utf8)
        try tmux(session, ["respawn-pane", "-k", "-t", "0"])
        session.waitFor("sales.ndjson line 2/3")
        #expect(session.screen.contains("LINE-2"))
        try session.keys("C-n")
        session.waitFor("sales.ndjson line 3/3")
        #expect(session.screen.contains("LINE-3"))
        try session.keys("C-q")
        #expect(session.waitForExit())
    }

    @Test("delete a row, undo, SIGHUP: no recovery file is left; Ctrl-C with unsaved changes asks first")
    func deleteUndoHangup() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json"])
        try String(decoding: try FileIO.readAll(UIFixtures.repositoryRoot + "/docs/examples/legacy.json"), as: UTF8.self).write(
            toFile: session.folder + "/store.json", atomically: true, encoding: .utf8)
        try tmux(session, ["respawn-pane", "-k", "-t", "0"])
        session.waitFor("Event Set Id")
        try session.keys("Tab", "d")
        session.waitFor("Delete row")
        try session.keys("y")
        session.waitFor("[+] unsaved")
        let recovery = session.folder + "/.store.json.recovery"
        var waited = 0.0
        while access(recovery, F_OK) != 0, waited < 10 {
            Thread.sleep(forTimeInterval: 0.1)
            waited += 0.1
        }
        #expect(access(recovery, F_OK) == 0, "the deletion was kept in the recovery file")
        try session.keys("C-c")
        session.waitFor("Unsaved changes")
        try session.keys("Escape", "C-z")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!session.screen.contains("[+] unsaved"))
        let pid = Int32(session.format("#{pane_pid}"))!
        kill(pid, SIGHUP)
        #expect(session.waitForExit())
        #expect(access(recovery, F_OK) != 0, "a draft equal to the saved file leaves no recovery file")
    }

    @Test("typing a source template changes the preview before any Enter; a path picked from the sample is inserted")
    func liveTemplateAndPathPicker() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: ["edit", "store.json", "--sample", Self.sample])
        try String(decoding: try FileIO.readAll(UIFixtures.repositoryRoot + "/docs/examples/legacy.json"), as: UTF8.self).write(
            toFile: session.folder + "/store.json", atomically: true, encoding: .utf8)
        try tmux(session, ["respawn-pane", "-k", "-t", "0"])
        session.waitFor(#""shop_id": "STORE_PARIS_011""#)
        try session.keys("BTab")
        session.waitFor("▶ Field mapping")
        for _ in 0..<5 { try session.keys("Down") }
        try session.keys("Enter")
        session.waitFor("Source of properties.shop_id")
        for _ in 0..<11 { try session.keys("BSpace") }
        try session.type("store-{{user.id}}")
        session.waitFor(#""shop_id": "store-CRM-845454""#)
        #expect(session.screen.contains("= store-CRM-845454"))
        for _ in 0..<17 { try session.keys("BSpace") }
        try session.keys("Tab")
        session.waitFor("paths · ↑/↓ choose")
        try session.type("coupon")
        session.waitFor(#"coupon"#)
        try session.keys("Enter")
        session.waitFor(#""shop_id": "SPRING25""#)
        try session.keys("Enter", "Escape")
        session.waitFor("shop_id*")
        try session.keys("C-q")
        session.waitFor("Unsaved changes")
        try session.keys("d")
        #expect(session.waitForExit())
    }

    @Test("a terminal below 80×24 gets a clear message instead of a broken screen")
    func tooSmall() throws {
        guard TmuxSession.tmuxPath != nil else { return }
        let session = try TmuxSession(arguments: [], width: 60, height: 20)
        session.waitFor("Terminal too small")
        #expect(session.screen.contains("(need 80×24, have 60×20)"))
        try session.keys("C-q")
        #expect(session.waitForExit())
    }
}

extension Process {
    /// Runs `executable` and returns its standard output.
    static func output(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

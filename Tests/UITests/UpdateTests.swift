import Testing
import TikTokOfflineCore

@testable import TikTokOfflineUI

@Suite("update: focus and global keys")
struct GlobalKeyTests {
    @Test("Tab and Shift-Tab cycle the focus ring through the five panes")
    func focusRing() {
        var state = UIFixtures.state()
        var seen: [Pane] = [state.focus]
        for _ in 0..<5 {
            state.press(.tab)
            seen.append(state.focus)
        }
        #expect(seen == [.settings, .mappings, .fields, .sample, .preview, .settings])
        state.press(.backTab)
        #expect(state.focus == .preview)
    }

    @Test("F1 opens help in any pane, ? in panes without typing; any key closes it")
    func help() {
        var state = UIFixtures.state()
        state.press(.function(1))
        #expect(state.modal == .help)
        state.press(.character("x"))
        #expect(state.modal == nil)
        state.press(.tab, .character("?"))
        #expect(state.modal == .help)
        state.press(.escape)
        state.focus = .sample
        state.press(.character("?"))
        #expect(state.modal == nil)
        #expect(state.sample.text == "?")
    }

    @Test("Ctrl-T switches the theme live")
    func theme() {
        var state = UIFixtures.state()
        state.press(.control("t"))
        #expect(state.themeIndex == 1)
        #expect(state.status?.text == "Theme: Dark")
        state.press(.control("t"))
        #expect(state.themeIndex == 0)
    }

    @Test("a resize message changes the size the view draws")
    func resize() {
        var state = UIFixtures.state()
        _ = state.update(.resize(width: 90, height: 30))
        #expect(state.view().width == 90)
        #expect(state.view().height == 30)
    }

    @Test("Ctrl-L asks the run loop to redraw the whole screen, as an effect, and changes nothing")
    func redraw() {
        var state = UIFixtures.state()
        let before = state.screen
        #expect(state.press(.control("l")) == [.redrawScreen])
        #expect(state.screen == before)
    }
}

@Suite("update: settings pane")
struct SettingsTests {
    @Test("typing edits the Event Set Id with live validation")
    func eventSetID() {
        var state = UIFixtures.state(config: UIFixtures.emptyConfig, saved: false)
        #expect(state.eventSetIDHint.0 == "must not be empty: it is the id of your Offline event set (TikTok Events Manager)")
        state.type("CABCDE12345FGHIJ67")
        #expect(state.config.eventSetID == "CABCDE12345FGHIJ67")
        #expect(state.eventSetIDHint.1 == .statusWarning)
        #expect(state.eventSetIDHint.0.contains("looks like a TikTok Pixel code"))
        for _ in 0..<18 { state.press(.backspace) }
        state.type("7301234567890123456")
        #expect(state.eventSetIDHint == ("numeric event set id", .statusOK))
        state.press(.home, .delete, .end, .left, .right)
        #expect(state.config.eventSetID == "301234567890123456")
    }

    @Test("Up/Down select rows; Enter toggles the API format; empty region means none")
    func rows() {
        var state = UIFixtures.state()
        state.press(.down)
        #expect(state.settingsRow == 1)
        for _ in 0..<2 { state.press(.backspace) }
        #expect(state.config.phoneRegion == nil)
        state.type("US")
        #expect(state.config.phoneRegion == "US")
        state.press(.down, .enter)
        #expect(state.config.apiFormat == .events20)
        state.press(.enter)
        #expect(state.config.apiFormat == .legacy)
        state.press(.down)
        state.type("TEST1")
        #expect(state.config.testEventCode == "TEST1")
        state.press(.down)
        #expect(state.settingsRow == 3)
        state.press(.up, .up, .up, .up, .up)
        #expect(state.settingsRow == 0)
    }
}

@Suite("update: mappings pane")
struct MappingsTests {
    @Test("a adds a row: pick the TikTok event, then name the Commanders Act event")
    func addRow() {
        var state = UIFixtures.state(config: UIFixtures.emptyConfig, saved: false)
        state.press(.tab, .character("a"))
        #expect(state.modal == .pickEvent(EventPicker(row: nil)))
        state.press(.down, .down, .up, .enter)
        guard case .prompt(let prompt) = state.modal else {
            Issue.record("expected the name prompt, got \(String(describing: state.modal))")
            return
        }
        #expect(prompt.purpose == .mappingName(row: 0))
        state.press(.enter)
        if case .prompt(let refused) = state.modal {
            #expect(refused.error == "enter an event name such as purchase, or * for all events")
        } else {
            Issue.record("an empty name was accepted")
        }
        state.type("generate_lead")
        state.press(.enter)
        #expect(state.modal == nil)
        #expect(state.config.mappings == [Config.MappingRow(tiktokEvent: "Lead", commandersActEvent: "generate_lead")])
    }

    @Test("t changes the TikTok event; Enter renames; K and J reorder")
    func editRows() {
        var state = UIFixtures.state()
        state.press(.tab, .character("t"))
        #expect(state.modal == .pickEvent(EventPicker(row: 0, selecting: "CompletePayment")))
        if case .pickEvent(let picker) = state.modal { #expect(picker.selection == 15) }
        for _ in 0..<10 { state.press(.up) }
        state.press(.enter)
        #expect(state.config.mappings[0].tiktokEvent == "AddToCart")
        state.press(.enter)
        for _ in 0..<8 { state.press(.backspace) }
        state.type("order_completed")
        state.press(.enter)
        #expect(state.config.mappings[0].commandersActEvent == "order_completed")
        state.press(.character("J"))
        #expect(state.config.mappings.map(\.commandersActEvent) == ["generate_lead", "order_completed"])
        #expect(state.mappingRow == 1)
        state.press(.character("K"))
        #expect(state.config.mappings.map(\.commandersActEvent) == ["order_completed", "generate_lead"])
        state.press(.escape)
        #expect(state.modal == nil)
    }

    @Test("d asks before deleting; only y confirms")
    func delete() {
        var state = UIFixtures.state()
        state.press(.tab, .down, .character("d"))
        #expect(state.modal == .confirmDelete(row: 1))
        state.press(.character("n"))
        #expect(state.config.mappings.count == 2)
        state.press(.delete, .character("y"))
        #expect(state.config.mappings.map(\.commandersActEvent) == ["purchase"])
        #expect(state.mappingRow == 0)
    }

    @Test("a row's problems are shown on the row")
    func rowProblems() {
        var config = UIFixtures.fullConfig
        config.mappings.append(Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase"))
        let state = UIFixtures.state(config: config)
        let rows = state.view().lines
        #expect(rows.contains { $0.contains("CompletePayment ℹ   purchase ✗ dupl") })
        #expect(rows[38].contains("✗ config: mapping row 3: duplicate of mapping row 1 (purchase → CompletePayment)"))
    }
}

@Suite("update: row problems")
struct RowProblemTests {
    @Test("a problem of row 11 is shown on row 11 only, not on row 1 whose path it starts with")
    func exactRow() {
        var config = UIFixtures.emptyConfig
        config.eventSetID = "7301234567890123456"
        config.mappings = (0..<11).map { Config.MappingRow(tiktokEvent: "Purchase", commandersActEvent: "event_\($0)") }
        config.mappings.append(Config.MappingRow(tiktokEvent: "Purchase", commandersActEvent: "event_0"))
        let state = UIFixtures.state(config: config)
        #expect(state.problem(ofMappingRow: 11)?.message == "duplicate of mappings[0] (event_0 → Purchase)")
        #expect(state.problem(ofMappingRow: 1) == nil)
    }
}

@Suite("update: TikTok's 2026 names in the mappings pane")
struct EventVocabularyTests {
    @Test("a renamed or deprecated event is marked on its row and explained in the status bar while selected")
    func advice() {
        var config = UIFixtures.fullConfig
        config.mappings.append(Config.MappingRow(tiktokEvent: "ClickButton", commandersActEvent: "click"))
        var state = UIFixtures.state(config: config)
        state.press(.tab)
        let screen = state.screen
        #expect(screen.contains("│▶ CompletePayment ℹ   purchase") || screen.contains("┃▶ CompletePayment ℹ   purchase"))
        #expect(screen.contains("  ClickButton ⚠       click"))
        #expect(screen.contains(#"ℹ row 1: TikTok renamed "CompletePayment" to "Purchase" on 1 May 2025"#))
        state.press(.down, .down)
        #expect(state.screen.contains(#"⚠ row 3: TikTok has deprecated "ClickButton""#))
        #expect(state.isValid)
    }

    @Test("the picker starts with the current names and marks the renamed and deprecated ones")
    func picker() {
        var state = UIFixtures.state(config: UIFixtures.emptyConfig, saved: false)
        state.press(.tab, .character("a"))
        let screen = state.screen
        #expect(screen.contains("▶ Purchase"))
        #expect(screen.contains("CompletePayment       renamed: TikTok now calls it Purchase"))
        #expect(screen.contains("PlaceAnOrder          deprecated: sunset announced for 2027"))
        state.press(.enter)
        state.type("purchase")
        state.press(.enter)
        #expect(state.config.mappings == [Config.MappingRow(tiktokEvent: "Purchase", commandersActEvent: "purchase")])
        #expect(state.config.apiFormat == .events20)
    }

    @Test("the recovery file keeps fallback chains, written as strings or arrays")
    func recoveryChains() throws {
        let text =
            #"{"version": 1, "event_set_id": "", "mappings": [], "field_sources": {"event_id": ["ord-{{id}}", "{{context.event_id}}"], "properties.shop_id": "{{store.code}}"}}"#
        let draft = try #require(RecoveryFile.read(Array(text.utf8)))
        #expect(draft.fieldSources == [.eventID: ["ord-{{id}}", "{{context.event_id}}"], .shopID: ["{{store.code}}"]])
        #expect(draft.apiFormat == .legacy)
    }
}

@Suite("update: field mapping pane")
struct FieldMappingTests {
    @Test("Enter edits a field's source; a bad template is refused with its column; r resets")
    func overrides() {
        var state = UIFixtures.state(
            sample: #"{"event_name":"purchase","id":"1","store":{"code":"PAR-11"},"context":{"event_timestamp":1742428000000}}"#)
        state.press(.tab, .tab)
        for _ in 0..<5 { state.press(.down) }
        #expect(state.fieldRow == 5)
        state.press(.enter)
        guard case .editChain(let editor) = state.modal else {
            Issue.record("no chain editor")
            return
        }
        #expect(editor.elements == ["{{shop_id}}"] && editor.editing?.text == "{{shop_id}}")
        for _ in 0..<11 { state.press(.backspace) }
        state.type("{{store.code")
        state.press(.enter)
        guard case .editChain(let refused) = state.modal else {
            Issue.record("the editor closed on a bad template")
            return
        }
        #expect(refused.error == "column 1: '{{' has no matching '}}'")
        #expect(state.config.fieldSources.isEmpty)
        state.type("}}")
        state.press(.enter)
        #expect(state.config.fieldSources == [.shopID: ["{{store.code}}"]])
        #expect(state.screen.contains(#""shop_id": "PAR-11""#))
        state.press(.escape)
        #expect(state.modal == nil)
        #expect(state.screen.contains("┃▶ shop_id*      PAR-11                ┃"))
        #expect(state.screen.contains("┃  source: {{store.code}}              ┃"))
        state.press(.character("r"))
        #expect(state.config.fieldSources.isEmpty)
    }

    @Test("the chain editor adds, removes and reorders elements, each change one undo step")
    func chains() {
        var state = UIFixtures.state(
            sample: #"{"event_name":"purchase","id":"7","order":{"ref":"R-1"},"context":{"event_timestamp":1742428000000,"event_id":"C-9"}}"#)
        state.press(.tab, .tab)
        #expect(state.fieldRow == 0)
        state.press(.enter)
        guard case .editChain(let opened) = state.modal else {
            Issue.record("no chain editor")
            return
        }
        #expect(opened.elements == ["{{id}}", "{{context.event_id}}"])
        state.press(.home)
        state.type("ord-")
        state.press(.enter)
        #expect(state.config.fieldSources[.eventID] == ["ord-{{id}}", "{{context.event_id}}"])
        #expect(state.previewText.contains(#""event_id": "ord-7""#))
        state.press(.character("a"))
        state.type("{{order.ref}}")
        state.press(.enter)
        #expect(state.config.fieldSources[.eventID] == ["ord-{{id}}", "{{order.ref}}", "{{context.event_id}}"])
        state.press(.character("K"))
        #expect(state.config.fieldSources[.eventID] == ["{{order.ref}}", "ord-{{id}}", "{{context.event_id}}"])
        #expect(state.previewText.contains(#""event_id": "R-1""#))
        #expect(state.screen.contains("1. {{order.ref}}") && state.screen.contains("2. ord-{{id}}"))
        state.press(.character("a"))
        state.type("{{order.ref}}")
        state.press(.enter)
        guard case .editChain(let duplicate) = state.modal else {
            Issue.record("the editor closed")
            return
        }
        #expect(duplicate.error == "already element 1 of the chain")
        state.press(.escape)
        guard case .editChain(let afterCancel) = state.modal else {
            Issue.record("Esc while typing a new element closed the editor")
            return
        }
        #expect(afterCancel.elements == ["{{order.ref}}", "ord-{{id}}", "{{context.event_id}}"])
        state.press(.up)
        state.press(.character("d"))
        #expect(state.config.fieldSources[.eventID] == ["ord-{{id}}", "{{context.event_id}}"])
        state.press(.escape)
        #expect(state.modal == nil)
        #expect(state.screen.contains("┃▶ event_id*     ord-7                 ┃"))
        #expect(state.screen.contains("┃  source: ord-{{id}} | fallback {{con…┃"))
        state.press(.control("z"))
        #expect(state.config.fieldSources[.eventID] == ["{{order.ref}}", "ord-{{id}}", "{{context.event_id}}"])
        state.press(.control("z"), .control("z"), .control("z"))
        #expect(state.config.fieldSources.isEmpty)
    }

    @Test("removing every element of a chain returns the field to its default")
    func emptyChainIsDefault() {
        var state = UIFixtures.state()
        state.press(.tab, .tab)
        for _ in 0..<5 { state.press(.down) }
        state.press(.enter)
        for _ in 0..<11 { state.press(.backspace) }
        state.type("{{store.code}}")
        state.press(.enter)
        #expect(state.config.fieldSources == [.shopID: ["{{store.code}}"]])
        state.press(.character("d"))
        #expect(state.config.fieldSources.isEmpty)
        guard case .editChain(let emptied) = state.modal else {
            Issue.record("the editor closed when its last element was removed")
            return
        }
        #expect(emptied.elements == [""] && emptied.editing?.text == "")
        state.type("{{store.ref}}")
        state.press(.enter, .down, .up)
        #expect(state.config.fieldSources == [.shopID: ["{{store.ref}}"]])
        state.press(.character("d"), .escape)
        #expect(state.modal == nil)
        #expect(state.config.fieldSources.isEmpty)
    }
}

@Suite("update: sample editor and preview")
struct SampleAndPreviewTests {
    @Test("typing updates the preview; cursor moves do not recompute")
    func liveRecompute() throws {
        var state = UIFixtures.state()
        state.focus = .sample
        let before = state.recomputeCount
        state.type(#"{"event_name":"purchase","id":"A1","context":{"event_timestamp":1742428000000}}"#)
        #expect(state.recomputeCount > before)
        #expect(state.screen.contains(#""event_id": "A1""#))
        let afterTyping = state.recomputeCount
        state.press(.left, .left, .home, .end, .up, .down, .pageUp, .pageDown)
        #expect(state.recomputeCount == afterTyping)
    }

    @Test("keystrokes in a large sample redraw at once and recompute the preview when input is idle")
    func deferredRecompute() throws {
        let items = (0..<900).map { #"{"id":"SKU_\#($0)","quantity":1,"product":{"name":"Item \#($0)","price":9.5,"category_1":"A"}}"# }
        let sample =
            #"{"event_name":"purchase","id":"BIG","context":{"event_timestamp":1742428000000},"items":["# + items.joined(separator: ",\n") + "]}"
        #expect(sample.utf8.count > AppState.deferredRecomputeBytes)
        var state = UIFixtures.state(sample: sample)
        state.focus = .sample
        let before = state.recomputeCount
        state.press(.end)
        state.type("  ")
        #expect(state.recomputeCount == before)
        #expect(state.isPreviewPending)
        #expect(state.screen.contains("updating…"))
        _ = state.update(.idle)
        #expect(state.recomputeCount == before + 1)
        #expect(!state.isPreviewPending)
        _ = state.update(.idle)
        #expect(state.recomputeCount == before + 1)
    }

    @Test("invalid JSON shows line:column and keeps the last good preview, marked stale")
    func staleOnSyntaxError() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"))
        state.focus = .sample
        state.press(.down, .end, .backspace)
        #expect(state.preview.isStale)
        #expect(state.preview.sampleError == "line 3, column 3: expected ',' or '}' but found '\"'")
        #expect(state.screen.contains("STALE"))
        #expect(state.screen.contains("5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918"))
        state.type(",")
        #expect(!state.preview.isStale)
    }

    @Test("a paste is one message, one undo step and one recompute; its newlines never trigger bindings")
    func paste() throws {
        var state = UIFixtures.state()
        state.focus = .mappings
        let recomputes = state.recomputeCount
        let text = try UIFixtures.sample("purchase-3-items").replacingOccurrences(of: "\n", with: "\r\n") + "\nd\ny\n"
        _ = state.update(.paste(text))
        #expect(state.focus == .sample)
        #expect(state.recomputeCount == recomputes + 1)
        #expect(state.config.mappings.count == 2)
        #expect(state.modal == nil)
        #expect(!state.sample.text.contains("\r"))
        #expect(state.sample.lines.count == 81)
        #expect(state.sample.lines.suffix(4) == ["", "d", "y", ""])
        state.press(.control("z"))
        #expect(state.sample.text == "")
        state.press(.control("y"))
        #expect(state.sample.lines.count == 81)
    }

    @Test("undo restores typed text in one step per run of typing; redo brings it back")
    func undoRedo() {
        var state = UIFixtures.state(config: UIFixtures.emptyConfig, saved: false)
        state.type("123")
        state.press(.down)
        state.type("FR")
        #expect(state.config.eventSetID == "123")
        #expect(state.config.phoneRegion == "FR")
        state.press(.control("z"))
        #expect(state.config.phoneRegion == nil)
        #expect(state.config.eventSetID == "123")
        state.press(.control("z"))
        #expect(state.config.eventSetID == "")
        #expect(state.settingsFields[0].text == "")
        state.press(.control("z"))
        #expect(state.status?.text == "Nothing to undo")
        state.press(.control("y"), .control("y"))
        #expect(state.config.eventSetID == "123")
        #expect(state.config.phoneRegion == "FR")
    }

    @Test("n and p step through diagnostics and point at the source value in the sample")
    func diagnostics() throws {
        let sample = """
            {
              "event_name": "purchase",
              "id": "A1",
              "currency": "EUR",
              "value": "12,30",
              "user": { "phone": "06 12 AB" },
              "context": { "event_timestamp": 1742428000000 }
            }
            """
        var state = UIFixtures.state(sample: sample)
        state.focus = .preview
        #expect(state.preview.diagnostics.map(\.field) == ["context.user.phone_numbers", "context.user", "properties.value", "properties.currency"])
        state.press(.character("n"))
        #expect(state.preview.selectedDiagnostic == 0)
        #expect(state.preview.sourceLine == 5)
        #expect(state.status?.text == "context.user.phone_numbers ← user.phone: sample line 6")
        state.press(.character("n"), .character("n"))
        #expect(state.preview.sourceLine == 4)
        state.press(.character("p"), .character("p"), .character("p"))
        #expect(state.preview.selectedDiagnostic == 3)
        state.press(.character("j"), .pageDown, .character("k"), .pageUp)
        #expect(state.preview.scroll == 0)
    }

    @Test("a diagnostic longer than the pane wraps, so its whole message can be read")
    func wrappedDiagnostic() throws {
        let sample = #"{"event_name": "purchase", "id": "A1", "user": {"email": "a@b.fr"}, "context": {"event_timestamp": 1700000000000}}"#
        var state = UIFixtures.state(sample: sample, width: 80, height: 24)
        state.focus = .preview
        state.press(.character("n"))
        let screen = state.screen
        #expect(screen.contains("┃▶ ⚠ warning timestamp: event is 491 days old: TikTok does not attribute       ┃"))
        #expect(screen.contains("┃    offline events older than 28 days (from context.event_timestamp)          ┃"))
    }

    @Test("Ctrl-O asks for a file from any pane; the loaded text replaces the sample; a failure keeps the path and says why")
    func loadFile() {
        var state = UIFixtures.state()
        #expect(state.focus == .settings)
        state.press(.control("o"))
        state.type("/samples/x.json")
        #expect(state.press(.enter) == [.loadFile("/samples/x.json", line: nil)])
        _ = state.update(.fileLoaded(path: "/samples/x.json", line: nil, .success(Array(#"{"event_name":"sign_up"}"#.utf8))))
        #expect(state.sample.text == #"{"event_name":"sign_up"}"#)
        #expect(state.status?.text == "Loaded /samples/x.json (24 bytes) as the sample event")
        state.press(.control("o"))
        #expect(state.modal == .prompt(Prompt(title: AppState.loadTitle, field: TextField("/samples/x.json"), purpose: .loadFile, error: nil)))
        state.press(.escape)
        _ = state.update(.fileLoaded(path: "/nope.json", line: nil, .failure(SaveFailure("no such file"))))
        #expect(
            state.modal
                == .prompt(Prompt(title: AppState.loadTitle, field: TextField("/nope.json"), purpose: .loadFile, error: "cannot load: no such file")))
    }
}

@Suite("update: saving, quitting, recovery")
struct LifecycleTests {
    @Test("Ctrl-S refuses an invalid config with the reason, and saves a valid one canonically")
    func save() {
        var state = UIFixtures.state(config: UIFixtures.emptyConfig, saved: false)
        #expect(state.press(.control("s")).isEmpty)
        #expect(state.status?.text == "Cannot save: event_set_id: must not be empty: it is the id of your Offline event set (TikTok Events Manager)")
        state.type("7301234567890123456")
        #expect(state.press(.control("s")).isEmpty)
        #expect(state.status?.text == "Cannot save: mappings: needs at least one row")
        state.config.mappings = [Config.MappingRow(tiktokEvent: "Contact", commandersActEvent: "*")]
        state.validate()
        let effects = state.press(.control("s"))
        #expect(effects == [.save(path: "configs/tiktok-offline.json", bytes: ConfigWriter.canonicalBytes(state.config), overwritingChanges: false)])
        #expect(
            state.update(.saveFinished(.success("configs/tiktok-offline.json"))) == [.deleteRecovery(path: "configs/.tiktok-offline.json.recovery")])
        #expect(!state.isDirty)
    }

    @Test("a failed save says why and keeps the edits")
    func failedSave() {
        var state = UIFixtures.state()
        state.type("9")
        _ = state.update(.saveFinished(.failure(SaveFailure("the file system is read-only"))))
        #expect(state.status?.text == "Save failed: the file system is read-only — your edits are kept")
        #expect(state.isDirty)
        #expect(state.config.eventSetID == "73012345678901234569")
    }

    @Test("a file changed on disk is not overwritten until the operator saves again")
    func saveConflict() {
        var state = UIFixtures.state()
        state.type("9")
        #expect(state.update(.saveConflict("was changed by another program")).isEmpty)
        #expect(
            state.status?.text
                == "Not saved: configs/tiktok-offline.json was changed by another program since it was opened. Ctrl-S again overwrites it; Ctrl-Q leaves it as it is"
        )
        #expect(state.isDirty)
        #expect(
            state.press(.control("s")) == [
                .save(path: "configs/tiktok-offline.json", bytes: ConfigWriter.canonicalBytes(state.config), overwritingChanges: true)
            ])
        _ = state.update(.saveFinished(.success("configs/tiktok-offline.json")))
        state.type("1")
        #expect(
            state.press(.control("s")) == [
                .save(path: "configs/tiktok-offline.json", bytes: ConfigWriter.canonicalBytes(state.config), overwritingChanges: false)
            ])
    }

    @Test("a recovery file that cannot be written is said, with what to do")
    func recoveryWriteFailed() {
        var state = UIFixtures.state()
        _ = state.update(.recoveryWriteFailed(SaveFailure("no space left on the device")))
        #expect(
            state.status?.text
                == "Cannot write the recovery file configs/.tiktok-offline.json.recovery: no space left on the device — save with Ctrl-S to keep your edits"
        )
    }

    @Test("quitting with unsaved changes asks first: save and quit, discard, or stay")
    func quit() {
        var clean = UIFixtures.state()
        #expect(clean.press(.control("q")) == [.deleteRecovery(path: "configs/.tiktok-offline.json.recovery"), .quit])

        var dirty = UIFixtures.state()
        dirty.type("9")
        #expect(dirty.press(.control("q")).isEmpty)
        #expect(dirty.modal == .confirmQuit)
        dirty.press(.escape)
        #expect(dirty.modal == nil)
        dirty.press(.control("q"))
        let saving = dirty.press(.character("s"))
        #expect(saving.count == 1)
        #expect(dirty.update(.saveFinished(.success("configs/tiktok-offline.json"))).last == .quit)

        var discard = UIFixtures.state()
        discard.type("9")
        discard.press(.control("q"))
        #expect(discard.press(.character("d")).last == .quit)
    }

    @Test("SIGTERM and SIGHUP keep unsaved edits in the recovery file, without the sample")
    func terminate() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"))
        #expect(state.update(.terminate) == [.quit])
        state.type("9")
        let effects = state.update(.terminate)
        guard case .writeRecovery(let path, let bytes) = effects.first else {
            Issue.record("no recovery file written: \(effects)")
            return
        }
        #expect(path == "configs/.tiktok-offline.json.recovery")
        #expect(effects.last == .quit)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("73012345678901234569"))
        #expect(!text.contains("Marie") && !text.contains("+33612345678") && !text.contains("O_2025_000123"))
        #expect(RecoveryFile.read(bytes) == state.config)
    }

    @Test("ticks write the recovery file a second after a config change, once")
    func recoveryOnTick() {
        var state = UIFixtures.state()
        state.type("9")
        #expect(state.update(.tick(UIFixtures.now + 500)).isEmpty)
        #expect(state.update(.tick(UIFixtures.now + 1500)).count == 1)
        #expect(state.update(.tick(UIFixtures.now + 3000)).isEmpty)
    }

    @Test("the recovery file is offered on start: y restores, n discards")
    func restore() {
        var draft = UIFixtures.fullConfig
        draft.eventSetID = "{{store.set}}"
        var state = UIFixtures.state()
        state.modal = .restore(draft)
        #expect(state.screen.contains("An earlier session ended with unsaved changes"))
        state.press(.character("y"))
        #expect(state.config == draft)
        #expect(state.settingsFields[0].text == "{{store.set}}")
        var declined = UIFixtures.state()
        declined.modal = .restore(draft)
        #expect(declined.press(.character("n")) == [.deleteRecovery(path: "configs/.tiktok-offline.json.recovery")])
        #expect(declined.config == UIFixtures.fullConfig)
    }

    @Test("the recovery path is a hidden file beside the config")
    func recoveryPath() {
        #expect(AppState.recoveryPath(for: "a/b/c.json") == "a/b/.c.json.recovery")
        #expect(AppState.recoveryPath(for: "c.json") == ".c.json.recovery")
    }
}

@Suite("key map")
struct KeymapTests {
    @Test("one table drives dispatch and the help line")
    func table() {
        #expect(Keymap.action(for: .control("s"), in: .sample) == .save)
        #expect(Keymap.action(for: .character("a"), in: .mappings) == .addMapping)
        #expect(Keymap.action(for: .character("a"), in: .preview) == nil)
        #expect(Keymap.action(for: .enter, in: .fields) == .activate)
        #expect(Keymap.helpLine(for: .mappings).map(\.keys) == ["a", "Enter", "t", "d/Del", "K", "J", "Tab", "Ctrl-S", "Ctrl-Q", "F1"])
        for pane in Pane.allCases {
            #expect(Keymap.action(for: .tab, in: pane) == .focusNext)
        }
    }
}

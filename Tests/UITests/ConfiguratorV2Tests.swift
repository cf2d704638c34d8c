import Foundation
import TerminalBackend
import Testing
import TikTokOfflineCore

@testable import TikTokOfflineUI

@Suite("update: quitting, recovery and messages")
struct QuitAndRecoveryTests {
    static let recovery = "configs/.tiktok-offline.json.recovery"

    @Test("Ctrl-C behaves as Ctrl-Q: it asks when there are unsaved changes, and closes an open dialog to ask")
    func controlCAsks() {
        var clean = UIFixtures.state()
        #expect(clean.press(.control("c")) == [.deleteRecovery(path: Self.recovery), .quit])

        var dirty = UIFixtures.state()
        dirty.type("9")
        #expect(dirty.press(.control("c")).isEmpty)
        #expect(dirty.modal == .confirmQuit)
        #expect(dirty.press(.control("c")).isEmpty, "Ctrl-C again while asking does not quit")
        dirty.press(.escape)
        dirty.press(.control("o"))
        #expect(dirty.press(.control("c")).isEmpty)
        #expect(dirty.modal == .confirmQuit)
        #expect(dirty.press(.character("d")).last == .quit)
    }

    @Test("the untouched built-in example (or new file) quits without asking and writes no recovery file")
    func untouchedExample() {
        var state = UIFixtures.state(config: BuiltInExample.config, saved: false, sample: BuiltInExample.eventText)
        state.openedConfig = BuiltInExample.config
        #expect(!state.isDirty)
        #expect(state.update(.tick(UIFixtures.now + 5_000)).isEmpty)
        #expect(state.press(.control("q")) == [.deleteRecovery(path: Self.recovery), .quit])

        var edited = UIFixtures.state(config: BuiltInExample.config, saved: false, sample: BuiltInExample.eventText)
        edited.openedConfig = BuiltInExample.config
        edited.type("1")
        #expect(edited.isDirty)
        #expect(edited.press(.control("q")).isEmpty)
        #expect(edited.modal == .confirmQuit)
    }

    @Test("a draft equal to the saved config leaves no recovery file: delete, undo, and the file written meanwhile goes")
    func recoveryFollowsUndo() {
        var state = UIFixtures.state()
        state.focus = .mappings
        state.press(.character("d"), .character("y"))
        #expect(state.config.mappings.count == 1)
        let written = state.update(.tick(UIFixtures.now + 2_000))
        #expect(written.count == 1)
        if case .writeRecovery(let path, _)? = written.first { #expect(path == Self.recovery) }
        state.press(.control("z"))
        #expect(!state.isDirty)
        #expect(state.update(.terminate) == [.deleteRecovery(path: Self.recovery), .quit])

        var ticked = UIFixtures.state()
        ticked.focus = .mappings
        ticked.press(.character("d"), .character("y"))
        _ = ticked.update(.tick(UIFixtures.now + 2_000))
        ticked.press(.control("z"))
        #expect(ticked.update(.tick(UIFixtures.now + 4_000)) == [.deleteRecovery(path: Self.recovery)])
        #expect(ticked.update(.terminate) == [.quit])
    }

    @Test("the restore dialog lists what differs, key by key and row by row")
    func restoreListsDifferences() {
        var draft = UIFixtures.fullConfig
        draft.eventSetID = "{{store.set}}"
        draft.mappings.remove(at: 1)
        draft.phoneRegion = nil
        draft.fieldSources[.value] = ["{{revenue}}", "{{value}}"]
        #expect(
            ConfigDifferences.lines(from: UIFixtures.fullConfig, to: draft) == [
                #"event_set_id: "7301234567890123456" → "{{store.set}}""#,
                #"phone_region: "FR" → not set"#,
                "mapping row 2 removed: generate_lead → SubmitForm",
                "source of properties.value: default → {{revenue}} | fallback {{value}}",
            ])
        var reordered = UIFixtures.fullConfig
        reordered.mappings.swapAt(0, 1)
        #expect(ConfigDifferences.lines(from: UIFixtures.fullConfig, to: reordered) == ["mapping rows reordered"])
        #expect(ConfigDifferences.lines(from: UIFixtures.fullConfig, to: UIFixtures.fullConfig).isEmpty)

        var state = UIFixtures.state()
        state.modal = .restore(draft)
        #expect(state.screen.contains("• mapping row 2 removed: generate_lead → SubmitForm"))
        #expect(state.screen.contains(#"• phone_region: "FR" → not set"#))
    }

    @Test("rows are numbered from 1 in messages; each setting shows its own problem as validate words it")
    func messages() {
        let unnamed = Config(eventSetID: "7301234567890123456", mappings: [Config.MappingRow(tiktokEvent: "Purchase", commandersActEvent: "")])
        var state = UIFixtures.state(config: unnamed)
        #expect(state.screen.contains("✗ config: mapping row 1: commanders_act_event: must not be empty"))
        #expect(ConfigDifferences.readablePath("mappings[4].tiktok_event") == "mapping row 5: tiktok_event")
        #expect(ConfigDifferences.readablePath("event_set_id") == "event_set_id")

        state = UIFixtures.state()
        state.press(.down, .backspace, .backspace)
        state.type("fr")
        #expect(state.settingProblem(1)?.message == #"unknown region "fr" (did you mean "FR"?)"#)
        #expect(state.settingsHint.0 == #"Phone region: unknown region "fr" (did you mean "FR"?)"#)
        #expect(state.screen.contains("┃▶Phone region    fr                  ✗┃"))
        #expect(state.screen.contains(#"│ ✗ Phone region: unknown region "fr" (did you mean "FR"?)"#))

        var empty = UIFixtures.state(config: UIFixtures.emptyConfig, saved: false)
        #expect(empty.settingsHint.0 == "must not be empty: it is the id of your Offline event set (TikTok Events Manager)")
        empty.press(.down)
        #expect(empty.settingsHint.0 == "must not be empty: it is the id of your Offline event set (TikTok Events Manager)")
    }
}

@Suite("update: keys")
struct KeyBehaviourTests {
    @Test("←, → and Space toggle the API format on its row")
    func formatToggle() {
        var state = UIFixtures.state()
        state.press(.down, .down)
        #expect(state.config.apiFormat == .legacy)
        state.press(.right)
        #expect(state.config.apiFormat == .events20)
        state.press(.left)
        #expect(state.config.apiFormat == .legacy)
        state.press(.character(" "))
        #expect(state.config.apiFormat == .events20)
        #expect(state.status?.text == "API format: events_2_0")
    }

    @Test("the event picker filters as the operator types; Backspace widens; Enter picks the highlighted match")
    func eventPickerFilters() {
        var state = UIFixtures.state()
        state.press(.tab, .character("t"))
        state.type("SUB")
        guard case .pickEvent(let picker) = state.modal else {
            Issue.record("no picker")
            return
        }
        #expect(picker.matches.map { TikTokEventType.catalog[$0].name } == ["Subscribe", "SubmitApplication", "SubmitForm"])
        state.press(.down, .down)
        state.type("zz")
        if case .pickEvent(let narrowed) = state.modal { #expect(narrowed.matches.isEmpty && narrowed.selectedName == nil) }
        #expect(state.screen.contains(#"no TikTok event name contains "SUBzz""#))
        state.press(.enter)
        #expect(state.modal != nil, "Enter with no match picks nothing")
        state.press(.backspace, .backspace, .down)
        state.press(.enter)
        #expect(state.config.mappings[0].tiktokEvent == "SubmitApplication")
    }

    @Test("help and quit stay on the help line at 80 columns in every pane; the tab line suggests no keys that do nothing")
    func helpLine() {
        var state = UIFixtures.state(width: 80, height: 24)
        for pane in Pane.allCases {
            state.focus = pane
            let lines = state.view().lines
            #expect(lines[23].contains("Ctrl-Q quit"), "\(pane)")
            #expect(lines[23].contains("F1 help"), "\(pane)")
            #expect(!lines[0].contains("1 Settings") && lines[0].contains("Settings"), "\(pane)")
        }
    }

    @Test("typing is undone in steps: a pause of a second or a cursor move ends a step")
    func undoSteps() {
        var state = UIFixtures.state(sample: "")
        state.focus = .sample
        state.type("ab")
        _ = state.update(.tick(UIFixtures.now + 100))
        _ = state.update(.tick(UIFixtures.now + 1_500))
        state.type("cd")
        state.press(.left)
        state.type("X")
        #expect(state.sample.text == "abcXd")
        state.press(.control("z"))
        #expect(state.sample.text == "abcd")
        state.press(.control("z"))
        #expect(state.sample.text == "ab")
        state.press(.control("z"))
        #expect(state.sample.text == "")
    }
}

@Suite("update: samples and scrolling")
struct SampleTests {
    static func ndjson() throws -> [UInt8] {
        let events = try ["sign-up", "purchase-3-items", "generate-lead-call"].map {
            String(decoding: JSONWriter.compact(try JSONValue(parsing: try UIFixtures.sample($0))), as: UTF8.self)
        }
        return Array((events[0] + "\n\n" + events[1] + "\n" + events[2] + "\n").utf8)
    }

    @Test("a pasted event over a whole event replaces it in one undo step, and says so; over a broken one it is inserted")
    func pasteReplaces() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"))
        state.focus = .sample
        state.press(.down, .down, .end)
        let lead = try UIFixtures.sample("generate-lead-call")
        _ = state.update(.paste(lead))
        #expect(state.sample.text == TextEditor(lead).text)
        #expect(state.status?.text == "Replaced the sample event with the pasted one (Ctrl-Z brings the previous one back)")
        #expect(state.preview.sampleError == nil)
        #expect(state.previewText.contains(#""event": "SubmitForm""#))
        state.press(.control("z"))
        #expect(state.sample.text == TextEditor(try UIFixtures.sample("purchase-3-items")).text)

        var broken = UIFixtures.state(sample: #"{"event_name": "#)
        broken.focus = .sample
        broken.press(.end)
        _ = broken.update(.paste(#""sign_up"}"#))
        #expect(broken.sample.text == #"{"event_name": "sign_up"}"#)
    }

    @Test("an NDJSON file loads its first event; Ctrl-N and Ctrl-P step (over blank lines); Ctrl-G jumps; a line can be asked for")
    func ndjsonStepping() throws {
        var state = UIFixtures.state()
        _ = state.update(.fileLoaded(path: "sales.ndjson", line: nil, .success(try Self.ndjson())))
        #expect(state.sampleFile?.current == 0)
        #expect(state.sample.text.contains(#""event_name":"sign_up""#))
        #expect(state.status?.text == "sales.ndjson: line 1 of 4 (Ctrl-N next, Ctrl-P previous, Ctrl-G go to line)")
        state.press(.control("n"))
        #expect(state.sampleFile?.current == 2)
        #expect(state.sample.text.contains(#""event_name":"purchase""#))
        state.press(.control("n"), .control("n"))
        #expect(state.sampleFile?.current == 3)
        #expect(state.status?.text == "sales.ndjson: no line after this one")
        state.press(.control("p"))
        #expect(state.sampleFile?.current == 2)
        state.press(.control("g"))
        state.type("9")
        state.press(.enter)
        if case .prompt(let prompt) = state.modal { #expect(prompt.error == "enter a line number from 1 to 4") }
        state.press(.backspace)
        state.type("1")
        state.press(.enter)
        #expect(state.modal == nil)
        #expect(state.sampleFile?.current == 0)
        #expect(state.screen.contains("Sample event — sales.ndjson line 1/4"))

        var second = UIFixtures.state()
        _ = second.update(.fileLoaded(path: "sales.ndjson", line: 3, .success(try Self.ndjson())))
        #expect(second.sampleFile?.current == 2)
        var missing = UIFixtures.state()
        _ = missing.update(.fileLoaded(path: "sales.ndjson", line: 9, .success(try Self.ndjson())))
        #expect(missing.sampleFile == nil)
        #expect(missing.status?.text == "sales.ndjson has 4 lines, no line 9")
        var plain = UIFixtures.state()
        plain.press(.control("n"))
        #expect(plain.status?.text == AppState.noSampleFileHint)
        let pretty = Array(try UIFixtures.sample("sign-up").utf8)
        _ = plain.update(.fileLoaded(path: "sign-up.json", line: 3, .success(pretty)))
        #expect(plain.status?.text == "sign-up.json holds one event, not NDJSON lines: there is no line 3 to pick")
        #expect(plain.sampleFile == nil && plain.sample.isEmpty)
        _ = plain.update(.fileLoaded(path: "sign-up.json", line: nil, .success(pretty)))
        #expect(plain.sampleFile == nil && plain.sample.text == TextEditor(String(decoding: pretty, as: UTF8.self)).text)
    }

    @Test("the state owns the editor's scroll: the view moves only when the cursor leaves it; Ctrl-Home and Ctrl-End")
    func editorScroll() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: 120, height: 40)
        state.focus = .sample
        let height = state.sampleViewHeight
        let lines = state.sample.lines.count
        #expect(lines > height)
        state.press(.controlEnd)
        #expect(state.sample.line == lines - 1)
        #expect(state.sample.top == lines - height)
        state.press(.up, .up, .up)
        #expect(state.sample.line == lines - 4)
        #expect(state.sample.top == lines - height, "the view stays while the cursor is inside it")
        for _ in 0..<(height - 3) { state.press(.up) }
        #expect(state.sample.line == lines - 1 - height)
        #expect(state.sample.top == state.sample.line, "the cursor left the view at the top: the view moved by one line")
        state.press(.controlHome)
        #expect(state.sample.line == 0 && state.sample.top == 0)
    }

    @Test("stepping to a diagnostic shows its source line with context, not on the last row")
    func diagnosticContext() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: 120, height: 40)
        state.now += 400 * 86_400_000
        state.recompute()
        state.focus = .preview
        for _ in state.preview.diagnostics where state.preview.sourceLine == nil { state.press(.character("n")) }
        let line = try #require(state.preview.sourceLine)
        let height = state.sampleViewHeight
        #expect(line - state.sample.top >= 3)
        #expect(state.sample.top + height - 1 - line >= 3 || state.sample.top + height >= state.sample.lines.count)
    }

    @Test("the preview's scroll is clamped and starts at the top for a new sample")
    func previewScroll() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: 120, height: 40)
        state.focus = .preview
        for _ in 0..<500 { state.press(.down) }
        #expect(state.preview.scroll == state.previewLineCount - 1)
        _ = state.update(.fileLoaded(path: "s.json", line: nil, .success(Array(try UIFixtures.sample("sign-up").utf8))))
        #expect(state.preview.scroll == 0)
    }

    @Test("Tab in the load prompt asks for completions; one is taken, several extend to what they share and are listed")
    func pathCompletion() {
        var state = UIFixtures.state()
        state.press(.control("o"))
        state.type("sam")
        #expect(state.press(.tab) == [.completePath("sam")])
        _ = state.update(.pathCompleted(typed: "sam", candidates: ["samples/"]))
        guard case .prompt(let one) = state.modal else { return }
        #expect(one.field.text == "samples/")
        _ = state.update(.pathCompleted(typed: "samples/", candidates: ["samples/purchase-3-items.json", "samples/purchase-messy-phone.json"]))
        guard case .prompt(let several) = state.modal else { return }
        #expect(several.field.text == "samples/purchase-")
        #expect(several.error == "2 matches: purchase-3-items.json  purchase-messy-phone.json")
        _ = state.update(.pathCompleted(typed: "stale", candidates: ["x"]))
        if case .prompt(let unchanged) = state.modal { #expect(unchanged.field.text == "samples/purchase-") }
    }
}

@Suite("update: field mapping with the answer in view")
struct FieldAnswerTests {
    static let event =
        #"{"event_name":"purchase","id":"7","store":{"code":"PAR-11"},"context":{"event_timestamp":1742428000000,"event_id":"C-9"},"items":[{"id":"SKU-1","product":{"name":"Shirt","size":"M"}},{"id":"SKU-2"}]}"#

    static func editing(_ field: TikTokField) -> AppState {
        var state = UIFixtures.state(sample: event)
        state.focus = .fields
        state.fieldRow = field.ordinal
        state.press(.enter)
        return state
    }

    @Test("each field's row shows what it resolves to for the sample, absent ones say so, a fallback says which")
    func resolvedValues() {
        var state = UIFixtures.state(sample: Self.event)
        #expect(state.fieldValues[TikTokField.eventID.ordinal] == FieldValue(text: "7", element: 0, missingPaths: []))
        #expect(state.fieldValues[TikTokField.shopID.ordinal] == FieldValue(text: nil, missingPaths: ["shop_id"]))
        #expect(state.fieldValues[TikTokField.contentName.ordinal] == FieldValue(text: "Shirt", missingPaths: [], itemCount: 2))
        #expect(state.fieldRowValue(.shopID).0 == "absent: no shop_id")
        state.config.fieldSources[.eventID] = ["{{order.ref}}", "{{context.event_id}}"]
        state.recompute()
        #expect(state.fieldRowValue(.eventID).0 == "(fallback 2) C-9")
        #expect(
            state.fieldRowValue(.contentCategory).0
                == "absent: no items.X.product.category_1, items.X.product.category_2, items.X.product.category_3, items.X.product.category_4, items.X.product.category_5"
        )
        state.focus = .fields
        #expect(state.screen.contains("┃▶ event_id*     (fallback 2) C-9      ┃"))
        #expect(state.screen.contains("┃  item name     Shirt                 ┃"))
    }

    @Test("rows below the fold are signalled in the pane's title")
    func hiddenRows() {
        var state = UIFixtures.state(sample: Self.event, width: 80, height: 24)
        state.focus = .fields
        #expect(state.screen.contains("Field mapping (1–6 of 15)"))
        for _ in 0..<14 { state.press(.down) }
        #expect(state.screen.contains("Field mapping (10–15 of 15)"))
    }

    @Test("typing a source updates the preview and the value on every key, before Enter; a typo is shown as absent, with the path")
    func livePreview() {
        var state = Self.editing(.shopID)
        for _ in 0..<11 { state.press(.backspace) }
        state.type("{{store.co")
        guard case .editChain(let broken) = state.modal else { return }
        #expect(broken.error == "column 1: '{{' has no matching '}}'", "the template's own error shows while typing")
        state.type("de}}")
        #expect(state.config.fieldSources[.shopID] == ["{{store.code}}"], "applied before any Enter")
        #expect(state.previewText.contains(#""shop_id": "PAR-11""#))
        #expect(state.screen.contains("= PAR-11"))
        state.press(.backspace, .backspace, .backspace, .backspace, .backspace)
        state.type("doe}}")
        #expect(state.config.fieldSources[.shopID] == ["{{store.cdoe}}"])
        #expect(!state.previewText.contains("shop_id"))
        #expect(state.screen.contains("┃ = absent  not in the sample:         ┃"))
        #expect(state.screen.contains("┃   store.cdoe                         ┃"))
        state.press(.escape)
        #expect(state.config.fieldSources.isEmpty, "Esc while typing goes back to the source before the edit")
        state.press(.escape)
        #expect(state.modal == nil)
        state.press(.control("z"))
        #expect(state.config.fieldSources.isEmpty, "a typing run that ended where it began leaves no undo step")
    }

    @Test("a pasted template is checked and applied like typed text")
    func pasteIntoSource() {
        var state = Self.editing(.shopID)
        for _ in 0..<11 { state.press(.backspace) }
        _ = state.update(.paste("{{store.code"))
        if case .editChain(let broken) = state.modal { #expect(broken.error == "column 1: '{{' has no matching '}}'") }
        #expect(state.config.fieldSources.isEmpty)
        _ = state.update(.paste("}}"))
        #expect(state.config.fieldSources[.shopID] == ["{{store.code}}"])
        #expect(state.previewText.contains(#""shop_id": "PAR-11""#))
    }

    @Test("a typing run in the source editor is one undo step")
    func liveUndo() {
        var state = Self.editing(.shopID)
        for _ in 0..<11 { state.press(.backspace) }
        state.type("{{store.code}}")
        state.press(.enter, .escape)
        #expect(state.config.fieldSources[.shopID] == ["{{store.code}}"])
        state.press(.control("z"))
        #expect(state.config.fieldSources.isEmpty)
    }

    @Test("Tab opens the sample's paths with their values; typing filters; Enter inserts {{path}} and the preview follows")
    func pathPicker() {
        var state = Self.editing(.contentName)
        for _ in 0..<24 { state.press(.backspace) }
        state.press(.tab)
        guard case .editChain(let opened) = state.modal, let picker = opened.picker else {
            Issue.record("no path picker")
            return
        }
        #expect(picker.entries.contains(PathPicker.Entry(path: "items.X.product.size", value: #""M""#)))
        #expect(!picker.entries.contains { $0.path.hasPrefix("items.1") }, "only the first item's paths, as items.X")
        #expect(picker.entries.contains(PathPicker.Entry(path: "store.code", value: #""PAR-11""#)))
        state.type("size")
        guard case .editChain(let filtered) = state.modal else { return }
        #expect(filtered.picker?.matches.map { filtered.picker!.entries[$0].path } == ["items.X.product.size"])
        #expect(state.screen.contains("items.X.product.size"))
        state.press(.enter)
        guard case .editChain(let inserted) = state.modal else { return }
        #expect(inserted.picker == nil && inserted.editing?.text == "{{items.X.product.size}}")
        #expect(state.config.fieldSources[.contentName] == ["{{items.X.product.size}}"])
        #expect(state.previewText.contains(#""content_name": "M""#))
        #expect(state.fieldRowValue(.contentName).0 == "M")
    }

    @Test("with a sample over 64 KB, a template key redraws at once and the preview follows at the next idle moment")
    func deferredWithLargeSample() {
        let large =
            #"{"event_name":"purchase","id":"7","store":{"code":"PAR-11"},"note":""# + String(repeating: "n", count: 70_000)
            + #"","context":{"event_timestamp":1742428000000}}"#
        var state = UIFixtures.state(sample: large)
        state.focus = .fields
        state.fieldRow = TikTokField.shopID.ordinal
        state.press(.enter)
        for _ in 0..<11 { state.press(.backspace) }
        let before = state.recomputeCount
        state.type("{{store.code}}")
        #expect(state.recomputeCount == before, "no recompute per key")
        #expect(state.isPreviewPending)
        _ = state.update(.idle)
        #expect(state.previewText.contains(#""shop_id": "PAR-11""#))
        #expect(state.fieldRowValue(.shopID).0 == "PAR-11")
    }

    @Test("root fields list item paths by position; without a sample Tab says where paths come from")
    func pickerForRootFieldAndNoSample() {
        let paths = AppState.samplePaths(in: try! JSONDocument(parsing: Self.event), forItemField: false)
        #expect(paths.map(\.path).contains("items.0.product.name"))
        var state = UIFixtures.state()
        state.focus = .fields
        state.press(.enter, .tab)
        #expect(state.status?.text == "The paths come from the sample event: paste or load one first")
    }
}

@Suite("update: messages in full")
struct MessagesInFullTests {
    @Test("F2 opens every current message in full, wrapped, rows numbered from 1; a cut status line says F2")
    func messages() {
        var config = UIFixtures.fullConfig
        config.phoneRegion = "fr"
        config.mappings.append(Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase"))
        var state = UIFixtures.state(config: config, width: 80, height: 24)
        #expect(state.view().lines[22].hasSuffix("(… F2"))
        state.press(.function(2))
        #expect(state.modal == .messages)
        let screen = state.screen
        #expect(screen.contains(#"✗ phone_region: unknown region "fr" (did you mean "FR"?)"#))
        #expect(screen.contains("✗ mapping row 3: duplicate of mapping row 1 (purchase → CompletePayment)"))
        state.press(.character("x"))
        #expect(state.modal == nil)
    }

    @Test("a mappings pane too short for its rows says which it shows")
    func hiddenMappingRows() {
        var config = UIFixtures.fullConfig
        for index in 0..<12 { config.mappings.append(Config.MappingRow(tiktokEvent: "Lead", commandersActEvent: "lead_\(index)")) }
        var state = UIFixtures.state(config: config, width: 80, height: 24)
        state.focus = .mappings
        #expect(state.screen.contains("Mappings (rows 1–6 of 14)"))
        for _ in 0..<13 { state.press(.down) }
        #expect(state.screen.contains("Mappings (rows 9–14 of 14)"))
    }
}

@Suite("update: mouse")
struct MouseTests {
    @Test("a click focuses the pane under it and selects the row clicked; dialogs ignore the mouse")
    func clicks() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: 120, height: 40)
        _ = state.update(.mouse(MouseEvent(column: 10, row: 10, kind: .click)))
        #expect(state.focus == .mappings)
        #expect(state.mappingRow == 1, "row 10 is the second mapping row (border, header, row 1, row 2)")
        let fieldsTop = try #require(Layout(width: 120, height: 40, focus: .mappings).panes.first { $0.0 == .fields }?.1.y)
        _ = state.update(.mouse(MouseEvent(column: 5, row: fieldsTop + 1 + 3, kind: .click)))
        #expect(state.focus == .fields && state.fieldRow == 3)
        _ = state.update(.mouse(MouseEvent(column: 50, row: 5, kind: .click)))
        #expect(state.focus == .sample)
        #expect(state.sample.line == 4 && state.sample.column == 6, "line 5 of the sample; column 50 is the pane's 9th, less a 3-column gutter")
        _ = state.update(.mouse(MouseEvent(column: 10, row: 4, kind: .click)))
        #expect(state.focus == .settings && state.settingsRow == 2)
        state.press(.function(1))
        _ = state.update(.mouse(MouseEvent(column: 10, row: 10, kind: .click)))
        #expect(state.focus == .settings && state.modal == .help)
    }

    @Test("the wheel scrolls the pane under it: the preview, the sample's view, the lists' selection")
    func wheel() throws {
        var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: 120, height: 40)
        _ = state.update(.mouse(MouseEvent(column: 60, row: 25, kind: .wheelDown)))
        #expect(state.preview.scroll == 3)
        _ = state.update(.mouse(MouseEvent(column: 60, row: 25, kind: .wheelUp)))
        _ = state.update(.mouse(MouseEvent(column: 60, row: 25, kind: .wheelUp)))
        #expect(state.preview.scroll == 0)
        _ = state.update(.mouse(MouseEvent(column: 60, row: 5, kind: .wheelDown)))
        #expect(state.sample.top == 3 && state.sample.line == 0, "the view moves, the cursor stays")
        #expect(state.focus == .settings, "the wheel does not move the focus")
    }
}

@Suite("path completion (run loop)")
struct PathCompletionTests {
    @Test("candidates are the folder's entries starting with what was typed; folders end with /; hidden ones only when asked")
    func candidates() throws {
        let folder = "/tmp/tiktok-offline-completion-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        try FileManager.default.createDirectory(atPath: folder + "/samples", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["sales.ndjson", "sample.json", ".secret.json", "other.txt"] {
            FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())
        }
        #expect(PathCompletion.candidates(for: folder + "/sa") == [folder + "/sales.ndjson", folder + "/sample.json", folder + "/samples/"])
        #expect(
            PathCompletion.candidates(for: folder + "/") == [
                folder + "/other.txt", folder + "/sales.ndjson", folder + "/sample.json", folder + "/samples/",
            ])
        #expect(PathCompletion.candidates(for: folder + "/.s") == [folder + "/.secret.json"])
        #expect(PathCompletion.candidates(for: folder + "/nothing/x").isEmpty)
    }
}
